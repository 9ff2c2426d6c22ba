"""Check `/v1/images/generations` and `/v1/images/edits` requests the way the real Images API does.

Fields come from JSON or, for edits, from a multipart form (where every value is a string); uploads come
as (param, mimetype, bytes). The wording and codes of the refusals follow the real API's.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image

from backend.local_engine.validate import check_prompt, choice, image_ref, invalid
from backend.media.images import ImageRejected, open_upload

MIN_SIDE, MAX_SIDE = 64, 2560
MAX_PIXELS = 2560 * 1600  # a 2x supersampled canvas of this is about 50 MB: drawn in well under a second
MAX_RATIO = 3.0
MAX_IMAGES = 16
MIMETYPES = ("image/jpeg", "image/png", "image/webp")
STANDARD = {"portrait": (1024, 1536), "landscape": (1536, 1024), "square": (1024, 1024)}
SIZE = re.compile(r"(\d{1,5})x(\d{1,5})")


@dataclass(frozen=True)
class ImageRequest:
    """One checked image request: what to draw, how many, and how to answer."""

    prompt: str
    model: str
    n: int
    size: tuple[int, int]
    quality: str  # as answered: low, medium or high
    response_format: str  # b64_json or url
    output_format: str  # png, jpeg or webp
    compression: int
    pictures: tuple[Image.Image, ...] = ()  # an edit's inputs, in order; the first is the one it keeps
    mask: Image.Image | None = None  # RGBA: transparent where the picture may change


Upload = tuple[str, str, bytes]  # (param, declared mimetype, content)


def check_generation(fields: dict) -> ImageRequest:
    """Validate a generation's JSON body."""
    return _common(fields, (), None, form=False, edit=False)


def check_edit_form(fields: dict, images: list[Upload], mask: Upload | None) -> ImageRequest:
    """Validate a multipart edit: its fields (strings), its `image` / `image[]` uploads and its mask."""
    check_prompt(fields.get("prompt"))
    if not images:
        raise invalid("image", "Missing required parameter: 'image'.", "missing_required_parameter")
    if len(images) > MAX_IMAGES:
        raise invalid(
            "image",
            f"Invalid 'image': array too long. Expected an array with maximum length {MAX_IMAGES}, "
            f"but got an array with length {len(images)} instead.",
            "array_above_max_length",
        )
    pictures = tuple(_picture(param, _declared(param, kind, data)) for param, kind, data in images)
    drawn_mask = _mask(_declared(*mask)) if mask is not None else None
    return _common(fields, pictures, drawn_mask, form=True, edit=True)


def check_edit_json(fields: dict) -> ImageRequest:
    """Validate a JSON edit, whose `images` (and `mask`) are reference objects with base64 data: URLs."""
    check_prompt(fields.get("prompt"))
    refs = fields.get("images")
    if refs is None or refs == []:
        raise invalid("images", "Missing required parameter: 'images'.", "missing_required_parameter")
    if not isinstance(refs, list) or not all(isinstance(ref, dict) for ref in refs):
        raise invalid("images", "Invalid type for 'images': expected an array of objects.", "invalid_type")
    if len(refs) > MAX_IMAGES:
        raise invalid("images", f"Invalid 'images': expected at most {MAX_IMAGES} images.", "array_above_max_length")
    pictures = tuple(_picture(f"images[{n}]", image_ref(f"images[{n}]", ref)) for n, ref in enumerate(refs))
    mask = fields.get("mask")
    if mask is not None and not isinstance(mask, dict):
        raise invalid("mask", "Invalid type for 'mask': expected an object.", "invalid_type")
    drawn_mask = _mask(image_ref("mask", mask)) if mask is not None else None
    return _common(fields, pictures, drawn_mask, form=False, edit=True)


def _common(fields: dict, pictures: tuple, mask: Image.Image | None, *, form: bool, edit: bool) -> ImageRequest:
    prompt = check_prompt(fields.get("prompt"))
    model = fields.get("model") or "gpt-image-1"
    if not isinstance(model, str):
        raise invalid("model", "Invalid type for 'model': expected a string.", "invalid_type")
    n = _integer("n", fields.get("n"), 1, 10, 1, form)
    size = _size(fields.get("size"), pictures)
    quality = choice("quality", fields.get("quality"), ("standard", "hd", "low", "medium", "high", "auto"), "auto")
    # dall-e models answer with a URL unless asked otherwise, the GPT image models always with base64.
    default_format = "url" if model.startswith("dall-e") else "b64_json"
    response_format = choice("response_format", fields.get("response_format"), ("url", "b64_json"), default_format)
    output_format = choice("output_format", fields.get("output_format"), ("png", "jpeg", "webp"), "png")
    compression = _integer("output_compression", fields.get("output_compression"), 0, 100, 100, form)
    background = choice("background", fields.get("background"), ("transparent", "opaque", "auto"), "auto")
    if background == "transparent" and output_format == "jpeg":
        raise invalid("background", "Transparent background is not supported for the 'jpeg' output format.")
    choice("moderation", fields.get("moderation"), ("low", "auto"), "auto")
    if not edit:
        choice("style", fields.get("style"), ("vivid", "natural"), "vivid")
    if edit:
        choice("input_fidelity", fields.get("input_fidelity"), ("high", "low"), "low")
    if fields.get("stream") in (True, "true", "True", "1"):
        raise invalid("stream", "The local engine does not stream images; leave 'stream' unset.", "unsupported_value")
    answered = {"low": "low", "high": "high", "hd": "high"}.get(quality, "medium")
    return ImageRequest(prompt, model, n, size, answered, response_format, output_format, compression, pictures, mask)


def _integer(param: str, value: object, low: int, high: int, default: int, form: bool) -> int:
    """Return an integer field in [low, high]; a form sends it as digits."""
    if value is None or (form and value == ""):
        return default
    if form and isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(param, f"Invalid type for '{param}': expected an integer.", "invalid_type")
    if value < low:
        raise invalid(
            param,
            f"Invalid '{param}': integer below minimum value. Expected a value >= {low}, but got {value} instead.",
            "integer_below_min_value",
        )
    if value > high:
        raise invalid(
            param,
            f"Invalid '{param}': integer above maximum value. Expected a value <= {high}, but got {value} instead.",
            "integer_above_max_value",
        )
    return value


def _size(value: object, pictures: tuple[Image.Image, ...]) -> tuple[int, int]:
    """Read WIDTHxHEIGHT within bounds; `auto` is the first input's size (if it fits) or a square."""
    if value is None or value == "auto":
        if pictures and _fits(pictures[0].size):
            return pictures[0].size
        if pictures:
            w, h = pictures[0].size
            return STANDARD["portrait" if h > w else "landscape" if w > h else "square"]
        return STANDARD["square"]
    match = SIZE.fullmatch(value) if isinstance(value, str) else None
    size = (int(match.group(1)), int(match.group(2))) if match else None
    if size is None or not _fits(size):
        raise invalid(
            "size",
            f"Invalid value: '{value}'. Supported values are: 'auto' and 'WIDTHxHEIGHT' with each side "
            f"{MIN_SIDE} to {MAX_SIDE} pixels, at most {MAX_PIXELS:,} pixels and {MAX_RATIO:g}:1 "
            "(e.g. '1024x1024', '1536x1024', '1024x1536', '720x1280', '1792x1024').",
        )
    return size


def _fits(size: tuple[int, int]) -> bool:
    w, h = size
    return (
        MIN_SIDE <= w <= MAX_SIDE
        and MIN_SIDE <= h <= MAX_SIDE
        and w * h <= MAX_PIXELS
        and max(w, h) <= MAX_RATIO * min(w, h)
    )


def _declared(param: str, mimetype: str, data: bytes) -> bytes:
    """Refuse an upload whose declared type is not an image type, as the real API does."""
    if mimetype not in MIMETYPES:
        raise invalid(
            param,
            f"Invalid file '{param}': unsupported mimetype ('{mimetype or 'application/octet-stream'}'). "
            "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
            "unsupported_file_mimetype",
        )
    return data


def _picture(param: str, data: bytes) -> Image.Image:
    """Open an upload as an upright RGB picture, or refuse it naming its param."""
    try:
        return open_upload(data)
    except ImageRejected as exc:
        raise invalid(param, f"Invalid file '{param}': {exc}", "invalid_image_file") from exc


def _mask(data: bytes) -> Image.Image:
    """Open the mask with its alpha channel, which says where the picture may change."""
    _picture("mask", data)  # the same checks as any upload: a real JPEG, PNG or WebP, not too large
    with Image.open(io.BytesIO(data)) as opened:
        if opened.mode not in ("RGBA", "LA", "PA") and "transparency" not in opened.info:
            raise invalid(
                "mask",
                "Invalid 'mask': it must have an alpha channel, transparent where the image should change.",
                "invalid_image_file",
            )
        return opened.convert("RGBA")
