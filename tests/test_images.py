"""The local engine's Images API through the real openai SDK over real HTTP, checked against the official schema.

Stills are decoded and measured: their size, the input palette an edit keeps, the cast drawn as in the
animatic of the same prompt, the same picture for the same request.
"""

from __future__ import annotations

import base64
import io
import json
import logging
from pathlib import Path

import jsonschema
import numpy as np
import openai
import pytest
import requests
from PIL import Image

from backend.local_engine import render as render_module
from backend.local_engine.cards import ACCENT, still_box
from backend.local_engine.plates import paint_plate, standing
from backend.local_engine.render import RenderSpec, read_shot, render_animatic
from backend.local_engine.slates import clear_still_slate, has_still_slate
from backend.local_engine.stills import draw_still
from tests.conftest import start_engine
from tests.test_drawing import COAT, HEADWEAR, median, same_colour, shot
from tests.test_render import frame_at

SPEC = json.loads((Path(__file__).resolve().parent / "data" / "openai-images-openapi.json").read_text())
STREET_WIDE = shot(["ray"], "street", "Wide shot, static", character="Ray Cole waits under a lamp")
ANA_WIDE_KITCHEN = shot(["ana"], "kitchen", "Wide shot, static", character="Ana arrives", number=2)
PORTRAIT = (720, 1280)


def conforms(body: dict, schema_name: str = "ImagesResponse") -> None:
    """Validate `body` against a schema of the official OpenAPI description."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)


def conforms_error(response: requests.Response, status: int, param: str | None, code: str | None = None) -> dict:
    """Check an error answer has the real API's shape, status, param and code."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"]
    assert error["type"] == ("invalid_request_error" if status == 400 else error["type"])
    assert error["param"] == param
    if code is not None:
        assert error["code"] == code
    return error


def decode(b64: str) -> Image.Image:
    picture = Image.open(io.BytesIO(base64.b64decode(b64)))
    picture.load()
    return picture


def generate(sdk, prompt: str, size: str = "720x1280", **extra) -> tuple[dict, Image.Image]:
    """Generate through the SDK; return the raw JSON (checked against the schema) and the decoded still."""
    raw = sdk.images.with_raw_response.generate(model="gpt-image-1", prompt=prompt, size=size, n=1, **extra)
    body = raw.http_response.json()
    conforms(body)
    parsed = raw.parse()
    assert parsed.data[0].b64_json == body["data"][0]["b64_json"]
    return body, decode(body["data"][0]["b64_json"])


def edit(sdk, pictures: list[bytes], prompt: str, size: str = "720x1280", **extra) -> tuple[dict, Image.Image]:
    """Edit through the SDK, the way the studio calls it (a list of PNG files)."""
    files = [(f"input_{n}.png", io.BytesIO(p), "image/png") for n, p in enumerate(pictures, 1)]
    raw = sdk.images.with_raw_response.edit(model="gpt-image-1", image=files, prompt=prompt, size=size, n=1, **extra)
    body = raw.http_response.json()
    conforms(body)
    return body, decode(raw.parse().data[0].b64_json)


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def pixels(picture: Image.Image) -> np.ndarray:
    return np.asarray(picture.convert("RGB")).astype(np.int16)


def plate_band(picture: Image.Image) -> np.ndarray:
    """The mean colour of a band of plate no card or wide-shot figure reaches: 15 % to 35 % down."""
    array = pixels(picture)
    return array[round(0.15 * len(array)) : round(0.35 * len(array))].reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize(
    "size", ["720x1280", "1280x720", "1024x1792", "1792x1024", "1024x1024", "1536x1024", "1024x1536", "640x480"]
)
def test_a_generation_is_a_png_of_exactly_the_size_asked(sdk, size):
    body, picture = generate(sdk, STREET_WIDE, size)
    assert picture.format == "PNG" and picture.size == tuple(int(n) for n in size.split("x"))
    assert len(body["data"]) == 1 and set(body["data"][0]) == {"b64_json"}
    assert body["output_format"] == "png" and body["background"] == "opaque" and body["quality"] == "medium"
    assert body["usage"]["input_tokens"] > 0
    # The schema names three sizes only: the others are drawn exactly and left unnamed.
    assert body.get("size") == (size if size in ("1024x1024", "1536x1024", "1024x1536") else None)


def test_auto_size_formats_count_and_urls(sdk, engine):
    body, picture = generate(sdk, "A lighthouse on a cliff at dawn.", "auto", quality="high")
    assert picture.size == (1024, 1024) and body["size"] == "1024x1024" and body["quality"] == "high"
    for fmt, kind in (("jpeg", "JPEG"), ("webp", "WEBP")):
        body, picture = generate(sdk, "A lighthouse on a cliff at dawn.", "1280x720", output_format=fmt)
        assert picture.format == kind and picture.size == (1280, 720) and body["output_format"] == fmt
    answer = requests.post(
        f"{engine}/images/generations",
        json={"prompt": "A lighthouse.", "n": 3, "size": "512x512", "response_format": "url", "style": "natural"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    conforms(answer.json())
    urls = [item["url"] for item in answer.json()["data"]]
    assert len(urls) == 3 and len(set(urls)) == 1 and urls[0].startswith("data:image/png;base64,")
    assert decode(urls[0].partition(",")[2]).size == (512, 512)


def test_the_same_request_draws_the_same_picture(sdk):
    first, again = generate(sdk, STREET_WIDE)[1], generate(sdk, STREET_WIDE)[1]
    assert first.tobytes() == again.tobytes()
    assert first.tobytes() != generate(sdk, ANA_WIDE_KITCHEN)[1].tobytes()
    source = png(first)
    assert edit(sdk, [source], ANA_WIDE_KITCHEN)[1].tobytes() == edit(sdk, [source], ANA_WIDE_KITCHEN)[1].tobytes()


def test_an_edit_keeps_its_inputs_palette_and_draws_the_prompts_cast(sdk):
    _, street = generate(sdk, STREET_WIDE)
    _, kitchen = generate(sdk, ANA_WIDE_KITCHEN)
    body, edited = edit(sdk, [png(street), png(kitchen)], ANA_WIDE_KITCHEN)
    assert edited.size == PORTRAIT and "size" not in body
    # The place is the first input's (the night street), not the kitchen the prompt names...
    assert np.abs(plate_band(edited) - plate_band(street)).sum() < 12
    assert np.abs(plate_band(edited) - plate_band(kitchen)).sum() > 100
    # ...and the person standing in it is the prompt's: Ana, as the kitchen still draws her.
    _, look, subject = read_shot(ANA_WIDE_KITCHEN, ANA_WIDE_KITCHEN)
    at = standing(look, subject, PORTRAIT)[0]
    assert np.abs(median(pixels(edited), at, COAT) - median(pixels(kitchen), at, COAT)).sum() < 60
    assert np.abs(median(pixels(edited), at, COAT) - median(pixels(street), at, COAT)).sum() > 120
    # Any picture works as the plate: a plain red one stays red.
    _, red = edit(sdk, [png(Image.new("RGB", (360, 640), (200, 30, 30)))], ANA_WIDE_KITCHEN)
    r, g, b = plate_band(red)
    assert r > 150 and g < 60 and b < 60, (r, g, b)


def test_an_edit_of_an_edit_shows_one_slate(sdk):
    _, kitchen = generate(sdk, ANA_WIDE_KITCHEN)  # a bright wall: a slate left under the new one would show
    once = edit(sdk, [png(kitchen)], ANA_WIDE_KITCHEN)[1]
    twice = edit(sdk, [png(once)], ANA_WIDE_KITCHEN)[1]
    # The slate is cleared before the new one is drawn: an edit of an edit is that same edit again.
    x0, y0, x1, y1 = still_box(PORTRAIT)
    assert np.abs(pixels(once) - pixels(twice))[y0:y1, x0:x1].mean() < 1.0
    assert np.abs(pixels(once) - pixels(twice)).mean() < 1.0


def test_the_mask_keeps_the_input_where_it_is_opaque(sdk):
    plain = Image.new("RGB", PORTRAIT, (40, 120, 200))
    mask = Image.new("RGBA", PORTRAIT, (0, 0, 0, 0))
    mask.paste((0, 0, 0, 255), (0, 640, 720, 1280))  # keep the lower half
    files = [("in.png", io.BytesIO(png(plain)), "image/png")]
    answer = sdk.images.edit(
        image=files, mask=("mask.png", io.BytesIO(png(mask)), "image/png"), prompt=ANA_WIDE_KITCHEN, size="720x1280"
    )
    result = pixels(decode(answer.data[0].b64_json))
    assert (np.abs(result[700:] - (40, 120, 200)).sum(axis=-1) <= 3).all()  # Ana's legs are masked out
    unmasked = edit(sdk, [png(plain)], ANA_WIDE_KITCHEN)[1]
    assert np.abs(pixels(unmasked)[700:] - (40, 120, 200)).sum(axis=-1).max() > 100


def test_the_still_draws_the_cast_as_the_animatic_does(sdk, tmp_path):
    prompt = shot(["ray", "ana"], "kitchen", "Medium two shot, static", character="Ray Cole hands Ana a note")
    _, still = generate(sdk, prompt)
    render_animatic(RenderSpec(prompt, *PORTRAIT, 4, prompt), tmp_path / "clip")
    frame, drawn = frame_at(tmp_path / "clip" / "video.mp4", 2.0), pixels(still)
    _, look, subject = read_shot(prompt, prompt)
    for at in standing(look, subject, PORTRAIT):
        for area in (COAT, HEADWEAR):
            a, b = median(drawn, at, area), median(frame, at, area)
            assert same_colour(a, b) and np.abs(a - b).sum() < 30, (at.person.name, area, a, b)


BAD_GENERATIONS = [
    ({"size": "1024x1024"}, "prompt", "missing_required_parameter"),
    ({"prompt": ""}, "prompt", "missing_required_parameter"),
    ({"prompt": "x", "size": "big"}, "size", "invalid_value"),
    ({"prompt": "x", "size": "10x10"}, "size", "invalid_value"),
    ({"prompt": "x", "size": "4000x4000"}, "size", "invalid_value"),
    ({"prompt": "x", "size": "2400x64"}, "size", "invalid_value"),
    ({"prompt": "x", "n": 0}, "n", "integer_below_min_value"),
    ({"prompt": "x", "n": 11}, "n", "integer_above_max_value"),
    ({"prompt": "x", "quality": "ultra"}, "quality", "invalid_value"),
    ({"prompt": "x", "output_format": "gif"}, "output_format", "invalid_value"),
    ({"prompt": "x", "background": "transparent", "output_format": "jpeg"}, "background", "invalid_value"),
    ({"prompt": "x", "stream": True}, "stream", "unsupported_value"),
]


@pytest.mark.parametrize(("body", "param", "code"), BAD_GENERATIONS)
def test_a_bad_generation_gets_the_apis_400(engine, body, param, code):
    conforms_error(requests.post(f"{engine}/images/generations", json=body, timeout=5), 400, param, code)


def test_bad_edits_get_the_apis_400(sdk, engine):
    ok = ("in.png", png(Image.new("RGB", (64, 64))), "image/png")
    url = f"{engine}/images/edits"

    def form(fields: dict, files: list) -> requests.Response:
        # (None, value) parts make a multipart form even without a file in it.
        return requests.post(url, files=[(k, (None, v)) for k, v in fields.items()] + files, timeout=5)

    conforms_error(form({"prompt": "x"}, []), 400, "image", "missing_required_parameter")
    conforms_error(form({}, [("image", ok)]), 400, "prompt", "missing_required_parameter")
    conforms_error(form({"prompt": "x"}, [("image", ("a.txt", b"hello", "text/plain"))]), 400, "image",
                   "unsupported_file_mimetype")  # fmt: skip
    conforms_error(form({"prompt": "x"}, [("image[]", ok), ("image[]", ("b.png", b"not a png", "image/png"))]), 400,
                   "image[1]", "invalid_image_file")  # fmt: skip
    conforms_error(form({"prompt": "x", "size": "3x3"}, [("image", ok)]), 400, "size")
    conforms_error(form({"prompt": "x", "n": "many"}, [("image", ok)]), 400, "n", "invalid_type")
    conforms_error(form({"prompt": "x"}, [("image", ok), ("mask", ok)]), 400, "mask", "invalid_image_file")
    with pytest.raises(openai.BadRequestError) as refused:
        sdk.images.edit(image=("notes.txt", io.BytesIO(b"hello"), "text/plain"), prompt="x")
    assert refused.value.code == "unsupported_file_mimetype"
    conforms_error(requests.post(url, json={"prompt": "x"}, timeout=5), 400, "images", "missing_required_parameter")
    conforms_error(requests.post(url, json={"prompt": "x", "images": [{"file_id": "file-1"}]}, timeout=5), 400,
                   "images[0].file_id")  # fmt: skip


def test_a_json_edit_takes_data_urls(engine):
    data_url = "data:image/png;base64," + base64.b64encode(png(Image.new("RGB", (640, 360), (20, 160, 60)))).decode()
    body = {"prompt": ANA_WIDE_KITCHEN, "images": [{"image_url": data_url}]}
    answer = requests.post(f"{engine}/images/edits", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    conforms(answer.json())
    picture = decode(answer.json()["data"][0]["b64_json"])
    assert picture.size == (640, 360)  # auto: the input's own size
    r, g, b = plate_band(picture)
    assert g > 120 and r < 60 and b < 90, (r, g, b)


def test_the_key_and_faults_guard_the_images_routes(tmp_path):
    server, app = start_engine(tmp_path / "locked", api_key="engine-secret", faults="http429=1")
    try:
        url = f"{server.url}/v1"
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=url, api_key="wrong", max_retries=0).images.generate(prompt="x")
        conforms_error(requests.post(f"{url}/images/edits", json={"prompt": "x"}, timeout=5), 401, None)
        with pytest.raises(openai.RateLimitError):
            openai.OpenAI(base_url=url, api_key="engine-secret", max_retries=0).images.generate(prompt="x")
    finally:
        server.stop()
        app.extensions["local_engine"].worker.shutdown()
    server, app = start_engine(tmp_path / "strict", faults="moderation=1")
    try:
        answer = requests.post(f"{server.url}/v1/images/generations", json={"prompt": "x"}, timeout=5)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "moderation_blocked"
    finally:
        server.stop()
        app.extensions["local_engine"].worker.shutdown()


def test_each_still_drawn_is_one_info_line(sdk, caplog):
    caplog.set_level(logging.INFO, logger="backend.local_engine")
    _, still = generate(sdk, STREET_WIDE)
    edit(sdk, [png(still)], ANA_WIDE_KITCHEN, size="1280x720")
    with pytest.raises(openai.BadRequestError):
        sdk.images.generate(prompt="x", size="huge")  # refused: nothing drawn, nothing logged
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("drew still ")]
    assert len(lines) == 2 and all(r.levelno == logging.INFO for r in caplog.records if "drew still" in r.msg)
    assert lines[0].startswith("drew still generation 720x1280 ")
    assert lines[1].startswith("drew still edit 1280x720 ")


def accent_pixels(picture: Image.Image) -> int:
    """Count the slate's accent-coloured pixels (its stripe and its KEYFRAME tag) where a still's slate sits."""
    x0, y0, x1, y1 = still_box(picture.size)
    box = pixels(picture)[y0:y1, x0:x1]
    return int((np.abs(box - ACCENT[:3]).sum(axis=-1) <= 12).sum())


@pytest.mark.parametrize("size", [(720, 1280), (1792, 1024), (64, 64)])
def test_a_still_is_known_by_its_slate_and_only_a_still(size):
    prompt = shot(["ray"], "street", "Wide shot, static")
    still = draw_still(prompt, size)
    assert has_still_slate(still) and accent_pixels(still) > 0
    assert accent_pixels(clear_still_slate(still)) == 0
    _, look, subject = read_shot(prompt, prompt)
    for other in (paint_plate(look, subject, size, size), Image.new("RGB", size, (90, 120, 30))):
        assert not has_still_slate(other)
        assert clear_still_slate(other).tobytes() == other.tobytes()  # a photo is used as it is


def test_an_animatic_made_from_a_still_shows_only_its_own_caption(tmp_path):
    prompt = shot(["ray"], "kitchen", "Wide shot, slow push in")
    draw_still(prompt, PORTRAIT).save(tmp_path / "still.png")
    spec = RenderSpec(prompt, *PORTRAIT, 4, prompt, reference_image=tmp_path / "still.png")
    _, look, subject = read_shot(prompt, prompt)
    plate = render_module._plate(spec, look, subject, PORTRAIT)
    assert accent_pixels(plate) == 0  # the still's slate gave way; the animatic lays its own caption over it
    kept = pixels(plate)[400:] - pixels(Image.open(tmp_path / "still.png"))[400:]
    assert np.abs(kept).max() <= 2  # below the slate the still is the plate as it was
