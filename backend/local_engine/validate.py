"""Check create and remix requests the way the real `/v1/videos` service does, with its wording.

The error shape and the checks the images routes share (a choice, a prompt, a data: URL) live here too.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from backend.media.images import ImageRejected, open_upload, png_bytes

MODEL_PATTERN = re.compile(r"sora-2(-pro)?(-\d{4}-\d{2}-\d{2})?")
SECONDS = ("4", "8", "12")
SIZES = ("720x1280", "1280x720", "1024x1792", "1792x1024")
MAX_PROMPT = 32000


class EngineError(Exception):
    """An answer in the real API's error shape: `{"error": {message, type, param, code}}`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        type: str = "invalid_request_error",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.type = type
        self.headers = headers or {}

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


def invalid(param: str, message: str, code: str = "invalid_value") -> EngineError:
    return EngineError(400, message, param=param, code=code)


@dataclass(frozen=True)
class CreateRequest:
    prompt: str
    model: str
    seconds: str
    size: str
    reference_png: bytes | None


def check_prompt(value: object) -> str:
    """Return a usable prompt or raise the API's 400."""
    if value is None or value == "":
        raise invalid("prompt", "Missing required parameter: 'prompt'.", "missing_required_parameter")
    if not isinstance(value, str):
        raise invalid("prompt", "Invalid type for 'prompt': expected a string.", "invalid_type")
    if len(value) > MAX_PROMPT:
        raise invalid(
            "prompt",
            f"Invalid 'prompt': string too long. Expected a string with maximum length {MAX_PROMPT}, "
            f"but got a string with length {len(value)} instead.",
            "string_above_max_length",
        )
    return value


def choice(param: str, value: object, allowed: tuple[str, ...], default: str) -> str:
    """Return one of `allowed` (or `default` when absent), or raise the API's 400."""
    if value is None:
        return default
    listed = ", ".join(f"'{option}'" for option in allowed)
    if not isinstance(value, str):
        kind = type(value).__name__.replace("int", "an integer").replace("float", "a number")
        raise invalid(
            param,
            f"Invalid type for '{param}': expected one of {listed}, but got {kind} instead.",
            "invalid_type",
        )
    if value not in allowed:
        raise invalid(param, f"Invalid value: '{value}'. Supported values are: {listed}.")
    return value


def check_create(fields: dict[str, object], upload: bytes | None) -> CreateRequest:
    """Validate a create request's fields (from JSON or multipart) and its reference image."""
    prompt = check_prompt(fields.get("prompt"))
    model = fields.get("model") or "sora-2"
    if not isinstance(model, str) or not MODEL_PATTERN.fullmatch(model):
        raise invalid("model", f"Invalid value: '{model}'. Supported values are: 'sora-2' and 'sora-2-pro'.")
    seconds = choice("seconds", fields.get("seconds"), SECONDS, "4")
    size = choice("size", fields.get("size"), SIZES, "720x1280")
    raw = upload if upload is not None else _reference_from_object(fields.get("input_reference"))
    reference = None if raw is None else _fitting_png(raw, size)
    return CreateRequest(prompt, model, seconds, size, reference)


def _reference_from_object(value: object) -> bytes | None:
    """Decode `{"image_url": "data:..."}`; this offline engine cannot fetch URLs or files."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid("input_reference", "Invalid 'input_reference': expected an image upload or an object.")
    return image_ref("input_reference", value)


def image_ref(param: str, value: dict) -> bytes:
    """Decode an image reference object's `image_url`, which must be a base64 data: URL here."""
    if value.get("file_id"):
        raise invalid(f"{param}.file_id", "The local engine has no file store; upload the image instead.")
    url = value.get("image_url")
    if not isinstance(url, str) or not url.startswith("data:"):
        raise invalid(
            f"{param}.image_url",
            "The local engine works offline and accepts only data: URLs (base64) as image_url.",
        )
    header, _, payload = url.partition(",")
    if ";base64" not in header:
        raise invalid(f"{param}.image_url", "image_url data URLs must be base64 encoded.")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid(f"{param}.image_url", "image_url is not valid base64.") from exc


def _fitting_png(raw: bytes, size: str) -> bytes:
    """Return the reference as PNG if it is a jpg/png/webp of exactly `size`."""
    try:
        image = open_upload(raw)
    except ImageRejected as exc:
        raise invalid("input_reference", f"Invalid file 'input_reference': {exc}") from exc
    width, height = (int(n) for n in size.split("x"))
    if image.size != (width, height):
        raise invalid("input_reference", "Inpaint image must match the requested width and height")
    return png_bytes(image)
