"""Draw a storyboard still of a prompt: its animatic's plate and cast at rest, under a KEYFRAME slate.

The same reading and the same painters as the animatic (render.read_shot, plates.paint_plate), so a
shot's still and its clip show one place and one cast. An edit draws the prompt's cast over its input
picture instead of a painted plate: the input's place, palette and light carry over, as they would
from a real model asked to keep them (and an input still's slate gives way to the new one, slates.py).
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from backend.local_engine import cards
from backend.local_engine.plates import paint_plate
from backend.local_engine.render import read_shot
from backend.local_engine.slates import clear_still_slate

FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


def draw_still(
    prompt: str, size: tuple[int, int], backdrop: Image.Image | None = None, mask: Image.Image | None = None
) -> Image.Image:
    """Draw the still of `prompt` at `size`; over `backdrop` for an edit, kept where `mask` is opaque."""
    _, look, subject = read_shot(prompt, prompt)
    base = None
    if backdrop is not None:
        # Cleared at the input's own size, where a still's slate is found, then fitted to the frame.
        base = ImageOps.fit(clear_still_slate(backdrop), size, Image.Resampling.LANCZOS)
    picture = paint_plate(look, subject, size, size, base)
    if base is not None and mask is not None:
        # The edits API's mask: transparent where the picture may change, opaque where it must stay.
        keep = ImageOps.fit(mask.getchannel("A"), size, Image.Resampling.BILINEAR)
        picture = Image.composite(base, picture, keep)
    card, at = cards.still_card(prompt, subject.framing, base is not None, size)
    picture.paste(card, at, card)
    return picture


def encode(picture: Image.Image, output_format: str, compression: int) -> bytes:
    """Encode a still as PNG, JPEG or WebP; `compression` is the API's 0-100 (100: the least loss)."""
    out = io.BytesIO()
    kind = FORMATS[output_format]
    if kind == "PNG":
        picture.save(out, kind, compress_level=6)
    else:
        picture.save(out, kind, quality=max(1, min(100, compression)))
    return out.getvalue()
