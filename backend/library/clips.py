"""Single clips (one prompt, one shot) and the video library of every clip and shot the studio made.

A clip is stored as a one-shot sequence of kind 'clip', so it shares the durable job machinery.
Every shot has a studio video id, "<sequence_id>-<shot_number>", that never changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from backend.config import StudioSettings
from backend.errors import BadRequest, Conflict, NotFound
from backend.library.sequences import delete_provider_copies, new_sequence_id
from backend.library.views import full_prompt, video_view
from backend.media.store import MediaStore
from backend.models.requests import ClipIn, LibraryQuery
from backend.models.responses import VideoPage
from backend.providers import pricing
from backend.providers.client import Provider
from backend.store import Database, ledger, records, tables

VIDEO_ID = re.compile(r"(\d{8}-\d{6}-[0-9a-f]{4})-([1-9]\d{0,2})")


def split_id(video_id: str) -> tuple[str, int]:
    """Read a studio video id; anything else is simply not found."""
    match = VIDEO_ID.fullmatch(video_id)
    if not match:
        raise NotFound(f"The studio knows no video {video_id!r}.", field="video_id")
    return match.group(1), int(match.group(2))


def create_clip(
    db: Database,
    media: MediaStore,
    spec: ClipIn,
    reference: bytes | None,
    settings: StudioSettings,
    remix_of: dict | None = None,
) -> str:
    """Store a new clip (or a remix of a finished shot) and return its video id; the caller starts it."""
    model = remix_of["model"] if remix_of else spec.model or settings.default_model
    size = remix_of["size"] if remix_of else spec.size or settings.default_size
    seconds = remix_of["seconds"] if remix_of else spec.seconds or settings.default_seconds
    estimate = pricing.cost(settings, model, size, int(seconds))
    pricing.check_budget(settings, estimate, "seconds", ledger.month_spent(db))
    sequence_id = new_sequence_id()
    folder = media.folder(sequence_id)
    folder.mkdir(parents=True)
    reference_file = None
    if reference is not None:
        reference_file = "reference_1.png"
        media.save(reference, folder / reference_file)
    records.insert_sequence(
        db,
        {
            "id": sequence_id,
            "kind": "clip",
            "remix_source": remix_of["id"] if remix_of else None,
            "model": model,
            "size": size,
            "seconds": seconds,
            "continuity": "independent",
            "style": spec.style,
            "estimated_usd": estimate,
        },
        [{"shot_number": 1, "prompt": full_prompt(spec.prompt, spec.style), "reference_file": reference_file}],
    )
    return f"{sequence_id}-1"


def find(db: Database, video_id: str) -> tuple[str, dict[str, Any]]:
    sequence_id, number = split_id(video_id)
    shot = records.shot_row(db, sequence_id, number)
    if shot is None:
        raise NotFound(f"The studio knows no video {video_id!r}.", field="video_id")
    return sequence_id, shot


def library(db: Database, query: LibraryQuery) -> VideoPage:
    """Page through every clip and shot (or one kind), newest first by default; `after` is the last id seen."""
    limit, order, after, kind = query.limit, query.order, query.after, query.kind
    shots, sequences = tables.shots, tables.sequences
    keys_in_order = (sequences.c.created_at, shots.c.sequence_id, shots.c.shot_number)
    statement = (
        select(shots.c.sequence_id, shots.c.shot_number)
        .join(sequences, sequences.c.id == shots.c.sequence_id)
        .order_by(*(key.desc() if order == "desc" else key.asc() for key in keys_in_order))
    )
    if kind:
        statement = statement.where(sequences.c.kind == kind)
    rows = db.query(statement)
    keys = [f"{row['sequence_id']}-{row['shot_number']}" for row in rows]
    start = keys.index(after) + 1 if after in keys else 0
    if after is not None and after not in keys:
        raise BadRequest(f"after: no video {after!r} in the library.", field="after")
    page = keys[start : start + limit]
    return VideoPage(
        data=[video_view(db, *find(db, key)) for key in page],
        first_id=page[0] if page else None,
        last_id=page[-1] if page else None,
        has_more=start + limit < len(keys),
    )


def file_for(db: Database, media: MediaStore, video_id: str, output_type: str) -> tuple[Path, str]:
    """Return the local file of a clip's variant and its media type."""
    kinds = {
        "video": ("video_file", "video/mp4"),
        "thumbnail": ("thumbnail_file", "image/webp"),
        "spritesheet": ("spritesheet_file", "image/jpeg"),
    }
    sequence_id, shot = find(db, video_id)
    column, mimetype = kinds[output_type]
    if not shot[column]:
        raise NotFound(f"{video_id} has no {output_type} (it is {shot['status']}).", field="video_id", code="not_ready")
    return media.fetch(media.folder(sequence_id) / shot[column]), mimetype


def delete_clip(db: Database, media: MediaStore, provider: Provider, video_id: str, busy: bool) -> bool:
    """Delete a clip's rows and files, then its copy at the provider; return whether the provider's went."""
    sequence_id, shot = find(db, video_id)
    sequence = records.sequence_row(db, sequence_id)
    if sequence["kind"] != "clip":
        raise Conflict(
            f"{video_id} is a shot of sequence {sequence_id}; delete the sequence instead.", field="video_id"
        )
    if busy:
        raise Conflict(f"{video_id} is still being made; wait for it to finish.", field="video_id")
    records.delete_sequence(db, sequence_id)
    media.remove_folder(sequence_id)
    return bool(shot["video_id"]) and delete_provider_copies(provider, [shot["video_id"]]) == 1


def remix_source(db: Database, video_id: str) -> dict[str, Any]:
    """Check a shot can be remixed and return what a remix inherits from it."""
    sequence_id, shot = find(db, video_id)
    if shot["status"] != "completed":
        raise Conflict(f"{video_id} is {shot['status']}; only a completed video can be remixed.", field="video_id")
    sequence = records.sequence_row(db, sequence_id)
    return {"id": video_id, "model": sequence["model"], "size": sequence["size"], "seconds": sequence["seconds"]}
