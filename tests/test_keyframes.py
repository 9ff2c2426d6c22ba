"""Keyframes first, seen from the provider's side: stills drawn before any clip is paid for, every clip at
once from its still, approval that costs nothing until given, and restarts that pay for nothing twice."""

from __future__ import annotations

import openai
import pytest
import requests

from tests.conftest import make_studio, wait_for
from tests.quirk_servers import Shim
from tests.servers import EngineAndStudio, ThreadServer, engine_process, poll_json
from tests.test_story import CAST, PLACES

LATENCY = 6.0
STORY = {
    "cast": CAST,
    "locations": PLACES,
    "shots": [
        {"cast": ["ray"], "location": "street", "lighting_camera": "wide shot, slow push in"},
        {"cast": ["ray"], "location": "street", "lighting_camera": "close-up, static"},
        {"cast": ["ana"], "location": "kitchen", "lighting_camera": "medium shot"},
    ],
    "continuity": "keyframes",
    "seconds": "4",
}
IMAGE_PATHS = ("/v1/images/generations", "/v1/images/edits")


@pytest.fixture
def watched(tmp_path):
    """A standalone engine with a real job latency, behind a shim that logs every call the studio makes."""
    engine = engine_process(tmp_path / "engine", tmp_path / "engine.log", LOCAL_ENGINE_LATENCY=str(LATENCY)).start()
    upstream = engine.health_url.split("/videos")[0]
    shim = Shim(upstream, "plain")
    server = ThreadServer(shim)
    yield f"{server.url}/v1", shim, openai.OpenAI(base_url=upstream, api_key="unused", max_retries=0)
    server.stop()
    engine.stop()


def calls(shim, paths) -> list[tuple[str, str, str]]:
    return [call for call in shim.calls if call[0] == "POST" and call[1] in paths]


def test_without_approval_every_clip_starts_before_any_finishes(tmp_path, watched):
    """About one latency (L) for the whole sequence: every still comes first, then every clip is created
    before the first one is downloaded, so no clip waits for another. Checked by order, which a loaded
    machine cannot upset; bench/sequence.py times it beside remix mode (measured: 1L + 2.6 s)."""
    url, shim, sdk = watched
    app = make_studio(tmp_path, url, MAX_CONCURRENT_JOBS=3)
    client = app.test_client()
    try:
        answer = client.post("/api/generate", json=STORY)
        assert answer.status_code == 202, answer.get_json()
        done = wait_for(client, answer.get_json()["sequence_id"], timeout=60)
    finally:
        app.extensions["jobs"].shutdown()
    assert done["status"] == "completed", done
    order = [(method, path) for method, path, _ in shim.calls]
    creates = [i for i, (method, path) in enumerate(order) if method == "POST" and path == "/v1/videos"]
    downloads = [i for i, (_, path) in enumerate(order) if path.endswith("/content")]
    stills = [i for i, (method, path) in enumerate(order) if method == "POST" and path in IMAGE_PATHS]
    assert len(creates) == 3 and len(stills) == 3 and downloads
    assert max(stills) < min(creates), "a clip was paid for before every still was drawn"
    assert max(creates) < min(downloads), "a clip waited for another clip to finish"
    # Shot 2 shares Ray and the street with shot 1: its still is an edit of shot 1's. Shot 3 is drawn fresh.
    assert sorted(order[i][1] for i in stills) == sorted([IMAGE_PATHS[0], IMAGE_PATHS[0], IMAGE_PATHS[1]])
    assert all(kind == "multipart/form-data" for _, _, kind in calls(shim, ("/v1/videos",)))
    jobs = sdk.videos.list(limit=100).data
    assert len(jobs) == 3 and all(job.remixed_from_video_id is None for job in jobs)
    assert not any("/remix" in path for _, path in order)
    assert [shot["method"] for shot in done["shots"]] == ["keyframe"] * 3
    assert all(shot["keyframe_url"] for shot in done["shots"])


def test_approval_rerolls_and_then_all_clips_at_once(tmp_path, watched):
    url, shim, sdk = watched
    app = make_studio(tmp_path, url, MAX_CONCURRENT_JOBS=3)
    client = app.test_client()
    try:
        answer = client.post("/api/generate", json={**STORY, "approve_keyframes": True})
        sequence_id = answer.get_json()["sequence_id"]
        waiting = wait_for(client, sequence_id, states=("awaiting_approval", "failed"), timeout=60)
        assert waiting["status"] == "awaiting_approval"
        assert [shot["keyframe_status"] for shot in waiting["shots"]] == ["ready"] * 3
        assert sdk.videos.list(limit=100).data == [], "no clip is paid for before approval"
        with client.get(waiting["shots"][1]["keyframe_url"]) as still:
            assert still.status_code == 200 and still.mimetype == "image/png"
        # One re-roll is one more image call, and nothing else.
        before = len(calls(shim, IMAGE_PATHS))
        rerolled = client.post(f"/api/sequences/{sequence_id}/shots/2/keyframe", json={"note": "closer, from the left"})
        assert rerolled.status_code == 202
        again = wait_for(client, sequence_id, states=("awaiting_approval", "failed"), timeout=60)
        assert (
            again["shots"][1]["keyframe_version"] == 2 and again["shots"][1]["keyframe_note"] == "closer, from the left"
        )
        assert len(calls(shim, IMAGE_PATHS)) == before + 1 and sdk.videos.list(limit=100).data == []
        # Approve: the three clips start together.
        assert client.post(f"/api/sequences/{sequence_id}/approve").status_code == 202
        done = wait_for(client, sequence_id, timeout=60)
    finally:
        app.extensions["jobs"].shutdown()
    assert done["status"] == "completed" and done["approved"]
    jobs = sdk.videos.list(limit=100).data
    assert len(jobs) == 3
    assert max(job.created_at for job in jobs) - min(job.created_at for job in jobs) <= 1, "made at once"


@pytest.mark.slow
def test_restarts_while_awaiting_approval_and_while_clips_run_pay_nothing_twice(tmp_path):
    engine_env = {"LOCAL_ENGINE_LATENCY": "3"}
    with EngineAndStudio(tmp_path, engine_env) as pair:
        answer = requests.post(f"{pair.base}/api/generate", json={**STORY, "approve_keyframes": True}, timeout=30)
        sequence_id = answer.json()["sequence_id"]
        url = f"{pair.base}/api/sequences/{sequence_id}"
        poll_json(url, lambda s: s["status"] == "awaiting_approval")
        stills = drawn(tmp_path)
        pair.studio.kill()
        pair.studio.start()
        assert poll_json(url, lambda s: True)["status"] == "awaiting_approval"
        assert drawn(tmp_path) == stills, "the restart drew nothing again"
        assert requests.post(f"{url}/approve", timeout=30).status_code == 202
        poll_json(url, lambda s: all(shot["video_id"] for shot in s["shots"]))
        pair.studio.kill()
        pair.studio.start()
        done = poll_json(url, lambda s: s["status"] in ("completed", "failed"), timeout=90)
        assert done["status"] == "completed", done
        assert len(pair.engine_jobs()) == 3, "one clip per shot across both restarts"
        assert drawn(tmp_path) == stills == 3, "no still drawn twice"


def drawn(root) -> int:
    """How many stills the standalone engine drew (it logs one line per image)."""
    return (root / "engine.log").read_text().count("drew still")
