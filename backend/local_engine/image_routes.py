"""The engine's OpenAI Images API: `/v1/images/generations` and `/v1/images/edits`, answered at once.

Each answer is an ImagesResponse holding storyboard stills (stills.py) of the prompt. There is no job:
the still is drawn while the caller waits, as the real API draws. server.py guards these routes with the
same bearer key and fault injection as the videos routes.
"""

from __future__ import annotations

import base64
import logging
import math
import time

from flask import Blueprint, current_app, jsonify, request

from backend.local_engine.cards import summarize
from backend.local_engine.image_requests import ImageRequest, check_edit_form, check_edit_json, check_generation
from backend.local_engine.stills import draw_still, encode
from backend.local_engine.validate import EngineError, invalid

log = logging.getLogger(__name__)

bp = Blueprint("local_engine_images", __name__)
ANSWERED_SIZES = ("1024x1024", "1024x1536", "1536x1024")  # the only sizes an ImagesResponse may name
MIMES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


@bp.post("/images/generations")
def create_image():
    fields = request.get_json(silent=True)
    if not isinstance(fields, dict):
        raise invalid("body", "The request body must be a JSON object.", "invalid_json")
    return _answer("generation", check_generation(fields))


@bp.post("/images/edits")
def create_image_edit():
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        images = []
        for name in ("image", "image[]"):
            uploads = request.files.getlist(name)
            for n, upload in enumerate(uploads):
                # The real API names a file by its place in an array, and a lone `image` by its field.
                param = "image" if name == "image" and len(uploads) == 1 else f"image[{n}]"
                images.append((param, upload.mimetype, upload.read()))
        mask = request.files.get("mask")
        mask_upload = ("mask", mask.mimetype, mask.read()) if mask is not None else None
        return _answer("edit", check_edit_form(request.form.to_dict(), images, mask_upload))
    fields = request.get_json(silent=True)
    if not isinstance(fields, dict):
        raise invalid("body", "The request body must be multipart form data or a JSON object.", "invalid_json")
    return _answer("edit", check_edit_json(fields))


def _answer(kind: str, ask: ImageRequest):
    """Draw the still and answer the ImagesResponse at once.

    LOCAL_ENGINE_LATENCY emulates a video job's minutes; an image is answered in seconds, so it adds none.
    """
    engine = current_app.extensions["local_engine"]
    started = time.monotonic()
    backdrop = ask.pictures[0] if ask.pictures else None
    with engine.drawing:
        data = encode(draw_still(ask.prompt, ask.size, backdrop, ask.mask), ask.output_format, ask.compression)
    width, height = ask.size
    log.info(
        "drew still %s %dx%d in %.2fs from %d input(s): %d image(s) as %s, %r",
        kind, width, height, time.monotonic() - started, len(ask.pictures), ask.n, ask.output_format,
        summarize(ask.prompt, 60),
    )  # fmt: skip
    failure = engine.faults.job_failure()
    if failure == "moderation":
        raise EngineError(
            400,
            "Your request was rejected by the safety system. Your prompt may contain text that is not allowed.",
            code="moderation_blocked",
            type="image_generation_user_error",
        )
    if failure == "fail":
        raise EngineError(
            500,
            "The server had an error while processing your request. Sorry about that!",
            type="server_error",
            code="server_error",
        )
    encoded = base64.b64encode(data).decode()
    item = {"b64_json": encoded} if ask.response_format == "b64_json" else {
        # Offline, with no file store to link to: the picture travels inside its URL.
        "url": f"data:{MIMES[ask.output_format]};base64,{encoded}"
    }  # fmt: skip
    body = {
        "created": int(time.time()),
        "data": [item] * ask.n,  # the same request draws the same still: n copies of it
        "background": "opaque",
        "output_format": ask.output_format,
        "quality": ask.quality,
        "usage": _usage(ask),
    }
    if f"{width}x{height}" in ANSWERED_SIZES:
        body["size"] = f"{width}x{height}"
    return jsonify(body)


def _usage(ask: ImageRequest) -> dict:
    """Report the prompt's length in tokens (about four characters each); no model ran, so nothing else."""
    text = math.ceil(len(ask.prompt) / 4)
    return {
        "input_tokens": text,
        "input_tokens_details": {"text_tokens": text, "image_tokens": 0},
        "output_tokens": 0,
        "total_tokens": text,
    }
