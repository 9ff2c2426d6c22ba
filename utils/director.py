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
