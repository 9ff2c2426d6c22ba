"""Read who stands in a shot from its prompt, and paint them onto the plate as silhouettes.

Beside plates.py, which paints the scenery: the figures come from the shot's own prompt,
the scenery from the look prompt, so a remix keeps its setting while its cast changes.
The framing (wide, medium, close) decides how large the figures stand and where they are cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from backend.local_engine.look import RGB, SS, hex_rgb, mix, tint
from backend.local_engine.plates import LAYERS, _Scene


@dataclass(frozen=True)
class Subject:
    """Who stands in the frame, read from the shot's prompt."""

    kind: str | None  # "people", "car" or None for an empty landscape
    count: int = 1
    framing: str = "wide"  # wide, medium or close
    wardrobe: RGB | None = None

    def paint(self, sc: _Scene, ground: float) -> None:
        """Draw the subject on the scene's canvas, standing on the `ground` line."""
        if self.kind == "people":
            _paint_people(sc, self, ground)
        elif self.kind == "car":
            _paint_car(sc, self, ground)


PEOPLE = (
    r"\b(person|people|man|men|woman|women|girl|boy|child|children|kids?|he|she|his|her|they|detective|character|"
    r"figure|stranger|couple|friends?|soldier|officer|travell?er|hero|heroine|crowd|courier|captain|pilot|doctor|"
    r"nurse|chef|teacher|student|farmer|fisherman|hikers?|runner|dancer|singer|musician|artist|knight|king|queen|"
    r"prince|princess|wizard|witch|astronaut|scientist|agent|spy|thief|lady|guy|teenager|mother|father|mom|dad|"
    r"son|daughter|family|grandmother|grandfather|old man|old woman|worker|nomad|sailor|explorer)\b"
)
ANIMALS = r"\b(wolf|wolves|dog|cat|fox|bird|birds|horse|deer|bear|whale|fish|owl|eagle|animal|creature|dragon)\b"
COLOURS = {
    "red": "#b8383b", "crimson": "#a3243b", "orange": "#d9782d", "yellow": "#d9b53a", "gold": "#c9a23f",
    "green": "#3f8a4f", "teal": "#2f8a8a", "blue": "#3a64b0", "navy": "#25355e", "purple": "#6b4597",
    "pink": "#d16d9b", "white": "#e6e6e6", "grey": "#8a8f96", "gray": "#8a8f96", "brown": "#7a5436",
    "black": "#26262a",
}  # fmt: skip


def read_subject(prompt: str, speakers: int = 0) -> Subject:
    """Guess the subject, how many and how framed; dialog speakers count as people."""
    text = prompt.lower()
    framing = "wide"
    if re.search(r"\b(extreme close|close-up|closeup|close up|cu)\b", text):
        framing = "close"
    elif re.search(r"\b(medium|mid shot|waist|two-shot|two shot|over-the-shoulder)\b", text):
        framing = "medium"
    colour = re.search(r"\b(" + "|".join(COLOURS) + r")\b", text)
    wardrobe = hex_rgb(COLOURS[colour.group(1)]) if colour else None
    # The director opens with the character ("Scene: Mara, a courier."): a person unless it says otherwise.
    named = re.match(r"\s*scene:", text) and not re.search(ANIMALS + r"|\b(car|truck|van)\b", text.split("\n")[0])
    if speakers or named or re.search(PEOPLE, text):
        count = speakers or (2 if re.search(r"\b(two|couple|pair|both)\b", text) else 1)
        return Subject("people", min(count, 1 if framing == "close" else 3), framing, wardrobe)
    if re.search(r"\b(car|truck|van|taxi|vehicle|jeep)\b", text):
        return Subject("car", 1, framing, wardrobe)
    return Subject(None, 0, framing)


FIGURE_PLACES = {1: [0.62], 2: [0.32, 0.68], 3: [0.25, 0.5, 0.75]}
# Half a torso's outline, neck to hip, in figure heights from the top of the head; mirrored for the rest.
_HALF_TORSO = [(0.035, 0.16), (0.105, 0.18), (0.128, 0.198), (0.137, 0.235), (0.117, 0.36), (0.105, 0.56)]
TORSO = _HALF_TORSO + [(-x, y) for x, y in reversed(_HALF_TORSO)]


def _paint_people(sc: _Scene, subject: Subject, ground: float) -> None:
    """Draw rim-lit figures sized by the framing: full body, waist up, or head and shoulders."""
    body, coat = Image.new("L", sc.size), Image.new("L", sc.size)
    # Wide shows the whole body; medium cuts at the hips, close-up below the shoulders.
    head = {"wide": 0.0, "medium": 0.24, "close": 0.2}[subject.framing]
    seen = {"wide": 0.0, "medium": 0.58, "close": 0.3}[subject.framing]
    height = 0.45 * sc.unit if not seen else min((1 - head) * sc.fh / seen, 3.8 * sc.fw)  # head <= 38 % wide
    places = {"close": [0.5], "medium": [0.6] if subject.count == 1 else FIGURE_PLACES[subject.count]}
    places = places.get(subject.framing, FIGURE_PLACES[subject.count])
    if len(places) > 1:
        height = min(height, sc.fw / (0.3 * len(places)))  # shoulders must fit side by side
    for n, u in enumerate(places):
        h = height * (1 - 0.04 * (n % 2))  # not a row of identical cut-outs
        top = sc.y(ground) - h if subject.framing == "wide" else sc.y(head)
        _figure(ImageDraw.Draw(body), ImageDraw.Draw(coat), sc.x(u), top, h)
    dark = mix(tint(hex_rgb(LAYERS[sc.look.env][-1][-1]), sc.ambient), (0, 0, 0), 0.72)
    shift = max(SS, int(sc.unit * 0.003))
    x0, y0, x1, y1 = body.getbbox() or (0, 0, 1, 1)
    area = (max(0, x0 - shift), max(0, y0 - shift), min(sc.size[0], x1 + shift), y1)  # full-canvas pastes are slow
    body, coat = body.crop(area), coat.crop(area)
    rim = Image.new("L", body.size)
    rim.paste(body.point(lambda v: v * 2 // 3), (shift if sc.side > 0.5 else -shift, -shift))  # lit from the sun's side
    sc.img.paste(sc.glow, area[:2], rim)
    sc.img.paste(dark, area[:2], body)
    if subject.wardrobe:
        sc.img.paste(mix(tint(subject.wardrobe, sc.ambient), dark, 0.35), area[:2], ImageChops.multiply(coat, body))


def _figure(body: ImageDraw.ImageDraw, coat: ImageDraw.ImageDraw, cx: float, top: float, h: float) -> None:
    """Draw one standing person into the body mask, the torso and arms also into the coat mask."""

    def box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return [cx + x0 * h, top + y0 * h, cx + x1 * h, top + y1 * h]

    def poly(*pts: tuple[float, float]) -> list[tuple[float, float]]:
        return [(cx + x * h, top + y * h) for x, y in pts]

    body.ellipse(box(-0.05, 0.0, 0.05, 0.112), fill=255)  # the skull, then a narrower jaw and chin
    body.rounded_rectangle(box(-0.043, 0.05, 0.043, 0.13), radius=0.03 * h, fill=255)
    body.rectangle(box(-0.023, 0.1, 0.023, 0.18), fill=255)
    for side in (-1, 1):  # legs taper to the ankles, shoes point the same way
        body.polygon(poly((0.1 * side, 0.5), (0.006 * side, 0.5), (0.02 * side, 0.97), (0.075 * side, 0.97)), fill=255)
        inner, outer = sorted((0.012 * side, 0.09 * side))
        body.rounded_rectangle(box(inner, 0.955, outer, 1.0), radius=0.02 * h, fill=255)
    for mask in (body, coat):
        mask.polygon(poly(*TORSO), fill=255)
        for side in (-1, 1):  # a round shoulder joint, then the sleeve
            mask.ellipse(box(side * 0.117 - 0.028, 0.188, side * 0.117 + 0.028, 0.244), fill=255)
            sleeve = ((0.145 * side, 0.216), (0.095 * side, 0.225), (0.12 * side, 0.52), (0.158 * side, 0.515))
            mask.polygon(poly(*sleeve), fill=255)
    for side in (-1, 1):
        inner, outer = sorted((0.118 * side, 0.162 * side))
        body.ellipse(box(inner, 0.5, outer, 0.565), fill=255)  # hands


def _paint_car(sc: _Scene, subject: Subject, ground: float) -> None:
    """Draw a simple side-on car silhouette with a lit headlamp."""
    size = sc.unit * {"wide": 0.5, "medium": 1.1, "close": 1.8}[subject.framing]
    x0, base = sc.x(0.5) - size / 2, sc.y(ground)
    paint = mix(tint(subject.wardrobe or hex_rgb("#2b3038"), sc.ambient), (0, 0, 0), 0.3)

    def at(u: float, v: float) -> tuple[float, float]:
        return (x0 + u * size, base - v * size)

    sc.draw.rounded_rectangle([*at(0, 0.28), *at(1, 0.08)], radius=size * 0.06, fill=paint)
    sc.draw.polygon([at(0.22, 0.27), at(0.34, 0.42), at(0.68, 0.42), at(0.8, 0.27)], fill=paint)
    for u in (0.22, 0.78):
        sc.draw.ellipse([*at(u - 0.09, 0.18), *at(u + 0.09, 0)], fill=(18, 18, 20))
    sc.draw.ellipse([*at(0.96, 0.22), *at(1.01, 0.17)], fill=sc.glow)
