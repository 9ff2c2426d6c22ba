"""Keyframes first: one still per shot before any clip is paid for, in parallel where they do not depend
on each other. A shot that continues an earlier one gets an edit of that shot's still (faces, wardrobe and
places carry over on any provider); a fresh shot gets an edit of its own, a cast member's or a location's
picture, or a generation from its prompt.

An image call has no job to look for afterwards, so a call cut off by a crash is never re-sent on its
own: its shot's still is marked failed, and a re-roll (one more call, asked for) makes it again. Each
call is charged to the spend ledger before it is sent (backend/store/ledger.py); one that would pass
MONTHLY_BUDGET is not sent, and its shot fails `over_budget`.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import update

from backend.jobs.context import JobContext, StillMaker
from backend.jobs.ordering import run_after_sources
from backend.media.images import ImageRejected, fit_reference
from backend.media.store import MediaStoreError
from backend.providers.errors import ProviderError, RejectedError, Stopped
from backend.providers.images import request_size
from backend.store import ledger, records, tables
from backend.store.ledger import OverBudget

log = logging.getLogger(__name__)
STILL_PREFIX = "Keyframe: the first frame of this shot, as one still picture.\n"


def make_keyframes(job: JobContext, sequence: dict) -> bool:
    """Make every pending still, each once its source's still is ready; True when every shot has one."""
    rows = {row["shot_number"]: row for row in records.shot_rows(job.db, sequence["id"])}
    sources = {number: row["source_shot"] for number, row in rows.items()}
    ready = {number for number, row in rows.items() if row["keyframe_status"] == "ready"}
    failed = {number for number, row in rows.items() if row["keyframe_status"] == "failed"}
    waiting = set(rows) - ready - failed
    maker = job.images() if waiting else None
    ready, failed = run_after_sources(
        job.shot_pool, sources, lambda number: _make_still(job, maker, sequence, number), ready, failed
    )
    return not failed


def _make_still(job: JobContext, maker: StillMaker, sequence: dict, number: int) -> bool:
    seq_id = sequence["id"]
    shot = records.shot_row(job.db, seq_id, number)
    if shot["keyframe_status"] == "ready":
        return True
    if shot["keyframe_requested_at"] is not None:  # the studio stopped while this call was out
        _failed(
            job,
            seq_id,
            number,
            "The studio stopped while this still was being drawn; it may have been billed. "
            "Re-roll it to draw it again.",
        )
        return False
    folder = job.folder(seq_id)
    try:
        pictures = _inputs(job, sequence, shot)
    except MediaStoreError as exc:
        _failed(job, seq_id, number, exc.message)
        return False
    prompt = STILL_PREFIX + (shot["keyframe_prompt"] or shot["prompt"])
    if shot["keyframe_note"]:
        prompt += f"\nChange for this still: {shot['keyframe_note']}"
    size = request_size(sequence["size"], maker.exact_sizes)
    what = ledger.Charge(seq_id, number, "still", shot["attempt"])
    try:
        charged_now = job.charge(what, maker.price)  # before the call: a still past MONTHLY_BUDGET is not drawn
    except OverBudget as exc:
        _failed(job, seq_id, number, exc.message, code=exc.code)
        return False
    job.update_shot(seq_id, number, keyframe_requested_at=time.time(), keyframe_error=None)
    try:
        if pictures:
            drawn = maker.provider.edit(pictures, prompt, maker.model, size)
        else:
            drawn = maker.provider.generate(prompt, maker.model, size)
        still = fit_reference(drawn, sequence["size"])
        version = shot["keyframe_version"] + 1
        name = f"keyframe_{number}_v{version}.png"
        job.media.save(still, folder / name)
    except Stopped:
        raise
    except (ProviderError, ImageRejected, MediaStoreError) as exc:
        log.warning("still %s/%d failed: %s", seq_id, number, exc)
        if charged_now and isinstance(exc, RejectedError):  # refused outright: nothing was drawn or billed
            ledger.refund(job.db, what)
        _failed(job, seq_id, number, getattr(exc, "message", str(exc)))
        return False
    job.update_shot(
        seq_id,
        number,
        keyframe_status="ready",
        keyframe_file=name,
        keyframe_version=version,
        keyframe_method="edit" if pictures else "generation",
        keyframe_requested_at=None,
    )
    with job.db.write() as conn:
        spent = tables.sequences.c.spent_usd + (maker.price or 0.0)
        conn.execute(update(tables.sequences).where(tables.sequences.c.id == seq_id).values(spent_usd=spent))
    return True


def _inputs(job: JobContext, sequence: dict, shot: dict) -> list[bytes]:
    """What the still is an edit of: the source shot's still, else the shot's picture; none for a generation."""
    folder = job.folder(sequence["id"])
    if shot["source_shot"] is not None:
        source = records.shot_row(job.db, sequence["id"], shot["source_shot"])
        return [job.media.fetch(folder / source["keyframe_file"]).read_bytes()]
    if shot["reference_file"]:
        return [job.media.fetch(folder / shot["reference_file"]).read_bytes()]
    return []


def _failed(job: JobContext, seq_id: str, number: int, message: str, code: str = "keyframe_failed") -> None:
    job.update_shot(
        seq_id,
        number,
        keyframe_status="failed",
        keyframe_requested_at=None,
        keyframe_error=message,
        status="failed",
        error_code=code,
        error_message=f"Its still could not be drawn: {message}",
    )
