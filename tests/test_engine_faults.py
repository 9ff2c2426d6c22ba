"""The engine's fault injection and crash recovery, seen through the real SDK."""

from __future__ import annotations

import time

import openai
import pytest
import requests

from backend.local_engine.faults import Faults, FaultSpecError
from tests.conftest import start_engine
from tests.servers import engine_process
from tests.test_engine import conforms, finish


@pytest.fixture
def faulty(tmp_path):
    """Start an engine with the given fault spec; stop all at the end."""
    started = []

    def make(spec: str):
        server, app = start_engine(tmp_path / f"e{len(started)}", faults=spec)
        started.append((server, app))
        return openai.OpenAI(base_url=f"{server.url}/v1", api_key="x", max_retries=0), f"{server.url}/v1"

    yield make
    for server, app in started:
        server.stop()
        app.extensions["local_engine"].worker.shutdown()


def test_http429_carries_retry_after(faulty):
    sdk, url = faulty("http429=1")
    with pytest.raises(openai.RateLimitError) as caught:
        sdk.videos.create(prompt="x")
    assert caught.value.response.headers["Retry-After"] == "1"
    assert requests.get(f"{url}/videos", timeout=5).json()["error"]["code"] == "rate_limit_exceeded"


def test_http500(faulty):
    sdk, _ = faulty("http500=1")
    with pytest.raises(openai.InternalServerError):
        sdk.videos.list()


def test_slow_answers(faulty):
    sdk, _ = faulty("slow=1")
    started = time.monotonic()
    sdk.videos.list()
    assert time.monotonic() - started >= 2.0


@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [("fail", "video_generation_failed", "internal error"), ("moderation", "moderation_blocked", "moderation system")],
)
def test_failed_jobs_say_why(faulty, kind, code, words):
    sdk, url = faulty(f"{kind}=1")
    video = sdk.videos.create(prompt="x")
    done = finish(sdk, video.id)
    assert done.status == "failed" and done.error.code == code and words in done.error.message
    conforms(requests.get(f"{url}/videos/{video.id}", timeout=5).json(), "VideoResource")
    assert requests.get(f"{url}/videos/{video.id}/content", timeout=5).status_code == 409


def test_same_seed_same_storm():
    draws = []
    for _ in range(2):
        faults = Faults.parse("fail=0.3,http429=0.2,http500=0.1,slow=0.1,seed=7")
        draws.append([(faults.request_fault(), faults.job_failure()) for _ in range(50)])
    assert draws[0] == draws[1]
    assert {kind for kind, _ in draws[0]} >= {None, "http429", "http500"}
    other = Faults.parse("fail=0.3,http429=0.2,http500=0.1,slow=0.1,seed=8")
    assert [(other.request_fault(), other.job_failure()) for _ in range(50)] != draws[0]


@pytest.mark.parametrize("spec", ["fail", "fail=2", "boom=0.1", "seed=x"])
def test_bad_fault_specs_are_refused(spec):
    with pytest.raises(FaultSpecError):
        Faults.parse(spec)


def test_killed_engine_finishes_jobs_after_restart(tmp_path):
    data = tmp_path / "engine"
    process = engine_process(data, tmp_path / "engine.log", LOCAL_ENGINE_LATENCY="3").start()
    base = process.health_url.split("/videos")[0]
    sdk = openai.OpenAI(base_url=base, api_key="x", max_retries=0)
    try:
        video = sdk.videos.create(prompt="A harbour at sunset", seconds="4")
        time.sleep(0.5)
        assert sdk.videos.retrieve(video.id).status == "in_progress"
        process.kill()
        process.start()
        again = finish(sdk, video.id, timeout=30)
        assert again.status == "completed"
        assert len(sdk.videos.download_content(video.id).content) > 10_000
        assert [v.id for v in sdk.videos.list().data] == [video.id]
    finally:
        process.stop()
