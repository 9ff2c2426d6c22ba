"""Check what callers send before anything starts: parse into the models, and name the field at fault."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, TypeVar
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from backend.config import key_target
from backend.errors import BadRequest, PayloadTooLarge
from backend.media.images import ImageRejected, fit_reference
from backend.models.requests import ClipSettings, GenerateIn, SetKeyIn
from backend.providers.presets import PRESETS, Preset

M = TypeVar("M", bound=BaseModel)


def field_path(loc: tuple) -> str:
    """Turn pydantic's ('shots', 0, 'character') into 'shots[0].character'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _friendly(error: dict) -> str:
    name = field_path(error["loc"]) or "body"
    kind = error["type"]
    if kind == "missing":
        return f"{name} is required."
    if kind == "string_too_short":
        return f"{name} must not be empty."
    if kind == "string_too_long":
        return f"{name} is too long (at most {error['ctx']['max_length']} characters)."
    if kind == "too_short" and name == "shots":
        return "Add at least one shot."
    return f"{name}: {error['msg']}."


def validate(model: type[M], data: Any) -> M:
    """Parse `data` into `model` or raise BadRequest naming the first bad field."""
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.", field="body", code="invalid_json")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BadRequest(_friendly(first), field=field_path(first["loc"]) or "body") from None


def optional_body(body: Any) -> dict:
    """Treat a missing body as {} and refuse anything but an object."""
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.", field="body", code="invalid_json")
    return body


def load_payload(text: str | None) -> Any:
    """Read the multipart `payload` field as JSON."""
    if text is None:
        raise BadRequest("Multipart requests carry the JSON in a 'payload' field.", field="payload")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"payload is not valid JSON: {exc.msg}.", field="payload", code="invalid_json") from None


def check_choices(spec: ClipSettings, preset: Preset) -> None:
    """Refuse a model, size or duration the active provider does not offer, naming the field."""
    for name, allowed in (("model", preset.models), ("size", preset.sizes), ("seconds", preset.durations)):
        value = getattr(spec, name)
        if value is not None and value not in allowed:
            listed = ", ".join(allowed)
            raise BadRequest(f"{name} {value!r} is not offered by {preset.name}; choose one of: {listed}.", field=name)


def parse_generate(
    data: Any, files: dict[str, bytes], max_shots: int, max_file_size: int, size: str, preset: Preset
) -> tuple[GenerateIn, dict[str, bytes]]:
    """Validate a generate request and fit its pictures; return the request and PNGs by key.

    Pictures come as uploads beside the JSON (reference_<n>, cast_<id>, location_<id>) or inside it as
    data: URLs; either way they are keyed "shot:<n>", "cast:<id>", "location:<id>" and fitted to the frame.
    """
    request = validate(GenerateIn, data)
    check_generate(request, max_shots, preset)
    frame = request.size or size
    found: dict[str, tuple[str, bytes]] = {}
    for name, blob in files.items():
        found[_upload_key(name, request)] = (name, blob)
    inline = [(f"shot:{n}", f"shots[{n - 1}].reference", shot.reference) for n, shot in enumerate(request.shots, 1)]
    inline += [(f"cast:{m.id}", f"cast[{i}].reference", m.reference) for i, m in enumerate(request.cast)]
    inline += [(f"location:{p.id}", f"locations[{i}].reference", p.reference) for i, p in enumerate(request.locations)]
    for key, field, url in inline:
        if url is not None:
            found[key] = (field, data_url_bytes(url, field))
    return request, {key: fit_image(blob, field, max_file_size, frame) for key, (field, blob) in found.items()}


def check_generate(request: GenerateIn, max_shots: int, preset: Preset) -> None:
    """Refuse a sequence beyond MAX_SHOTS, or with a model, size or length the provider does not offer."""
    check_choices(request, preset)
    if len(request.shots) > max_shots:
        raise BadRequest(f"At most {max_shots} shots per sequence (the studio's MAX_SHOTS setting).", field="shots")
    for index, shot in enumerate(request.shots):
        if shot.seconds is not None and shot.seconds not in preset.durations:
            listed = ", ".join(preset.durations)
            raise BadRequest(
                f"shots[{index}].seconds: {preset.name} makes clips of {listed} s.", field=f"shots[{index}].seconds"
            )


def _upload_key(name: str, request: GenerateIn) -> str:
    """Map an upload's field name to its picture key, or refuse a name that fits nothing."""
    kind, _, rest = name.partition("_")
    if kind == "reference" and rest.isdigit() and 1 <= int(rest) <= len(request.shots):
        return f"shot:{int(rest)}"
    if kind == "cast" and rest in {member.id for member in request.cast}:
        return f"cast:{rest}"
    if kind == "location" and rest in {place.id for place in request.locations}:
        return f"location:{rest}"
    raise BadRequest(
        f"Unexpected file field {name!r}; use reference_1 to reference_{len(request.shots)}, "
        "cast_<id> or location_<id> of this sequence's cast and locations.",
        field=name,
    )


def data_url_bytes(url: str, field: str) -> bytes:
    """Decode a data:image/...;base64, URL (its picture is checked and fitted afterwards)."""
    try:
        return base64.b64decode(url.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(f"{field} is not a valid base64 data: URL.", field=field) from None


def fit_image(blob: bytes, field: str, max_file_size: int, size: str) -> bytes:
    """Check an uploaded image's size and content, and fit it to the frame."""
    if len(blob) > max_file_size:
        raise PayloadTooLarge(f"{field} is larger than {max_file_size / 1048576:.1f} MiB.", field=field)
    if not blob:
        raise BadRequest(f"{field} is empty.", field=field)
    try:
        return fit_reference(blob, size)
    except ImageRejected as exc:
        raise BadRequest(str(exc), field=field, code="invalid_image") from None


def provider_settings(body: Any, current_key: str | None, current_base: str | None) -> tuple[str | None, ...]:
    """Read set-key's body into (api_key, base_url, provider).

    A key belongs to the base URL it was set with: left out, the current key is kept only while the
    base URL stays the same, so a new base URL never receives the old key. Empty removes the key.
    """
    spec = validate(SetKeyIn, optional_body(body))
    key = spec.api_key if "api_key" in spec.model_fields_set else current_key
    if key is not None and (len(key) > 500 or any(c.isspace() for c in key)):
        raise BadRequest("api_key must be a string without spaces (empty to remove it).", field="api_key")
    base_url = spec.base_url or None
    if base_url is not None:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or "<" in base_url:
            raise BadRequest(
                "base_url must be an http(s) URL such as https://host/v1 (fill in the template).", field="base_url"
            )
    provider = spec.provider or None
    if provider is not None and provider not in PRESETS:
        raise BadRequest(f"provider must be one of: {', '.join(PRESETS)} (or empty for automatic).", field="provider")
    if "api_key" not in spec.model_fields_set and key_target(base_url) != key_target(current_base):
        key = None  # the old key was set for another address: never send it to this one
    return key or None, base_url, provider
