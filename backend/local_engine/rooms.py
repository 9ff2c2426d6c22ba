"""Paint an interior plate: a room with a window and a lamp, or a kitchen with its counter and pans.

The wall, floor and fittings' colours and where things stand come from the look's seed (canvas.py), so
the same kitchen returns with the same tiles and the same pans on its rail, and two rooms differ.
"""

from __future__ import annotations

from PIL import ImageDraw

from backend.local_engine.canvas import FLOOR_LINE, Scene, glow, gradient
from backend.local_engine.look import RGB, SS, hex_rgb, mix, tint

WALLS = ["#d6c7b0", "#c9d3c0", "#c3cfd8", "#e0c9a8", "#d9b9a8", "#d8d2c4"]
FLOORS = ["#6a5040", "#7a5a3c", "#5a5c60", "#8a6a4a"]
CABINETS = ["#4f6f7a", "#e8e2d4", "#6b4a35", "#3f5a48", "#2f3a4f", "#a8b3a0"]
COUNTERS = ["#dcd7cc", "#3a3a3c", "#a87a50"]
TILES = ["#eef0ec", "#cfe0e4", "#e9dcc4", "#2f5f73"]


def paint_room(sc: Scene) -> None:
    """Paint the room the look calls for, its floor meeting the wall at FLOOR_LINE."""
    rnd = sc.rng("room")
    wall, floor = (tint(hex_rgb(rnd.choice(options)), sc.ambient) for options in (WALLS, FLOORS))
    trim = mix(wall, hex_rgb("#5a4030"), 0.45)
    floor_y, w = int(sc.y(FLOOR_LINE)), sc.size[0]
    sc.img.paste(gradient((w, floor_y), [mix(wall, (0, 0, 0), 0.25), wall]), (0, 0))
    sc.img.paste(gradient((w, sc.size[1] - floor_y), [floor, mix(floor, (0, 0, 0), 0.45)]), (0, floor_y))
    sc.draw.rectangle([0, floor_y - sc.fh * 0.012, w, floor_y], fill=trim)
    if sc.look.detail == "kitchen":
        _kitchen(sc, trim)
    else:
        _window(sc, [sc.x(sc.side - 0.15), sc.y(0.24), sc.x(sc.side + 0.15), sc.y(0.58)], trim)
        _picture(sc, trim)
        _lamp(sc, trim)


def _window(sc: Scene, box: list[float], trim: RGB) -> None:
    """A window on the sky (a lit town after dark), framed and barred in the trim colour."""
    win = [int(v) for v in box]
    view = gradient((win[2] - win[0], win[3] - win[1]), sc.sky)
    if sc.light.windows:
        draw, rnd = ImageDraw.Draw(view), sc.rng("window-town")
        town = tint(hex_rgb("#3a4150"), sc.ambient)
        x = 0.0
        while x < view.width:
            bw, top = view.width * rnd.uniform(0.1, 0.22), view.height * rnd.uniform(0.55, 0.85)
            draw.rectangle([x, top, x + bw, view.height], fill=town)
            for wy in range(int(top + 6), view.height - 6, max(8, int(view.height * 0.06))):
                if rnd.random() < 0.5:
                    draw.rectangle([x + bw * 0.3, wy, x + bw * 0.5, wy + view.height * 0.025], fill=sc.glow)
            x += bw
    sc.img.paste(view, (win[0], win[1]))
    bar = max(SS * 3, int(sc.unit * 0.012))
    sc.draw.rectangle(win, outline=trim, width=bar)
    sc.draw.line([(win[0] + win[2]) / 2, win[1], (win[0] + win[2]) / 2, win[3]], fill=trim, width=bar)
    sc.draw.line([win[0], (win[1] + win[3]) / 2, win[2], (win[1] + win[3]) / 2], fill=trim, width=bar)


def _lamp(sc: Scene, trim: RGB) -> None:
    lamp, shade, bar = sc.x(1 - sc.side), sc.unit * 0.07, max(SS * 3, int(sc.unit * 0.012))
    glow(sc.img, (lamp, sc.y(0.36)), sc.unit * 0.45, hex_rgb("#ffd79a"), 0.5)
    sc.draw.line([lamp, sc.y(0.4), lamp, sc.y(0.74)], fill=mix(trim, (0, 0, 0), 0.5), width=bar)
    top, bottom = sc.y(0.3), sc.y(0.4)
    cone = [(lamp - shade * 0.6, top), (lamp + shade * 0.6, top), (lamp + shade, bottom), (lamp - shade, bottom)]
    sc.draw.polygon(cone, fill=hex_rgb("#f3dfb8"))


def _picture(sc: Scene, trim: RGB) -> None:
    """A framed picture on the wall, its own two colours from the seed: a landscape in a frame."""
    rnd = sc.rng("picture")
    u = 0.5 + (0.5 - sc.side) * 0.35
    w, h = sc.unit * rnd.uniform(0.14, 0.2), sc.unit * rnd.uniform(0.1, 0.14)
    x0, y0 = sc.x(u) - w / 2, sc.y(0.22)
    sky, land = (tint(hex_rgb(c), sc.ambient) for c in (rnd.choice(TILES[:3]), rnd.choice(CABINETS)))
    sc.draw.rectangle([x0, y0, x0 + w, y0 + h], fill=sky, outline=trim, width=max(SS * 2, int(sc.unit * 0.008)))
    sc.draw.polygon([(x0 + w * 0.08, y0 + h * 0.88), (x0 + w * 0.4, y0 + h * 0.4), (x0 + w * 0.92, y0 + h * 0.88)],
                    fill=land)  # fmt: skip


def _kitchen(sc: Scene, trim: RGB) -> None:
    """Counter and cabinets along the back wall, tiles above them, a window over the sink, pans on a rail."""
    rnd = sc.rng("kitchen")
    cabinet, counter, tile = (tint(hex_rgb(rnd.choice(options)), sc.ambient) for options in (CABINETS, COUNTERS, TILES))
    w = sc.size[0]
    top, splash, bottom = sc.y(0.5), sc.y(0.31), sc.y(FLOOR_LINE)
    sc.draw.rectangle([0, splash, w, top], fill=tile)
    cell = sc.unit * 0.045
    grout = mix(tile, (0, 0, 0), 0.18)
    for row in range(int((top - splash) / cell) + 1):
        sc.draw.line([0, splash + row * cell, w, splash + row * cell], fill=grout, width=SS)
    for x, _ in sc.row("tiles", (0.0, 0.0), (0.045, 0.045)):
        sc.draw.line([x, splash, x, top], fill=grout, width=SS)
    window = [sc.x(sc.side - 0.13), sc.y(0.06), sc.x(sc.side + 0.13), sc.y(0.42)]
    _window(sc, window, trim)
    edge = mix(cabinet, (0, 0, 0), 0.35)
    for x, dw in sc.row("doors", (0.2, 0.26), (0.0, 0.0)):
        sc.draw.rectangle([x, top, x + dw, bottom], fill=cabinet, outline=edge, width=SS * 2)
        sc.draw.rectangle([x + dw * 0.42, top + sc.unit * 0.03, x + dw * 0.58, top + sc.unit * 0.042], fill=edge)
        if window[0] - dw < x < window[2]:
            continue  # no wall cupboard over the window
        sc.draw.rectangle([x, sc.y(0.0) - sc.unit, x + dw, splash - sc.unit * 0.12], fill=cabinet, outline=edge,
                          width=SS * 2)  # fmt: skip
    sc.draw.rectangle([0, top - sc.unit * 0.022, w, top + sc.unit * 0.004], fill=counter)
    sc.draw.line([0, top + sc.unit * 0.004, w, top + sc.unit * 0.004], fill=mix(counter, (0, 0, 0), 0.4), width=SS)
    _pans(sc, top)


def _pans(sc: Scene, counter: float) -> None:
    """Copper pans on a rail over the counter, away from the window."""
    rail_y, u = counter - sc.unit * 0.2, 1 - sc.side
    copper = tint(hex_rgb("#b8733a"), sc.ambient)
    rail = mix(copper, (0, 0, 0), 0.4)
    x0, x1 = sc.x(u) - sc.unit * 0.24, sc.x(u) + sc.unit * 0.24
    sc.draw.rectangle([x0, rail_y - SS * 2, x1, rail_y + SS * 2], fill=rail)
    rnd = sc.rng("pans")
    x = x0 + sc.unit * 0.03
    while x < x1 - sc.unit * 0.05:
        r = sc.unit * rnd.uniform(0.032, 0.05)
        cy = rail_y + sc.unit * 0.07 + r
        sc.draw.line([x + r, rail_y, x + r, cy - r], fill=rail, width=SS * 3)  # the handle, hung from the rail
        sc.draw.ellipse([x, cy - r, x + 2 * r, cy + r], fill=copper, outline=rail, width=SS * 2)
        sc.draw.ellipse([x + r * 0.35, cy - r * 0.6, x + r * 0.9, cy - r * 0.1], fill=mix(copper, (255,) * 3, 0.4))
        x += 2 * r + sc.unit * 0.025
