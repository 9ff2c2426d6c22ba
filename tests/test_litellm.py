"""The studio through a real LiteLLM proxy: studio -> LiteLLM -> local engine, all on loopback and offline.

The proxy (tests/litellm/) routes the alias `sora-2` to the studio's standalone local engine as an
OpenAI-compatible upstream, and `sora-2-pro` to a stand-in for an SGLang-style upstream whose answers
LiteLLM cannot parse. One proxy, one engine and one studio serve every test here; the work is submitted
once, concurrently, by the `runs` fixture, so the module stays well under a minute after the proxy is up.

What LiteLLM 1.106.2 does with `/v1/videos`, as these tests pin it down:
- ids are opaque: `video_` + base64 of `litellm:custom_llm_provider:openai;model_id:<alias>;video_id:<upstream id>`;
  the alias in the id is how a later retrieve/content/remix finds the upstream again.
- a remix is forwarded and started upstream, but the id LiteLLM answers with names no model, so every
  later request for it goes to api.openai.com instead of the upstream (see test_remix_...). The proxy
  runs with HTTP(S)_PROXY pointing at a loopback trap, so such requests never leave the machine.
- `GET /v1/videos` (list) needs a model LiteLLM cannot take from the request: it answers 400.
- `DELETE /v1/videos/{id}` has no route: 405.
- `GET /v1/videos/{id}/content?variant=...` drops the variant: every variant is the MP4.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.wrappers import Request, Response

from backend.media.probe import probe
from tests.conftest import SHOTS
from tests.litellm.proxy import INSTALL_HINT, MASTER_KEY, LiteLLMProxy, executable
from tests.servers import ThreadServer, engine_process, poll_json, studio_process

pytestmark = pytest.mark.slow  # real processes end to end: ./test.sh runs them, plain pytest skips them

ENGINE_KEY = "sk-engine-behind-litellm-0000"
POLL_TIMEOUT = 20  # the studio's MAX_POLL_TIMEOUT: how long a remix shot waits on ids LiteLLM cannot route


class IntSecondsUpstream:
    """A `/v1/videos` that starts the job and answers `seconds` as an integer, as SGLang does."""

    def __init__(self) -> None:
        self.creates: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.method == "POST" and request.path == "/v1/videos":
            with self._lock:
                self.creates.append(request.form.get("prompt", ""))
                number = len(self.creates)
            video = {
                "id": f"video_int{number:04d}",
                "object": "video",
                "status": "queued",
                "progress": 0,
                "created_at": int(time.time()),
                "model": "sora-2-pro",
                "seconds": 4,
                "size": "720x1280",
            }
            response = Response(json.dumps(video), content_type="application/json")
        else:
            response = Response(json.dumps({"detail": "Not Found"}), status=404, content_type="application/json")
        return response(environ, start_response)


class Stack:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.engine = engine_process(
            root / "engine", root / "engine.log", LOCAL_ENGINE_LATENCY="1", LOCAL_ENGINE_API_KEY=ENGINE_KEY
        )
        self.engine_url = self.engine.health_url.split("/videos")[0]
        self.odd = IntSecondsUpstream()
        self.odd_server: ThreadServer | None = None
        self.proxy: LiteLLMProxy | None = None
        self.storage = root / "out"
        self.studio = None
        self.base = ""
        self.outbound_at_start: list[str] = []

    def start(self) -> Stack:
        self.engine.start()
        self.odd_server = ThreadServer(self.odd)
        self.proxy = LiteLLMProxy(
            self.root / "litellm",
            {
                "STUDIO_ENGINE_API_BASE": self.engine_url,
                "STUDIO_ENGINE_API_KEY": ENGINE_KEY,
                "INT_SECONDS_API_BASE": f"{self.odd_server.url}/v1",
                "INT_SECONDS_API_KEY": "sk-int-seconds-upstream-0000",
            },
        ).start()
        self.outbound_at_start = list(self.proxy.outbound.requests)
        self.studio = studio_process(
            self.storage,
            self.root / "studio.log",
            OPENAI_BASE_URL=f"{self.proxy.url}/v1",
            OPENAI_API_KEY=MASTER_KEY,
            PROVIDER="litellm",
            STUDIO_CONFIG_FILE=str(self.root / "c.json"),
            MAX_POLL_TIMEOUT=str(POLL_TIMEOUT),
        ).start()
        self.base = self.studio.health_url.removesuffix("/health")
        return self

    def stop(self) -> None:
        for part in (self.studio, self.proxy, self.engine):
            if part is not None:
                part.stop()
        if self.odd_server is not None:
            self.odd_server.stop()

    def engine_jobs(self) -> dict[str, dict]:
        answer = requests.get(
            f"{self.engine_url}/videos?limit=100", headers={"Authorization": f"Bearer {ENGINE_KEY}"}, timeout=10
        )
        answer.raise_for_status()
        return {video["id"]: video for video in answer.json()["data"]}


def decode(video_id: str) -> dict[str, str]:
    """Read a LiteLLM video id: {'custom_llm_provider', 'model_id', 'video_id' (the upstream's)}."""
    assert video_id.startswith("video_"), video_id
    packed = video_id.removeprefix("video_")
    text = base64.b64decode(packed + "=" * (-len(packed) % 4)).decode()
    match = re.fullmatch(r"litellm:custom_llm_provider:([^;]*);model_id:([^;]*);video_id:(.+)", text)
    assert match, f"not a LiteLLM video id: {video_id} ({text!r})"
    return dict(zip(("custom_llm_provider", "model_id", "video_id"), match.groups(), strict=True))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if executable() is None:
        message = f"the LiteLLM proxy is not installed: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    stack = Stack(tmp_path_factory.mktemp("litellm")).start()
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def runs(stack) -> dict[str, dict]:
    """Submit everything at once, wait for all of it: three sequences and one single clip."""
    submitted = {}
    for name, body in (
        ("last_frame", {"shots": SHOTS, "seconds": "4", "size": "720x1280", "continuity": "last_frame"}),
        ("remix", {"shots": SHOTS, "seconds": "4", "size": "720x1280", "continuity": "remix"}),
        ("int_seconds", {"shots": SHOTS[:1], "model": "sora-2-pro", "seconds": "4", "size": "720x1280"}),
    ):
        answer = requests.post(f"{stack.base}/api/generate", json=body, timeout=30)
        assert answer.status_code == 202, answer.text
        submitted[name] = f"{stack.base}/api/sequences/{answer.json()['sequence_id']}"
    clip = requests.post(
        f"{stack.base}/api/v1/videos/generate",
        json={"prompt": "A lighthouse at dusk, waves below", "model": "sora-2", "seconds": "4", "size": "1280x720"},
        timeout=30,
    )
    assert clip.status_code == 202, clip.text
    submitted["clip"] = f"{stack.base}/api/v1/videos/{clip.json()['id']}"
    finished = ("completed", "failed")
    timeout = 60 + POLL_TIMEOUT
    return {
        name: poll_json(url, lambda d: d["status"] in finished, timeout, every=0.25) for name, url in submitted.items()
    }


def test_three_shots_through_litellm_complete_and_stitch(stack, runs):
    sequence = runs["last_frame"]
    assert sequence["status"] == "completed", sequence
    shots = sequence["shots"]
    assert [shot["status"] for shot in shots] == ["completed"] * 3, shots
    assert [shot["method"] for shot in shots] == ["create", "last_frame", "last_frame"]
    assert all(shot["error"] is None and shot["note"] is None for shot in shots), shots
    for shot in shots:
        # The studio keeps LiteLLM's opaque id as it is; the alias inside routes every later call.
        assert decode(shot["video_id"])["model_id"] == "sora-2", shot["video_id"]

    folder = stack.storage / sequence["sequence_id"]
    for number in (1, 2, 3):
        info = probe(folder / f"shot_{number}.mp4")
        assert (info.width, info.height) == (720, 1280) and abs(info.duration - 4) < 0.1
    stitched = probe(folder / "sequence.mp4")
    assert abs(stitched.duration - 12) < 0.2 and stitched.has_audio
    with requests.get(f"{stack.base}{sequence['sequence_url']}", timeout=30, stream=True) as answer:
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("video/mp4")
    assert stack.proxy.started_in is not None and stack.proxy.started_in < 90


def test_the_engine_ran_exactly_one_job_per_shot(stack, runs):
    """No duplicate paid jobs: LiteLLM's num_retries: 0 holds, and the studio created each shot once."""
    studio_ids = [shot["video_id"] for name in ("last_frame", "remix") for shot in runs[name]["shots"]]
    upstream_ids = [decode(video_id)["video_id"] for video_id in studio_ids]
    upstream_ids.append(decode(runs["clip"]["provider_video_id"])["video_id"])
    jobs = stack.engine_jobs()
    assert sorted(jobs) == sorted(upstream_ids), "one engine job for each shot and clip, none besides"
    first = decode(runs["last_frame"]["shots"][0]["video_id"])["video_id"]
    later = [decode(shot["video_id"])["video_id"] for shot in runs["last_frame"]["shots"][1:]]
    assert all(jobs[video_id]["remixed_from_video_id"] is None for video_id in [first, *later])


def test_remix_mode_continues_from_the_last_frame_through_litellm(stack, runs):
    """The litellm preset has no remix, so a 'remix' sequence continues from last frames and says why."""
    sequence = runs["remix"]
    assert sequence["status"] == "completed", sequence
    assert [shot["method"] for shot in sequence["shots"]] == ["create", "last_frame", "last_frame"]
    assert all("no working remix" in shot["note"] for shot in sequence["shots"][1:]), sequence["shots"]


def test_why_the_preset_avoids_remix_litellm_loses_remixed_jobs(stack, runs):
    """LiteLLM 1.106.2 forwards a remix, then loses track of it: a paid job nobody can poll.

    Its remix answer encodes `model_id:` (empty) into the new id, so a retrieve of that id is routed to
    no configured model but to api.openai.com, which fails (no network here) with a 500. LiteLLM 1.108.11
    and 1.109.1 re-stamp these ids (encode_video_id_in_response), untried: they do not install from the
    registry yet (see tests/litellm/requirements.txt). Hence the preset's remix=False.
    """
    source = runs["last_frame"]["shots"][0]["video_id"]
    headers = {"Authorization": f"Bearer {MASTER_KEY}"}
    made = requests.post(
        f"{stack.proxy.url}/v1/videos/{source}/remix", json={"prompt": "again"}, headers=headers, timeout=60
    )
    assert made.status_code == 200, made.text
    remix_id = made.json()["id"]
    if decode(remix_id)["model_id"] != "":
        pytest.fail("LiteLLM now keeps remix ids routable: remix may work, revisit the litellm preset")
    before = len(stack.proxy.outbound.requests)
    answer = requests.get(f"{stack.proxy.url}/v1/videos/{remix_id}", headers=headers, timeout=30)
    assert answer.status_code == 500, answer.text
    assert stack.proxy.outbound.requests[before:] == ["CONNECT api.openai.com:443 HTTP/1.1"]


def test_the_proxy_stayed_offline(stack, runs):
    """No cost-map download, no telemetry: LiteLLM's only attempts to go out were those remix polls."""
    assert stack.outbound_at_start == [], "LiteLLM reached out while starting"
    assert stack.proxy.outbound.hosts() <= {"api.openai.com:443"}, stack.proxy.outbound.requests


def test_a_clip_deleted_through_litellm_stays_at_the_upstream(stack, runs):
    """LiteLLM 1.106.2 has no DELETE /v1/videos/{id}: the studio deletes its copy and says the provider kept one."""
    clip = runs["clip"]
    assert clip["status"] == "completed", clip
    upstream = decode(clip["provider_video_id"])["video_id"]
    gone = requests.delete(f"{stack.base}/api/v1/videos/{clip['id']}", timeout=30)
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert gone.json()["provider_deleted"] is False
    assert upstream in stack.engine_jobs()
    assert requests.get(f"{stack.base}/api/v1/videos/{clip['id']}", timeout=10).status_code == 404


def test_litellm_does_not_retry_a_create_whose_answer_it_cannot_parse(stack, runs):
    """num_retries: 0 holds: one upstream create per create the studio sends (DESIGN.md saw three without it)."""
    shot = runs["int_seconds"]["shots"][0]
    assert shot["status"] == "failed" and "seconds" in shot["error"]["message"], shot
    sent = stack.proxy.log.read_text(errors="replace").count('"POST /v1/videos HTTP/1.1" 500')
    assert sent >= 1 and len(stack.odd.creates) == sent, (sent, stack.odd.creates)


def test_the_studio_sends_one_create_when_litellm_answers_500(stack, runs):
    """A 500 from a proxy does not mean no job: LiteLLM answered 500 after the upstream had started one."""
    assert len(stack.odd.creates) == 1, "a create answered 500 is looked for, never sent again"
    message = runs["int_seconds"]["shots"][0]["error"]["message"]
    assert "may have started anyway" in message, message


def test_previews_are_images_or_absent(stack, runs):
    """LiteLLM drops ?variant=, so a thumbnail or spritesheet request returns the MP4 (as video/mp4)."""
    sequence = runs["last_frame"]
    folder = stack.storage / sequence["sequence_id"]
    wrong = []
    for shot in sequence["shots"]:
        number = shot["shot_number"]
        for name, is_image in (
            (f"shot_{number}.webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
            (f"shot_{number}_sprites.jpg", lambda head: head[:3] == b"\xff\xd8\xff"),
        ):
            path = folder / name
            if path.exists() and not is_image(path.read_bytes()[:12]):
                wrong.append(f"{name}: {path.read_bytes()[4:8]!r} header, {path.stat().st_size} bytes")
        if shot["thumbnail_url"] and not (folder / f"shot_{number}.webp").exists():
            wrong.append(f"shot {number} offers a thumbnail_url with no thumbnail")
    assert wrong == [], "previews that are not images are dropped, not served"
    assert all(shot["thumbnail_url"] is None for shot in sequence["shots"])


def test_health_says_the_proxy_answers(stack, runs):
    health = requests.get(f"{stack.base}/health", timeout=30).json()
    assert health["provider"] == "litellm"
    # LiteLLM answers the list probe with a 400 (it cannot route a list to a model): an answer all the same.
    assert health["provider_reachable"] is True
