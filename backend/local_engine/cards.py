"""Draw the text cards an animatic lays over its moving plate: the slate, subtitles and a corner label.

Each card is a small RGBA image drawn once with Pillow; ffmpeg overlays it on the moving
plate at its time (see render.py), so no text is drawn per frame. Font loading, its
fallback and the wrapping of long lines live here with the cards that need them.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
INK, CARD, ACCENT = (246, 245, 240, 255), (8, 10, 14, 182), (255, 200, 87, 255)
SPEAKER_INKS = [(255, 200, 87, 255), (127, 209, 255, 255), (155, 227, 143, 255), (255, 157, 181, 255)]
FRAMINGS = {"wide": "WIDE", "medium": "MEDIUM", "close": "CLOSE-UP"}
TECH_BLOCK = re.compile(
    r"^\s*(cinematography|camera|lens|lighting|light|sound|audio|music|style|mood|palette|dialog(?:ue)?|"
    r"action|beats?|negative|notes?|framing|continuity|timing|cast|location)\b[^:]{0,24}:(.*)$",
    re.IGNORECASE,
)
LABEL = re.compile(r"\b(scene|subject|character|environment|setting|description)\s*:\s*", re.IGNORECASE)
# The blocks a caption never quotes; the Location line may stand in for a scene with no prose.
UNSEEN = {"dialog", "dialogue", "sound", "audio", "music", "negative", "continuity", "notes", "note", "cast"}
# The director's and the studio's notes to the model: "Shot 2 of 4", "Keyframe: the first frame of this shot".
META = re.compile(r"^\s*(shot \d+ of \d+|no on-screen text|keyframe\s*:)", re.IGNORECASE)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Load DejaVu Sans, or Pillow's own font where DejaVu is not installed.

    Not cached: the engine renders jobs on several threads, and a FreeType face is not thread-safe.
    """
    try:
        return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)
    except OSError:
        return ImageFont.load_default(size=size)


def summarize(prompt: str, limit: int = 120) -> str:
    """Return the opening of the prompt's scene prose (one or two sentences), without technical blocks."""
    prose, blocks = [], []  # scene prose; failing that, what one-line technical blocks say
    in_block = False
    for row in prompt.splitlines():
        block = TECH_BLOCK.match(row)
        if block or not row.strip():
            in_block = bool(block) and not block.group(2).strip()  # a bare header opens a block
            if block and block.group(1).lower() not in UNSEEN:
                blocks.append(block.group(2))
            continue
        if not in_block and not row.lstrip().startswith(("-", "*", "•")) and not META.match(row):
            prose.append(row)
    text = LABEL.sub("", " ".join(" ".join(prose or blocks[:1]).split()))
    first, *rest = re.split(r"(?<=[.!?])\s+", text)
    if rest and len(first) + len(rest[0]) < limit:
        first = f"{first} {rest[0]}"  # the director's "Scene: who. Setting: where." reads as one caption
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return first


def _wrap(text: str, font: ImageFont.ImageFont, width: float, max_lines: int) -> list[str]:
    """Break text into lines that fit `width`, ending with an ellipsis if it runs out of lines."""
    words: list[str] = []
    for word in text.split():  # a word wider than the card (text with no spaces) breaks anywhere
        while font.getlength(word) > width and len(word) > 1:
            cut = max(1, next((i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width), 1))
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and font.getlength(lines[-1] + "…") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def _card(
    rows: list[tuple[str, ImageFont.ImageFont, tuple]], pad: int, centred: bool, bar: int = 0, width: int = 0
) -> Image.Image:
    """Draw rows of text on a rounded translucent card; `bar` adds an accent stripe on the left.

    The card is as wide as its longest row, or `width` pixels when given.
    """
    gap = pad // 3
    sizes = [(font.getlength(text), font.getbbox("Ag")[3]) for text, font, _ in rows]
    inner_w = width - 2 * pad - bar - 2 if width else int(max(w for w, _ in sizes))
    card = Image.new(
        "RGBA",
        (even(inner_w + 2 * pad + bar) + 2, even(sum(h for _, h in sizes) + gap * (len(rows) - 1) + 2 * pad) + 2),
    )
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle([0, 0, card.width - 1, card.height - 1], radius=pad // 2, fill=CARD)
    if bar:
        draw.rounded_rectangle([0, 0, bar * 2, card.height - 1], radius=pad // 2, fill=ACCENT)
        draw.rectangle([bar, 0, bar * 2, card.height - 1], fill=CARD)
    y = pad
    for (text, font, ink), (w, h) in zip(rows, sizes, strict=True):
        x = (card.width - w) / 2 if centred else pad + bar
        draw.text((x, y), text, font=font, fill=ink)
        y += h + gap
    return card


def even(value: float) -> int:
    """Round down to an even number of pixels, as yuv420p frames and their overlays need."""
    return int(value) // 2 * 2


def margin(frame: tuple[int, int]) -> int:
    """Return the title-safe inset, a fixed share of the short side."""
    return even(min(frame) * 0.06)


def caption_card(
    prompt: str, framing: str, move: str, seconds: int, frame: tuple[int, int]
) -> tuple[Image.Image, tuple[int, int]]:
    """Draw the shot's slate: framing, move and length, over a short summary of the scene."""
    base, m = min(frame), margin(frame)
    body, small = _font(round(base * 0.034)), _font(round(base * 0.022), bold=True)
    width = frame[0] * 0.56 if frame[0] > frame[1] else frame[0] - 2 * m
    pad = round(base * 0.022)
    tag = f"{FRAMINGS[framing]}  ·  {move.upper()}  ·  {seconds}s"
    rows = [(tag, small, ACCENT)] + [(t, body, INK) for t in _wrap(summarize(prompt), body, width - 2 * pad, 2)]
    return _card(rows, pad, centred=False, bar=max(2, pad // 4)), (m, m)


def still_card(prompt: str, framing: str, edited: bool, frame: tuple[int, int]) -> tuple[Image.Image, tuple[int, int]]:
    """Draw a still's slate, KEYFRAME and its framing over the scene's summary, filling `still_box` exactly."""
    base, m = min(frame), margin(frame)
    body, small = _font(round(base * 0.034)), _font(round(base * 0.022), bold=True)
    x0, _, x1, _ = still_box(frame)
    pad = round(base * 0.022)
    tag = f"KEYFRAME  ·  {FRAMINGS[framing]}" + ("  ·  EDITED" if edited else "")
    text = (_wrap(summarize(prompt), body, x1 - x0 - 2 * pad, 2) + ["", ""])[:2]  # always two rows: one size
    card = _card([(tag, small, ACCENT)] + [(t, body, INK) for t in text], pad, False, max(2, pad // 4), x1 - x0)
    return card, (m, m)


def still_box(frame: tuple[int, int]) -> tuple[int, int, int, int]:
    """Return where every still of this frame size has its slate (slates.py finds and clears it there)."""
    base, m = min(frame), margin(frame)
    pad = round(base * 0.022)
    rows = _font(round(base * 0.022), bold=True).getbbox("Ag")[3] + 2 * _font(round(base * 0.034)).getbbox("Ag")[3]
    width = even(frame[0] * 0.56 if frame[0] > frame[1] else frame[0] - 2 * m)
    return m, m, m + width + 2, m + even(rows + 2 * (pad // 3) + 2 * pad) + 2


def subtitle_card(
    speaker: str | None, index: int, text: str, frame: tuple[int, int]
) -> tuple[Image.Image, tuple[int, int]]:
    """Draw one subtitle, its speaker's name above it, centred above the bottom burn-in row."""
    base, m = min(frame), margin(frame)
    font, name = _font(round(base * 0.042), bold=True), _font(round(base * 0.024), bold=True)
    width = frame[0] * 0.72 if frame[0] > frame[1] else frame[0] - 2 * m
    pad = round(base * 0.02)
    rows = [(speaker.upper(), name, SPEAKER_INKS[index % len(SPEAKER_INKS)])] if speaker else []
    rows += [(t, font, INK) for t in _wrap(text, font, width - 2 * pad, 3)]
    card = _card(rows, pad, centred=True)
    bottom = frame[1] - m - even(base * 0.045)
    return card, (even((frame[0] - card.width) / 2), even(bottom - card.height))


def label_card(label: str, frame: tuple[int, int]) -> tuple[Image.Image, tuple[int, int]]:
    """Draw the small corner chip that says what this is: an animatic, and of which job."""
    base, m = min(frame), margin(frame)
    card = _card(
        [(f"ANIMATIC  ·  {label}", _font(round(base * 0.019)), (235, 235, 230, 230))], round(base * 0.01), False
    )
    return card, (m, even(frame[1] - m * 0.6 - card.height))
