"""The disk stays bounded: the engine deletes expired content.

Real parts only: the local engine over HTTP, the official SDK.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import openai
import requests

from tests.conftest import start_engine
from tests.servers import ThreadServer
from tests.test_engine import conforms_error, finish, png

RENDERED = ["spritesheet.jpg", "thumbnail.webp", "video.mp4"]

# The engine's table as the previous release (e93fe03) created it, before content_deleted_at.
PREVIOUS_RELEASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS videos (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    seconds TEXT NOT NULL,
    size TEXT NOT NULL,
    prompt TEXT NOT NULL,
    look_prompt TEXT NOT NULL,
    reference TEXT,
    remixed_from_video_id TEXT,
    planned_failure TEXT,
    started_at REAL,
    completed_at INTEGER,
    expires_at INTEGER,
    error_code TEXT,
    error_message TEXT
);
CREATE INDEX IF NOT EXISTS videos_seq ON videos (seq);
"""


def sdk_for(server: ThreadServer) -> openai.OpenAI:
    """Return the official SDK pointed at a standalone engine."""
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def stop(server: ThreadServer, app) -> None:
    """Stop serving a standalone engine and end its worker (and sweeper)."""
    server.stop()
    app.extensions["local_engine"].worker.shutdown()


def content_is_expired(base: str, video_id: str) -> None:
    """Check every variant of a job's content answers 404 video_expired."""
    for variant in ("video", "thumbnail", "spritesheet"):
        answer = requests.get(f"{base}/videos/{video_id}/content", params={"variant": variant}, timeout=10)
        assert conforms_error(answer, 404, "video_id")["code"] == "video_expired", variant


def test_expired_content_is_deleted_and_the_video_object_stays(tmp_path):
    # ttl=2, not 1: expires_at is whole seconds, so a 1 s lifetime can end milliseconds after completion,
    # too soon to see the files there first.
    server, app = start_engine(tmp_path / "engine", ttl=2)
    engine = app.extensions["local_engine"]
    base = f"{server.url}/v1"
    try:
        sdk = sdk_for(server)
        made = sdk.videos.create(
            prompt="A red door in the rain", seconds="4", input_reference=("r.png", png(720, 1280), "image/png")
        )
        done = finish(sdk, made.id)
        assert done.status == "completed" and done.expires_at == done.completed_at + 2
        media = tmp_path / "engine" / "media" / made.id
        reference = tmp_path / "engine" / "media" / "references" / f"{made.id}.png"
        assert sorted(p.name for p in media.iterdir()) == RENDERED and reference.is_file()
        assert requests.get(f"{base}/videos/{made.id}/content", timeout=10).status_code == 200

        deadline = done.expires_at + 5
        while media.exists() or reference.exists():
            now = time.time()
            assert now < deadline, f"still on disk {now - done.expires_at:.1f} s after expiry: {list(media.iterdir())}"
            if now < done.expires_at - 0.1:
                assert media.exists() and reference.exists(), "deleted before it expired"
            time.sleep(0.05)
        assert time.time() >= done.expires_at

        again = sdk.videos.retrieve(made.id)
        assert (again.id, again.status, again.expires_at) == (made.id, "completed", done.expires_at)
        assert made.id in [video.id for video in sdk.videos.list().data]
        content_is_expired(base, made.id)
        remix = requests.post(f"{base}/videos/{made.id}/remix", json={"prompt": "the door opens"}, timeout=10)
        assert conforms_error(remix, 404, "video_id")["code"] == "video_expired"
        assert engine.store.get(made.id)["content_deleted_at"] is not None, "marked, so it is not swept again"
    finally:
        stop(server, app)
    assert not engine.worker.sweeper.running, "Worker.shutdown() ends the sweeper"


def test_a_restarted_engine_deletes_what_expired_while_it_was_down(tmp_path):
    data = tmp_path / "engine"
    server, app = start_engine(data)
    try:
        sdk = sdk_for(server)
        old, fresh = (sdk.videos.create(prompt=f"harbour at dusk {n}", seconds="4").id for n in range(2))
        assert finish(sdk, old).status == "completed" and finish(sdk, fresh).status == "completed"
    finally:
        stop(server, app)
        app.extensions["local_engine"].store.close()
    # An hour passes while the engine is down: the first job's content expires.
    with closing(sqlite3.connect(data / "engine.db")) as db, db:
        db.execute("UPDATE videos SET expires_at = ? WHERE id = ?", (int(time.time()) - 60, old))
    assert sorted(p.name for p in (data / "media" / old).iterdir()) == RENDERED

    server, app = start_engine(data)
    try:
        assert not (data / "media" / old).exists(), "swept at start-up, before the first request"
        assert sorted(p.name for p in (data / "media" / fresh).iterdir()) == RENDERED
        base = f"{server.url}/v1"
        assert requests.get(f"{base}/videos/{old}", timeout=10).json()["status"] == "completed"
        content_is_expired(base, old)
        assert requests.get(f"{base}/videos/{fresh}/content", timeout=10).status_code == 200
    finally:
        stop(server, app)


def test_an_engine_db_from_the_previous_release_opens_and_is_swept(tmp_path):
    data = tmp_path / "engine"
    media = data / "media"
    now = int(time.time())
    row = {"seq": 1, "created_at": now - 7200, "status": "completed", "model": "sora-2", "seconds": "4"}
    row |= {"size": "720x1280", "prompt": "p", "look_prompt": "p", "started_at": now - 7200.0}
    expired = {**row, "id": "video_" + "a" * 32, "reference": "references/video_" + "a" * 32 + ".png"}
    expired |= {"completed_at": now - 7190, "expires_at": now - 3590}
    live = {**row, "id": "video_" + "b" * 32, "seq": 2, "completed_at": now - 10, "expires_at": now + 3590}
    data.mkdir()
    with closing(sqlite3.connect(data / "engine.db")) as db, db:
        db.executescript(PREVIOUS_RELEASE_SCHEMA)
        for job in (expired, live):
            names, marks = ", ".join(job), ", ".join("?" * len(job))
            db.execute(f"INSERT INTO videos ({names}) VALUES ({marks})", list(job.values()))
    for job in (expired, live):
        (media / job["id"]).mkdir(parents=True)
        for name in RENDERED:
            (media / job["id"] / name).write_bytes(b"rendered by the previous release")
    (media / "references").mkdir()
    (media / expired["reference"]).write_bytes(png(720, 1280))

    server, app = start_engine(data)
    try:
        base = f"{server.url}/v1"
        listed = requests.get(f"{base}/videos", timeout=10).json()["data"]
        assert [video["id"] for video in listed] == [live["id"], expired["id"]]
        assert not (media / expired["id"]).exists() and not (media / expired["reference"]).exists()
        content_is_expired(base, expired["id"])
        kept = requests.get(f"{base}/videos/{live['id']}/content", timeout=10)
        assert kept.status_code == 200 and kept.content == b"rendered by the previous release"
    finally:
        stop(server, app)
    with closing(sqlite3.connect(data / "engine.db")) as db:
        swept = dict(db.execute("SELECT id, content_deleted_at FROM videos").fetchall())
    assert swept[live["id"]] is None and swept[expired["id"]] >= now


def test_a_failed_job_leaves_no_files(tmp_path):
    server, app = start_engine(tmp_path / "engine", faults="fail=1")
    try:
        sdk = sdk_for(server)
        made = sdk.videos.create(prompt="x", input_reference=("r.png", png(720, 1280), "image/png"))
        reference = tmp_path / "engine" / "media" / "references" / f"{made.id}.png"
        assert reference.is_file()
        assert finish(sdk, made.id).status == "failed"
        assert not reference.exists() and not (tmp_path / "engine" / "media" / made.id).exists()
    finally:
        stop(server, app)
