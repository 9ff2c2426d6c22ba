"""Shape the job rows into the API's answers (backend/models/responses.py); URLs only for files that exist."""

from __future__ import annotations

import json
from typing import Any

from backend.models.responses import Cost, Sequence, Shot, ShotError, StoryItem, Video
from backend.store import Database, records, tables
from utils.prompt_templates import style_text


def shot_error(row: dict[str, Any]) -> ShotError | None:
    if not (row["error_code"] or row["error_message"]):
        return None
    return ShotError(code=row["error_code"] or "failed", message=row["error_message"] or "The shot failed.")


def shot_view(sequence_id: str, row: dict[str, Any], seconds: str) -> Shot:
    """Shape one shot row as the sequence answers show it."""
    base = f"/api/download/{sequence_id}/{row['shot_number']}"
    return Shot(
        shot_number=row["shot_number"],
        status=row["status"],
        progress=row["progress"],
        video_id=row["video_id"],
        method=row["method"],
        note=row["note"],
        error=shot_error(row),
        character=row["character"],
        environment=row["environment"],
        lighting_camera=row["lighting_camera"],
        dialog=row["dialog"],
        has_reference=bool(row["reference_file"]),
        download_url=base if row["video_file"] else None,
        thumbnail_url=f"{base}?variant=thumbnail" if row["thumbnail_file"] else None,
        seconds=row["seconds"] or seconds,
        cast=json.loads(row["cast_ids"] or "[]"),
        location=row["location_id"],
        prompt=row["prompt"],
        prompt_edited=bool(row["prompt_edited"]),
        source_shot=row["source_shot"],
        planned_method=row["planned_method"] or "create",
        continuity_note=row["continuity_note"],
        keyframe_status=row["keyframe_status"],
        keyframe_url=f"{base}?variant=keyframe&v={row['keyframe_version']}" if row["keyframe_file"] else None,
        keyframe_version=row["keyframe_version"],
        keyframe_note=row["keyframe_note"],
    )


def story_view(rows: list[dict[str, Any]]) -> list[StoryItem]:
    return [
        StoryItem(
            id=row["id"], name=row["name"], description=row["description"], has_reference=bool(row["reference_file"])
        )
        for row in rows
    ]


def sequence_view(db: Database, sequence_id: str) -> Sequence | None:
    """Return the sequence as the API, the progress stream and the page see it (None when unknown)."""
    row = records.sequence_row(db, sequence_id)
    if row is None:
        return None
    return Sequence(
        sequence_id=row["id"],
        title=row["title"],
        kind=row["kind"],
        status=row["status"],
        created_at=row["created_at"],
        model=row["model"],
        size=row["size"],
        seconds=row["seconds"],
        continuity=row["continuity"],
        style=row["style"],
        shots=[shot_view(sequence_id, shot, row["seconds"]) for shot in records.shot_rows(db, sequence_id)],
        cast=story_view(records.story_items(db, tables.sequence_cast, sequence_id)),
        locations=story_view(records.story_items(db, tables.sequence_locations, sequence_id)),
        approve_keyframes=bool(row["approve_keyframes"]),
        approved=row["continuity"] == "keyframes" and (not row["approve_keyframes"] or row["approved_at"] is not None),
        sequence_url=f"/api/download-sequence/{sequence_id}" if row["stitched_file"] else None,
        stitch_error=row["stitch_error"],
        cost=Cost(estimated_usd=row["estimated_usd"], spent_usd=round(row["spent_usd"], 4)),
    )


def full_prompt(prompt: str, style: str | None) -> str:
    """A clip's prompt with its style preset's text appended."""
    text = style_text(style)
    return f"{prompt}\nStyle: {text}" if text else prompt


def user_prompt(prompt: str, style: str | None) -> str:
    """The prompt as the user wrote it, without the template text the studio appended."""
    suffix = full_prompt("", style)
    return prompt.removesuffix(suffix) if style and suffix else prompt


def video_view(db: Database, sequence_id: str, row: dict[str, Any]) -> Video:
    """Shape a clip or shot for the library: the studio's id first, the provider's alongside."""
    sequence = records.sequence_row(db, sequence_id)
    video_id = f"{sequence_id}-{row['shot_number']}"
    base = f"/api/v1/videos/{video_id}/download"
    return Video(
        id=video_id,
        kind=sequence["kind"],
        sequence_id=sequence_id,
        shot_number=row["shot_number"],
        status=row["status"],
        progress=row["progress"],
        model=sequence["model"],
        size=sequence["size"],
        seconds=sequence["seconds"],
        created_at=sequence["created_at"],
        prompt=row["prompt"],
        user_prompt=user_prompt(row["prompt"], sequence["style"]),
        style=sequence["style"],
        estimated_usd=sequence["estimated_usd"],
        method=row["method"],
        note=row["note"],
        remixed_from=sequence["remix_source"],
        provider_video_id=row["video_id"],
        error=shot_error(row),
        download_url=f"{base}?output_type=video" if row["video_file"] else None,
        thumbnail_url=f"{base}?output_type=thumbnail" if row["thumbnail_file"] else None,
        spritesheet_url=f"{base}?output_type=spritesheet" if row["spritesheet_file"] else None,
        # What was paid: a clip's own spend; for a shot, see its sequence's cost.
        spent_usd=round(sequence["spent_usd"], 4) if sequence["kind"] == "clip" else None,
    )
