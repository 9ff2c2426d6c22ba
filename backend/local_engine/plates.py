"""Paint an animatic's still background plate with Pillow: sky, land or room, skyline, weather, vignette.

The plate is painted once per job; the camera move, captions and subtitles are laid over it by ffmpeg.
"""

from __future__ import annotations

import random
from math import pi, sin
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageOps

from backend.local_engine.look import LIGHTS, RGB, SS, Look, hex_rgb, mix, tint

if TYPE_CHECKING:
    from backend.local_engine.figures import Subject


def _gradient(size: tuple[int, int], stops: list[RGB]) -> Image.Image:
    """Paint a vertical multi-stop gradient by stretching one 256-pixel column."""
    column = []
    for i in range(256):
        pos = i / 255 * (len(stops) - 1)
        k = min(int(pos), len(stops) - 2)
        column.append(mix(stops[k], stops[k + 1], pos - k))
    strip = Image.new("RGB", (1, 256))
    strip.putdata(column)
    return strip.resize(size, Image.Resampling.BILINEAR)


def _glow(img: Image.Image, centre: tuple[float, float], radius: float, color: RGB, strength: float) -> None:
    """Add a soft radial light, the cheap way: one scaled gradient used as a paste mask."""
    r = max(2, int(radius))
    # radial_gradient is 0 at the centre and 128 on the inscribed circle: fade out before the square's edge
    mask = Image.radial_gradient("L").point(lambda v: int(max(0.0, 1 - v / 128) ** 2 * 255 * strength))
    mask = mask.resize((2 * r, 2 * r), Image.Resampling.BILINEAR)
    img.paste(color, (int(centre[0] - r), int(centre[1] - r)), mask)


# Layers far to near, one "kind offset height haze colour" per layer: the offset below the horizon is a
# share of the frame height, the height a share of its short side, the colour a daylight one. The last
# layer's colour also shades the figures.
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
        "interior": "wall 0 0 0 #d6c7b0 | trim 0 0 0 #a88f74 | floor 0 0 0 #6a5040",
    }.items()
}


class _Scene:
    """What every layer painter shares: the supersampled canvas, whose centre is the frame, and the palette."""

    def __init__(self, look: Look, plate: tuple[int, int], frame: tuple[int, int]) -> None:
        self.look, self.light = look, LIGHTS[look.light]
        self.size = (plate[0] * SS, plate[1] * SS)
        self.fw, self.fh = frame[0] * SS, frame[1] * SS
        self.ox, self.oy = (self.size[0] - self.fw) / 2, (self.size[1] - self.fh) / 2
        self.unit = min(self.fw, self.fh)
        self.rnd = random.Random(look.seed)
        self.sky = [hex_rgb(c) for c in self.light.sky]
        self.ambient, self.glow = hex_rgb(self.light.ambient), hex_rgb(self.light.glow)
        self.side = self.rnd.uniform(0.68, 0.78)  # sun, window, key light: right, clear of the caption
        self.horizon = 0.6 if frame[0] >= frame[1] else 0.62
        self.img = Image.new("RGB", self.size, self.sky[-1])  # below the horizon too: no gaps under ridges
        self.img.paste(_gradient((self.size[0], int(self.y(self.horizon))), self.sky))
        self.draw = ImageDraw.Draw(self.img)

    def x(self, u: float) -> float:
        return self.ox + u * self.fw

    def y(self, v: float) -> float:
        return self.oy + v * self.fh


def paint_plate(look: Look, subject: Subject, plate: tuple[int, int], frame: tuple[int, int]) -> Image.Image:
    """Paint the background plate of `plate` size whose centred `frame`-sized window is the shot."""
    sc = _Scene(look, plate, frame)
    if look.env == "interior":
        sc.horizon = _paint_room(sc)
    else:
        _paint_sky(sc)
        _paint_land(sc)
    subject.paint(sc, min(0.94, sc.horizon + 0.3))
    img = sc.img.reduce(SS)
    if look.rain or look.snow:
        img = _weather(img, look, sc.rnd)
    img = _vignette(img)
    if look.noir:
        img = ImageOps.colorize(ImageOps.autocontrast(img.convert("L"), cutoff=1), "#08080a", "#f4f3ee")
    return img


def _paint_sky(sc: _Scene) -> None:
    """Add stars and the sun or moon with its halo."""
    if sc.light.stars:
        for _ in range(sc.size[0] * sc.size[1] // 40000):
            x, y = sc.rnd.uniform(0, sc.size[0]), sc.rnd.uniform(0, sc.y(sc.horizon) * 0.8)
            r = sc.rnd.choice([1.0, 1.0, 1.5, 2.2]) * SS / 2
            sc.draw.ellipse([x - r, y - r, x + r, y + r], fill=mix(sc.sky[0], (255, 255, 255), 0.6))
    if sc.light.sun is None:
        return
    cx, cy = sc.x(sc.side), sc.y(sc.horizon * (1 - sc.light.sun) + 0.02)
    r = sc.unit * (0.035 if sc.light.stars else 0.055)
    _glow(sc.img, (cx, cy), r * 7, sc.glow, 0.55)
    sc.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=mix(sc.glow, (255, 255, 255), 0.55))


def _paint_land(sc: _Scene) -> None:
    """Stack the setting's silhouette layers, hazier with distance."""
    for kind, dv, amp, fog, colour in LAYERS[sc.look.env]:
        fill = mix(tint(hex_rgb(colour), sc.ambient), sc.sky[-1], fog)
        base, height = sc.y(sc.horizon + dv), amp * (sc.fh if kind == "sea" else sc.unit)
        if kind == "skyline":
            lit = sc.glow if sc.light.windows and fog < 0.3 else None
            _skyline(sc.draw, (0, sc.size[0], base, height), sc.rnd, fill, lit)
            sc.draw.rectangle([0, base, sc.size[0], sc.size[1]], fill=fill)
        elif kind == "sea":
            water = [mix(fill, sc.sky[-1], 0.35), fill]
            sc.img.paste(_gradient((sc.size[0], int(height)), water), (0, int(base)))
            for _ in range(60):  # glints of the key light on the water
                x, y = sc.rnd.uniform(0, sc.size[0]), base + sc.rnd.uniform(0.01, 0.9) * height
                length = sc.rnd.uniform(0.01, 0.05) * sc.fw
                sc.draw.line([x, y, x + length, y], fill=mix(fill, sc.glow, 0.45), width=SS)
        else:
            _ridge(sc, kind, base, height, fill)


def _ridge(sc: _Scene, kind: str, base: float, amp: float, fill: RGB) -> None:
    """Draw one silhouette layer whose top edge follows `kind` (hills, peaks, dunes, trees, flat)."""
    w, h, rnd = sc.size[0], sc.size[1], sc.rnd
    step = max(4, w // 160)
    points: list[tuple[float, float]] = []
    if kind == "peaks":
        x = -step * 4.0
        while x < w + amp * 2:  # alternate summits and saddles with uneven spacing
            gap = amp * rnd.uniform(0.8, 1.6)
            points += [(x, base - amp * rnd.uniform(0.4, 1.0)), (x + gap / 2, base - amp * rnd.uniform(0.1, 0.3))]
            x += gap
    elif kind == "trees":
        x = -step
        while x < w + step:
            tw, top = w * rnd.uniform(0.018, 0.032), base - amp * rnd.uniform(0.55, 1.0)
            points += [(x, base), (x + tw / 2, top), (x + tw, base)]
            x += tw * rnd.uniform(0.55, 0.9)
    else:
        ripple = {"hills": (1.3, 2.9, 5.1), "dunes": (0.9, 1.7, 0.0), "flat": (0.6, 1.1, 0.0)}[kind]
        phases = [rnd.uniform(0, 2 * pi) for _ in ripple]
        for x in range(-step, w + 2 * step, step):
            u = x / w * 2 * pi
            y = sum(sin(u * f + ph) / (n + 1) for n, (f, ph) in enumerate(zip(ripple, phases, strict=True)))
            points.append((x, base - amp * (0.55 + 0.35 * y)))
    sc.draw.polygon([(-step, h + 1), *points, (w + 2 * step, h + 1)], fill=fill)


def _skyline(
    draw: ImageDraw.ImageDraw, row: tuple[float, float, float, float], rnd: random.Random, fill: RGB, lit: RGB | None
) -> None:
    """Draw buildings standing on `row` (x0, x1, base, tallest); at night some windows glow."""
    x, x1, base, amp = row
    while x < x1:
        bw, top = (x1 - row[0]) * rnd.uniform(0.05, 0.11), base - amp * rnd.uniform(0.35, 1.0)
        draw.rectangle([x, top, x + bw, base + 2], fill=fill)
        cell = max(6, int(bw / 7))
        for wy in range(int(top + cell), int(base - cell), cell * 2) if lit else ():
            for wx in range(int(x + cell * 0.8), int(x + bw - cell), cell * 2):
                if rnd.random() < 0.35:
                    draw.rectangle([wx, wy, wx + cell * 0.8, wy + cell], fill=lit)
        x += bw + (x1 - row[0]) * rnd.uniform(0.0, 0.015)


def _paint_room(sc: _Scene) -> float:
    """Paint a simple room, wall and floor, a window on the sky, a lamp; return the floor line."""
    wall, trim, floor = (tint(hex_rgb(layer[-1]), sc.ambient) for layer in LAYERS["interior"])
    floor_y, w = int(sc.y(0.7)), sc.size[0]
    sc.img.paste(_gradient((w, floor_y), [mix(wall, (0, 0, 0), 0.25), wall]), (0, 0))
    sc.img.paste(_gradient((w, sc.size[1] - floor_y), [floor, mix(floor, (0, 0, 0), 0.45)]), (0, floor_y))
    sc.draw.rectangle([0, floor_y - sc.fh * 0.012, w, floor_y], fill=trim)
    win = [int(v) for v in (sc.x(sc.side - 0.15), sc.y(0.24), sc.x(sc.side + 0.15), sc.y(0.58))]
    view = _gradient((win[2] - win[0], win[3] - win[1]), sc.sky)
    if sc.light.windows:  # a lit town outside at night
        town = tint(hex_rgb("#3a4150"), sc.ambient)
        _skyline(ImageDraw.Draw(view), (0, view.width, view.height, view.height * 0.45), sc.rnd, town, sc.glow)
    sc.img.paste(view, (win[0], win[1]))
    bar = max(SS * 3, int(sc.unit * 0.012))
    sc.draw.rectangle(win, outline=trim, width=bar)
    sc.draw.line([(win[0] + win[2]) / 2, win[1], (win[0] + win[2]) / 2, win[3]], fill=trim, width=bar)
    sc.draw.line([win[0], (win[1] + win[3]) / 2, win[2], (win[1] + win[3]) / 2], fill=trim, width=bar)
    lamp, shade = sc.x(1 - sc.side), sc.unit * 0.07
    _glow(sc.img, (lamp, sc.y(0.36)), sc.unit * 0.45, hex_rgb("#ffd79a"), 0.5)
    sc.draw.line([lamp, sc.y(0.4), lamp, sc.y(0.74)], fill=mix(trim, (0, 0, 0), 0.5), width=bar)
    top, bottom = sc.y(0.3), sc.y(0.4)
    cone = [(lamp - shade * 0.6, top), (lamp + shade * 0.6, top), (lamp + shade, bottom), (lamp - shade, bottom)]
    sc.draw.polygon(cone, fill=hex_rgb("#f3dfb8"))
    return 0.7


def _weather(img: Image.Image, look: Look, rnd: random.Random) -> Image.Image:
    """Lay rain streaks or snowflakes over the plate."""
    layer = Image.new("RGBA", img.size)
    draw = ImageDraw.Draw(layer)
    w, h = img.size
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
