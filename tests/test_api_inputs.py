"""Bad input gets a 4xx naming the field, keys stay secret, the OpenAPI document matches the routes."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest
from PIL import Image

from backend.api.events import ROUTE as EVENTS_ROUTE
from tests.conftest import TEST_KEY, current, make_studio

GOOD = {"character": "a", "environment": "b"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "shots"),
        ({"shots": []}, "shots"),
        ({"shots": [{"environment": "b"}]}, "shots[0].character"),
        ({"shots": [GOOD, {"character": "a", "environment": "   "}]}, "shots[1].environment"),
        ({"shots": [GOOD] * 13}, "shots"),
        ({"shots": [{"cast": ["mara"], "environment": "b"}]}, "shots[0].cast"),
        (
            {"shots": [{"cast": ["mara"], "location": "dock"}], "cast": [{"id": "mara", "name": "M"}]},
            "shots[0].location",
        ),
        ({"shots": [GOOD, {**GOOD, "continue_from": 2}]}, "shots[1].continue_from"),
        ({"shots": [GOOD, {**GOOD, "continue_from": 1, "continuity": "new_scene"}]}, "shots[1].continuity"),
        ({"shots": [{**GOOD, "seconds": "5"}]}, "shots[0].seconds"),
        ({"shots": [GOOD], "cast": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}, "cast[1].id"),
        ({"shots": [GOOD], "cast": [{"id": "Mara!", "name": "A"}]}, "cast[0].id"),
        (
            {"shots": [GOOD], "cast": [{"id": "a", "name": "A", "reference": "data:image/png;base64,@@@"}]},
            "cast[0].reference",
        ),
        ({"shots": [GOOD], "size": "1920x1080"}, "size"),
        ({"shots": [GOOD], "seconds": "5"}, "seconds"),
        ({"shots": [GOOD], "seconds": True}, "seconds"),
        ({"shots": [GOOD], "model": "sora-9"}, "model"),
        ({"shots": [GOOD], "continuity": "telepathy"}, "continuity"),
        ({"shots": [GOOD], "style": "../../etc"}, "style"),
        ({"shots": "many"}, "shots"),
        ({"shots": [{"character": "x" * 5000, "environment": "b"}]}, "shots[0].character"),
        ([1, 2], "body"),
    ],
)
def test_generate_rejects_bad_json_naming_the_field(client, app, body, field):
    answer = client.post("/api/generate", json=body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["field"] == field and error["message"]
    kept = {name for name in os.listdir(current(app).video_storage_path) if not name.startswith("studio.db")}
    assert kept == {"studio-token"}, "nothing started"


def image_bytes(kind="PNG", size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("files", "status", "field"),
    [
        ({"reference_1": b"not an image"}, 400, "reference_1"),
        ({"reference_1": image_bytes()[:40]}, 400, "reference_1"),
        ({"reference_1": image_bytes("GIF")}, 400, "reference_1"),
        ({"reference_3": image_bytes()}, 400, "reference_3"),
        ({"reference_x": image_bytes()}, 400, "reference_x"),
        ({"reference_1": b""}, 400, "reference_1"),
        ({"reference_1": b"\0" * (100 * 1024 + 1)}, 413, "reference_1"),
    ],
)
def test_generate_rejects_bad_uploads(tmp_path, engine, files, status, field):
    # Small limit: werkzeug's test client spools bigger bodies to a temp file it never closes.
    app = make_studio(tmp_path, engine, MAX_FILE_SIZE=100 * 1024)
    client = app.test_client()
    data = {"payload": json.dumps({"shots": [GOOD, GOOD]})}
    data.update({name: (io.BytesIO(blob), "upload.bin") for name, blob in files.items()})
    answer = client.post("/api/generate", data=data, content_type="multipart/form-data")
    app.extensions["jobs"].shutdown()
    assert answer.status_code == status, answer.get_json()
    assert answer.get_json()["error"]["field"] == field


def test_decompression_bomb_is_refused(client):
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, "PNG")  # tiny file, 144 megapixels
    data = {"payload": json.dumps({"shots": [GOOD]}), "reference_1": (io.BytesIO(bomb.getvalue()), "b.png")}
    answer = client.post("/api/generate", data=data, content_type="multipart/form-data")
    assert answer.status_code == 400 and "pixels" in answer.get_json()["error"]["message"]


def test_multipart_without_or_with_broken_payload(client):
    answer = client.post("/api/generate", data={"x": "1"}, content_type="multipart/form-data")
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "payload"
    answer = client.post("/api/generate", data={"payload": "{oops"}, content_type="multipart/form-data")
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "payload"


@pytest.mark.parametrize(
    "path",
    [
        "/api/sequences/..%2F..%2Fetc",
        "/api/sequences/20261121-000000-zzzz",
        "/api/download/../../etc/passwd/1",
        "/api/download/20261121-000000-abcd/0",
        "/api/download/20261121-000000-abcd/-1",
        "/api/download/20261121-000000-abcd/99999999999999999999",
        "/api/download-sequence/%2e%2e",
        "/api/status/nope",
        "/api/sequences/20261121-000000-abcd/shots/1/retry",
    ],
)
def test_unknown_things_are_json_404s(client, path):
    method = client.post if path.endswith("/retry") else client.get
    answer = method(path)
    assert answer.status_code == 404 and answer.is_json and answer.get_json()["error"]["message"]


def test_check_key_never_reveals_the_key(client):
    body = client.get("/api/check-key").get_data(as_text=True)
    assert TEST_KEY not in body and TEST_KEY[:-4] not in body
    info = json.loads(body)
    assert info["configured"] and info["key_hint"] == "…" + TEST_KEY[-4:]


def test_set_key_applies_at_once_and_is_stored_privately(client, app, engine):
    answer = client.post("/api/set-key", json={"api_key": "sk-new-secret-value-9999", "base_url": engine})
    assert answer.status_code == 200 and "sk-new-secret" not in answer.get_data(as_text=True)
    assert client.get("/api/check-key").get_json()["key_hint"] == "…9999"
    path = app.extensions["settings"].config_file
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        assert json.load(handle)["openai_api_key"] == "sk-new-secret-value-9999"
    assert current(app).secret("openai_api_key") == "sk-new-secret-value-9999"


def test_set_key_refused_from_elsewhere_without_admin_token(tmp_path, engine):
    app = make_studio(tmp_path, engine, ADMIN_TOKEN="admin-token-123")
    client = app.test_client()
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    answer = client.post("/api/set-key", json={"api_key": "sk-x"}, environ_base=remote)
    assert answer.status_code == 403 and current(app).secret("openai_api_key") == TEST_KEY
    answer = client.post(
        "/api/set-key",
        json={"api_key": "sk-from-admin"},
        environ_base=remote,
        headers={"Authorization": "Bearer admin-token-123"},
    )
    assert answer.status_code == 200 and current(app).secret("openai_api_key") == "sk-from-admin"
    app.extensions["jobs"].shutdown()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"api_key": 5}, "api_key"),
        ({"api_key": "a b"}, "api_key"),
        ({"api_key": "k", "base_url": "ftp://x"}, "base_url"),
        ({"api_key": "k", "provider": {}}, "provider"),
        ("x", "body"),
    ],
)
def test_set_key_validates(client, body, field):
    answer = client.post("/api/set-key", json=body)
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == field


def test_openapi_document_lists_exactly_the_routes(app, client):
    import re

    doc = client.get("/api/openapi.json").get_json()
    documented = {
        (path, method.upper()) for path, item in doc["paths"].items() for method in item if method != "parameters"
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/") or rule.rule in ("/health", "/ready", "/metrics")):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    served.add((re.sub(r"<([^>]+)>", r"{\1}", EVENTS_ROUTE), "GET"))  # served on the event loop, not by Flask
    assert documented == served


def test_budget_cap_refuses_before_any_job_starts(tmp_path, engine):
    import requests

    app = make_studio(tmp_path, engine, MAX_SEQUENCE_COST=1.0)  # it talks to the engine as a priced provider
    client = app.test_client()
    body = {"shots": [GOOD, GOOD], "seconds": "8", "model": "sora-2"}  # 2 x 8 s x $0.10 = $1.60
    estimate = client.post("/api/estimate", json=body).get_json()
    assert estimate["estimated_usd"] == 1.6 and estimate["within_budget"] is False
    answer = client.post("/api/generate", json=body)
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "over_budget"
    assert "$1.60" in answer.get_json()["error"]["message"]
    clip = client.post("/api/v1/videos/generate", json={"prompt": "x", "seconds": "12", "model": "sora-2-pro"})
    assert clip.status_code == 400 and clip.get_json()["error"]["field"] == "seconds"
    assert requests.get(f"{engine}/videos", timeout=5).json()["data"] == [], "no provider job was started"
    assert client.get("/api/sequences").get_json()["data"] == []
    app.extensions["jobs"].shutdown()


def test_unknown_price_with_a_cap_is_refused_and_a_configured_price_is_used(tmp_path, engine):
    from backend.providers.pricing import check_budget

    app = make_studio(tmp_path, engine, MAX_SEQUENCE_COST=5.0, PRICE_PER_SECOND=0.05)
    client = app.test_client()
    assert client.post("/api/estimate", json={"seconds": "4", "shots": [{}, {}]}).get_json()["estimated_usd"] == 0.4
    app.extensions["jobs"].shutdown()
    with pytest.raises(Exception, match="price at this provider is unknown"):
        check_budget(current(app).model_copy(update={"price_per_second": None}), None, "shots")


def test_set_key_keeps_the_key_only_for_its_base_url_and_refuses_templates(client, app, engine):
    answer = client.post("/api/set-key", json={"base_url": "https://<resource>.openai.azure.com/openai/v1"})
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "base_url"
    answer = client.post("/api/set-key", json={"base_url": engine + "/", "provider": "azure"})
    assert answer.status_code == 200 and current(app).secret("openai_api_key") == TEST_KEY  # the same address
    info = client.get("/api/check-key").get_json()
    assert (info["provider"], info["provider_setting"]) == ("azure", "azure")
    answer = client.post("/api/set-key", json={"base_url": "https://videos.example.com/v1", "provider": "azure"})
    assert answer.status_code == 200 and current(app).secret("openai_api_key") is None  # never sent to the new one
    assert client.get("/api/check-key").get_json()["key_configured"] is False
    assert client.post("/api/set-key", json={"provider": "nope"}).get_json()["error"]["field"] == "provider"


def test_every_json_answer_has_a_concrete_schema(client):
    """No operation may answer a bare object: each JSON answer names a model with its fields."""
    doc = client.get("/api/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    bare = []
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                body = answer.get("content", {}).get("application/json")
                if body is None:
                    continue
                name = body["schema"].get("$ref", "").rsplit("/", 1)[-1]
                if not schemas.get(name, {}).get("properties"):
                    bare.append(f"{method.upper()} {path} {status}")
    assert bare == []
    assert {"Sequence", "Shot", "Video", "Capabilities", "Estimate", "ErrorBody"} <= set(schemas)
    assert schemas["GenerateIn"]["properties"]["style"]["anyOf"][0]["enum"], "style is the fixed choice it is"
    assert schemas["GenerateIn"]["properties"]["seconds"]["anyOf"][0]["pattern"]
