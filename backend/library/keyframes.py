"""What the user does with a sequence's keyframes: re-roll one, replace one with a picture, approve them all."""

from __future__ import annotations

import time

from backend.config import StudioSettings
from backend.errors import Conflict, NotFound
from backend.library.sequences import require_sequence
from backend.media.store import MediaStore
from backend.models.requests import KeyframeIn
from backend.providers import pricing
from backend.store import Database, ledger, records, tables

# A still may be changed while the clips have not started: waiting for approval, or failed at the stills.
CHANGEABLE = ("awaiting_approval", "failed")


def _keyframe_shot(db: Database, sequence_id: str, shot_number: int) -> tuple[dict, dict]:
    sequence = records.sequence_row(db, require_sequence(db, sequence_id).sequence_id)
    if sequence["continuity"] != "keyframes":
        raise Conflict(f"Sequence {sequence_id} was not made keyframes first.", field="sequence_id")
    shot = records.shot_row(db, sequence_id, shot_number)
    if shot is None:
        raise NotFound(f"Sequence {sequence_id} has no shot {shot_number}.", field="shot_number")
    if sequence["status"] not in CHANGEABLE or shot["video_id"]:
        raise Conflict(f"Shot {shot_number}'s clip has started; its still can no longer change.", field="shot_number")
    return sequence, shot


def reroll(db: Database, sequence_id: str, shot_number: int, request: KeyframeIn) -> None:
    """Ask for one more still for the shot (the driver draws it), with its own prompt or a note."""
    _keyframe_shot(db, sequence_id, shot_number)
    records.update_shot(
        db,
        sequence_id,
        shot_number,
        keyframe_status="pending",
        keyframe_prompt=request.prompt,
        keyframe_note=request.note or None,
        keyframe_error=None,
        status="queued",
        error_code=None,
        error_message=None,
        attempt=tables.shots.c.attempt + 1,  # one more still, asked for: charged anew (store/ledger.py)
    )
    records.update_sequence(db, sequence_id, status="running")


def replace(db: Database, media: MediaStore, sequence_id: str, shot_number: int, picture: bytes) -> None:
    """Make the user's own (fitted) picture the shot's still; no image call is made."""
    _, shot = _keyframe_shot(db, sequence_id, shot_number)
    version = shot["keyframe_version"] + 1
    name = f"keyframe_{shot_number}_v{version}.png"
    media.save(picture, media.folder(sequence_id) / name)
    records.update_shot(
        db,
        sequence_id,
        shot_number,
        keyframe_status="ready",
        keyframe_file=name,
        keyframe_version=version,
        keyframe_method="upload",
        keyframe_error=None,
        status="queued",
        error_code=None,
        error_message=None,
    )


def approve(db: Database, sequence_id: str, settings: StudioSettings) -> None:
    """Approve every still: the clips may now be paid for, if the month's budget still covers them."""
    sequence = records.sequence_row(db, require_sequence(db, sequence_id).sequence_id)
    if sequence["status"] != "awaiting_approval":
        raise Conflict(
            f"Sequence {sequence_id} is {sequence['status']}; only stills awaiting approval can be approved.",
            field="sequence_id",
        )
    not_ready = [row["shot_number"] for row in records.shot_rows(db, sequence_id) if row["keyframe_status"] != "ready"]
    if not_ready:
        raise Conflict(f"Shot {not_ready[0]} has no still yet; re-roll or replace it first.", field="sequence_id")
    unpaid = [row for row in records.shot_rows(db, sequence_id) if not row["video_id"]]
    seconds = sum(int(row["seconds"] or sequence["seconds"]) for row in unpaid)
    usd = pricing.cost(settings, sequence["model"], sequence["size"], seconds)
    pricing.check_budget(settings, usd, "sequence_id", ledger.month_spent(db))
    records.update_sequence(db, sequence_id, approved_at=time.time(), status="running")
