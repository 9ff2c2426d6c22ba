"""Drive a sequence to the end: shot one, then the later shots by the continuity mode, then the stitch.

Every step reads and writes the job rows, so `run_sequence` is also how a restart resumes: a shot
with a provider id is polled, never created again; a finished shot is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from backend.jobs.context import JobContext
from backend.jobs.shots import make_shot
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
        _make_shots(job, provider, sequence)
    except Stopped:
        return
    shots = records.shot_rows(job.db, sequence_id)
    failed = [shot["shot_number"] for shot in shots if shot["status"] == "failed"]
    if failed:
        for shot in shots:
            if shot["status"] == "queued" and not shot["video_id"]:
                note = f"Not started: it waits for shot {failed[0]}, which failed. Retry that shot to continue."
                job.update_shot(sequence_id, shot["shot_number"], note=note)
        job.update_sequence(sequence_id, status="failed")
    elif any(shot["status"] != "completed" for shot in shots):  # never call unfinished work done
        job.update_sequence(sequence_id, status="failed")
    elif sequence["kind"] == "clip":
        job.update_sequence(sequence_id, status="completed")
    else:
        stitch_sequence(job, sequence_id)


def stitch_sequence(job: JobContext, sequence_id: str, transition: str = "cut", crossfade: float = 0.5) -> None:
    """Join the shots into sequence.mp4; a failure keeps the previous file and says which shot."""
    job.update_sequence(sequence_id, status="stitching")
    folder = job.folder(sequence_id)
    clips = [folder / shot["video_file"] for shot in records.shot_rows(job.db, sequence_id)]
    try:
        stitch(clips, folder / "sequence.mp4", transition=transition, crossfade=crossfade)
    except StitchError as exc:
        job.update_sequence(sequence_id, status="failed", stitch_error=str(exc))
        return
    job.update_sequence(sequence_id, status="completed", stitched_file="sequence.mp4", stitch_error=None)


def _make_shots(job: JobContext, provider: Provider, sequence: dict) -> None:
    shots = records.shot_rows(job.db, sequence["id"])
    mode = sequence["continuity"]
    first, later = shots[0], shots[1:]
    if sequence["kind"] == "clip":
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
    elif mode == "independent":
        _in_parallel(job, [lambda s=s: make_shot(job, provider, sequence, s, "create", None) for s in shots])
    elif mode in ("chain", "last_frame"):
        method = "remix" if mode == "chain" else "last_frame"
        previous = None
        for shot in shots:
            done = make_shot(job, provider, sequence, shot, method if previous else "create", previous)
            if not done:
                return
            previous = records.shot_row(job.db, sequence["id"], shot["shot_number"])
    else:
        if not make_shot(job, provider, sequence, first, "create", None):
            return
        source = records.shot_row(job.db, sequence["id"], 1)
        _in_parallel(job, [lambda s=s: make_shot(job, provider, sequence, s, "remix", source) for s in later])


def _clip_source(job: JobContext, clip: dict) -> dict | None:
    """Find the shot a remix clip remixes ("<sequence_id>-<shot_number>")."""
    if not clip["remix_source"]:
        return None
    sequence_id, _, number = clip["remix_source"].rpartition("-")
    return records.shot_row(job.db, sequence_id, int(number))


def _in_parallel(job: JobContext, tasks: list[Callable[[], bool]]) -> None:
    futures = [job.shot_pool.submit(task) for task in tasks]
    for future in futures:
        future.result()  # re-raises Stopped, so a shutdown leaves the rows to resume from
