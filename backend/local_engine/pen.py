"""Draw flat, ink-outlined shapes given in a figure's own units, the way a storyboard artist would.

A figure is measured in its height: the top of the head is y=0, the feet y=1, the centre line x=0.
people.py and heads.py describe a person in these units; the Pen places and scales them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from backend.local_engine.look import RGB, mix, tint

INK = (14, 14, 18)
SKIN_TINT = 0.28  # faces catch the key light: the plate's colour tints them less than clothes
Box = tuple[float, float, float, float]
Shape = tuple  # ("ellipse", box) | ("rect", box, radius) | ("poly", points) | ("chord", box, start, end)


def ellipse(x0: float, y0: float, x1: float, y1: float) -> Shape:
    """Describe an ellipse inside a box."""
    return ("ellipse", (x0, y0, x1, y1))


def rect(x0: float, y0: float, x1: float, y1: float, radius: float = 0.0) -> Shape:
    """Describe a rectangle, its corners rounded by `radius`."""
    return ("rect", (x0, y0, x1, y1), radius)


def poly(*points: tuple[float, float]) -> Shape:
    """Describe a polygon through `points`."""
    return ("poly", points)


def chord(x0: float, y0: float, x1: float, y1: float, start: float = 180, end: float = 360) -> Shape:
    """Describe the part of an ellipse cut off by a straight line; by default its top half."""
    return ("chord", (x0, y0, x1, y1), start, end)


def mirrored(*points: tuple[float, float]) -> Shape:
    """Close a right-hand outline (top to bottom) with its mirror image: one symmetric polygon."""
    return poly(*points, *((-x, y) for x, y in reversed(points)))


def darker(colour: RGB, amount: float = 0.2) -> RGB:
    """Mix a colour towards ink, for shadows, seams and outlines."""
    return mix(colour, INK, amount)


@dataclass
class Pen:
    """Draws into an RGBA layer; (cx, top) is where the figure's (0, 0) lands, h its height in pixels."""

    layer: Image.Image
    cx: float
    top: float
    h: float
    line: int  # ink width in pixels
    ambient: RGB  # the plate's light, which tints every daylight colour

    def __post_init__(self) -> None:
        self.draw = ImageDraw.Draw(self.layer)

    def px(self, x: float, y: float) -> tuple[float, float]:
        """Turn a point in figure units into the layer's pixels."""
        return (self.cx + x * self.h, self.top + y * self.h)

    def box(self, b: Box, grow: float = 0) -> list[float]:
        """Turn a box in figure units into the layer's pixels, grown by `grow` pixels each way."""
        (x0, y0), (x1, y1) = self.px(b[0], b[1]), self.px(b[2], b[3])
        return [x0 - grow, y0 - grow, max(x0 - grow, x1 + grow), max(y0 - grow, y1 + grow)]

    def lit(self, colour: RGB, tinted: float = 0.45) -> RGB:
        """Tint a daylight colour by the plate's light, partly: people stay readable at night."""
        return mix(colour, tint(colour, self.ambient), tinted)

    def fill(self, shapes: list[Shape], colour: RGB, outline: bool = True, tinted: float = 0.45) -> None:
        """Fill the union of `shapes` in the lit `colour`, ringed once by a darker ink line.

        `tinted` is how far the plate's light colours it: less for skin, so a face stays lit at night.
        """
        colour = self.lit(colour, tinted)
        if outline:
            ink = mix(colour, INK, 0.62)
            for shape in shapes:
                self._shape(shape, ink, self.line)
        for shape in shapes:
            self._shape(shape, colour, 0)

    def stroke(self, points: list[tuple[float, float]], colour: RGB, width: float) -> None:
        """Draw a line `width` figure units wide (at least one pixel) through `points`."""
        pts = [self.px(x, y) for x, y in points]
        self.draw.line(pts, fill=self.lit(colour), width=max(1, round(width * self.h)), joint="curve")

    def _shape(self, shape: Shape, colour: RGB, grow: int) -> None:
        kind = shape[0]
        if kind == "ellipse":
            self.draw.ellipse(self.box(shape[1], grow), fill=colour)
        elif kind == "rect":
            radius = shape[2] * self.h + grow
            self.draw.rounded_rectangle(self.box(shape[1], grow), radius=radius, fill=colour)
        elif kind == "chord":
            self.draw.chord(self.box(shape[1], grow), shape[2], shape[3], fill=colour)
            if grow:  # a chord's flat side grows too, or the ink line stops short of it
                x0, y0, x1, y1 = shape[1]
                self.draw.rectangle(self.box((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2), grow), fill=colour)
        else:
            pts = [self.px(x, y) for x, y in shape[1]]
            self.draw.polygon(pts, fill=colour)
            if grow:
                self.draw.line([*pts, pts[0]], fill=colour, width=2 * grow, joint="curve")
