"""Read a storyboard file: JSON checked against the storyboard model, pictures beside it made inline."""

from __future__ import annotations

import base64
import json
import mimetypes
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backend.api.validation import field_path
from backend.models.storyboard import Storyboard


class BadStoryboard(Exception):
    """The file is not a storyboard the studio can run; the message names the field."""


def load(path: Path) -> dict[str, Any]:
    """Return the document as the API takes it, with picture paths turned into data: URLs."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadStoryboard(f"{path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise BadStoryboard(f"{path} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(document, dict):
        raise BadStoryboard(f"{path} must hold a storyboard object")
    places = [
        ("shots", document.get("shots")),
        ("cast", document.get("cast")),
        ("locations", document.get("locations")),
    ]
    for kind, items in places:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("reference"), str):
                item["reference"] = _inline(path.parent, item["reference"], f"{kind}[{index}].reference")
    try:
        Storyboard.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BadStoryboard(f"{field_path(first['loc']) or 'storyboard'}: {first['msg']}") from None
    return document


def _inline(folder: Path, reference: str, field: str) -> str:
    """A data: URL stays; a path relative to the storyboard (or absolute) is read and inlined."""
    if reference.startswith("data:"):
        return reference
    picture = (folder / reference).expanduser()
    if not picture.is_file():
        raise BadStoryboard(f"{field}: no picture at {picture}")
    kind = mimetypes.guess_type(picture.name)[0] or "image/png"
    return f"data:{kind};base64," + base64.b64encode(picture.read_bytes()).decode("ascii")
