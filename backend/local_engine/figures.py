"""Read who stands in a shot from its prompt, and place them on the plate.

Beside plates.py, which paints the scenery: the figures come from the shot's own prompt (its `Cast:`
lines when it has them), the scenery from the look prompt, so a remix keeps its setting while its cast
changes. The framing (wide, medium, close) decides how large the people stand and where they are cut;
people.py and heads.py draw each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PIL import Image

from backend.local_engine.anchors import directions, read_cast, scene_parts
from backend.local_engine.canvas import Scene
from backend.local_engine.look import RGB, SS, hex_rgb, mix, tint
from backend.local_engine.pen import Pen
from backend.local_engine.people import draw_person
from backend.local_engine.wardrobe import COLOURS, Person, dress

MAX_PEOPLE = 3


@dataclass(frozen=True)
class Subject:
    """Who stands in the frame, read from the shot's prompt."""

    kind: str | None  # "people", "car" or None for an empty landscape
    count: int = 1
    framing: str = "wide"  # wide, medium or close
    wardrobe: RGB | None = None  # a car's paint
    people: tuple[Person, ...] = field(default=())

    def paint(self, sc: Scene, ground: float) -> None:
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


def read_subject(prompt: str, speakers: list[str] | tuple[str, ...] = ()) -> Subject:
    """Read who is in frame and how framed: the `Cast:` lines, else the scene's words and its speakers."""
    text = prompt.lower()
    framing = next((found for words in directions(prompt) if (found := _framing(words.lower()))), "wide")
    cast = read_cast(prompt)
    if cast:
        people = tuple(dress(name, description) for name, description in cast[:MAX_PEOPLE])
        return Subject("people", len(people), framing, people=people)
    colour = re.search(r"\b(" + "|".join(COLOURS) + r")\b", text)
    wardrobe = hex_rgb(COLOURS[colour.group(1)]) if colour else None
    # The director opens with the character ("Scene: Mara, a courier."): a person unless it says otherwise.
    who, _ = scene_parts(prompt)
    named = who is not None and not re.search(ANIMALS + r"|\b(car|truck|van)\b", who.lower())
    if speakers or named or re.search(PEOPLE, text):
        count = len(speakers) or (2 if re.search(r"\b(two|couple|pair|both)\b", text) else 1)
        count = min(count, 1 if framing == "close" else MAX_PEOPLE)
        return Subject("people", count, framing, wardrobe, _unnamed(prompt, who, speakers, count))
    if re.search(r"\b(car|truck|van|taxi|vehicle|jeep)\b", text):
        return Subject("car", 1, framing, wardrobe)
    return Subject(None, 0, framing)


def _framing(text: str) -> str | None:
    if re.search(r"\b(extreme close|close-up|closeup|close up|cu)\b", text):
        return "close"
    if re.search(r"\b(medium|mid shot|waist|two-shot|two shot|over-the-shoulder)\b", text):
        return "medium"
    if re.search(r"\b(wide|long shot|establishing|full shot|full body)\b", text):
        return "wide"
    return None


def _unnamed(prompt: str, who: str | None, speakers, count: int) -> tuple[Person, ...]:
    """Dress people the prompt describes only in prose: the first from its scene words, the others by name."""
    words = who or next((row for row in prompt.splitlines() if row.strip()), "")
    people = [dress(words, words)]
    for n in range(1, count):
        name = speakers[n] if n < len(speakers) else f"{words} #{n + 1}"
        people.append(dress(name, ""))
    return tuple(people)


FIGURE_PLACES = {1: [0.62], 2: [0.32, 0.68], 3: [0.25, 0.5, 0.75]}


@dataclass(frozen=True)
class Placement:
    """Where one person stands: the centre line, the top of the head and the height, in frame pixels."""

    person: Person
    cx: float
    top: float
    h: float


def layout(subject: Subject, frame: tuple[float, float], ground: float) -> list[Placement]:
    """Place each person in a `frame`-sized frame: full body on the `ground` line, waist up, or head and shoulders."""
    fw, fh = frame
    count = len(subject.people) if subject.kind == "people" else 0
    if not count:
        return []
    # Wide shows the whole body; medium cuts at the hips, close-up below the shoulders.
    head = {"wide": 0.0, "medium": 0.24, "close": 0.2}[subject.framing]
    seen = {"wide": 0.0, "medium": 0.58, "close": 0.3}[subject.framing]
    height = 0.45 * min(fw, fh) if not seen else min((1 - head) * fh / seen, 3.8 * fw)  # head <= 38 % wide
    places = [0.5] if subject.framing == "close" and count == 1 else FIGURE_PLACES[count]
    if subject.framing == "medium" and count == 1:
        places = [0.6]
    if count > 1:
        height = min(height, fw / (0.34 * count))  # shoulders must fit side by side
    # Where the feet would be: on the ground when wide, below the frame's bottom edge closer in.
    feet = ground * fh if subject.framing == "wide" else fh + (1 - seen) * height
    found = []
    for person, u in zip(subject.people, places, strict=False):
        # People differ in height standing together; one person alone closer in is framed to their own size.
        h = height if subject.framing != "wide" and count == 1 else height * person.height
        found.append(Placement(person, u * fw, feet - h, h))
    return found


def _paint_people(sc: Scene, subject: Subject, ground: float) -> None:
    """Draw each person where the layout puts them, in one ink width so they read as one drawing."""
    placed = layout(subject, (sc.fw, sc.fh), ground)
    light_side = 1 if sc.side > 0.5 else -1
    line = max(SS, round(min(max((p.h for p in placed), default=0) * 0.003, sc.unit * 0.004)))
    for p in placed:
        _paint_person(sc, p.person, sc.ox + p.cx, sc.oy + p.top, p.h, line, light_side)


def _paint_person(sc: Scene, person: Person, cx: float, top: float, h: float, line: int, side: int) -> None:
    """Draw one person on a layer the size of their own box, rim-lit from the key light's side, onto the plate."""
    x0, y0 = max(0, int(cx - 0.3 * h)), max(0, int(top - 0.12 * h))
    x1, y1 = min(sc.size[0], int(cx + 0.3 * h) + 1), min(sc.size[1], int(top + 1.02 * h) + 1)
    if x1 <= x0 or y1 <= y0:
        return
    layer = Image.new("RGBA", (x1 - x0, y1 - y0))
    draw_person(Pen(layer, cx - x0, top - y0, h, line, sc.ambient), person, side)
    alpha = layer.getchannel("A")
    shift = max(SS, int(sc.unit * 0.003))
    sc.img.paste(sc.glow, (x0 + shift * side, y0 - shift), alpha.point(lambda v: v * 2 // 3))
    sc.img.paste(layer, (x0, y0), alpha)


def _paint_car(sc: Scene, subject: Subject, ground: float) -> None:
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
