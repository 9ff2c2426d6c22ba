"""The same 3-shot sequence against provider shapes that outlived Sora, and the presets' promises."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import SHOTS, make_studio, wait_for
from tests.quirk_servers import Shim
from tests.servers import ThreadServer


@pytest.mark.parametrize(
    ("kind", "preset", "settings", "methods"),
    [
        (
            "sglang",
            "sglang",
            {"seconds": "5", "size": "1280x720", "model": "Wan-AI/Wan2.2-T2V-A14B-Diffusers"},
            ["create", "last_frame", "last_frame"],
        ),
        (
            "vllm",
            "vllm_omni",
            {"seconds": "4", "size": "1280x720", "model": "Lightricks/LTX-2"},
            ["create", "last_frame", "last_frame"],
        ),
        ("litellm", "litellm", {"seconds": "4", "size": "1280x720"}, ["create", "last_frame", "last_frame"]),
    ],
)
def test_three_shots_through_each_provider_shape(tmp_path, engine, kind, preset, settings, methods):
    shim = Shim(engine, kind)
    server = ThreadServer(shim)
    studio = make_studio(tmp_path, f"{server.url}/v1", PROVIDER=preset)
    client = studio.test_client()
    try:
        caps = client.get("/api/capabilities").get_json()
        assert caps["provider"] == preset and caps["remix"] is False
        answer = client.post("/api/generate", json={"shots": SHOTS, **settings})
        assert answer.status_code == 202, answer.get_json()
        done = wait_for(client, answer.get_json()["sequence_id"], timeout=90)
        assert done["status"] == "completed", done
        assert [shot["method"] for shot in done["shots"]] == methods
        assert all("no working remix" in shot["note"] for shot in done["shots"][1:]), done["shots"]
        upstream = requests.get(f"{engine}/videos?limit=100", timeout=5).json()["data"]
        assert len(upstream) == 3, "one upstream job per shot"
        if kind == "sglang":
            creates = [call for call in shim.calls if call[:2] == ("POST", "/v1/videos")]
            assert creates[0][2] == "application/json", "text-only shot one went as JSON"
            assert all(call[2] == "multipart/form-data" for call in creates[1:]), "last frames went as uploads"
        if kind == "litellm":
            assert all(len(shot["video_id"]) > 60 for shot in done["shots"]), "opaque ids kept whole"
            status = client.get(f"/api/status/{done['shots'][0]['video_id']}")
            assert status.status_code == 200 and status.get_json()["status"] == "completed"
    finally:
        studio.extensions["jobs"].shutdown()
        server.stop()


def test_delete_answering_the_object_still_deletes(tmp_path, engine):
    server = ThreadServer(Shim(engine, "vllm"))
    studio = make_studio(tmp_path, f"{server.url}/v1", PROVIDER="vllm_omni")
    client = studio.test_client()
    try:
        made = client.post(
            "/api/v1/videos/generate",
            json={"prompt": "a kite", "seconds": "4", "size": "1280x720", "model": "Lightricks/LTX-2"},
        ).get_json()
        wait_for(client, made["sequence_id"])
        gone = client.delete(f"/api/v1/videos/{made['id']}").get_json()
        assert gone["deleted"] and gone["provider_deleted"]
        assert requests.get(f"{engine}/videos?limit=10", timeout=5).json()["data"] == []
    finally:
        studio.extensions["jobs"].shutdown()
        server.stop()


def test_preset_choices_are_enforced(tmp_path, engine):
    studio = make_studio(tmp_path, engine, PROVIDER="sglang")
    client = studio.test_client()
    try:
        answer = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "8"})
        assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "seconds"
        assert "SGLang" in answer.get_json()["error"]["message"]
        caps = client.get("/api/capabilities").get_json()
        assert caps["defaults"]["seconds"] == "5" and caps["prices_usd_per_second"] is None
        assert client.post("/api/estimate", json={"shots": [{}]}).get_json()["estimated_usd"] is None
    finally:
        studio.extensions["jobs"].shutdown()


def test_a_key_without_base_url_explains_openais_shutdown(tmp_path):
    studio = make_studio(tmp_path, None, OPENAI_BASE_URL=None)
    client = studio.test_client()
    try:
        for path in ("/api/check-key", "/api/capabilities"):
            info = client.get(path).get_json()
            assert info["provider"] == "openai" and "2026-09-24" in info["notice"]
    finally:
        studio.extensions["jobs"].shutdown()


def test_openai_404_becomes_the_shutdown_message():
    from backend.providers.client import translate

    class Fake404(Exception):
        pass

    import httpx2
    import openai

    request = httpx2.Request("GET", "https://api.openai.com/v1/videos/x")
    response = httpx2.Response(404, request=request, json={"error": {"message": "Not found"}})
    error = translate(
        openai.NotFoundError("404", response=response, body={"message": "Not found"}), "https://api.openai.com/v1"
    )
    assert "shut its Videos API down on 2026-09-24" in error.message
    assert "Not found" not in error.message
