"""Choose an animatic's look from words: the light, the kind of place, the weather, the palette.

Scenery comes from the look prompt only, so a remix that keeps its source's look prompt keeps its
palette and layout. Within it, the director's `Location:` line alone decides and seeds the look, so a
location returns as the same plate in whichever shot it appears. plates.py paints the look; figures.py
paints the people.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from backend.local_engine.anchors import read_location, scene_parts

RGB = tuple[int, int, int]
SS = 2  # paint at twice the size and halve: cheap anti-aliasing for every edge


def hex_rgb(code: str) -> RGB:
    """Turn '#rrggbb' into an RGB tuple so palettes stay readable as hex."""
    return tuple(int(code[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend two colours; t=0 gives a, t=1 gives b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def tint(color: RGB, light: RGB) -> RGB:
    """Multiply a daylight colour by a light's ambient colour."""
    return tuple(c * k // 255 for c, k in zip(color, light, strict=True))  # type: ignore[return-value]


@dataclass(frozen=True)
class Light:
    sky: tuple[str, ...]  # gradient stops, top to horizon
    ambient: str  # multiplies the daylight colours of the ground
    glow: str  # key light: sun or moon halo, rim light, lit windows
    sun: float | None  # disc height above the horizon as a fraction of the sky; None: no disc
    stars: bool = False
    windows: bool = False


LIGHTS: dict[str, Light] = {
    "day": Light(("#4f86c6", "#8fb8e0", "#dcebf5"), "#ffffff", "#fff1c8", 0.72),
    "sunset": Light(("#251f4a", "#7c3a6e", "#e0654f", "#ffb86c"), "#e6a896", "#ffc27a", 0.1, windows=True),
    "dawn": Light(("#2d3a6b", "#8b7aa8", "#f2b4a0", "#fde4c4"), "#d8cad8", "#ffe2bc", 0.05),
    "night": Light(("#04060f", "#0c1834", "#22366a"), "#4a5a8c", "#c9d6ff", 0.7, stars=True, windows=True),
    "neon": Light(("#080219", "#250a48", "#5a166e"), "#6e4a96", "#ff3fa4", None, windows=True),
    "overcast": Light(("#4e5864", "#87929e", "#b9c1c9"), "#aab2bc", "#e4eaf0", None),
}

# Words (regular expressions) that choose the light and the setting.
LIGHT_WORDS = {
    "night": r"night\w*|midnight|moon\w*|nocturnal|starry|starlit",
    "sunset": r"sunset|dusk|twilight|golden hour|magic hour",
    "dawn": r"dawn|sunrise|daybreak|morning",
    "neon": r"neon|cyberpunk|synthwave",
    "overcast": r"rain(?:s|y|ing|fall|storm)?|storm\w*|drizzl\w*|overcast|fog\w*|mist\w*|cloudy|gloomy",
    "day": r"day|daylight|noon|sunny|midday|afternoon",
}
ENV_WORDS = {
    "forest": r"forest|woods|woodland|jungle|trees|grove|pines",
    "ocean": r"ocean|sea|beach|coast\w*|shore|harbou?r|pier|waves|seaside|lake|dock\w*",
    "snow": r"snow\w*|winter|arctic|ice|icy|glacier|tundra",
    "desert": r"desert|dunes?|sand|sahara|canyon",
    "city": r"city|streets?|alley\w*|downtown|rooftops?|urban|skyline|avenue|metropolis|streetlights?|sidewalk|"
    r"crosswalk|traffic|subway|station|neighbou?rhood|town",
    "interior": r"interior|room|office|kitchen|bedroom|apartment|indoors|inside|bar|cafe|diner|restaurant|"
    r"hallway|corridor|library|studio|classroom|living room",
    "mountains": r"mountains?|valley|cliffs?|peaks?|alpine|ridge",
    "field": r"field|meadow|farm|park|prairie|countryside|garden|hills",
}
# Within a kind of place, which set it gets; the first whose words appear, else the last.
DETAILS = {
    "interior": {"kitchen": r"kitchen|cafe|diner|restaurant|bakery|canteen", "room": r""},
    # At sea people stand on a boat's deck; by the sea, on the shore.
    "ocean": {
        "deck": r"deck|boat|ship|sailboat|yacht|ferry|trawler|open (?:sea|ocean|water)|at sea|high seas",
        "shore": r"",
    },  # fmt: skip
    "city": {"street": r""},
}
NEON = r"neon|signs?|billboards?|cyberpunk|arcade|synthwave"


@dataclass(frozen=True)
class Look:
    """Everything the plate painter needs, decided by the look prompt alone."""

    light: str
    env: str
    rain: bool
    snow: bool
    noir: bool
    seed: int
    detail: str = ""  # the set within the kind of place: kitchen, deck, street...
    neon: bool = False  # lit signs on the buildings


def _earliest(text: str, table: dict[str, str]) -> str | None:
    """Return the table key whose words appear first in `text`, so the leading idea wins."""
    found = [(m.start(), key) for key, words in table.items() if (m := re.search(rf"\b(?:{words})\b", text))]
    return min(found)[1] if found else None


def place_text(look_prompt: str) -> tuple[str, bool]:
    """Return the words that describe the place, and whether they alone decide (a `Location:` line)."""
    location = read_location(look_prompt)
    if location:
        return location, True
    return scene_parts(look_prompt)[1] or "", False


def choose_look(look_prompt: str) -> Look:
    """Pick light, setting and weather from keywords; a stable hash fills in what is missing.

    A `Location:` line alone decides and seeds it; else the `Setting:` words come first and the rest of
    the prompt fills in what they leave open.
    """
    whole = " ".join(look_prompt.lower().split())
    place, strict = place_text(look_prompt)
    place = " ".join(place.lower().split())
    seed = int.from_bytes(hashlib.sha256((place or whole).encode()).digest()[:8], "big")
    pick = random.Random(seed)
    sources = [place] if strict else [text for text in (place, whole) if text]
    primary = {k: v for k, v in LIGHT_WORDS.items() if k not in ("overcast", "day")}
    light = next((found for text in sources if (found := _earliest(text, primary) or _earliest(text, LIGHT_WORDS))),
                 None)  # fmt: skip
    light = light or pick.choice(["day", "sunset", "dawn", "overcast", "day"])
    env = next((found for text in sources if (found := _earliest(text, ENV_WORDS))), None)
    env = env or ("city" if light == "neon" else None) or pick.choice(["field", "mountains", "city", "forest", "ocean"])
    weather = sources[0] if strict else whole
    rain = bool(re.search(r"\b(rain(s|y|ing|fall|storm)?|rain-\w+|storm\w*|drizzl\w*|downpour)\b", weather))
    snow = env == "snow" or bool(re.search(r"\bsnow\w*\b", weather))
    noir = bool(re.search(r"\b(noir|black and white|black-and-white|monochrome)\b", whole))
    details = DETAILS.get(env, {})
    detail = next((name for name, rx in details.items() if not rx or re.search(rf"\b(?:{rx})\b", sources[0])), "")
    neon = light == "neon" or bool(re.search(rf"\b(?:{NEON})\b", sources[0]))
    return Look(light, env, rain, snow, noir, seed, detail, neon)
