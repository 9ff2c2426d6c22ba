"""Captions for a whole sequence: each shot's dialog, timed as the director planned it, offset by where the
shot starts in the sequence, speaker-labelled. Written with `srt` and `webvtt-py`."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import srt
import webvtt

from utils.director import dialogue_cues, dialogue_lines


@dataclass(frozen=True)
class Caption:
    start: float  # seconds into the sequence
    end: float
    speaker: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.speaker}: {self.text}"


def sequence_captions(shots: list[tuple[float, float, str]]) -> list[Caption]:
    """Caption every shot's dialog; `shots` is (start in the sequence, length, dialog) in order."""
    captions = []
    for start, length, dialog in shots:
        for cue in dialogue_cues(dialogue_lines(dialog), length):
            captions.append(
                Caption(round(start + cue.start, 3), round(start + min(cue.end, length), 3), cue.speaker, cue.text)
            )
    return captions


def to_srt(captions: list[Caption]) -> str:
    """The captions as SubRip text."""
    return srt.compose(
        [
            srt.Subtitle(index, timedelta(seconds=c.start), timedelta(seconds=c.end), c.label)
            for index, c in enumerate(captions, start=1)
        ]
    )


def to_vtt(captions: list[Caption]) -> str:
    """The captions as WebVTT text, the speaker as a voice span so players can style it."""
    document = webvtt.WebVTT()
    for c in captions:
        document.captions.append(webvtt.Caption(_stamp(c.start), _stamp(c.end), f"<v {c.speaker}>{c.text}"))
    out = io.StringIO()
    document.write(out)
    return out.getvalue()


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    if millis == 1000:
        whole, millis = whole + 1, 0
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{millis:03d}"
