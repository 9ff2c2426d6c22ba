"""Single clips, remix and the video library, through the real SDK against the local engine."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import time

import pytest
import requests

from tests.conftest import wait_for
from tests.servers import EngineAndStudio
from tests.test_engine import png


def wait_clip(client, video_id: str, timeout: float = 60) -> dict:
    sequence_id = video_id.rsplit("-", 1)[0]
    wait_for(client, sequence_id, timeout=timeout)
    return client.get(f"/api/v1/videos/{video_id}").get_json()


def test_clip_remix_library_download_delete(client, engine):
    made = client.post(
        "/api/v1/videos/generate",
        json={
            "prompt": "A serene mountain lake at sunrise with mist",
            "model": "sora-2",
            "seconds": 4,
            "size": "1280x720",
            "style": "documentary",
        },
    )
    assert made.status_code == 202
    clip = made.get_json()
    assert {"id", "status", "progress", "model", "seconds", "size", "created_at"} <= set(clip)
    assert clip["status"] == "queued" and clip["seconds"] == "4"
    done = wait_clip(client, clip["id"])
    assert done["status"] == "completed" and done["prompt"].endswith("ambient location sound."), (
        "the template is applied"
    )
    for output_type, mimetype in (("video", "video/mp4"), ("thumbnail", "image/webp"), ("spritesheet", "image/jpeg")):
        with client.get(f"/api/v1/videos/{clip['id']}/download?output_type={output_type}") as answer:
            assert answer.status_code == 200 and answer.mimetype == mimetype
    with client.get(f"/api/v1/videos/{clip['id']}/download", headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206 and len(part.data) == 10

    remix = client.post(f"/api/v1/videos/{clip['id']}/remix", json={"prompt": "Same lake, a heron lands"})
    assert remix.status_code == 202
    remixed = wait_clip(client, remix.get_json()["id"])
    assert remixed["method"] == "remix" and remixed["remixed_from"] == clip["id"]
    assert (remixed["size"], remixed["seconds"]) == ("1280x720", "4")
    engine_copy = requests.get(f"{engine}/videos/{remixed['provider_video_id']}", timeout=5).json()
    assert engine_copy["remixed_from_video_id"] == done["provider_video_id"]

    page = client.get("/api/v1/videos?limit=1&order=desc").get_json()
    assert [v["id"] for v in page["data"]] == [remixed["id"]] and page["has_more"]
    rest = client.get(f"/api/v1/videos?limit=5&after={page['last_id']}").get_json()
    assert [v["id"] for v in rest["data"]] == [clip["id"]] and not rest["has_more"]

    gone = client.delete(f"/api/v1/videos/{clip['id']}").get_json()
    assert gone["deleted"] and gone["provider_deleted"]
    assert requests.get(f"{engine}/videos/{done['provider_video_id']}", timeout=5).status_code == 404
    assert client.get(f"/api/v1/videos/{clip['id']}").status_code == 404


def test_clip_with_reference_image(client):
    made = client.post(
        "/api/v1/videos/generate",
        data={"prompt": "A red door", "seconds": "4", "input_reference": (io.BytesIO(png(50, 80)), "r.png")},
        content_type="multipart/form-data",
    )
    assert made.status_code == 202, made.get_json()
    assert wait_clip(client, made.get_json()["id"])["status"] == "completed"


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", "/api/v1/videos/generate", {}, 400, "prompt"),
        ("post", "/api/v1/videos/generate", {"prompt": "  "}, 400, "prompt"),
        ("post", "/api/v1/videos/generate", {"prompt": "x", "seconds": 5}, 400, "seconds"),
        ("post", "/api/v1/videos/generate", {"prompt": "x", "size": "1x1"}, 400, "size"),
        ("post", "/api/v1/videos/generate", {"prompt": "x" * 32001}, 400, "prompt"),
        ("get", "/api/v1/videos/video_abc123", None, 404, "video_id"),
        ("get", "/api/v1/videos/..%2F..%2Fetc", None, 404, None),
        ("get", "/api/v1/videos?limit=0", None, 400, "limit"),
        ("get", "/api/v1/videos?order=sideways", None, 400, "order"),
        ("get", "/api/v1/videos?after=nope", None, 400, "after"),
        ("delete", "/api/v1/videos/20261121-000000-abcd-1", None, 404, "video_id"),
        ("post", "/api/v1/videos/20261121-000000-abcd-1/remix", {"prompt": "x"}, 404, "video_id"),
        ("post", "/api/v1/videos/20261121-000000-abcd-1/remix", {}, 400, "prompt"),
    ],
)
def test_clip_endpoints_refuse_bad_input(client, method, path, body, status, field):
    answer = getattr(client, method)(path, json=body) if body is not None else getattr(client, method)(path)
    assert answer.status_code == status, answer.get_json()
    if field:
        assert answer.get_json()["error"]["field"] == field


def test_download_output_type_is_checked(client):
    made = client.post("/api/v1/videos/generate", json={"prompt": "x", "seconds": "4"}).get_json()
    answer = client.get(f"/api/v1/videos/{made['id']}/download?output_type=../../etc/passwd")
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "output_type"
    wait_clip(client, made["id"])


SEED_CREATE = """{
    "prompt": "A serene mountain lake at sunrise with mist",
    "model": "sora-2",
    "seconds": 8,
    "size": "1792x1024"
  }"""


def curl(cwd, *args: str) -> str:
    done = subprocess.run(
        ["curl", "-sS", "--fail-with-body", *args], capture_output=True, text=True, timeout=30, cwd=cwd
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def curl_until_completed(cwd, url: str) -> None:
    deadline = time.monotonic() + 60
    while json.loads(curl(cwd, url))["status"] != "completed":
        assert time.monotonic() < deadline, url
        time.sleep(0.3)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_second_seeds_curl_examples_run_as_written(tmp_path):
    """The seed README's examples, with only its host:port swapped for this studio's."""
    json_header = ("-H", "Content-Type: application/json")
    with EngineAndStudio(tmp_path, {"LOCAL_ENGINE_LATENCY": "0.5"}) as pair:
        base = pair.base
        assert json.loads(curl(tmp_path, f"{base}/health"))["status"] == "healthy"
        created = json.loads(
            curl(tmp_path, "-X", "POST", f"{base}/api/v1/videos/generate", *json_header, "-d", SEED_CREATE)
        )
        video_id = created["id"]
        curl_until_completed(tmp_path, f"{base}/api/v1/videos/{video_id}")
        curl(tmp_path, f"{base}/api/v1/videos/{video_id}/download?output_type=video", "--output", "my_video.mp4")
        assert (tmp_path / "my_video.mp4").stat().st_size > 10_000
        listed = json.loads(curl(tmp_path, f"{base}/api/v1/videos?limit=20&order=desc"))
        assert [v["id"] for v in listed["data"]] == [video_id]
        remix = json.loads(
            curl(
                tmp_path,
                "-X",
                "POST",
                f"{base}/api/v1/videos/{video_id}/remix",
                *json_header,
                "-d",
                '{"prompt": "Same lake at dusk"}',
            )
        )
        assert remix["remixed_from"] == video_id
        curl_until_completed(tmp_path, f"{base}/api/v1/videos/{remix['id']}")
        assert json.loads(curl(tmp_path, "-X", "DELETE", f"{base}/api/v1/videos/{video_id}"))["deleted"] is True
