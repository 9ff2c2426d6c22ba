"""The canvas every plate painter shares: a supersampled image whose centre is the frame, and its palette.

plates.py paints sky and land on it, rooms.py interiors, sets.py what stands in the foreground,
figures.py the people. Every random choice comes from the look's seed, so a place is painted the same.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from backend.local_engine.look import LIGHTS, RGB, SS, Look, hex_rgb, mix


def gradient(size: tuple[int, int], stops: list[RGB]) -> Image.Image:
    """Paint a vertical multi-stop gradient by stretching one 256-pixel column."""
    column = []
    for i in range(256):
        pos = i / 255 * (len(stops) - 1)
        k = min(int(pos), len(stops) - 2)
        column.append(mix(stops[k], stops[k + 1], pos - k))
    strip = Image.new("RGB", (1, 256))
    strip.putdata(column)
    return strip.resize(size, Image.Resampling.BILINEAR)


def glow(img: Image.Image, centre: tuple[float, float], radius: float, color: RGB, strength: float) -> None:
    """Add a soft radial light, the cheap way: one scaled gradient used as a paste mask."""
    r = max(2, int(radius))
    # radial_gradient is 0 at the centre and 128 on the inscribed circle: fade out before the square's edge
    mask = Image.radial_gradient("L").point(lambda v: int(max(0.0, 1 - v / 128) ** 2 * 255 * strength))
    mask = mask.resize((2 * r, 2 * r), Image.Resampling.BILINEAR)
    img.paste(color, (int(centre[0] - r), int(centre[1] - r)), mask)


FLOOR_LINE = 0.7  # where an interior's floor meets its back wall, a share of the frame's height


def horizon_for(look: Look, frame: tuple[int, int]) -> float:
    """Return where the land meets the sky, or the floor the wall, as a share of the frame's height."""
    if look.env == "interior":
        return FLOOR_LINE
    return 0.6 if frame[0] >= frame[1] else 0.62


def ground_for(look: Look, frame: tuple[int, int]) -> float:
    """Return the line people stand on in a wide shot, as a share of the frame's height."""
    return min(0.94, horizon_for(look, frame) + 0.3)


class Scene:
    """What every layer painter shares: the supersampled canvas, whose centre is the frame, and the palette."""

    def __init__(
        self, look: Look, plate: tuple[int, int], frame: tuple[int, int], backdrop: Image.Image | None = None
    ) -> None:
        self.look, self.light = look, LIGHTS[look.light]
        self.size = (plate[0] * SS, plate[1] * SS)
        self.fw, self.fh = frame[0] * SS, frame[1] * SS
        self.ox, self.oy = (self.size[0] - self.fw) / 2, (self.size[1] - self.fh) / 2
        self.unit = min(self.fw, self.fh)
        self.rnd = random.Random(look.seed)
        self.sky = [hex_rgb(c) for c in self.light.sky]
        self.ambient, self.glow = hex_rgb(self.light.ambient), hex_rgb(self.light.glow)
        self.side = self.rnd.uniform(0.68, 0.78)  # sun, window, key light: right, clear of the caption
        self.horizon = horizon_for(look, frame)
        if backdrop is not None:  # a picture to draw over (an edit's input) stands in for the painted sky
            self.img = backdrop.convert("RGB").resize(self.size, Image.Resampling.NEAREST)  # halved back exactly
        else:
            self.img = Image.new("RGB", self.size, self.sky[-1])  # below the horizon too: no gaps under ridges
            self.img.paste(gradient((self.size[0], int(self.y(self.horizon))), self.sky))
        self.draw = ImageDraw.Draw(self.img)

    def x(self, u: float) -> float:
        return self.ox + u * self.fw

    def rng(self, name: str) -> random.Random:
        """Return a random stream of its own for one element, so what one draws never shifts another."""
        return random.Random(f"{self.look.seed}:{name}")

    def row(self, name: str, widths: tuple[float, float], gaps: tuple[float, float]) -> list[tuple[float, float]]:
        """Lay out items across the plate from the frame's centre outwards, as (x, width) on the canvas.

        Sizes are shares of the frame's short side, so the same place shows the same row in a wide plate
        or a narrow one, landscape or portrait: only how far out the row runs differs.
        """
        found = []
        for direction in (1, -1):
            rnd, x = self.rng(f"{name}:{direction}"), self.x(0.5)
            while 0 <= x <= self.size[0]:
                w = self.unit * rnd.uniform(*widths)
                found.append((x if direction > 0 else x - w, w))
                x += direction * (w + self.unit * rnd.uniform(*gaps))
        return found

    def y(self, v: float) -> float:
        return self.oy + v * self.fh
