"""Turn a shot's fields into a provider prompt that directs rather than piles adjectives.

A strong prompt: the scene in plain prose, who is in it and where (their identity anchors, word for
word, as in every other shot they appear in), one cinematography block, the dialogue as short attributed
lines, the sound, the style. A shot restates only the anchors of its own people and place: nothing of
anyone or anywhere it does not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_SECOND = 2.5  # comfortable speech; DESIGN.md says two to three words a second
CUE_EDGE = 0.3  # seconds kept free of dialog at each end of a shot
MAX_CUE_WORDS = 12  # a longer line shows as several subtitles in turn
SPEAKER = re.compile(r"^\s*([A-Z][\w .'-]{0,30}?)\s*:\s*(.+)$")


@dataclass(frozen=True)
class Anchor:
    """A person or place, named, with the words that pin down how they look."""

    name: str
    description: str

    def line(self) -> str:
        return f"{self.name}: {_sentence(self.description)}" if self.description else _sentence(self.name)


@dataclass(frozen=True)
class ShotBrief:
    """Everything the director needs for one shot, already resolved: who, where, from which shot."""

    number: int
    total: int
    seconds: int
    character: str = ""  # as the user wrote it: the person, or what the cast does in this shot
    environment: str = ""
    lighting_camera: str = ""
    dialog: str = ""
    people: tuple[Anchor, ...] = ()  # cast members, or an earlier free-text character referred back to
    place: Anchor | None = None  # a location
    continues_from: int | None = None
    shared: tuple[str, ...] = ()  # the names it shares with that shot, to keep exactly as established
    style: str | None = None


def dialogue_lines(dialog: str) -> list[tuple[str, str]]:
    """Split the dialog field into (speaker, line); unattributed lines belong to the character."""
    lines = []
    for raw in dialog.splitlines():
        text = raw.strip().strip("-").strip()
        if not text:
            continue
        match = SPEAKER.match(text)
        speaker, line = (match.group(1), match.group(2)) if match else ("Character", text)
        lines.append((speaker.strip(), line.strip().strip('"“”').strip()))
    return lines


@dataclass(frozen=True)
class Cue:
    """One line of dialog on screen (and spoken) from `start` to `end` seconds into the shot."""

    start: float
    end: float
    speaker: str
    text: str


def dialogue_cues(lines: list[tuple[str, str]], seconds: float) -> list[Cue]:
    """Plan when each line is said: in order, spread evenly over the clip, each for as long as it takes at
    2.5 words a second (faster when the lines do not fit); a long line shows as a few subtitles in turn.

    The local engine speaks and subtitles its animatics by this plan, and the studio's caption files use it,
    so captions and animatic agree to the frame.
    """
    if not lines:
        return []
    room = max(0.5, seconds - 2 * CUE_EDGE)
    need = [max(1.0, len(text.split()) / WORDS_PER_SECOND) for _, text in lines]
    squeeze = min(1.0, room / sum(need))
    need = [n * squeeze for n in need]
    gap = (room - sum(need)) / len(lines)
    linger = min(0.6, gap / 2)  # keep the text up a moment after the voice ends
    cues: list[Cue] = []
    start = CUE_EDGE + gap / 2
    for (speaker, text), length in zip(lines, need, strict=True):
        cues += _pieces(speaker, text, start, start + length + linger)
        start += length + gap
    return cues


def _pieces(speaker: str, text: str, start: float, end: float) -> list[Cue]:
    """Split a long line into subtitles of whole sentences where possible, timed by their words."""
    pieces: list[list[str]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.split()
        if pieces and len(pieces[-1]) + len(words) <= MAX_CUE_WORDS:
            pieces[-1] += words
            continue
        parts = -(-len(words) // MAX_CUE_WORDS)  # a long sentence splits into even parts
        size = -(-len(words) // max(1, parts))
        pieces += [words[i : i + size] for i in range(0, len(words), size)]
    total = sum(len(piece) for piece in pieces) or 1
    cues, t = [], start
    for piece in pieces:
        length = (end - start) * len(piece) / total
        cues.append(Cue(round(t, 3), round(t + length, 3), speaker, " ".join(piece)))
        t += length
    return cues


def word_count(dialog: str) -> int:
    return sum(len(line.split()) for _, line in dialogue_lines(dialog))


def dialog_warning(dialog: str, seconds: int) -> str | None:
    """Say so when the dialog cannot be spoken comfortably within the clip."""
    words, fits = word_count(dialog), int(WORDS_PER_SECOND * seconds)
    if words <= fits:
        return None
    return (
        f"The dialog has {words} words; about {fits} fit comfortably in {seconds} s. "
        "Shorten it or choose a longer clip."
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def build_prompt(brief: ShotBrief) -> str:
    """Build one shot's prompt from its brief."""
    parts = [f"Scene: {_scene(brief)}", f"Shot {brief.number} of {brief.total}, {brief.seconds} seconds."]
    if brief.people:
        parts.append("Cast:\n" + "\n".join(f"- {person.line()}" for person in brief.people))
    if brief.place is not None:
        parts.append(f"Location: {brief.place.line()}")
    if brief.continues_from is not None:
        kept = _listed(brief.shared) if brief.shared else "the look"
        parts.append(
            f"Continuity: continues shot {brief.continues_from}. Keep {kept} exactly as established; "
            "only the action, framing and camera change."
        )
    camera = brief.lighting_camera.strip() or "Medium shot, eye level, one slow push in, soft natural key light."
    parts.append(f"Cinematography: {_sentence(camera)}")
    lines = dialogue_lines(brief.dialog)
    if lines:
        parts.append("Dialogue:\n" + "\n".join(f'- {speaker}: "{line}"' for speaker, line in lines))
        parts.append("Sound: the dialogue clear and upfront, quiet room tone and ambience of the setting.")
    else:
        parts.append("Sound: ambience of the setting, no dialogue.")
    if brief.style:
        parts.append(f"Style: {_sentence(brief.style)}")
    parts.append("No on-screen text, no logos, no real people.")
    return "\n".join(parts)


def _scene(brief: ShotBrief) -> str:
    """The scene in one or two plain sentences: who (and what they do), and where."""
    who = brief.character.strip() or _listed(tuple(person.name for person in brief.people))
    where = brief.environment.strip() or (brief.place.name if brief.place else "")
    return f"{_sentence(who)} Setting: {_sentence(where)}" if where else _sentence(who)


def _listed(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
