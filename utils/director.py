"""Turn a shot's fields into a provider prompt that directs rather than piles adjectives.

A strong prompt: the scene in plain prose, one cinematography block, the dialogue as short attributed
lines, the sound, the style. Continuity comes from repeating shot one's identity anchors word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_SECOND = 2.5  # comfortable speech; DESIGN.md says two to three words a second
SPEAKER = re.compile(r"^\s*([A-Z][\w .'-]{0,30}?)\s*:\s*(.+)$")


@dataclass(frozen=True)
class ShotText:
    character: str
    environment: str
    lighting_camera: str = ""
    dialog: str = ""


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


def build_prompt(
    shot: ShotText,
    shot_number: int,
    total: int,
    first: ShotText | None = None,
    style: str | None = None,
    seconds: int = 8,
) -> str:
    """Build one shot's prompt; later shots restate shot one's anchors so the look holds."""
    parts = [f"Scene: {_sentence(shot.character)} Setting: {_sentence(shot.environment)}"]
    parts.append(f"Shot {shot_number} of {total}, {seconds} seconds.")
    if first is not None and shot_number > 1:
        parts.append(
            "Continuity with shot 1: keep the same character, wardrobe, hair, colours, props and place, "
            f"exactly as established: {_sentence(first.character)} {_sentence(first.environment)} "
            "Only the action, framing and camera change."
        )
    camera = shot.lighting_camera.strip() or "Medium shot, eye level, one slow push in, soft natural key light."
    parts.append(f"Cinematography: {_sentence(camera)}")
    lines = dialogue_lines(shot.dialog)
    if lines:
        parts.append("Dialogue:\n" + "\n".join(f'- {speaker}: "{line}"' for speaker, line in lines))
        parts.append("Sound: the dialogue clear and upfront, quiet room tone and ambience of the setting.")
    else:
        parts.append("Sound: ambience of the setting, no dialogue.")
    if style:
        parts.append(f"Style: {_sentence(style)}")
    parts.append("No on-screen text, no logos, no real people.")
    return "\n".join(parts)
