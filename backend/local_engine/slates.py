"""Find and clear the KEYFRAME slate of one of this engine's own stills, so a picture made from it shows one.

An edit of a still, or an animatic whose plate is a still, draws its own slate over where the still's
was; the old one would show through the new, translucent card (or beside it as the camera moves). Only
a picture carrying the slate's accent stripe, exactly where a still of its size has it, is touched:
any other picture (a photo of a cast member, say) is used as it is.
"""

from __future__ import annotations

from PIL import Image

from backend.local_engine.cards import ACCENT, still_box

TOLERANCE = 4  # per channel: a still comes back as lossless PNG, at most a rounding away


def has_still_slate(picture: Image.Image) -> bool:
    """Tell whether `picture` is one of this engine's stills: the slate's accent stripe runs down its left edge."""
    x0, y0, _, y1 = still_box(picture.size)
    inset = (y1 - y0) // 5  # clear of the stripe's rounded ends
    if y1 > picture.height or y1 - y0 < 3 * inset or x0 + 1 >= picture.width:
        return False
    stripe = picture.convert("RGB").crop((x0, y0 + inset, x0 + 1, y1 - inset))
    low, high = zip(*stripe.getextrema(), strict=True)
    return all(abs(v - a) <= TOLERANCE for v, a in zip(low + high, ACCENT[:3] * 2, strict=True))


def clear_still_slate(picture: Image.Image) -> Image.Image:
    """Return `picture` with a still's slate painted over by what surrounds it, or unchanged if it has none.

    Each column is blended from the rows just above the box to those just below it: the sky or the wall
    the slate hid is a smooth gradient there, and the new slate, translucent, covers the seam.
    """
    picture = picture.convert("RGB")
    if not has_still_slate(picture):
        return picture
    x0, y0, x1, y1 = still_box(picture.size)
    x1, y1 = min(x1, picture.width), min(y1, picture.height - 1)
    band, width = max(1, min(4, y0)), x1 - x0
    ends = Image.new("RGB", (width, 2))
    for row, (top, bottom) in enumerate(((y0 - band, y0), (y1, min(picture.height, y1 + band)))):
        # Averaged over a few rows and widths: a star or a rain streak on the edge must not become a stripe.
        edge = picture.crop((x0, top, x1, bottom)).resize((max(1, width // 24), 1), Image.Resampling.BOX)
        ends.paste(edge.resize((width, 1), Image.Resampling.BILINEAR), (0, row))
    cleared = picture.copy()
    cleared.paste(ends.resize((width, y1 - y0), Image.Resampling.BILINEAR), (x0, y0))
    return cleared
