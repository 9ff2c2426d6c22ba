"""Drive a sequence to the end: each shot as its plan says (created, or continued from the shot that shares
its people), every shot as soon as its source is done and in parallel with the others, then the stitch.

The plan was made with the sequence (backend/library/story.py) and lives in the job rows, as does every
step, so `run_sequence` is also how a restart resumes: a shot with a provider id is polled, never
created again; a finished shot is skipped.
"""

from __future__ import annotations

import logging

from backend.jobs.context import JobContext
from backend.jobs.keyframes import make_keyframes
from backend.jobs.ordering import run_after_sources
from backend.jobs.shots import make_shot
from backend.media.store import MediaStoreError
from backend.providers.client import Provider
from backend.providers.errors import Stopped
from backend.stitcher import StitchError, stitch
from backend.store import records

log = logging.getLogger(__name__)


def run_sequence(job: JobContext, sequence_id: str) -> None:
    """Make every unfinished shot, then stitch; safe to call again at any point."""
    sequence = records.sequence_row(job.db, sequence_id)
    if sequence is None:
        return
    job.update_sequence(sequence_id, status="running", stitch_error=None)
    provider = job.provider()
    try:
        if sequence["continuity"] == "keyframes" and sequence["kind"] == "sequence":
            drawn = make_keyframes(job, sequence)
            if drawn and sequence["approve_keyframes"] and sequence["approved_at"] is None:
                job.update_sequence(sequence_id, status="awaiting_approval")  # nothing paid for clips yet
                return
        if sequence["continuity"] != "keyframes" or drawn:
            _make_shots(job, provider, sequence)
    except Stopped:
        return
    shots = records.shot_rows(job.db, sequence_id)
    failed = [shot["shot_number"] for shot in shots if shot["status"] == "failed"]
    if failed:
        for shot in shots:
            if shot["status"] == "queued" and not shot["video_id"]:
                blocker = _failed_ancestor(shots, shot) or failed[0]
                note = f"Not started: it waits for shot {blocker}, which failed. Retry that shot to continue."
                job.update_shot(sequence_id, shot["shot_number"], note=note)
        job.update_sequence(sequence_id, status="failed")
    elif any(shot["status"] != "completed" for shot in shots):  # never call unfinished work done
        job.update_sequence(sequence_id, status="failed")
    elif sequence["kind"] == "clip":
        job.update_sequence(sequence_id, status="completed")
    else:
        stitch_sequence(job, sequence_id)


def _failed_ancestor(shots: list[dict], shot: dict) -> int | None:
    """The failed shot up this shot's line of sources, if any."""
    by_number = {row["shot_number"]: row for row in shots}
    source = shot["source_shot"]
    while source is not None and source in by_number:
        if by_number[source]["status"] == "failed":
            return source
        source = by_number[source]["source_shot"]
    return None


def stitch_sequence(job: JobContext, sequence_id: str, transition: str = "cut", crossfade: float = 0.5) -> None:
    """Join the shots into sequence.mp4; a failure keeps the previous file and says which shot."""
    job.update_sequence(sequence_id, status="stitching")
    folder = job.folder(sequence_id)
    try:
        clips = [job.media.fetch(folder / shot["video_file"]) for shot in records.shot_rows(job.db, sequence_id)]
        stitch(clips, folder / "sequence.mp4", transition=transition, crossfade=crossfade)
        job.media.publish(folder / "sequence.mp4")
    except (StitchError, MediaStoreError) as exc:
        job.update_sequence(sequence_id, status="failed", stitch_error=str(exc))
        return
    job.update_sequence(sequence_id, status="completed", stitched_file="sequence.mp4", stitch_error=None)


def _make_shots(job: JobContext, provider: Provider, sequence: dict) -> None:
    """Make each shot as planned, as soon as the shot it continues from is done; the rest in parallel."""
    if sequence["kind"] == "clip":
        return _make_clip(job, provider, sequence)
    rows = records.shot_rows(job.db, sequence["id"])
    # With keyframes every clip starts from its own still: none waits for another.
    keyframes = sequence["continuity"] == "keyframes"
    plans = {row["shot_number"]: None if keyframes else row["source_shot"] for row in rows}
    run_after_sources(
        job.shot_pool, plans, lambda number: _make_planned(job, provider, sequence, number, plans[number])
    )


def _make_planned(job: JobContext, provider: Provider, sequence: dict, number: int, source: int | None) -> bool:
    shot = records.shot_row(job.db, sequence["id"], number)
    if sequence["continuity"] == "keyframes":
        return make_shot(job, provider, sequence, shot, "keyframe", None)
    origin = records.shot_row(job.db, sequence["id"], source) if source is not None else None
    return make_shot(job, provider, sequence, shot, shot["planned_method"] or "create", origin)


def _make_clip(job: JobContext, provider: Provider, sequence: dict) -> None:
    first = records.shot_row(job.db, sequence["id"], 1)
    source = _clip_source(job, sequence)
    if sequence["remix_source"] and source is None and not first["video_id"]:
        job.update_shot(
            sequence["id"],
            1,
            status="failed",
            error_code="source_deleted",
            error_message="The video this remix starts from was deleted before the remix began.",
        )
        return
    make_shot(job, provider, sequence, first, "remix" if source else "create", source)


def _clip_source(job: JobContext, clip: dict) -> dict | None:
    """Find the shot a remix clip remixes ("<sequence_id>-<shot_number>")."""
    if not clip["remix_source"]:
        return None
    sequence_id, _, number = clip["remix_source"].rpartition("-")
    return records.shot_row(job.db, sequence_id, int(number))
