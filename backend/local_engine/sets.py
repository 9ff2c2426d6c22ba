"""Paint what stands in an outdoor plate's foreground: a street's road, lamps and signs, a boat's deck.

Drawn over the land layers of plates.py, before the people; laid out from the frame's centre with the
look's seed (canvas.py), so the same street has its lamps in the same places in every shot.
"""

from __future__ import annotations

from backend.local_engine.canvas import Scene, glow, gradient
from backend.local_engine.look import RGB, SS, hex_rgb, mix, tint

NEON_INKS = ["#ff3fa4", "#3fe0ff", "#c6ff4a", "#ff9a3c", "#b36bff"]


def paint_set(sc: Scene) -> None:
    """Paint the foreground set the look's kind of place calls for, if any."""
    if sc.look.env == "city":
        _street(sc)
    elif sc.look.detail == "deck":
        _deck(sc)


def _lit(sc: Scene) -> bool:
    """Whether lamps and signs are on: after dark, at dusk, in the rain."""
    return sc.light.windows or sc.look.rain or sc.look.light == "overcast"


def _street(sc: Scene) -> None:
    """A road with a dashed centre line, a kerb and a pavement; street lamps; neon signs where named."""
    w, h0 = sc.size[0], sc.horizon
    road = tint(hex_rgb("#3a3d44"), sc.ambient)
    pavement = tint(hex_rgb("#6d6a66"), sc.ambient)
    sc.draw.rectangle([0, sc.y(h0 + 0.13), w, sc.y(h0 + 0.2)], fill=road)
    sc.img.paste(gradient((w, int(sc.size[1] - sc.y(h0 + 0.2))), [pavement, mix(pavement, (0, 0, 0), 0.35)]),
                 (0, int(sc.y(h0 + 0.2))))  # fmt: skip
    sc.draw.rectangle([0, sc.y(h0 + 0.2), w, sc.y(h0 + 0.2) + sc.unit * 0.008], fill=mix(pavement, (255,) * 3, 0.3))
    for x, dash in sc.row("dashes", (0.06, 0.06), (0.06, 0.06)):
        sc.draw.rectangle([x, sc.y(h0 + 0.163), x + dash, sc.y(h0 + 0.167)], fill=mix(road, (230, 220, 170), 0.5))
    for v in (0.26, 0.34):  # paving joints, wider apart nearer the camera
        sc.draw.line([0, sc.y(h0 + v), w, sc.y(h0 + v)], fill=mix(pavement, (0, 0, 0), 0.25), width=SS)
    lights: list[tuple[float, float, RGB]] = []
    if sc.look.neon:
        lights += _signs(sc)
    lit = _lit(sc)
    for x, _ in sc.row("lamps", (0.0, 0.0), (0.7, 1.0)):
        lights.append(_lamp(sc, x, sc.y(h0 + 0.215), lit))
    if sc.look.rain and lit:  # the wet street mirrors every light
        top, bottom = int(sc.y(h0 + 0.14)), int(sc.y(1.0))
        fade = gradient((max(1, int(sc.unit * 0.01)), bottom - top), [(120,) * 3, (40,) * 3, (0,) * 3]).convert("L")
        for x, _, colour in lights:
            sc.img.paste(colour, (int(x - fade.width / 2), top), fade)


def _lamp(sc: Scene, x: float, foot: float, lit: bool) -> tuple[float, float, RGB]:
    """Draw one street lamp standing at `foot`; return where its light is and its colour."""
    pole = tint(hex_rgb("#2a2d33"), sc.ambient)
    tall, bar = sc.unit * 0.42, max(SS, sc.unit * 0.006)
    top = foot - tall
    sc.draw.rectangle([x - bar, top, x + bar, foot], fill=pole)
    sc.draw.line([x, top, x + sc.unit * 0.05, top + sc.unit * 0.01], fill=pole, width=int(bar * 1.5))
    head = (x + sc.unit * 0.05, top + sc.unit * 0.018)
    light = hex_rgb("#ffd58a")
    if lit:
        glow(sc.img, head, sc.unit * 0.12, light, 0.55)
    r = sc.unit * 0.012
    sc.draw.ellipse([head[0] - r, head[1] - r, head[0] + r, head[1] + r], fill=light if lit else pole)
    return head[0], head[1], light


def _signs(sc: Scene) -> list[tuple[float, float, RGB]]:
    """Hang glowing neon signs on the near buildings; return where each is and its colour."""
    found = []
    base = sc.y(sc.horizon + 0.08)
    for n, (x, width) in enumerate(sc.row("signs", (0.07, 0.14), (0.18, 0.4))):
        rnd = sc.rng(f"sign:{n}")
        colour = hex_rgb(rnd.choice(NEON_INKS))
        tall = rnd.random() < 0.4  # a blade sign down the building's corner, else a wide one
        sw, sh = (sc.unit * 0.045, width * 1.2) if tall else (width, sc.unit * 0.045)
        y = base - sc.unit * rnd.uniform(0.06, 0.16) - sh
        box = [x, y, x + sw, y + sh]
        glow(sc.img, (x + sw / 2, y + sh / 2), max(sw, sh) * 1.2, colour, 0.6)
        tube = max(SS, int(sc.unit * 0.005))
        sc.draw.rounded_rectangle(box, radius=tube * 2, fill=mix(colour, (0, 0, 0), 0.6), outline=colour, width=tube)
        # a line or two of "letters": the idea of a sign without words
        for k in range(2 if tall else 1):
            if tall:
                sc.draw.line([x + sw / 2, y + sh * (0.15 + 0.4 * k), x + sw / 2, y + sh * (0.45 + 0.4 * k)],
                             fill=mix(colour, (255,) * 3, 0.5), width=tube)  # fmt: skip
            else:
                sc.draw.line([x + sw * 0.15, y + sh / 2, x + sw * 0.85, y + sh / 2], fill=mix(colour, (255,) * 3, 0.5),
                             width=tube)  # fmt: skip
        found.append((x + sw / 2, y + sh, colour))
    return found


def _deck(sc: Scene) -> None:
    """A boat's deck in the foreground: planks towards the bow, a rail, the mast and its sail."""
    wood = tint(hex_rgb("#a9774b"), sc.ambient)
    rail = tint(hex_rgb("#ece6da"), sc.ambient)
    edge = sc.y(sc.horizon + 0.16)
    w, bottom = sc.size[0], sc.size[1]
    sc.img.paste(gradient((w, int(bottom - edge)), [mix(wood, (255,) * 3, 0.1), mix(wood, (0, 0, 0), 0.3)]),
                 (0, int(edge)))  # fmt: skip
    vanish = (sc.x(0.5), sc.y(sc.horizon - 0.3))
    seam = mix(wood, (0, 0, 0), 0.35)
    for x, _ in sc.row("planks", (0.0, 0.0), (0.1, 0.1)):
        t = (edge - vanish[1]) / (bottom - vanish[1])  # where the seam meets the deck's far edge
        sc.draw.line([vanish[0] + (x - vanish[0]) * t, edge, x, bottom], fill=seam, width=SS)
    post, top = max(SS, int(sc.unit * 0.006)), edge - sc.unit * 0.11
    for x, _ in sc.row("posts", (0.0, 0.0), (0.16, 0.16)):
        sc.draw.rectangle([x - post, top, x + post, edge], fill=rail)
    sc.draw.rectangle([0, top - post, w, top + post], fill=rail)
    sc.draw.rectangle([0, edge - sc.unit * 0.012, w, edge + sc.unit * 0.006], fill=mix(rail, wood, 0.3))
    mast = sc.x(0.08)
    sail = mix(tint(hex_rgb("#f4efe4"), sc.ambient), sc.glow, 0.1)
    boom = edge - sc.unit * 0.2
    sc.draw.polygon([(mast + post * 2, 0), (mast + post * 2, boom), (mast + sc.unit * 0.42, boom)], fill=sail)
    sc.draw.rectangle([mast - post * 2, 0, mast + post * 2, edge], fill=mix(wood, (0, 0, 0), 0.2))
    sc.draw.rectangle([mast, boom - post, mast + sc.unit * 0.44, boom + post * 1.5], fill=mix(wood, (0, 0, 0), 0.25))
    sc.draw.line([mast, 0, sc.x(0.3), edge], fill=mix(rail, (0, 0, 0), 0.4), width=SS)
