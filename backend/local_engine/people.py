"""Draw one person as a flat storyboard figure: legs, the coat or dress by its cut, arms, what they carry.

In figure units (pen.py). The cut decides where the hem falls and how it flares, and the details that
tell one garment from another: lapels and a belt on a trench coat, a bib on overalls, a double row of
buttons on a chef's jacket. heads.py draws the head and what is worn on it.
"""

from __future__ import annotations

from backend.local_engine import heads
from backend.local_engine.look import RGB, mix
from backend.local_engine.pen import SKIN_TINT, Pen, darker, ellipse, mirrored, poly, rect
from backend.local_engine.wardrobe import Person

# cut: (hem, flare at the hem); the body under a hem at or above the hips shows the trousers.
CUTS = {
    "sweater": (0.5, 0.0), "overalls": (0.5, 0.0), "jumpsuit": (0.52, 0.0), "jacket": (0.54, 0.012),
    "tunic": (0.56, 0.01), "coat": (0.66, 0.03), "raincoat": (0.74, 0.065), "trench": (0.78, 0.05),
    "dress": (0.74, 0.08), "robe": (0.95, 0.09),
}  # fmt: skip
WHITE, SHOE = (236, 234, 228), (34, 30, 30)


def draw_person(pen: Pen, person: Person, light_side: int) -> None:
    """Draw the whole person, back to front; `light_side` is +1 when the key light is on the right."""
    heads.behind_head(pen, person)
    _legs(pen, person)
    heads.neck(pen, person)
    _torso(pen, person)
    _extras(pen, person, before_arms=True)
    _arms(pen, person)
    _extras(pen, person, before_arms=False)
    heads.head(pen, person, light_side)


def _shirt(person: Person) -> RGB:
    """The shirt under a jacket: white, or dark under a white jacket, so the neckline reads."""
    return (52, 54, 60) if sum(person.top_colour) > 600 else WHITE


def _legs(pen: Pen, person: Person) -> None:
    skirted = person.top in ("dress", "robe")
    colour = person.legs if not skirted or sum(person.legs) < 200 else person.skin
    for side in (-1, 1):
        if skirted:
            outer, inner, foot_out, foot_in = 0.055, 0.012, 0.05, 0.016
        else:
            outer, inner, foot_out, foot_in = 0.105, 0.006, 0.075, 0.022
        leg = poly((outer * side, 0.48), (inner * side, 0.5), (foot_in * side, 0.965), (foot_out * side, 0.965))
        pen.fill([leg], colour)
        x0, x1 = sorted((0.012 * side, 0.092 * side))
        pen.fill([rect(x0, 0.952, x1, 1.0, 0.02)], SHOE)


def _torso(pen: Pen, person: Person) -> None:
    """Draw the coat, jacket, dress or shirt to its hem, then what marks its cut."""
    hem, flare = CUTS.get(person.top, CUTS["jacket"])
    b = person.build
    outline = [(0.035, 0.165), (0.1 * b, 0.182), (0.128 * b, 0.2), (0.137 * b, 0.235), (0.12 * b, 0.36)]
    outline += [(0.112 * b, 0.47)] + ([(0.113 * b, 0.52)] if hem > 0.55 else [])
    outline += [(0.112 * b + flare, hem)]
    colour = person.top_colour
    if person.top == "overalls":
        pen.fill([mirrored(*outline)], _shirt(person) if sum(colour) < 600 else (150, 60, 55))
        _overalls(pen, person)
        return
    pen.fill([mirrored(*outline)], colour)
    detail = CUT_DETAILS.get(person.top)
    if detail:
        detail(pen, person, hem)


def _lapels(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([poly((-0.036, 0.166), (0.036, 0.166), (0.0, 0.29))], _shirt(person), outline=False)
    if person.top != "coat":
        for x, y in ((-0.05, 0.2), (0.05, 0.2)):  # the collar's points, turned up over the shoulders
            pen.fill([poly((x * 0.7, 0.165), (x * 1.6, 0.178), (x, y))], darker(colour, 0.12))
    for side in (-1, 1):
        lapel = poly((side * 0.036, 0.166), (side * 0.075, 0.205), (side * 0.05, 0.235), (0.0, 0.3))
        pen.fill([lapel], darker(colour, 0.16))
    pen.stroke([(0.0, 0.3), (0.0, hem)], darker(colour, 0.5), 0.003)
    rows = (-0.04, 0.04) if person.top == "trench" else (0.014,)
    for x in rows:
        for y in (0.32, 0.41) if person.top != "coat" else (0.33, 0.43, 0.53):
            pen.fill([ellipse(x - 0.007, y - 0.007, x + 0.007, y + 0.007)], darker(colour, 0.4), outline=False)
    if person.top == "trench":  # the belt and its buckle
        pen.fill([rect(-0.124 * person.build, 0.35, 0.124 * person.build, 0.382)], darker(colour, 0.22))
        pen.fill([rect(-0.016, 0.346, 0.016, 0.386, 0.004)], darker(colour, 0.45))


def _tunic(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([rect(-0.04, 0.158, 0.04, 0.182, 0.008)], darker(colour, 0.06))  # the standing collar
    pen.stroke([(0.03, 0.185), (0.045, 0.3), (0.04, hem - 0.02)], darker(colour, 0.3), 0.003)
    button = darker(colour, 0.45) if sum(colour) > 500 else mix(colour, WHITE, 0.6)
    for x in (-0.035, 0.045):
        for y in (0.22, 0.29, 0.36, 0.43):
            pen.fill([ellipse(x - 0.007, y - 0.007, x + 0.007, y + 0.007)], button, outline=False)


def _raincoat(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([rect(-0.05, 0.155, 0.05, 0.19, 0.012)], darker(colour, 0.1))  # a buttoned-up collar
    pen.stroke([(0.0, 0.19), (0.0, hem)], darker(colour, 0.45), 0.004)
    for y in (0.25, 0.33, 0.41, 0.49, 0.57):
        pen.fill([ellipse(0.008, y - 0.006, 0.02, y + 0.006)], darker(colour, 0.45), outline=False)
    # the sheen of waxed cloth, down the lit side
    pen.fill([poly((0.07, 0.22), (0.09, 0.22), (0.1, hem - 0.03), (0.08, hem - 0.03))], mix(colour, WHITE, 0.35),
             outline=False)  # fmt: skip


def _sweater(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([ellipse(-0.042, 0.15, 0.042, 0.19)], darker(colour, 0.2))
    pen.fill([ellipse(-0.032, 0.15, 0.032, 0.178)], person.skin, outline=False, tinted=SKIN_TINT)
    pen.fill([rect(-0.112 * person.build, hem - 0.03, 0.112 * person.build, hem)], darker(colour, 0.15))


def _dress(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([ellipse(-0.036, 0.13, 0.036, 0.2)], person.skin, outline=False, tinted=SKIN_TINT)  # a scooped neckline
    pen.fill([rect(-0.121 * person.build, 0.345, 0.121 * person.build, 0.37)], darker(colour, 0.25))
    for x in (-0.05, 0.0, 0.05):  # folds of the skirt
        pen.stroke([(x * 0.6, 0.4), (x * 1.3, hem - 0.01)], darker(colour, 0.2), 0.003)


def _jumpsuit(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([rect(-0.046, 0.155, 0.046, 0.185, 0.01)], darker(colour, 0.12))  # the collar
    pen.stroke([(0.0, 0.185), (0.0, hem)], darker(colour, 0.4), 0.004)  # the zip
    pen.fill([rect(-0.121 * person.build, 0.355, 0.121 * person.build, 0.38)], darker(colour, 0.3))
    pen.fill([rect(0.04, 0.24, 0.09, 0.29, 0.005)], darker(colour, 0.12))  # a chest pocket


def _robe(pen: Pen, person: Person, hem: float) -> None:
    colour = person.top_colour
    pen.fill([poly((-0.036, 0.166), (0.036, 0.166), (0.0, 0.25))], darker(colour, 0.35), outline=False)
    pen.fill([rect(-0.121 * person.build, 0.35, 0.121 * person.build, 0.375)], mix(colour, (201, 162, 63), 0.6))
    pen.stroke([(0.0, 0.375), (0.0, hem)], darker(colour, 0.3), 0.003)


CUT_DETAILS = {
    "jacket": _lapels, "coat": _lapels, "trench": _lapels, "tunic": _tunic, "raincoat": _raincoat,
    "sweater": _sweater, "dress": _dress, "robe": _robe, "jumpsuit": _jumpsuit,
}  # fmt: skip


def _overalls(pen: Pen, person: Person) -> None:
    colour, b = person.top_colour, person.build
    pen.fill([mirrored((0.07, 0.27), (0.075, 0.4), (0.113 * b, 0.47), (0.112 * b, 0.52))], colour)
    pen.fill([rect(-0.035, 0.3, 0.035, 0.35, 0.004)], darker(colour, 0.15))  # the bib's pocket
    for side in (-1, 1):
        pen.stroke([(side * 0.095 * b, 0.19), (side * 0.062, 0.28)], darker(colour, 0.1), 0.014)
        pen.fill([ellipse(side * 0.062 - 0.007, 0.273, side * 0.062 + 0.007, 0.287)], (210, 190, 120), outline=False)


def _arms(pen: Pen, person: Person) -> None:
    """Draw each sleeve from a round shoulder to the wrist, then the hand."""
    b = person.build
    sleeve_colour = person.top_colour
    if person.top == "overalls":
        sleeve_colour = _shirt(person) if sum(person.top_colour) < 600 else (150, 60, 55)
    for side in (-1, 1):
        shoulder = ellipse(side * 0.117 * b - 0.029, 0.187, side * 0.117 * b + 0.029, 0.245)
        sleeve = poly(
            (0.146 * b * side, 0.214), (0.094 * b * side, 0.224), (0.118 * b * side, 0.52), (0.16 * b * side, 0.514)
        )
        pen.fill([shoulder, sleeve], sleeve_colour)
        cuff = sorted((0.118 * b * side, 0.161 * b * side))
        pen.fill([rect(cuff[0], 0.498, cuff[1], 0.516)], darker(sleeve_colour, 0.2), outline=False)
        x0, x1 = sorted((0.12 * b * side, 0.162 * b * side))
        pen.fill([ellipse(x0, 0.51, x1, 0.572)], person.skin, tinted=SKIN_TINT)


def _extras(pen: Pen, person: Person, before_arms: bool) -> None:
    """Draw what the description names them wearing or carrying: scarf, tie, apron before the arms, a bag after."""
    for extra, colour in person.extras:
        if before_arms and extra == "tie":
            pen.fill([poly((-0.01, 0.166), (0.01, 0.166), (0.006, 0.186), (-0.006, 0.186))], darker(colour, 0.1))
            pen.fill([poly((-0.006, 0.186), (0.006, 0.186), (0.014, 0.285), (0.0, 0.302), (-0.014, 0.285))], colour)
        elif before_arms and extra == "apron":
            pen.fill([rect(-0.078, 0.26, 0.078, 0.7, 0.01)], colour)
            for side in (-1, 1):
                pen.stroke([(side * 0.03, 0.17), (side * 0.07, 0.262)], colour, 0.006)
        elif before_arms and extra == "scarf":
            pen.fill([rect(-0.052, 0.146, 0.052, 0.19, 0.014)], colour)
            pen.fill([poly((0.012, 0.175), (0.048, 0.175), (0.054, 0.345), (0.022, 0.35))], darker(colour, 0.08))
        elif not before_arms and extra == "bag":
            b = person.build
            pen.stroke([(-0.1 * b, 0.19), (0.14 * b, 0.44)], darker(colour, 0.25), 0.01)
            pen.fill([rect(0.12 * b, 0.42, 0.22 * b, 0.54, 0.012)], colour)
            pen.fill([rect(0.12 * b, 0.42, 0.22 * b, 0.462, 0.012)], darker(colour, 0.15))
