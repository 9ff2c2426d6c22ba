"""Read who and where a shot is from the director's blocks: the `Cast:` bullets, the `Location:` line.

utils/director.py writes them word for word in every shot a person or place appears in, so they are
what keeps a drawing the same from shot to shot. A hand-written prompt has neither; the Scene line
(`Scene: <who>. Setting: <where>.`) or the prose itself stands in for them.
"""

from __future__ import annotations

import re

BULLET = re.compile(r"^\s*[-*•]\s*(.+?)\s*$")
# `Ray Cole: a detective in a grey trench coat.`; a name is short and holds no sentence end.
NAMED = re.compile(r"^([^:.!?]{1,60}?)\s*:\s+(.+)$")
LOCATION = re.compile(r"^\s*location\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
SCENE = re.compile(r"^\s*scene\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
CINEMATOGRAPHY = re.compile(r"^\s*(?:cinematography|camera)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
SETTING = re.compile(r"(?:^|(?<=[.!?])\s+)setting\s*:\s*(.+?)\s*$", re.IGNORECASE)


def normal(text: str) -> str:
    """Fold case, spacing and end punctuation, so restated words compare (and hash) equal."""
    return " ".join(text.lower().split()).rstrip(".!?;, ")


def read_cast(prompt: str) -> list[tuple[str, str]]:
    """Return each `Cast:` bullet as (name, description); a bullet without a name is both."""
    rows = prompt.splitlines()
    for i, row in enumerate(rows):
        if not re.match(r"^\s*cast\s*:\s*$", row, re.IGNORECASE):
            continue
        found = []
        for item in rows[i + 1 :]:
            bullet = BULLET.match(item)
            if not bullet:
                break  # the next block ends the list
            text = bullet.group(1)
            named = NAMED.match(text)
            found.append((named.group(1), named.group(2)) if named else (text, text))
        return found
    return []


def read_location(prompt: str) -> str | None:
    """Return the `Location:` line's text (name and description), or None."""
    match = LOCATION.search(prompt)
    return match.group(1) if match else None


def scene_parts(prompt: str) -> tuple[str | None, str | None]:
    """Split the director's `Scene: <who>. Setting: <where>.` line into who and where."""
    match = SCENE.search(prompt)
    if not match:
        return None, None
    line = match.group(1)
    setting = SETTING.search(line)
    who = line[: setting.start()] if setting else line
    return (who.strip() or None), (setting.group(1) if setting else None)


def directions(prompt: str) -> list[str]:
    """Return where to read camera and framing words, in order: the `Cinematography:` line, then the prompt
    without its `Cast:` and `Location:` lines, which describe people and places ("copper pans") rather
    than direct the camera."""
    kept, in_cast = [], False
    for row in prompt.splitlines():
        if re.match(r"^\s*cast\s*:\s*$", row, re.IGNORECASE):
            in_cast = True
            continue
        in_cast = in_cast and bool(BULLET.match(row))
        if not in_cast and not LOCATION.match(row):
            kept.append(row)
    found = CINEMATOGRAPHY.search(prompt)
    return ([found.group(1)] if found else []) + ["\n".join(kept)]
