"""A base URL is enough: the studio learns a provider's create form from its refusals, and its models.

Real local engine behind the shims of tests/quirk_servers.py, the real SDK, real HTTP. Jobs are counted
in the engine's own list: a refusal of the form started none, a resend that went through started one.
"""

from __future__ import annotations

import time

import pytest
import requests

from backend.config import load
from backend.providers.client import Connection, Provider
from backend.providers.connection import connection
from backend.providers.errors import RejectedError, TransientError
from backend.providers.learned import LearnedForms
from backend.providers.presets import PRESETS, SORA_MODELS
from backend.store import Database
from tests.conftest import SHOTS, make_studio, wait_for
from tests.quirk_servers import SGLANG_MODEL, Shim
from tests.servers import ThreadServer

# Creates as the shim logs them: (content type, type of `seconds`, with an image, status answered).
MULTIPART_REFUSED = ("multipart/form-data", "str", False, 422)
JSON_TEXT_REFUSED = ("application/json", "str", False, 422)
JSON_INT = ("application/json", "int", False, 200)
WITH_IMAGE = ("multipart/form-data", "str", True, 200)


def engine_jobs(engine: str) -> int:
    """Count the jobs the engine itself holds: each one was paid for."""
    return len(requests.get(f"{engine}/videos?limit=100", timeout=5).json()["data"])


def bare_studio(tmp_path, base_url: str):
    """A studio told nothing but the base URL: no PROVIDER, no key."""
    return make_studio(tmp_path, base_url, OPENAI_API_KEY=None)


def run(client, shots: list[dict], **settings) -> dict:
    answer = client.post("/api/generate", json={"shots": shots, "seconds": "4", "size": "1280x720", **settings})
    assert answer.status_code == 202, answer.get_json()
    done = wait_for(client, answer.get_json()["sequence_id"], timeout=90)
    assert done["status"] == "completed", done
    return done


@pytest.fixture
def sglang(engine):
    shim = Shim(engine, "sglang")
    server = ThreadServer(shim)
    yield shim, f"{server.url}/v1"
    server.stop()


@pytest.mark.slow
def test_a_bare_base_url_learns_the_sglang_form_once_and_keeps_it(tmp_path, engine, sglang):
    shim, url = sglang
    studio = bare_studio(tmp_path, url)
    try:
        client = studio.test_client()
        caps = client.get("/api/capabilities").get_json()
        assert (caps["provider"], caps["provider_setting"], caps["key_configured"]) == (
            "openai_compatible",
            "automatic",
            False,
        )
        assert caps["models"] == [SGLANG_MODEL] and caps["defaults"]["model"] == SGLANG_MODEL
        assert not {"json_text_only", "seconds_int"} & set(caps["quirks"])

        done = run(client, SHOTS, model=SGLANG_MODEL)
        assert [shot["method"] for shot in done["shots"]] == ["create", "last_frame", "last_frame"]
        assert engine_jobs(engine) == 3, "three shots, three paid jobs: the refused forms started none"
        # Shot one: multipart refused, JSON with "4" refused, JSON with 4 accepted; the later shots upload
        # shot one's last frame (the shim refuses remix), which goes as multipart and is accepted as it is.
        assert shim.creates == [MULTIPART_REFUSED, JSON_TEXT_REFUSED, JSON_INT, WITH_IMAGE, WITH_IMAGE]
        assert studio.extensions["provider_forms"].quirks(url) == {"json_text_only", "seconds_int"}
        caps = client.get("/api/capabilities").get_json()
        assert {"json_text_only", "seconds_int"} <= set(caps["quirks"])

        shim.creates.clear()
        done = run(client, SHOTS)  # the server's model is the default now
        assert done["model"] == SGLANG_MODEL
        assert shim.creates == [JSON_INT, WITH_IMAGE, WITH_IMAGE], "the accepted form went first"
        assert engine_jobs(engine) == 6
    finally:
        studio.extensions["jobs"].shutdown()
        studio.extensions["db"].close()

    shim.creates.clear()
    again = bare_studio(tmp_path, url)  # a restart: a new app on the same storage
    try:
        run(again.test_client(), SHOTS[:1])
        assert shim.creates == [JSON_INT], "what was learned outlived the restart"
        assert engine_jobs(engine) == 7
    finally:
        again.extensions["jobs"].shutdown()


def test_the_servers_models_are_offered_and_others_refused(tmp_path, engine, sglang):
    shim, url = sglang
    studio = bare_studio(tmp_path, url)
    try:
        client = studio.test_client()
        for _ in range(3):
            assert client.get("/api/capabilities").get_json()["models"] == [SGLANG_MODEL]
        assert client.post("/api/estimate", json={"shots": [{}]}).get_json()["model"] == SGLANG_MODEL
        asked = [call for call in shim.calls if call[:2] == ("GET", "/v1/models")]
        assert len(asked) == 1, "the list is kept, not asked for on every call"
        refused = client.post("/api/generate", json={"shots": SHOTS[:1], "model": "sora-2"})
        assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "model"
        assert SGLANG_MODEL in refused.get_json()["error"]["message"]
        clip = client.post(
            "/api/v1/videos/generate",
            json={"prompt": "a lighthouse at dusk", "model": SGLANG_MODEL, "seconds": "4", "size": "1280x720"},
        )
        assert clip.status_code == 202, clip.get_json()
        assert wait_for(client, clip.get_json()["sequence_id"], timeout=60)["status"] == "completed"
        assert engine_jobs(engine) == 1
    finally:
        studio.extensions["jobs"].shutdown()


def test_without_a_model_list_the_presets_models_are_offered(tmp_path, engine):
    server = ThreadServer(Shim(engine, "vllm"))  # no /models: the engine behind it answers 404
    studio = bare_studio(tmp_path, f"{server.url}/v1")
    dead = bare_studio(tmp_path / "dead", "http://127.0.0.1:9/v1")  # nothing listens there
    try:
        caps = studio.test_client().get("/api/capabilities")
        assert caps.status_code == 200 and caps.get_json()["models"] == list(SORA_MODELS)
        started = time.monotonic()
        caps = dead.test_client().get("/api/capabilities")
        assert caps.status_code == 200 and caps.get_json()["models"] == list(SORA_MODELS)
        assert time.monotonic() - started < 5
    finally:
        studio.extensions["jobs"].shutdown()
        dead.extensions["jobs"].shutdown()
        server.stop()


@pytest.fixture
def plain(engine):
    """The engine behind a proxy that changes nothing and logs every create."""
    shim = Shim(engine, "plain")
    server = ThreadServer(shim)
    yield shim, f"{server.url}/v1"
    server.stop()


@pytest.fixture
def learned(tmp_path):
    database = Database(tmp_path / "studio.db")
    yield LearnedForms(database)
    database.close()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_create_answered_5xx_is_never_sent_again(tmp_path, engine, learned, status):
    shim = Shim(engine, "plain", broken_status=status)  # the job starts; the answer says 5xx ... multipart
    server = ThreadServer(shim)
    url = f"{server.url}/v1"
    try:
        provider = Provider(Connection(url, None), learned=learned)
        with pytest.raises(TransientError):
            provider.create("a lighthouse at dusk", "sora-2", "4", "1280x720")
        assert len(shim.creates) == 1, "a job may have started: it is looked for, never sent again"
        assert engine_jobs(engine) == 1
        assert learned.quirks(url) == frozenset()
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("prompt", "size", "code"),
    [("", "1280x720", "missing_required_parameter"), ("a kite", "999x999", "invalid_value")],
)
def test_a_refusal_not_about_the_form_is_not_sent_again(engine, plain, learned, prompt, size, code):
    shim, url = plain
    provider = Provider(Connection(url, None), learned=learned)
    with pytest.raises(RejectedError) as refused:
        provider.create(prompt, "sora-2", "4", size)
    assert refused.value.code == code
    assert shim.creates == [("multipart/form-data", "str", False, 400)]
    assert engine_jobs(engine) == 0 and learned.quirks(url) == frozenset()


def test_a_server_that_reads_text_seconds_unlearns_the_presets_integer(tmp_path, engine, plain, learned):
    shim, url = plain  # the local engine reads `seconds` as text ("4"), as OpenAI did
    settings = load(tmp_path / "none.json", {"provider": "sglang", "openai_base_url": url}, {})
    provider = Provider(connection(settings, learned), learned=learned)
    assert provider.create("a kite over dunes", "sora-2", "4", "1280x720").status == "queued"
    assert shim.creates == [("application/json", "int", False, 400), ("application/json", "str", False, 200)]
    assert learned.quirks(url) == {"seconds_str"}
    quirks = connection(settings, learned).quirks
    assert "seconds_int" not in quirks and quirks >= PRESETS["sglang"].quirks - {"seconds_int"}

    shim.creates.clear()
    Provider(connection(settings, learned), learned=learned).create("a kite at dawn", "sora-2", "4", "1280x720")
    assert shim.creates == [("application/json", "str", False, 200)]
    assert engine_jobs(engine) == 2
