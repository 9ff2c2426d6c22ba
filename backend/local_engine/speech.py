"""Find a prompt's dialog, time it as subtitles, voice it with espeak-ng over a quiet pad.

The timing is the studio's (utils.director.dialogue_cues): its captions and the animatic's subtitles are
one plan. Speech is optional: without espeak-ng the same timing holds and the soundtrack is just the pad,
so an animatic always has an audio track of exactly the clip's length.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from utils.director import CUE_EDGE as EDGE
from utils.director import WORDS_PER_SECOND, dialogue_cues

ESPEAK_WPM = 150  # espeak-ng's words per minute at the director's 2.5 words a second
MAX_TEMPO = 1.5  # a voice longer than its cues is sped up this much at most, then cut at their end
SAMPLE_RATE = 48000
VOICES = ("en-us+m3", "en-us+f2", "en-us+m7", "en-us+f4")

# `- Mara: "We leave at dawn."`, `Jo (quietly): Not without the map.`
SPEAKER_LINE = re.compile(r"^\s*[-*•]?\s*([A-Z][\w .'-]{0,30}?)\s*(?:\([^)]*\))?\s*:\s*(.+?)\s*$")
QUOTED = re.compile(r"[\"“”]([^\"“”]{1,400})[\"“”]")
BULLETS = ("-", "*", "•")
BLOCK_HEADER = re.compile(r"^\s*[A-Z][A-Za-z &/]{1,30}:\s*$")


@dataclass(frozen=True)
class Line:
    speaker: str | None
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Cue:
    """One subtitle on screen from `start` to `end` seconds."""

    start: float
    end: float
    speaker: str | None
    text: str


@dataclass(frozen=True)
class Voiced:
    """One spoken line placed on the timeline: the wav, when it starts, how long it may play, how long it is."""

    wav: Path
    start: float
    length: float
    spoken: float

    @property
    def tempo(self) -> float:
        """Return how much to speed the voice up to end with its cues (1 = as spoken)."""
        return min(MAX_TEMPO, max(1.0, self.spoken / max(self.length, 0.01)))


def parse_dialog(prompt: str) -> list[Line]:
    """Return the spoken lines: a `Dialogue:` block if there is one, else every quoted passage."""
    lines = prompt.splitlines()
    for i, raw in enumerate(lines):
        if re.match(r"^\s*dialog(ue)?\s*:\s*$", raw, re.IGNORECASE):
            found = []
            for row in lines[i + 1 :]:
                if not row.strip():
                    continue
                if BLOCK_HEADER.match(row) or not (row.lstrip().startswith(BULLETS) or QUOTED.search(row)):
                    break  # the next block (`Sound: ...`) or plain prose ends the dialog
                if found_line := _block_line(row):
                    found.append(found_line)
            if found:
                return found
    return [Line(None, _clean(m.group(1))) for m in QUOTED.finditer(prompt) if _clean(m.group(1))]


def _block_line(row: str) -> Line | None:
    """Read one row of a Dialogue block, with or without a speaker and quotes."""
    match = SPEAKER_LINE.match(row)
    speaker, text = (match.group(1).strip(), match.group(2)) if match else (None, row.strip(" -*•\t"))
    quoted = QUOTED.search(text)
    text = _clean(quoted.group(1) if quoted else text)
    return Line(speaker, text) if text else None


def _clean(text: str) -> str:
    return " ".join(text.strip().strip('"“”').split())


def speakers(lines: list[Line]) -> list[str]:
    """Return the distinct speakers in order of first appearance."""
    return list(dict.fromkeys(line.speaker for line in lines if line.speaker))


def espeak_path() -> str | None:
    """Locate espeak-ng at call time, so an animatic renders (silently) where it is missing."""
    return shutil.which("espeak-ng")


def synthesize(lines: list[Line], pace: float, work: Path) -> list[tuple[Path, float] | None]:
    """Speak each line to a wav in `work` at `pace` times the normal rate; None where it failed."""
    exe = espeak_path()
    if exe is None or not lines:
        return [None] * len(lines)
    cast = speakers(lines)
    wpm = str(round(min(320, ESPEAK_WPM * pace)))

    def speak(item: tuple[int, Line]) -> tuple[Path, float] | None:
        n, line = item
        voice = VOICES[cast.index(line.speaker) % len(VOICES)] if line.speaker else VOICES[0]
        wav = work / f"line{n}.wav"
        try:
            subprocess.run(
                [exe, "--stdin", "-w", str(wav), "-s", wpm, "-v", voice],
                input=line.text.encode(),
                capture_output=True,
                timeout=20,
                check=True,
            )
            with wave.open(str(wav)) as sound:
                return wav, sound.getnframes() / sound.getframerate()
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError):
            return None  # a line that cannot be voiced still shows as a subtitle

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(speak, enumerate(lines)))


def pace_for(lines: list[Line], seconds: float) -> float:
    """Return how much faster than 2.5 words/s the lines must go to fit the clip (1 = no hurry)."""
    need = sum(max(1.0, line.words / WORDS_PER_SECOND) for line in lines)
    return max(1.0, need / max(0.5, seconds - 2 * EDGE))


def plan(lines: list[Line], seconds: float, spoken: list[tuple[Path, float] | None]) -> tuple[list[Cue], list[Voiced]]:
    """Time the lines by the studio's own plan (utils.director.dialogue_cues); start each voice with its first cue.

    The studio writes its caption files from the same plan, so the animatic's subtitles and voices and
    the studio's captions agree to the frame. A voice may play until its line's last cue ends.
    """
    planned = dialogue_cues([(line.speaker or "", line.text) for line in lines], seconds)
    cues = [Cue(c.start, c.end, c.speaker or None, c.text) for c in planned]
    voiced: list[Voiced] = []
    at = 0
    for line, said in zip(lines, spoken, strict=True):
        first, words = at, 0
        while words < line.words and at < len(cues):  # a long line's cues follow each other, word by word
            words += len(cues[at].text.split())
            at += 1
        if said and at > first:
            start, end = cues[first].start, cues[at - 1].end
            voiced.append(Voiced(said[0], start, end - start, said[1]))
    return cues, voiced


# A soft chord per light: minor for night and rain, open and major for day and dusk.
CHORDS = {
    "day": (130.81, 196.0, 329.63),
    "sunset": (87.31, 130.81, 220.0),
    "dawn": (98.0, 146.83, 220.0),
    "night": (110.0, 130.81, 164.81),
    "neon": (73.42, 110.0, 174.61),
    "overcast": (82.41, 123.47, 196.0),
}


def audio_graph(light: str, seconds: int, voiced: list[Voiced], first_input: int) -> tuple[list[str], str]:
    """Return ffmpeg input args for the voices and a filter graph ending in `[aout]`, exactly `seconds` long."""
    notes = CHORDS.get(light, CHORDS["day"])
    # ffmpeg's sine source is a table lookup: far cheaper than evaluating an expression per sample.
    tones = "".join(f"sine=f={f}:r={SAMPLE_RATE}:d={seconds}[tone{k}];" for k, f in enumerate(notes))
    weights = " ".join(f"{1 / (k + 1):.2f}" for k in range(len(notes)))
    bed = (
        f"{tones}{''.join(f'[tone{k}]' for k in range(len(notes)))}amix=inputs={len(notes)}:weights={weights}:"
        f"normalize=0,volume=0.12,tremolo=f=0.17:d=0.25,afade=t=in:d=1,"
        f"afade=t=out:st={max(0, seconds - 1.5)}:d=1.5,aformat=channel_layouts=stereo[bed]"
    )
    inputs: list[str] = []
    chains = [bed]
    for n, v in enumerate(voiced):
        inputs += ["-i", str(v.wav)]
        delay = round(v.start * 1000)
        tempo = f"atempo={v.tempo:.4f}," if v.tempo > 1 else ""
        chains.append(
            f"[{first_input + n}:a]{tempo}atrim=0:{v.length:.3f},aresample={SAMPLE_RATE},"
            f"aformat=channel_layouts=stereo,volume=0.9,adelay={delay}|{delay}[sp{n}]"
        )
    mix = "".join(f"[sp{n}]" for n in range(len(voiced)))
    chains.append(
        f"[bed]{mix}amix=inputs={len(voiced) + 1}:duration=first:normalize=0,"
        f"apad=whole_dur={seconds},atrim=0:{seconds}[aout]"
    )
    return inputs, ";".join(chains)
