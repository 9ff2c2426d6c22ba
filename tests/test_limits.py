"""MAX_CONCURRENT_JOBS holds at the provider: creates, remixes, clips and retries all share one limit."""

from __future__ import annotations

import threading
import time

import openai
import pytest

from tests.conftest import SHOTS, make_studio, start_engine, wait_for


def busiest_moment(engine_url: str, work) -> int:
    """Run `work()` while sampling the provider's own job list; return the most jobs seen running at once."""
    sdk = openai.OpenAI(base_url=engine_url, api_key="unused", max_retries=0)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            running = [v for v in sdk.videos.list(limit=100).data if v.status in ("queued", "in_progress")]
            peak = max(peak, len(running))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        work()
    finally:
        done.set()
        sampler.join()
    return peak


@pytest.mark.parametrize("limit", [1, 3])
def test_the_limit_holds_across_sequences_and_clips(tmp_path, limit):
    server, engine_app = start_engine(tmp_path / "engine", latency=0.8)
    engine_url = f"{server.url}/v1"
    app = make_studio(tmp_path, engine_url, MAX_CONCURRENT_JOBS=limit)
    client = app.test_client()
    finished = []

    def work() -> None:
        sequence = client.post(
            "/api/generate", json={"shots": SHOTS, "seconds": "4", "continuity": "independent"}
        ).get_json()
        clips = [client.post("/api/v1/videos/generate", json={"prompt": f"clip {n}", "seconds": "4"}) for n in (1, 2)]
        finished.append(wait_for(client, sequence["sequence_id"], timeout=120))
        for clip in clips:
            finished.append(wait_for(client, clip.get_json()["sequence_id"], timeout=120))

    try:
        peak = busiest_moment(engine_url, work)
    finally:
        app.extensions["jobs"].shutdown()
        server.stop()
        engine_app.extensions["local_engine"].worker.shutdown()
    assert [item["status"] for item in finished] == ["completed"] * 3
    assert 1 <= peak <= limit, f"{peak} jobs ran at the provider at once with MAX_CONCURRENT_JOBS={limit}"
    if limit > 1:
        assert peak > 1, "the sampler can see jobs overlap, so the limit of 1 above is a real finding"
