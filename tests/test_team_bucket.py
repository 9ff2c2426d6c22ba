"""A team with no shared folder: web and workers each keep their own, and media travels through a bucket.

One web process and two workers on PostgreSQL, MEDIA_BUCKET_URL on moto's S3 server. The web process takes
the uploaded pictures, the workers read them from the bucket; worker 1 is SIGKILLed after it finished a
shot, so worker 2 continues from a last frame it never made and stitches a file it never downloaded.
"""

from __future__ import annotations

import io
import json
import time

import pytest
import requests
import sqlalchemy as sa

from backend.store import Database, postgres_driver
from tests.buckets import CREDENTIALS, Bucket
from tests.postgres import binaries
from tests.servers import poll_json
from tests.team import Team
from tests.test_engine import png

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (test.sh installs it)"),
]
SEQUENCES = 4


def story(n: int) -> dict:
    who = f"Courier number {n}, a tall woman in a yellow raincoat"
    return {
        "shots": [
            {"character": who, "environment": "a wet harbour at dawn", "lighting_camera": framing}
            for framing in ("wide shot", "medium shot", "close-up")
        ],
        "seconds": "4",
        "size": "720x1280",
        "continuity": "last_frame",
    }


def test_a_team_without_a_shared_folder_works_through_the_bucket(tmp_path):
    bucket = Bucket()
    settings = {
        **CREDENTIALS,
        "MEDIA_BUCKET_URL": "s3://studio-media/team",
        "MEDIA_ENDPOINT_URL": bucket.endpoint,
        "WORKER_SEQUENCES": "2",
        "MAX_CONCURRENT_JOBS": "4",
    }
    try:
        with Team(tmp_path, workers=2, engine_env={"LOCAL_ENGINE_LATENCY": "2"}, own_folders=True, **settings) as team:
            ids = []
            for n in range(SEQUENCES):
                form = {"payload": json.dumps(story(n))}
                files = {"reference_1": ("r.png", io.BytesIO(png(300, 200)), "image/png")}
                answer = requests.post(f"{team.base}/api/generate", data=form, files=files, timeout=30)
                assert answer.status_code == 202, answer.text
                ids.append(answer.json()["sequence_id"])
            db = Database(url=postgres_driver(team.postgres.url))
            deadline = time.monotonic() + 90
            while (victim_of := _past_first_shot(db, "w1")) is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert victim_of is not None, "worker 1 never got past a first shot"
            team.workers[0].kill()
            finals = [
                poll_json(f"{team.base}/api/sequences/{i}", lambda s: s["status"] in ("completed", "failed"), 180)
                for i in ids
            ]
            engine_jobs = team.engine_jobs()
            downloads = {i: requests.get(f"{team.base}/api/download-sequence/{i}", timeout=30).content for i in ids}
            db.close()
        stored = bucket.objects("team/")
    finally:
        bucket.stop()

    assert [s["status"] for s in finals] == ["completed"] * SEQUENCES, finals
    assert len(engine_jobs) == 3 * SEQUENCES  # one paid job per shot across the kill
    for sequence_id in ids:
        for name in ("reference_1.png", "shot_1.mp4", "shot_2.mp4", "shot_3.mp4", "sequence.mp4"):
            assert f"team/{sequence_id}/{name}" in stored, (sequence_id, name)
        assert downloads[sequence_id] == stored[f"team/{sequence_id}/sequence.mp4"]
        # The web process made no media: it only took the pictures and served what the bucket holds.
        web_files = {path.name for path in (team.folder("web1") / sequence_id).iterdir()}
        assert web_files == {"reference_1.png", "sequence.mp4"}, web_files
    # Worker 2 finished worker 1's sequence: it fetched the shot worker 1 made, to continue from its last frame.
    taken_over = team.folder("w2") / victim_of / "shot_1.mp4"
    assert taken_over.read_bytes() == stored[f"team/{victim_of}/shot_1.mp4"]
    assert finals[ids.index(victim_of)]["shots"][1]["method"] == "last_frame"


def _past_first_shot(db: Database, worker_id: str) -> str | None:
    """A sequence the worker drives whose first shot it finished and whose next is at the provider."""
    query = sa.text(
        "SELECT s.sequence_id FROM dbos.workflow_status w "
        "JOIN shots s ON s.sequence_id = split_part(w.workflow_uuid, '.', 1) "
        "WHERE w.status = 'PENDING' AND w.executor_id = :me AND s.shot_number = 2 "
        "AND s.status = 'in_progress' AND s.video_id IS NOT NULL LIMIT 1"
    )
    with db.engine.connect() as conn:
        return conn.execute(query, {"me": worker_id}).scalar()
