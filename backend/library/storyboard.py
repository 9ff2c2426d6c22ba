"""A finished (or any) sequence as a storyboard document: its settings, cast, locations and shots, with every
choice the user made (per-shot lengths, continuity choices, hand-edited prompts) and its pictures inline."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from backend.errors import Conflict
from backend.library.sequences import require_sequence
from backend.media.store import MediaStore
from backend.models.storyboard import VERSION, Storyboard
from backend.store import Database, records, tables


def storyboard_of(db: Database, media: MediaStore, sequence_id: str) -> Storyboard:
    """Rebuild the document a sequence was made from."""
    require_sequence(db, sequence_id)
    sequence = records.sequence_row(db, sequence_id)
    if sequence["kind"] != "sequence":
        raise Conflict(f"{sequence_id} is a single clip; only a sequence has a storyboard.", field="sequence_id")
    folder = media.folder(sequence_id)
    shots = []
    for row in records.shot_rows(db, sequence_id):
        own = (
            row["reference_file"] if row["reference_file"] and row["reference_file"].startswith("reference_") else None
        )
        shots.append(
            {
                "character": row["character"],
                "environment": row["environment"],
                "lighting_camera": row["lighting_camera"],
                "dialog": row["dialog"],
                "cast": json.loads(row["cast_ids"] or "[]"),
                "location": row["location_id"],
                "seconds": row["seconds"] or sequence["seconds"],
                "continuity": row["continuity_choice"] or "auto",
                "continue_from": row["continue_from"],
                "prompt": row["prompt"] if row["prompt_edited"] else None,
                "reference": _data_url(media, folder, own),
            }
        )
    story = {
        kind: [
            {"id": item["id"], "name": item["name"], "description": item["description"],
             "reference": _data_url(media, folder, item["reference_file"])}
            for item in records.story_items(db, table, sequence_id)
        ]
        for kind, table in (("cast", tables.sequence_cast), ("locations", tables.sequence_locations))
    }  # fmt: skip
    return Storyboard(
        storyboard=VERSION,
        title=sequence["title"],
        model=sequence["model"],
        size=sequence["size"],
        seconds=sequence["seconds"],
        style=sequence["style"],
        continuity=sequence["continuity"],
        approve_keyframes=bool(sequence["approve_keyframes"]),
        shots=shots,
        **story,
    )


def _data_url(media: MediaStore, folder: Path, name: str | None) -> str | None:
    if not name or not media.fetch(folder / name).is_file():
        return None
    return "data:image/png;base64," + base64.b64encode((folder / name).read_bytes()).decode("ascii")
