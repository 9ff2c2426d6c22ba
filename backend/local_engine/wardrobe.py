"""Turn a person's name and description into how they are drawn: clothes, headwear, hair, skin.

Only the words decide, and a hash of them fills in what the words leave open, so the same cast line
gives the same person in every shot, every run and every size. people.py draws a `Person`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from backend.local_engine.anchors import normal
from backend.local_engine.look import RGB, hex_rgb, mix

COLOURS = {
    "red": "#b8383b", "scarlet": "#c0302e", "crimson": "#a3243b", "maroon": "#6e2330", "burgundy": "#6b2234",
    "orange": "#d9782d", "rust": "#a5512b", "yellow": "#e0b83a", "mustard": "#c49a2c", "gold": "#c9a23f",
    "golden": "#c9a23f", "green": "#3f8a4f", "olive": "#6b6f3a", "khaki": "#a39a6b", "teal": "#2f8a8a",
    "blue": "#3a64b0", "navy": "#25355e", "denim": "#3d5a80", "purple": "#6b4597", "violet": "#7a55b0",
    "pink": "#d16d9b", "white": "#ecebe6", "cream": "#e8dfc8", "beige": "#cdb896", "tan": "#b48a5c",
    "camel": "#b98b57", "grey": "#8a8f96", "gray": "#8a8f96", "silver": "#b4b8bf", "charcoal": "#3c3f45",
    "brown": "#7a5436", "black": "#2a2a2e", "copper": "#b06a3b", "straw": "#d8c07a",
}  # fmt: skip
SHADES = {"dark": 0.4, "deep": 0.3, "light": -0.4, "pale": -0.5, "bright": 0.0, "faded": -0.25}

# What a garment's name draws, longest names first so "trench coat" wins over "coat".
TOPS = {
    "trench": r"trench ?coats?|trenchcoat|overcoat|greatcoat|duster|long coat",
    "raincoat": r"raincoats?|rain jacket|slicker|oilskins?|mac|mackintosh|poncho",
    "overalls": r"overalls|dungarees",
    "jumpsuit": r"coveralls|jumpsuit|boiler ?suit|flight ?suit|space ?suit|wetsuit",
    "dress": r"dress|gown|sundress|skirt|kimono",
    "robe": r"robes?|cloak|cape|cassock",
    "tunic": r"chef'?s? (?:jacket|whites|coat)|tunic|lab coat|white coat|scrubs",
    "coat": r"coats?|parka|peacoat|anorak",
    "jacket": r"jackets?|blazer|suit|tuxedo|uniform|waistcoat|vest",
    "sweater": r"sweaters?|jumper|cardigan|hoodie|sweatshirt|shirt|t-shirt|blouse|jersey",
}
HATS = {
    "fedora": r"fedora|trilby|homburg|bowler|hat",
    "wide": r"cowboy hat|sun ?hat|straw hat|wide-brimmed hat|stetson|sombrero",
    "rainhat": r"sou'?wester|rain ?hat|fisherman'?s hat",
    "tophat": r"top hat",
    "toque": r"toque|chef'?s hat",
    "cap": r"caps?|baseball cap|flat cap|peaked cap|visor",
    "beret": r"beret",
    "beanie": r"beanie|woolly hat|wool hat|knit hat|bobble hat",
    "hood": r"hood|hooded|hoodie",
    "bandana": r"bandanna|bandana|headscarf|head scarf|kerchief|headband|do-rag",
    "bubble": r"space helmet|diving helmet|fishbowl helmet",
    "helmet": r"helmet",
    "crown": r"crown|tiara",
}
EXTRAS = {
    "scarf": r"scarf|shawl|muffler",
    "tie": r"tie|necktie|bow tie",
    "bag": r"bag|satchel|backpack|rucksack|briefcase|handbag|purse|messenger bag",
    "glasses": r"glasses|spectacles|eyeglasses|sunglasses|goggles",
    "apron": r"apron",
}
LEGS = r"trousers|pants|jeans|slacks|leggings|tights|shorts|stockings"
# Jobs that bring their own clothes when the words name none (what the reader would picture).
TRADES = {
    "chef|cook|baker": ("tunic", "white", "toque"),
    "detective|inspector|spy|gangster|journalist": ("trench", "camel", "fedora"),
    "doctor|nurse|scientist|surgeon|chemist": ("tunic", "white", None),
    "sailor|captain|pilot": ("jacket", "navy", "cap"),
    "police|officer|policeman|policewoman|guard": ("jacket", "navy", "cap"),
    "soldier|firefighter|miner|builder|construction": ("jacket", "olive", "helmet"),
    "astronaut|diver": ("jumpsuit", "white", "bubble"),
    "knight": ("jacket", "silver", "helmet"),
    "king|queen|prince|princess": ("robe", "crimson", "crown"),
    "wizard|witch|monk|priest|nun": ("robe", "purple", "hood"),
    "fisherman|fisher|lighthouse keeper": ("raincoat", "yellow", "rainhat"),
    "farmer|mechanic|plumber|painter": ("overalls", "denim", "cap"),
    "courier|cyclist|runner|hiker": ("jacket", None, "cap"),
}
SKIN = ["#f1d0b5", "#e6b995", "#d6a07a", "#bf8760", "#a06b48", "#85553a", "#6e4631"]
HAIR = {"black": "#1f1a18", "dark": "#2e2019", "brown": "#5e3d25", "auburn": "#8a3d22", "red": "#a9472a",
        "ginger": "#b5562b", "blonde": "#cfa75a", "blond": "#cfa75a", "grey": "#9c9c9c", "gray": "#9c9c9c",
        "silver": "#c4c6cc", "white": "#e2e0da"}  # fmt: skip
# What is left unsaid: colours that read well on any plate and differ from each other.
TOP_DEFAULTS = ["#b4673a", "#2f7a78", "#7a2f3f", "#35507e", "#6a7a3a", "#6d4a80", "#a8842f", "#4a6f8f"]
LEG_DEFAULTS = ["#33363d", "#2b3550", "#4a3a2c", "#3e4433", "#26262a", "#55504a"]
FEMININE = r"woman|women|girl|she|her|lady|mother|mom|queen|princess|witch|nun|actress|daughter|wife|grandmother"
MASCULINE = r"man|men|boy|he|his|him|gentleman|father|dad|king|prince|monk|son|husband|grandfather"


@dataclass(frozen=True)
class Person:
    """How one person is drawn; every colour is a daylight one, the plate's light tints it."""

    name: str
    top: str  # the cut, a key of TOPS
    top_colour: RGB
    legs: RGB
    hat: str | None  # a key of HATS
    hat_colour: RGB
    hair: RGB
    hair_style: str  # short, long, bun, bald
    skin: RGB
    extras: tuple[tuple[str, RGB], ...]  # (a key of EXTRAS, its colour)
    height: float  # a share of the framing's figure height: people are not all one size
    build: float  # shoulder width factor


def _find(words: str, table: dict[str, str]) -> tuple[str, int] | None:
    """Return the table key named first in `words` and where its name ends."""
    found = [(m.start(), -m.end(), key) for key, rx in table.items() if (m := re.search(rf"\b(?:{rx})\b", words))]
    if not found:
        return None
    start, end, key = min(found)
    return key, -end


def _colour_before(words: str, end: int) -> RGB | None:
    """Return the colour named in the few words before a garment ("a dark green wool coat")."""
    head = re.split(r"\b(?:and|with|in|wearing|under|over|of)\b|[,;]", words[:end])[-1]
    named = list(re.finditer(rf"\b(?:({'|'.join(SHADES)})[ -])?({'|'.join(COLOURS)})\b", head))
    if not named:
        return None
    match = named[-1]  # the last colour before the garment is its own
    colour = hex_rgb(COLOURS[match.group(2)])
    shade = SHADES.get(match.group(1) or "", 0.0)
    return mix(colour, (0, 0, 0), shade) if shade >= 0 else mix(colour, (255, 255, 255), -shade)


def _named(words: str, table: dict[str, str]) -> tuple[str, RGB | None] | None:
    """Return the first item of `table` the words name, with its colour if they give one."""
    found = _find(words, table)
    return (found[0], _colour_before(words, found[1])) if found else None


def _hash(text: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{text}".encode()).digest()[:4], "big")


def dress(name: str, description: str) -> Person:
    """Decide how a person is drawn from their name and description, the same way every time."""
    key = normal(name)
    words = f" {normal(description)} "

    def pick(options: list, salt: str):
        return options[_hash(key, salt) % len(options)]

    trade = next((t for rx, t in TRADES.items() if re.search(rf"\b(?:{rx})\b", words)), (None, None, None))
    top, hat, trousers = _named(words, TOPS), _named(words, HATS), _named(words, {"legs": LEGS})
    extras = [(extra, found[1]) for extra, rx in EXTRAS.items() if (found := _named(words, {extra: rx}))]
    cut = top[0] if top else trade[0] or "jacket"
    if trade[0] == "tunic" and cut in ("jacket", "coat"):
        cut = "tunic"  # a chef's jacket, a doctor's coat
    top_colour = (top and top[1]) or (hex_rgb(COLOURS[trade[1]]) if trade[1] else None)
    if not (top or hat or trousers or extras):  # "a man in red": a colour said of no garment is the coat's
        loose = re.search(rf"\b({'|'.join(COLOURS)})\b(?![ -](?:\w+ )?hair)", words)
        top_colour = top_colour or (hex_rgb(COLOURS[loose.group(1)]) if loose else None)
    top_colour = top_colour or hex_rgb(pick(TOP_DEFAULTS, "top"))

    hat_name = hat[0] if hat else trade[2]
    if hat_name == "fedora" and not re.search(r"fedora|trilby|homburg|bowler", words):
        hat_name = "wide" if re.search(r"\b(?:wide|big|straw|sun)\b", words) else "fedora"
    default_hat = {"hood": top_colour, "crown": hex_rgb(COLOURS["gold"]), "toque": hex_rgb(COLOURS["white"]),
                   "bubble": hex_rgb(COLOURS["silver"])}  # fmt: skip
    hat_colour = (hat and hat[1]) or default_hat.get(hat_name or "") or mix(top_colour, (0, 0, 0), 0.35)

    legs = (trousers and trousers[1]) or (hex_rgb(COLOURS["denim"]) if " jeans " in words else None)
    legs = legs or (top_colour if cut in ("overalls", "jumpsuit") else hex_rgb(pick(LEG_DEFAULTS, "legs")))
    sunglasses = (30, 30, 34) if "sunglasses" in words else (60, 60, 64)
    default = {"glasses": sunglasses, "apron": hex_rgb(COLOURS["white"]), "bag": hex_rgb("#6b4a30")}
    return Person(
        name=key,
        top=cut,
        top_colour=top_colour,
        legs=legs,
        hat=hat_name,
        hat_colour=hat_colour,
        hair=_hair_colour(words) or hex_rgb(pick(list(HAIR.values())[:7], "hair")),
        hair_style=_hair_style(words, pick),
        skin=hex_rgb(pick(SKIN, "skin")),
        extras=tuple((x, c or default.get(x) or hex_rgb(pick(TOP_DEFAULTS, x))) for x, c in extras),
        height=0.95 + 0.07 * (_hash(key, "height") % 100) / 100,
        build=0.94 + 0.12 * (_hash(key, "build") % 100) / 100,
    )


def _hair_colour(words: str) -> RGB | None:
    match = re.search(rf"\b({'|'.join(HAIR)})[ -](?:\w+ ){{0,2}}?hair(?:ed)?\b", words)
    match = match or re.search(r"\b(blonde?|ginger|auburn)\b", words)
    if re.search(r"\bredhead\b", words):
        return hex_rgb(HAIR["red"])
    return hex_rgb(HAIR[match.group(1)]) if match else None


def _hair_style(words: str, pick) -> str:
    for style, rx in (("bald", r"bald|shaved head"), ("bun", r"bun|ponytail|braid\w*|pigtails"),
                      ("long", r"long[ -]\w*\s?hair|long-haired|flowing hair|curls"),
                      ("short", r"short[ -]\w*\s?hair|crew ?cut|buzz ?cut|cropped hair")):  # fmt: skip
        if re.search(rf"\b(?:{rx})\b", words):
            return style
    if re.search(rf"\b(?:{FEMININE})\b", words):
        return pick(["long", "long", "bun", "short"], "style")
    if re.search(rf"\b(?:{MASCULINE})\b", words):
        return pick(["short", "short", "short", "bald"], "style")
    return pick(["short", "long", "short", "bun"], "style")
