"""Draw a person's head: a lit face with simple features, the hair, the headwear, the glasses.

In figure units (pen.py): the head spans x -0.05..0.05 and y 0..0.13. The face is shaded on the side
away from the key light, so it reads as lit, and its features show once the head is big enough to hold
them: eyes and brows from a medium-wide shot, the nose and mouth closer in.
"""

from __future__ import annotations

from PIL import Image

from backend.local_engine.look import RGB, mix
from backend.local_engine.pen import SKIN_TINT, Pen, Shape, chord, darker, ellipse, mirrored, poly, rect
from backend.local_engine.wardrobe import Person

HEAD = [ellipse(-0.05, 0.0, 0.05, 0.112), rect(-0.043, 0.05, 0.043, 0.13, 0.03)]
EYE_Y, EYE_X = 0.066, 0.019
HAT_BRIM = {"fedora": 0.088, "wide": 0.118, "tophat": 0.075}


def behind_head(pen: Pen, person: Person) -> None:
    """Draw what hangs behind the body: a hood's back, long hair."""
    if person.hat == "hood":
        pen.fill([ellipse(-0.072, -0.022, 0.072, 0.17)], person.hat_colour)
    elif person.hair_style == "long" and person.hat != "helmet":
        pen.fill([rect(-0.066, 0.03, 0.066, 0.22, 0.03)], person.hair)


def neck(pen: Pen, person: Person) -> None:
    """Draw the neck, shaded under the chin; the collar then covers its foot."""
    pen.fill([rect(-0.024, 0.1, 0.024, 0.18)], person.skin, tinted=SKIN_TINT)
    pen.fill(
        [rect(-0.024, 0.118, 0.024, 0.142)], darker(person.skin, 0.22), outline=False, tinted=SKIN_TINT
    )  # under the chin


def head(pen: Pen, person: Person, light_side: int) -> None:
    """Draw ears, the lit face and its features, then hair and headwear over it."""
    pen.fill([ellipse(-0.062, 0.05, -0.044, 0.09), ellipse(0.044, 0.05, 0.062, 0.09)], person.skin, tinted=SKIN_TINT)
    pen.fill(HEAD, person.skin, tinted=SKIN_TINT)
    _shade_face(pen, person.skin, light_side)
    size = 0.13 * pen.h  # the head's height in pixels decides how much of a face it can hold
    if size >= 36:
        _face(pen, person, size)
    _hair(pen, person)
    if person.hat:
        HATS[person.hat](pen, person.hat_colour)
    for extra, colour in person.extras:
        if extra == "glasses" and size >= 36:
            _glasses(pen, colour)


def _shade_face(pen: Pen, skin: RGB, light_side: int) -> None:
    """Shade the side of the head away from the key light, clipped to the head's own outline."""
    x0, y0, x1, y1 = (round(v) for v in pen.box((-0.05, 0.0, 0.05, 0.13)))
    if x1 - x0 < 4 or y1 <= y0:
        return
    mask = Image.new("L", (x1 - x0, y1 - y0))
    local = Pen(mask, pen.cx - x0, pen.top - y0, pen.h, 0, (255, 255, 255))
    for shape in HEAD:
        local._shape(shape, 255, 0)  # type: ignore[arg-type]
    # The lit part is the head's own shape moved towards the light: the shade is a crescent on the far side.
    d = 0.026 * light_side
    for shape in (ellipse(-0.05 + d, -0.01, 0.05 + d, 0.112), rect(-0.043 + d, 0.04, 0.043 + d, 0.14, 0.03)):
        local._shape(shape, 0, 0)  # type: ignore[arg-type]
    pen.layer.paste((*pen.lit(darker(skin, 0.22), SKIN_TINT), 255), (x0, y0), mask)


def _face(pen: Pen, person: Person, size: float) -> None:
    """Draw brows and eyes; the nose and mouth too once the head is large."""
    brow = darker(person.hair, 0.3) if sum(person.hair) < 420 else darker(person.skin, 0.55)
    for side in (-1, 1):
        x = side * EYE_X
        pen.stroke([(x - 0.011 * side, EYE_Y - 0.009), (x + 0.011 * side, EYE_Y - 0.011)], brow, 0.0045)
        if size >= 110:
            pen.fill([ellipse(x - 0.0085, EYE_Y - 0.005, x + 0.0085, EYE_Y + 0.005)], (245, 242, 236), outline=False)
            pen.fill([ellipse(x - 0.0046, EYE_Y - 0.0046, x + 0.0046, EYE_Y + 0.0046)], (52, 36, 28), outline=False)
        else:
            pen.fill([ellipse(x - 0.004, EYE_Y - 0.005, x + 0.004, EYE_Y + 0.005)], (30, 24, 22), outline=False)
    if size >= 70:
        lips = mix(darker(person.skin, 0.3), (150, 50, 55), 0.35)
        pen.stroke([(-0.012, 0.104), (0, 0.106), (0.012, 0.104)], lips, 0.004)
    if size >= 110:  # the nose: only its shadowed underside
        pen.stroke([(-0.007, 0.089), (-0.002, 0.093), (0.004, 0.093)], darker(person.skin, 0.32), 0.003)


def _hair(pen: Pen, person: Person) -> None:
    """Draw the hair over the top of the head (headwear may cover it)."""
    style, colour = person.hair_style, person.hair
    if style == "bald":  # a fringe above each ear
        pen.fill([rect(-0.054, 0.045, -0.045, 0.075), rect(0.045, 0.045, 0.054, 0.075)], colour)
        return
    top = [chord(-0.055, -0.008, 0.055, 0.078)]
    if style == "long":
        top += [rect(-0.066, 0.02, -0.042, 0.2, 0.016), rect(0.042, 0.02, 0.066, 0.2, 0.016)]
    elif not person.hat:  # short hair shows at the temples; under a hat only its brim's shadow does
        top += [rect(-0.055, 0.02, -0.045, 0.066), rect(0.045, 0.02, 0.055, 0.066)]
    pen.fill(top, colour)
    if style == "bun" and person.hat in (None, "bandana", "crown"):  # any other headwear hides it
        pen.fill([ellipse(-0.028, -0.04, 0.028, 0.01)], colour)


def _glasses(pen: Pen, colour: RGB) -> None:
    dark = sum(colour) < 120
    for side in (-1, 1):
        lens = ellipse(side * EYE_X - 0.013, EYE_Y - 0.01, side * EYE_X + 0.013, EYE_Y + 0.01)
        if dark:
            pen.fill([lens], colour)
        else:
            pen.draw.ellipse(pen.box(lens[1]), outline=pen.lit(colour), width=max(1, round(0.003 * pen.h)))
    pen.stroke([(-0.006, EYE_Y - 0.002), (0.006, EYE_Y - 0.002)], colour, 0.003)


def _brimmed(crown: list[Shape], brim: float, band_y: float = 0.012):
    def draw(pen: Pen, colour: RGB) -> None:
        pen.fill(crown, colour)
        pen.fill([rect(-0.052, band_y, 0.052, band_y + 0.015)], darker(colour, 0.45), outline=False)
        pen.fill([ellipse(-brim, 0.019, brim, 0.045)], colour)

    return draw


def _cap(pen: Pen, colour: RGB) -> None:
    pen.fill([chord(-0.054, -0.012, 0.054, 0.09)], colour)
    pen.fill([poly((-0.05, 0.032), (0.05, 0.032), (0.064, 0.052), (-0.064, 0.052))], darker(colour, 0.2))


def _beanie(pen: Pen, colour: RGB) -> None:
    pen.fill([chord(-0.055, -0.018, 0.055, 0.09)], colour)
    pen.fill([rect(-0.056, 0.024, 0.056, 0.048, 0.006)], darker(colour, 0.15))


def _hood(pen: Pen, colour: RGB) -> None:
    pen.fill([chord(-0.064, -0.02, 0.064, 0.1), rect(-0.066, 0.03, -0.047, 0.15, 0.01),
              rect(0.047, 0.03, 0.066, 0.15, 0.01)], colour)  # fmt: skip


def _bandana(pen: Pen, colour: RGB) -> None:
    """A cloth tied over the head, its knot and tails at the side, dotted so it reads as printed."""
    pen.fill([poly((0.046, 0.034), (0.088, 0.018), (0.084, 0.05)), poly((0.046, 0.04), (0.078, 0.075), (0.06, 0.08))],
             darker(colour, 0.15))  # fmt: skip
    pen.fill([chord(-0.054, -0.008, 0.054, 0.094)], colour)
    pen.fill([ellipse(0.04, 0.026, 0.056, 0.046)], darker(colour, 0.1))
    if pen.h * 0.13 >= 70:
        spots = [(-0.03, 0.01), (0.0, 0.0), (0.03, 0.012), (-0.014, 0.03), (0.016, 0.032), (-0.04, 0.034)]
        for x, y in spots:
            pen.fill([ellipse(x - 0.004, y - 0.004, x + 0.004, y + 0.004)], (240, 236, 226), outline=False)


def _helmet(pen: Pen, colour: RGB) -> None:
    pen.fill([chord(-0.063, -0.022, 0.063, 0.11)], colour)
    pen.fill([rect(-0.066, 0.038, 0.066, 0.052, 0.005)], darker(colour, 0.25))


def _rainhat(pen: Pen, colour: RGB) -> None:
    """A sou'wester: a round crown, its brim short over the face and long down the sides and back."""
    pen.fill([chord(-0.054, -0.02, 0.054, 0.075)], colour)
    brim = poly((-0.06, 0.022), (0.06, 0.022), (0.102, 0.072), (0.076, 0.082), (0.05, 0.042), (-0.05, 0.042),
                (-0.076, 0.082), (-0.102, 0.072))  # fmt: skip
    pen.fill([brim], darker(colour, 0.12))


def _bubble(pen: Pen, colour: RGB) -> None:
    """A space helmet: a clear bowl round the whole head, its rim on the shoulders, a glint of light."""
    glass = pen.box((-0.085, -0.03, 0.085, 0.165))
    pen.draw.ellipse(glass, outline=pen.lit(colour), width=max(2, round(0.006 * pen.h)))
    pen.draw.arc(
        pen.box((-0.068, -0.014, 0.068, 0.15)), 200, 250, fill=(250, 250, 250), width=max(1, round(0.005 * pen.h))
    )
    pen.fill([rect(-0.09, 0.15, 0.09, 0.18, 0.01)], colour)


def _toque(pen: Pen, colour: RGB) -> None:
    pen.fill([ellipse(-0.064, -0.095, 0.064, 0.01), rect(-0.048, -0.03, 0.048, 0.032)], colour)
    for x in (-0.024, 0.0, 0.024):
        pen.stroke([(x, -0.045), (x, 0.0)], darker(colour, 0.25), 0.003)


def _tophat(pen: Pen, colour: RGB) -> None:
    pen.fill([rect(-0.042, -0.09, 0.042, 0.03)], colour)
    pen.fill([rect(-0.042, 0.0, 0.042, 0.016)], darker(colour, 0.45), outline=False)
    pen.fill([ellipse(-0.076, 0.018, 0.076, 0.04)], colour)


def _beret(pen: Pen, colour: RGB) -> None:
    pen.fill([ellipse(-0.066, -0.02, 0.058, 0.036)], colour)


def _crown(pen: Pen, colour: RGB) -> None:
    pen.fill([mirrored((0.0, -0.04), (0.022, -0.006), (0.048, -0.032), (0.046, 0.022))], colour)


HATS = {
    "fedora": _brimmed([mirrored((0.0, -0.022), (0.015, -0.03), (0.046, -0.022), (0.052, 0.032))], HAT_BRIM["fedora"]),
    "wide": _brimmed([mirrored((0.0, -0.03), (0.045, -0.018), (0.05, 0.032))], HAT_BRIM["wide"]),
    "tophat": _tophat,
    "cap": _cap,
    "beanie": _beanie,
    "hood": _hood,
    "bandana": _bandana,
    "helmet": _helmet,
    "rainhat": _rainhat,
    "bubble": _bubble,
    "toque": _toque,
    "beret": _beret,
    "crown": _crown,
}
