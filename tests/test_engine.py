"""The local engine through the real openai SDK over real HTTP, checked against the official schema."""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path

import jsonschema
import openai
import pytest
import requests
from PIL import Image

from backend.media.probe import probe

SPEC = json.loads((Path(__file__).resolve().parent / "data" / "openai-videos-openapi.json").read_text())


def conforms(body: dict, schema_name: str) -> None:
    """Validate `body` against a schema of the official OpenAPI description."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)


def conforms_error(response: requests.Response, status: int, param: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"]
    if param is not None:
        assert error["param"] == param
    return error


def finish(sdk, video_id: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        video = sdk.videos.retrieve(video_id)
        if video.status in ("completed", "failed"):
            return video
        time.sleep(0.1)
    raise TimeoutError(video_id)


def png(width: int, height: int, color=(200, 30, 30), kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, kind)
    return out.getvalue()


def test_create_poll_download_all_variants(sdk, engine, tmp_path):
    video = sdk.videos.create(prompt="A lighthouse at night, slow push in", seconds="4", size="1280x720")
    assert video.status == "queued" and video.progress == 0
    seen = set()
    progresses = []
    raw = requests.get(f"{engine}/videos/{video.id}", timeout=5)
    assert int(raw.headers["openai-poll-after-ms"]) > 0
    conforms(raw.json(), "VideoResource")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = sdk.videos.retrieve(video.id)
        seen.add(current.status)
        progresses.append(current.progress)
        if current.status == "completed":
            break
        time.sleep(0.05)
    assert current.status == "completed" and current.progress == 100
    assert "in_progress" in seen
    assert progresses == sorted(progresses), "progress only rises"
    assert current.completed_at and current.expires_at == current.completed_at + 3600
    conforms(requests.get(f"{engine}/videos/{video.id}", timeout=5).json(), "VideoResource")

    mp4 = tmp_path / "clip.mp4"
    sdk.videos.download_content(video.id).write_to_file(mp4)
    info = probe(mp4)
    assert (info.video_codec, info.width, info.height, info.pix_fmt) == ("h264", 1280, 720, "yuv420p")
    assert abs(info.duration - 4) <= 1 / 24 + 0.05 and info.audio_codec == "aac"
    for variant, kind, fmt in (("thumbnail", "image/webp", "WEBP"), ("spritesheet", "image/jpeg", "JPEG")):
        response = requests.get(f"{engine}/videos/{video.id}/content", params={"variant": variant}, timeout=5)
        assert response.headers["Content-Type"] == kind
        assert Image.open(io.BytesIO(response.content)).format == fmt
    ranged = requests.get(f"{engine}/videos/{video.id}/content", headers={"Range": "bytes=0-99"}, timeout=5)
    assert ranged.status_code == 206 and len(ranged.content) == 100


def test_reference_image_upload_and_data_url(sdk, engine, tmp_path):
    upload = sdk.videos.create(
        prompt="A red door", size="720x1280", input_reference=("ref.png", png(720, 1280), "image/png")
    )
    url = "data:image/webp;base64," + base64.b64encode(png(720, 1280, (20, 20, 220), "WEBP")).decode()
    linked = requests.post(
        f"{engine}/videos", json={"prompt": "A blue door", "input_reference": {"image_url": url}}, timeout=5
    )
    assert linked.status_code == 200, linked.text
    for video_id, channel in ((upload.id, 0), (linked.json()["id"], 2)):
        assert finish(sdk, video_id).status == "completed"
        thumb = Image.open(io.BytesIO(sdk.videos.download_content(video_id, variant="thumbnail").content))
        # The plate is the reference: its dominant colour channel shows through in the middle of the frame.
        pixel = thumb.convert("RGB").resize((9, 16)).getpixel((4, 8))
        assert pixel[channel] == max(pixel), pixel


def test_remix_keeps_source_settings(sdk):
    source = sdk.videos.create(prompt="Snowy forest at dawn", seconds="8", size="1792x1024", model="sora-2-pro")
    with pytest.raises(openai.BadRequestError) as refused:
        sdk.videos.remix(source.id, prompt="too early")
    assert "completed" in refused.value.message
    assert finish(sdk, source.id).status == "completed"
    remix = sdk.videos.remix(source.id, prompt="Same forest, a fox crosses the frame")
    assert remix.remixed_from_video_id == source.id
    assert (remix.size, remix.seconds, remix.model) == ("1792x1024", "8", "sora-2-pro")
    assert finish(sdk, remix.id).status == "completed"


def test_list_paginates_and_delete(sdk, engine):
    ids = [sdk.videos.create(prompt=f"clip {n}").id for n in range(5)]
    body = requests.get(f"{engine}/videos", params={"limit": 2}, timeout=5).json()
    conforms(body, "VideoListResource")
    assert [v["id"] for v in body["data"]] == ids[::-1][:2] and body["has_more"]
    assert body["first_id"] == ids[4] and body["last_id"] == ids[3]
    walked, after = [], None
    while True:
        page = sdk.videos.list(limit=2, order="asc", **({"after": after} if after else {}))
        walked += [v.id for v in page.data]
        if not page.has_more:
            break
        after = page.data[-1].id
    assert walked == ids
    deleted = requests.delete(f"{engine}/videos/{ids[0]}", timeout=5).json()
    conforms(deleted, "DeletedVideoResource")
    assert deleted == {"id": ids[0], "object": "video.deleted", "deleted": True}
    with pytest.raises(openai.NotFoundError):
        sdk.videos.retrieve(ids[0])


BAD_CREATES = [
    ({"prompt": ""}, "prompt"),
    ({}, "prompt"),
    ({"prompt": "x" * 32001}, "prompt"),
    ({"prompt": "ok", "seconds": 8}, "seconds"),
    ({"prompt": "ok", "seconds": "5"}, "seconds"),
    ({"prompt": "ok", "size": "1920x1080"}, "size"),
    ({"prompt": "ok", "model": "sora-3"}, "model"),
    ({"prompt": "ok", "input_reference": {"file_id": "file-1"}}, "input_reference.file_id"),
    ({"prompt": "ok", "input_reference": {"image_url": "https://example.com/a.png"}}, "input_reference.image_url"),
]


@pytest.mark.parametrize(("body", "param"), BAD_CREATES)
def test_bad_create_gets_the_apis_400(engine, body, param):
    conforms_error(requests.post(f"{engine}/videos", json=body, timeout=5), 400, param)


def test_bad_reference_images(engine):
    wrong_size = requests.post(
        f"{engine}/videos",
        data={"prompt": "x", "size": "720x1280"},
        files={"input_reference": ("r.png", png(100, 100), "image/png")},
        timeout=5,
    )
    error = conforms_error(wrong_size, 400, "input_reference")
    assert error["message"] == "Inpaint image must match the requested width and height"
    not_image = requests.post(
        f"{engine}/videos",
        data={"prompt": "x"},
        files={"input_reference": ("r.png", b"not an image at all", "image/png")},
        timeout=5,
    )
    conforms_error(not_image, 400, "input_reference")
    gif = io.BytesIO()
    Image.new("RGB", (720, 1280)).save(gif, "GIF")
    conforms_error(
        requests.post(
            f"{engine}/videos",
            data={"prompt": "x"},
            files={"input_reference": ("r.gif", gif.getvalue(), "image/gif")},
            timeout=5,
        ),
        400,
    )


def test_unknown_ids_unfinished_content_and_bad_queries(sdk, engine):
    conforms_error(requests.get(f"{engine}/videos/video_nope", timeout=5), 404)
    conforms_error(requests.post(f"{engine}/videos/video_nope/remix", json={"prompt": "x"}, timeout=5), 404)
    conforms_error(requests.delete(f"{engine}/videos/video_nope", timeout=5), 404)
    video = sdk.videos.create(prompt="slow one")
    conforms_error(requests.get(f"{engine}/videos/{video.id}/content", timeout=5), 409)
    conforms_error(requests.get(f"{engine}/videos/{video.id}/content?variant=gif", timeout=5), 400, "variant")
    conforms_error(requests.get(f"{engine}/videos?limit=0", timeout=5), 400, "limit")
    conforms_error(requests.get(f"{engine}/videos?limit=abc", timeout=5), 400, "limit")
    conforms_error(requests.get(f"{engine}/videos?order=up", timeout=5), 400, "order")
    conforms_error(requests.post(f"{engine}/videos/{video.id}/remix", json={}, timeout=5), 400, "prompt")
    conforms_error(
        requests.post(f"{engine}/videos", data="{not json", headers={"Content-Type": "application/json"}, timeout=5),
        400,
    )
    conforms_error(requests.put(f"{engine}/videos", timeout=5), 405)


def test_api_key_is_enforced_when_set(tmp_path):
    from tests.conftest import start_engine

    server, app = start_engine(tmp_path / "locked", api_key="engine-secret")
    try:
        url = f"{server.url}/v1"
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=url, api_key="wrong", max_retries=0).videos.list()
        conforms_error(requests.get(f"{url}/videos", timeout=5), 401)
        assert openai.OpenAI(base_url=url, api_key="engine-secret", max_retries=0).videos.list().data == []
    finally:
        server.stop()
        app.extensions["local_engine"].worker.shutdown()


def test_the_frame_rate_setting_reaches_the_clips(tmp_path, monkeypatch):
    """LOCAL_ENGINE_FPS (the suite renders at a draft rate): the clip has that rate and the size and length asked."""
    from pydantic import ValidationError

    from backend.local_engine import EngineSettings
    from tests.conftest import start_engine

    monkeypatch.setenv("LOCAL_ENGINE_FPS", "12")
    assert EngineSettings().local_engine_fps == 12
    for refused in ("5", "61", "7.5"):
        monkeypatch.setenv("LOCAL_ENGINE_FPS", refused)
        with pytest.raises(ValidationError, match="local_engine_fps"):
            EngineSettings()
    monkeypatch.delenv("LOCAL_ENGINE_FPS")
    assert EngineSettings().local_engine_fps == 24, "users get 24 frames a second"
    server, app = start_engine(tmp_path / "engine", latency=0, fps=12)
    try:
        sdk = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)
        video = finish(sdk, sdk.videos.create(prompt="A lighthouse at night", seconds="4", size="1280x720").id)
        assert video.status == "completed", video
        sdk.videos.download_content(video.id).write_to_file(tmp_path / "clip.mp4")
        info = probe(tmp_path / "clip.mp4")
        assert (info.width, info.height, info.fps) == (1280, 720, 12) and abs(info.duration - 4) <= 1 / 12
    finally:
        server.stop()
        app.extensions["local_engine"].worker.shutdown()
