"""Reading and writing sequences and shots, and shaping them into the API's JSON."""

from __future__ import annotations

import time
from typing import Any

from backend.db import Database

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
}
SEQUENCE_FIELDS = {"status", "stitched_file", "stitch_error", "spent_usd", "estimated_usd"}
UNFINISHED = ("queued", "running", "stitching")


def insert_sequence(db: Database, sequence: dict[str, Any], shots: list[dict[str, Any]]) -> None:
    """Store a new sequence and its shots in one transaction."""
    now = time.time()
    with db.write() as conn:
        conn.execute(
            "INSERT INTO sequences (id, kind, remix_source, created_at, updated_at, status, model, size, seconds,"
            " continuity, style, estimated_usd) VALUES (:id, :kind, :remix_source, :created_at, :updated_at,"
            " 'queued', :model, :size, :seconds, :continuity, :style, :estimated_usd)",
            {"kind": "sequence", "remix_source": None, **sequence, "created_at": int(now), "updated_at": now},
        )
        for shot in shots:
            conn.execute(
                "INSERT INTO shots (sequence_id, shot_number, character, environment, lighting_camera,"
                " dialog, prompt, reference_file, status) VALUES (:sequence_id, :shot_number, :character,"
                " :environment, :lighting_camera, :dialog, :prompt, :reference_file, 'queued')",
                {
                    "character": "",
                    "environment": "",
                    "lighting_camera": "",
                    "dialog": "",
                    **shot,
                    "sequence_id": sequence["id"],
                },
            )


def update_shot(db: Database, sequence_id: str, shot_number: int, **fields: Any) -> None:
    _check(fields, SHOT_FIELDS)
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    with db.write() as conn:
        conn.execute(
            f"UPDATE shots SET {sets} WHERE sequence_id = :sequence_id AND shot_number = :shot_number",
            {**fields, "sequence_id": sequence_id, "shot_number": shot_number},
        )
        conn.execute("UPDATE sequences SET updated_at = ? WHERE id = ?", (time.time(), sequence_id))


def update_sequence(db: Database, sequence_id: str, **fields: Any) -> None:
    _check(fields, SEQUENCE_FIELDS)
    sets = ", ".join(f"{name} = :{name}" for name in [*fields, "updated_at"])
    with db.write() as conn:
        conn.execute(
            f"UPDATE sequences SET {sets} WHERE id = :id",
            {**fields, "updated_at": time.time(), "id": sequence_id},
        )


def _check(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")


def sequence_row(db: Database, sequence_id: str) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM sequences WHERE id = ?", (sequence_id,))
    return dict(rows[0]) if rows else None


def shot_rows(db: Database, sequence_id: str) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM shots WHERE sequence_id = ? ORDER BY shot_number", (sequence_id,))
    return [dict(row) for row in rows]


def shot_row(db: Database, sequence_id: str, shot_number: int) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM shots WHERE sequence_id = ? AND shot_number = ?", (sequence_id, shot_number))
    return dict(rows[0]) if rows else None


def shot_by_video_id(db: Database, video_id: str) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM shots WHERE video_id = ?", (video_id,))
    return dict(rows[0]) if rows else None


def list_sequence_ids(db: Database, limit: int, offset: int = 0) -> list[str]:
    rows = db.query(
        "SELECT id FROM sequences WHERE kind = 'sequence' ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [row["id"] for row in rows]


def unfinished_sequence_ids(db: Database) -> list[str]:
    marks = ", ".join("?" for _ in UNFINISHED)
    rows = db.query(f"SELECT id FROM sequences WHERE status IN ({marks}) ORDER BY created_at", UNFINISHED)
    return [row["id"] for row in rows]


def delete_sequence(db: Database, sequence_id: str) -> None:
    with db.write() as conn:
        conn.execute("DELETE FROM shots WHERE sequence_id = ?", (sequence_id,))
        conn.execute("DELETE FROM sequences WHERE id = ?", (sequence_id,))


def shot_json(sequence_id: str, shot: dict[str, Any]) -> dict[str, Any]:
    """Shape one shot row for the API; URLs only for files that are really there."""
    base = f"/api/download/{sequence_id}/{shot['shot_number']}"
    error = None
    if shot["error_code"] or shot["error_message"]:
        error = {
            "code": shot["error_code"] or "failed",
            "message": shot["error_message"] or "The shot failed.",
        }
    return {
        "shot_number": shot["shot_number"],
        "status": shot["status"],
        "progress": shot["progress"],
        "video_id": shot["video_id"],
        "method": shot["method"],
        "note": shot["note"],
        "error": error,
        "character": shot["character"],
        "environment": shot["environment"],
        "lighting_camera": shot["lighting_camera"],
        "dialog": shot["dialog"],
        "has_reference": bool(shot["reference_file"]),
        "download_url": base if shot["video_file"] else None,
        "thumbnail_url": f"{base}?variant=thumbnail" if shot["thumbnail_file"] else None,
    }


def sequence_json(db: Database, sequence_id: str) -> dict[str, Any] | None:
    """Return the sequence as the API, the SSE stream and the page see it."""
    row = sequence_row(db, sequence_id)
    if row is None:
        return None
    return {
        "sequence_id": row["id"],
        "kind": row["kind"],
        "status": row["status"],
        "created_at": row["created_at"],
        "model": row["model"],
        "size": row["size"],
        "seconds": row["seconds"],
        "continuity": row["continuity"],
        "style": row["style"],
        "shots": [shot_json(sequence_id, shot) for shot in shot_rows(db, sequence_id)],
        "sequence_url": f"/api/download-sequence/{sequence_id}" if row["stitched_file"] else None,
        "stitch_error": row["stitch_error"],
        "cost": {"estimated_usd": row["estimated_usd"], "spent_usd": round(row["spent_usd"], 4)},
    }
