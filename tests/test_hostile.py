"""Hostile input: traversal payloads, oversized bodies, odd text. Each gets a 4xx JSON naming the problem,
and nothing outside the storage folder is read or written."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SHOTS, make_studio, wait_for

TRAVERSALS = [
    "..",
    "../..",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc",
    "....//....//etc",
    "..\\..\\windows\\win.ini",
    "%c0%ae%c0%ae/etc",
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "secret.txt",
    "..%2Fsecret.txt",
    "..%2F..%2Fsecret.txt",
    "studio.db",
    "%00",
    "a%00b",
    "20261121-000000-abcd%2F..%2F..",
    "20261121-000000-abcd/../..",
    "~root",
    "${HOME}",
    "$(id)",
    "%0d%0aX: y",
    "con",
    "..;/",
    "%u002e%u002e",
]
TEMPLATES = [
    ("get", "/api/sequences/{p}"),
    ("get", "/api/download-sequence/{p}"),
    ("get", "/api/download/{p}/1"),
    ("get", "/api/download/20261121-000000-abcd/{p}"),
    ("get", "/api/status/{p}"),
    ("get", "/api/v1/videos/{p}"),
    ("get", "/api/v1/videos/{p}/download"),
    ("delete", "/api/sequences/{p}"),
    ("post", "/api/stitch/{p}"),
    ("post", "/api/sequences/{p}/shots/1/retry"),
    ("get", "/{p}"),
]


@pytest.fixture
def studio(tmp_path, engine):
    (tmp_path / "secret.txt").write_text("CANARY-OUTSIDE-STORAGE")
    app = make_studio(tmp_path, engine, MAX_FILE_SIZE=64 * 1024)
    yield app
    app.extensions["jobs"].shutdown()


def outside_storage(tmp_path) -> dict[str, float]:
    """Every file outside the storage folder and its modification time."""
    found = {}
    for root, _, files in os.walk(tmp_path):
        if "output" in root.split(os.sep) or "engine" in root.split(os.sep):
            continue
        for name in files:
            path = os.path.join(root, name)
            found[path] = os.stat(path).st_mtime
    return found


def test_traversal_payloads_everywhere_get_4xx_json(studio, tmp_path):
    client = studio.test_client()
    before = outside_storage(tmp_path)
    checked = 0
    for payload in TRAVERSALS:
        for method, template in TEMPLATES:
            url = template.format(p=payload)
            with getattr(client, method)(url) as answer:
                body = answer.get_data(as_text=True)
                assert 400 <= answer.status_code < 500, (url, answer.status_code)
                assert answer.is_json and answer.get_json()["error"]["message"], url
                assert "CANARY" not in body and "root:x:" not in body, url
            checked += 1
        for query in (f"variant={payload}", f"output_type={payload}"):
            with client.get(f"/api/download/20261121-000000-abcd/1?{query}") as answer:
                assert 400 <= answer.status_code < 500 and answer.is_json
    assert checked >= 20 * len(TEMPLATES)
    assert outside_storage(tmp_path) == before, "nothing outside the storage folder changed"


def test_upload_filenames_cannot_steer_where_files_land(studio, tmp_path):
    from tests.test_engine import png

    client = studio.test_client()
    before = outside_storage(tmp_path)
    data = {
        "payload": json.dumps({"shots": SHOTS[:1], "seconds": "4"}),
        "reference_1": (__import__("io").BytesIO(png(64, 64)), "../../../secret.txt"),
    }
    answer = client.post("/api/generate", data=data, content_type="multipart/form-data")
    assert answer.status_code == 202
    sequence_id = answer.get_json()["sequence_id"]
    assert wait_for(client, sequence_id)["status"] == "completed"
    assert (tmp_path / "secret.txt").read_text() == "CANARY-OUTSIDE-STORAGE"
    assert outside_storage(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "output" / sequence_id).iterdir()) == [
        "reference_1.png",
        "sequence.mp4",
        "shot_1.mp4",
        "shot_1.webp",
        "shot_1_sprites.jpg",
    ]


def test_bodies_over_the_limit_get_413_json(studio):
    client = studio.test_client()
    huge = json.dumps({"shots": [{"character": "x" * (8 << 20), "environment": "y"}]})
    answer = client.post("/api/generate", data=huge, content_type="application/json")
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "payload_too_large"
    answer = client.post("/api/v1/videos/generate", data=huge, content_type="application/json")
    assert answer.status_code == 413 and answer.is_json


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"shots": [', "application/json"),
        ("\udcff", "application/json"),
        ('--x\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}', "multipart/form-data; boundary=x"),
        ("garbage", "multipart/form-data"),
        ("shots=1", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_bodies_get_400_json(studio, body, content_type):
    answer = studio.test_client().post(
        "/api/generate", data=body.encode("utf-8", "surrogatepass"), content_type=content_type
    )
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] in ("body", "payload", "shots")


@pytest.mark.parametrize("number", ["0", "-1", "00", "1000", "99999999999999999999999", "1e3", "1.5", "%20"])
def test_odd_shot_numbers_are_not_found(studio, number):
    client = studio.test_client()
    for url in (
        f"/api/download/20261121-000000-abcd/{number}",
        f"/api/sequences/20261121-000000-abcd/shots/{number}/retry",
    ):
        answer = client.get(url) if "download" in url else client.post(url)
        assert answer.status_code == 404 and answer.is_json


def test_odd_unicode_and_long_prompts(studio):
    client = studio.test_client()
    odd = "Zoë 🎬 \u202eevil\u202c \u200b<script>alert(1)</script> ‘quotes’ \x00 末日"
    answer = client.post(
        "/api/generate", json={"shots": [{"character": odd, "environment": odd, "dialog": odd}], "seconds": "4"}
    )
    assert answer.status_code == 202
    done = wait_for(client, answer.get_json()["sequence_id"])
    assert done["status"] == "completed" and done["shots"][0]["character"] == odd
    too_long = client.post("/api/v1/videos/generate", json={"prompt": "é" * 32001})
    assert too_long.status_code == 400 and too_long.get_json()["error"]["field"] == "prompt"
