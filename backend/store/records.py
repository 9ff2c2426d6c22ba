"""Reading and writing sequences and shots (their API shape: backend/library/views.py)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete, insert, select, update

from backend.store import tables
from backend.store.database import Database

SHOT_FIELDS = {
    "status",
    "progress",
    "video_id",
    "method",
    "source_video_id",
    "note",
    "error_code",
    "error_message",
    "video_file",
    "thumbnail_file",
    "spritesheet_file",
    "submit_sent_at",
    "started_at",
    "completed_at",
    "reference_file",
    "prompt",
    "keyframe_status",
    "keyframe_file",
    "keyframe_version",
    "keyframe_prompt",
    "keyframe_note",
    "keyframe_method",
    "keyframe_requested_at",
    "keyframe_error",
    "attempt",
}
SEQUENCE_FIELDS = {"status", "stitched_file", "stitch_error", "spent_usd", "estimated_usd", "approved_at"}
UNFINISHED = ("queued", "running", "stitching")
# What a new row is made of; anything else in the caller's dict is not stored.
NEW_SEQUENCE = (
    "id", "kind", "remix_source", "model", "size", "seconds", "continuity", "style", "estimated_usd",
    "approve_keyframes", "title",
)  # fmt: skip
NEW_SHOT = (
    "shot_number", "character", "environment", "lighting_camera", "dialog", "prompt", "reference_file",
    "seconds", "cast_ids", "location_id", "continuity_choice", "continue_from", "source_shot", "planned_method",
    "continuity_note", "prompt_edited", "keyframe_status",
)  # fmt: skip
# Who and where a sequence's story is: rows of sequence_cast and sequence_locations.
NEW_STORY_ITEM = ("id", "name", "description", "reference_file")
# A shot's defaults, always sent: databases from the first release have no column defaults for the text.
SHOT_TEXT = {
    "character": "", "environment": "", "lighting_camera": "", "dialog": "", "seconds": None, "cast_ids": "[]",
    "location_id": None, "continuity_choice": "auto", "continue_from": None, "source_shot": None,
    "planned_method": "create", "continuity_note": None, "prompt_edited": 0, "keyframe_status": None,
}  # fmt: skip


def insert_sequence(
    db: Database,
    sequence: dict[str, Any],
    shots: list[dict[str, Any]],
    cast: list[dict[str, Any]] = (),
    locations: list[dict[str, Any]] = (),
) -> None:
    """Store a new sequence, its shots and its cast and locations in one transaction."""
    now = time.time()
    given = {"kind": "sequence", "remix_source": None, "approve_keyframes": 0, "title": "", **sequence}
    row = {name: given[name] for name in NEW_SEQUENCE}
    with db.write() as conn:
        conn.execute(insert(tables.sequences).values(**row, created_at=int(now), updated_at=now, status="queued"))
        for shot in shots:
            given = {**SHOT_TEXT, "seconds": sequence["seconds"], **shot}
            values = {name: given[name] for name in NEW_SHOT}
            conn.execute(insert(tables.shots).values(**values, sequence_id=sequence["id"], status="queued"))
        for table, items in ((tables.sequence_cast, cast), (tables.sequence_locations, locations)):
            for position, item in enumerate(items):
                values = {name: item.get(name) for name in NEW_STORY_ITEM}
                conn.execute(insert(table).values(**values, sequence_id=sequence["id"], position=position))


def story_items(db: Database, table: Any, sequence_id: str) -> list[dict[str, Any]]:
    """Return a sequence's cast (tables.sequence_cast) or locations (tables.sequence_locations), in order."""
    return db.query(select(table).where(table.c.sequence_id == sequence_id).order_by(table.c.position))


def update_shot(db: Database, sequence_id: str, shot_number: int, **fields: Any) -> None:
    """Change a shot's fields (only those in SHOT_FIELDS) and mark its sequence as updated."""
    _check(fields, SHOT_FIELDS)
    with db.write() as conn:
        conn.execute(update(tables.shots).where(*_shot_key(sequence_id, shot_number)).values(**fields))
        conn.execute(
            update(tables.sequences).where(tables.sequences.c.id == sequence_id).values(updated_at=time.time())
        )


def update_sequence(db: Database, sequence_id: str, **fields: Any) -> None:
    """Change a sequence's fields (only those in SEQUENCE_FIELDS) and its updated_at."""
    _check(fields, SEQUENCE_FIELDS)
    with db.write() as conn:
        conn.execute(
            update(tables.sequences)
            .where(tables.sequences.c.id == sequence_id)
            .values(**fields, updated_at=time.time())
        )


def _check(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")


def _shot_key(sequence_id: str, shot_number: int) -> tuple:
    return tables.shots.c.sequence_id == sequence_id, tables.shots.c.shot_number == shot_number


def sequence_row(db: Database, sequence_id: str) -> dict[str, Any] | None:
    """Return the sequence's row, or None."""
    return db.first(select(tables.sequences).where(tables.sequences.c.id == sequence_id))


def shot_rows(db: Database, sequence_id: str) -> list[dict[str, Any]]:
    """Return the sequence's shot rows in shot order."""
    return db.query(
        select(tables.shots).where(tables.shots.c.sequence_id == sequence_id).order_by(tables.shots.c.shot_number)
    )


def shot_row(db: Database, sequence_id: str, shot_number: int) -> dict[str, Any] | None:
    """Return one shot's row, or None."""
    return db.first(select(tables.shots).where(*_shot_key(sequence_id, shot_number)))


def shot_by_video_id(db: Database, video_id: str) -> dict[str, Any] | None:
    """Return the shot whose provider job is `video_id`, or None."""
    return db.first(select(tables.shots).where(tables.shots.c.video_id == video_id))


def list_sequence_ids(db: Database, limit: int, offset: int = 0) -> list[str]:
    """Return a page of sequence ids (not clips), newest first."""
    statement = (
        select(tables.sequences.c.id)
        .where(tables.sequences.c.kind == "sequence")
        .order_by(tables.sequences.c.created_at.desc(), tables.sequences.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [row["id"] for row in db.query(statement)]


def unfinished_sequence_ids(db: Database) -> list[str]:
    """Return the ids of sequences and clips still queued, running or stitching, oldest first."""
    statement = (
        select(tables.sequences.c.id)
        .where(tables.sequences.c.status.in_(UNFINISHED))
        .order_by(tables.sequences.c.created_at)
    )
    return [row["id"] for row in db.query(statement)]


def delete_sequence(db: Database, sequence_id: str) -> None:
    """Delete a sequence, its shots, cast and locations in one transaction."""
    with db.write() as conn:
        for table in (tables.shots, tables.sequence_cast, tables.sequence_locations):
            conn.execute(delete(table).where(table.c.sequence_id == sequence_id))
        conn.execute(delete(tables.sequences).where(tables.sequences.c.id == sequence_id))
