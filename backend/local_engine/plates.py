"""Paint an animatic's still background plate with Pillow: sky, land or room, skyline, weather, vignette.

The plate is painted once per job; the camera move, captions and subtitles are laid over it by ffmpeg.
Every shape is placed in shares of the frame's short side from the frame's centre (canvas.py), and every
random choice comes from the look's seed: a place is the same plate in every shot, at every size.
"""

from __future__ import annotations

from math import pi, sin

from PIL import Image, ImageDraw, ImageOps

from backend.local_engine import rooms, sets
from backend.local_engine.canvas import Scene, glow, gradient, ground_for
from backend.local_engine.figures import Placement, Subject, layout
from backend.local_engine.look import RGB, SS, Look, hex_rgb, mix, tint

# Layers far to near, one "kind offset height haze colour" per layer: the offset below the horizon is a
# share of the frame height, the height a share of its short side, the colour a daylight one.
LAYERS: dict[str, list[tuple[str, float, float, float, str]]] = {
    env: [(k, float(o), float(h), float(z), c) for k, o, h, z, c in (layer.split() for layer in spec.split("|"))]
    for env, spec in {
        "field": "hills .02 .12 .5 #86a77e | hills .09 .09 .2 #5f8c57 | flat .17 .04 0 #47703f",
        "mountains": "peaks .01 .34 .45 #8d9db2 | hills .07 .11 .2 #617489 | flat .16 .03 0 #3f5a45",
        "forest": "hills 0 .09 .5 #6b8a70 | trees .05 .19 .25 #2f5a3c | flat .16 .03 0 #1f3f2b",
        "city": "skyline 0 .4 .45 #8795a9 | skyline .08 .29 .1 #4c586b | flat .13 0 0 #363c46",
        "desert": "dunes 0 .07 .45 #e3b47e | dunes .08 .09 .2 #d49b5d | dunes .18 .06 0 #c0804a",
        "ocean": "hills 0 .06 .55 #708f9d | sea 0 .24 0 #2f6e8e | dunes .22 .03 0 #dcc79c",
        "snow": "peaks .01 .3 .35 #c6d3e4 | trees .05 .12 .3 #3d5a55 | hills .1 .07 .05 #e3ebf5 | flat .16 0 0 #f3f7fb",
    }.items()
}
# A place's own cast of colour over its kind's palette, so two streets or two forests differ.
CASTS = ["#b07a62", "#7a8fa8", "#8f7aa6", "#6f9a8c", "#a89a6a", "#9a6f7a"]


def paint_plate(
    look: Look, subject: Subject, plate: tuple[int, int], frame: tuple[int, int], backdrop: Image.Image | None = None
) -> Image.Image:
    """Paint the background plate of `plate` size whose centred `frame`-sized window is the shot.

    Over a `backdrop` (a picture of `plate` size) only the subject is drawn: the picture keeps its own
    place, weather and lens, which the look would otherwise paint.
    """
    sc = Scene(look, plate, frame, backdrop)
    if backdrop is None and look.env == "interior":
        rooms.paint_room(sc)
    elif backdrop is None:
        _paint_sky(sc)
        _paint_land(sc)
        sets.paint_set(sc)
    subject.paint(sc, ground_for(look, frame))
    img = sc.img.reduce(SS)
    if backdrop is None:
        img = _vignette(_weather(img, look, sc) if look.rain or look.snow else img)
    if look.noir:
        img = ImageOps.colorize(ImageOps.autocontrast(img.convert("L"), cutoff=1), "#08080a", "#f4f3ee")
    return img


def standing(look: Look, subject: Subject, frame: tuple[int, int]) -> list[Placement]:
    """Return where paint_plate draws each person in the frame, in the frame's pixels."""
    return layout(subject, frame, ground_for(look, frame))


def _paint_sky(sc: Scene) -> None:
    """Add stars and the sun or moon with its halo."""
    if sc.light.stars:
        rnd = sc.rng("stars")
        for _ in range(int(sc.fw * sc.fh // 40000)):  # scattered over the frame, the overscan repeats it
            x, y = sc.x(rnd.uniform(-0.1, 1.1)), rnd.uniform(0, sc.y(sc.horizon) * 0.8)
            r = rnd.choice([1.0, 1.0, 1.5, 2.2]) * SS / 2
            sc.draw.ellipse([x - r, y - r, x + r, y + r], fill=mix(sc.sky[0], (255, 255, 255), 0.6))
    if sc.light.sun is None:
        return
    cx, cy = sc.x(sc.side), sc.y(sc.horizon * (1 - sc.light.sun) + 0.02)
    r = sc.unit * (0.035 if sc.light.stars else 0.055)
    glow(sc.img, (cx, cy), r * 7, sc.glow, 0.55)
    sc.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=mix(sc.glow, (255, 255, 255), 0.55))


def _paint_land(sc: Scene) -> None:
    """Stack the setting's silhouette layers, hazier with distance."""
    cast = hex_rgb(sc.rng("cast").choice(CASTS))
    layers = LAYERS[sc.look.env]
    if sc.look.detail == "deck":
        layers = [layer for layer in layers if layer[0] == "sea"]  # open water all round
    for n, (kind, dv, amp, fog, colour) in enumerate(layers):
        fill = mix(tint(mix(hex_rgb(colour), cast, 0.22), sc.ambient), sc.sky[-1], fog)
        base, height = sc.y(sc.horizon + dv), amp * (sc.fh if kind == "sea" else sc.unit)
        if kind == "skyline":
            lit = sc.glow if sc.light.windows and fog < 0.3 else None
            skyline(sc, f"skyline{n}", base, height, fill, lit)
            sc.draw.rectangle([0, base, sc.size[0], sc.size[1]], fill=fill)
        elif kind == "sea":
            if sc.look.detail == "deck":
                height = sc.size[1] - base
            water = [mix(fill, sc.sky[-1], 0.35), fill]
            sc.img.paste(gradient((sc.size[0], int(height)), water), (0, int(base)))
            rnd = sc.rng("glints")
            for _ in range(60):  # glints of the key light on the water
                x, y = sc.x(rnd.uniform(-0.1, 1.1)), base + rnd.uniform(0.01, 0.9) * height
                length = rnd.uniform(0.01, 0.05) * sc.fw
                sc.draw.line([x, y, x + length, y], fill=mix(fill, sc.glow, 0.45), width=SS)
        else:
            _ridge(sc, kind, n, base, height, fill)


def _ridge(sc: Scene, kind: str, n: int, base: float, amp: float, fill: RGB) -> None:
    """Draw one silhouette layer whose top edge follows `kind` (hills, peaks, dunes, trees, flat)."""
    w, h = sc.size
    points: list[tuple[float, float]] = []
    if kind in ("peaks", "trees"):
        # Summits and saddles, or one tree after another, laid out from the centre outwards.
        widths = (0.8 * amp / sc.unit, 1.6 * amp / sc.unit) if kind == "peaks" else (0.03, 0.055)
        row = sorted(sc.row(f"{kind}{n}", widths, (-0.02, 0.0) if kind == "trees" else (0.0, 0.0)))
        rnd = sc.rng(f"{kind}{n}:tops")
        for x, width in row:
            if kind == "peaks":
                points += [(x, base - amp * rnd.uniform(0.1, 0.3)), (x + width / 2, base - amp * rnd.uniform(0.4, 1))]
            else:
                points += [(x, base), (x + width / 2, base - amp * rnd.uniform(0.55, 1.0)), (x + width, base)]
    else:
        ripple = {"hills": (0.75, 1.6, 2.9), "dunes": (0.5, 0.95, 0.0), "flat": (0.35, 0.6, 0.0)}[kind]
        rnd = sc.rng(f"{kind}{n}")
        phases = [rnd.uniform(0, 2 * pi) for _ in ripple]
        step = max(4, w // 160)
        for x in range(-step, w + 2 * step, step):
            u = (x - sc.x(0.5)) / sc.unit * 2 * pi  # in the frame's short side: the same hills at any size
            y = sum(sin(u * f + ph) / (k + 1) for k, (f, ph) in enumerate(zip(ripple, phases, strict=True)))
            points.append((x, base - amp * (0.55 + 0.35 * y)))
    sc.draw.polygon([(-w, h + 1), (-w, points[0][1]), *points, (2 * w, points[-1][1]), (2 * w, h + 1)], fill=fill)


def skyline(sc: Scene, name: str, base: float, amp: float, fill: RGB, lit: RGB | None, draw=None) -> None:
    """Draw a row of buildings standing on `base`, at most `amp` tall; at night some windows glow."""
    draw = draw or sc.draw
    for n, (x, bw) in enumerate(sc.row(name, (0.09, 0.2), (0.0, 0.02))):
        rnd = sc.rng(f"{name}:{n}")
        top = base - amp * rnd.uniform(0.35, 1.0)
        draw.rectangle([x, top, x + bw, base + 2], fill=fill)
        if not lit:
            continue
        cols, rows = max(1, int(bw / sc.unit / 0.028)), max(1, int((base - top) / sc.unit / 0.05))
        cw, ch = bw / cols, (base - top) / rows
        for i in range(rows - 1):
            for j in range(cols):
                if rnd.random() < 0.35:
                    wx, wy = x + (j + 0.3) * cw, top + (i + 0.5) * ch
                    draw.rectangle([wx, wy, wx + cw * 0.4, wy + ch * 0.45], fill=lit)


def _weather(img: Image.Image, look: Look, sc: Scene) -> Image.Image:
    """Lay rain streaks or snowflakes over the plate."""
    layer = Image.new("RGBA", img.size)
    draw = ImageDraw.Draw(layer)
    w, h = img.size
    rnd = sc.rng("weather")
    for _ in range(w * h // 5000 if look.rain else 0):
        x, y, length = rnd.uniform(-0.1 * w, w), rnd.uniform(0, h), rnd.uniform(0.02, 0.05) * h
        draw.line([x, y, x + length * 0.18, y + length], fill=(210, 220, 235, rnd.randint(40, 90)), width=1)
    for _ in range(w * h // 9000 if look.snow else 0):
        x, y, r = rnd.uniform(0, w), rnd.uniform(0, h), rnd.choice([1.0, 1.5, 2.0, 3.0])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(250, 252, 255, rnd.randint(120, 220)))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def _vignette(img: Image.Image) -> Image.Image:
    """Darken the corners a little, the way a lens does, to pull the eye to the centre."""
    mask = Image.radial_gradient("L").resize(img.size, Image.Resampling.BILINEAR)
    mask = mask.point(lambda v: int((v / 255) ** 2.4 * 150))  # no threshold: a threshold shows as a ring
    return Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img, mask)
