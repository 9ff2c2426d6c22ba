"""Drive a sequence to the end: shot one, then the later shots by the continuity mode, then the stitch.

Every step reads and writes the job rows, so `run_sequence` is also how a restart resumes: a shot
with a provider id is polled, never created again; a finished shot is skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import update

from backend.jobs import recovery
from backend.media.images import ImageRejected, is_image, last_frame
from backend.providers.client import Provider, VideoState
from backend.providers.errors import ProviderError, RemixUnavailable, Stopped, TransientError
from backend.stitcher import StitchError, stitch
from backend.store import Database, records, tables

log = logging.getLogger(__name__)


@dataclass
class Studio:
    """What a running job needs; plain objects, no Flask, so tests can build one directly."""

    db: Database
    storage: Path
    provider: Callable[[], Provider]
    notify: Callable[[str], None]
    shot_pool: Executor
    price: Callable[[str, str, int], float | None] = lambda model, size, seconds: None
    adopt_lock: threading.Lock = field(default_factory=threading.Lock)
    remix_supported: Callable[[], bool] = lambda: True
    # Held from before a paid call until the provider's job ends: MAX_CONCURRENT_JOBS (backend/jobs/slots.py).
    job_slot: Callable[[], AbstractContextManager] = nullcontext

    def folder(self, sequence_id: str) -> Path:
        return self.storage / sequence_id

    def update_shot(self, sequence_id: str, shot_number: int, **fields) -> None:
        before = records.shot_row(self.db, sequence_id, shot_number) if "status" in fields else None
        records.update_shot(self.db, sequence_id, shot_number, **fields)
        if before is not None and before["status"] != fields["status"]:  # one line per state change, no chatter
            log.info("sequence %s shot %d: %s -> %s", sequence_id, shot_number, before["status"], fields["status"])
        self.notify(sequence_id)

    def update_sequence(self, sequence_id: str, **fields) -> None:
        records.update_sequence(self.db, sequence_id, **fields)
        self.notify(sequence_id)


def run_sequence(studio: Studio, sequence_id: str) -> None:
    """Make every unfinished shot, then stitch; safe to call again at any point."""
    sequence = records.sequence_row(studio.db, sequence_id)
    if sequence is None:
        return
    studio.update_sequence(sequence_id, status="running", stitch_error=None)
    provider = studio.provider()
    try:
        _make_shots(studio, provider, sequence)
    except Stopped:
        return
    shots = records.shot_rows(studio.db, sequence_id)
    failed = [shot["shot_number"] for shot in shots if shot["status"] == "failed"]
    if failed:
        for shot in shots:
            if shot["status"] == "queued" and not shot["video_id"]:
                note = f"Not started: it waits for shot {failed[0]}, which failed. Retry that shot to continue."
                studio.update_shot(sequence_id, shot["shot_number"], note=note)
        studio.update_sequence(sequence_id, status="failed")
    elif any(shot["status"] != "completed" for shot in shots):  # never call unfinished work done
        studio.update_sequence(sequence_id, status="failed")
    elif sequence["kind"] == "clip":
        studio.update_sequence(sequence_id, status="completed")
    else:
        stitch_sequence(studio, sequence_id)


def stitch_sequence(studio: Studio, sequence_id: str, transition: str = "cut", crossfade: float = 0.5) -> None:
    """Join the shots into sequence.mp4; a failure keeps the previous file and says which shot."""
    studio.update_sequence(sequence_id, status="stitching")
    folder = studio.folder(sequence_id)
    clips = [folder / shot["video_file"] for shot in records.shot_rows(studio.db, sequence_id)]
    try:
        stitch(clips, folder / "sequence.mp4", transition=transition, crossfade=crossfade)
    except StitchError as exc:
        studio.update_sequence(sequence_id, status="failed", stitch_error=str(exc))
        return
    studio.update_sequence(sequence_id, status="completed", stitched_file="sequence.mp4", stitch_error=None)


def _make_shots(studio: Studio, provider: Provider, sequence: dict) -> None:
    shots = records.shot_rows(studio.db, sequence["id"])
    mode = sequence["continuity"]
    first, later = shots[0], shots[1:]
    if sequence["kind"] == "clip":
        source = _clip_source(studio, sequence)
        if sequence["remix_source"] and source is None and not first["video_id"]:
            studio.update_shot(
                sequence["id"],
                1,
                status="failed",
                error_code="source_deleted",
                error_message="The video this remix starts from was deleted before the remix began.",
            )
            return
        _make_shot(studio, provider, sequence, first, "remix" if source else "create", source)
    elif mode == "independent":
        _in_parallel(studio, [lambda s=s: _make_shot(studio, provider, sequence, s, "create", None) for s in shots])
    elif mode in ("chain", "last_frame"):
        method = "remix" if mode == "chain" else "last_frame"
        previous = None
        for shot in shots:
            done = _make_shot(studio, provider, sequence, shot, method if previous else "create", previous)
            if not done:
                return
            previous = records.shot_row(studio.db, sequence["id"], shot["shot_number"])
    else:
        if not _make_shot(studio, provider, sequence, first, "create", None):
            return
        source = records.shot_row(studio.db, sequence["id"], 1)
        _in_parallel(studio, [lambda s=s: _make_shot(studio, provider, sequence, s, "remix", source) for s in later])


def _clip_source(studio: Studio, clip: dict) -> dict | None:
    """Find the shot a remix clip remixes ("<sequence_id>-<shot_number>")."""
    if not clip["remix_source"]:
        return None
    sequence_id, _, number = clip["remix_source"].rpartition("-")
    return records.shot_row(studio.db, sequence_id, int(number))


def _in_parallel(studio: Studio, tasks: list[Callable[[], bool]]) -> None:
    futures = [studio.shot_pool.submit(task) for task in tasks]
    for future in futures:
        future.result()  # re-raises Stopped, so a shutdown leaves the rows to resume from


def _make_shot(
    studio: Studio, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None
) -> bool:
    """Create (or find) the shot's provider job, wait for it, download it; True when completed."""
    seq_id, number = sequence["id"], shot["shot_number"]
    shot = records.shot_row(studio.db, seq_id, number) or shot
    if shot["status"] == "completed" and shot["video_file"] and (studio.folder(seq_id) / shot["video_file"]).exists():
        return True
    if shot["status"] == "failed":
        return False
    try:
        with studio.job_slot():  # the provider's job is in flight from before it is sent until it ends
            video_id = shot["video_id"] or _adopt(studio, provider, sequence, shot, source)
            if not video_id:
                video_id = _submit_once(studio, provider, sequence, shot, method, source)
            state = provider.wait(video_id, lambda state: _progress(studio, seq_id, number, state))
        if state.status == "failed":
            studio.update_shot(
                seq_id,
                number,
                status="failed",
                error_code=state.error_code or "generation_failed",
                error_message=state.error_message,
            )
            return False
        _download(studio, provider, sequence, number, video_id)
        return True
    except Stopped:
        raise
    except (ProviderError, ImageRejected) as exc:
        log.warning("shot %s/%d failed: %s", seq_id, number, exc)
        studio.update_shot(
            seq_id,
            number,
            status="failed",
            error_code=getattr(exc, "code", "invalid_image"),
            error_message=getattr(exc, "message", str(exc)),
        )
        return False


def _submit(studio: Studio, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None) -> str:
    """Start the provider job and store its id before anything else happens."""
    seq_id, number = sequence["id"], shot["shot_number"]
    folder = studio.folder(seq_id)
    reference = (folder / shot["reference_file"]).read_bytes() if shot["reference_file"] else None
    note = None
    if reference is not None and method != "create":
        method = "create"  # the user's own picture for this shot outranks continuity from another shot
    if method == "remix" and not studio.remix_supported():
        method = "last_frame"
        note = (
            f"This provider has no working remix; this shot continues from the last frame of "
            f"shot {source['shot_number']} instead."
        )
    if method == "remix":
        _sending(studio, seq_id, number, "remix")
        try:
            state = provider.remix(source["video_id"], shot["prompt"])
        except RemixUnavailable as exc:
            method = "last_frame"
            note = (
                f"The provider refused remix ({exc.message}); this shot continues from the last frame of "
                f"shot {source['shot_number']} instead."
            )
    if method == "last_frame":
        reference = last_frame(studio.folder(source["sequence_id"]) / source["video_file"], sequence["size"])
    if method != "remix":
        _sending(studio, seq_id, number, method)
        state = provider.create(shot["prompt"], sequence["model"], sequence["seconds"], sequence["size"], reference)
    studio.update_shot(
        seq_id,
        number,
        video_id=state.id,
        method=method,
        note=note,
        status=state.status if state.status != "completed" else "in_progress",
        progress=min(state.progress, 99),
        source_video_id=source["video_id"] if source and method == "remix" else None,
        started_at=_now(),
        error_code=None,
        error_message=None,
    )
    return state.id


def _submit_once(
    studio: Studio, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None
) -> str:
    """Submit; when the answer leaves it unclear whether a job started, look for it rather than resend."""
    try:
        return _submit(studio, provider, sequence, shot, method, source)
    except TransientError as exc:
        fresh = records.shot_row(studio.db, sequence["id"], shot["shot_number"])
        video_id = _adopt(studio, provider, sequence, fresh, source)
        if video_id:
            return video_id
        raise TransientError(
            f"{exc.message} The job may have started anyway, so the studio did not send it twice. "
            "Retry the shot to look for it again, or to start it if it never began.",
            exc.code,
            exc.status,
        ) from exc


def _adopt(studio: Studio, provider: Provider, sequence: dict, shot: dict, source: dict | None) -> str | None:
    """Reclaim a job whose create went out just before a crash, instead of paying for a second one."""
    with studio.adopt_lock:  # parallel shots must not adopt the same orphan
        video_id = recovery.adopt_orphan(studio.db, provider, sequence, shot, source)
        if video_id:
            studio.update_shot(sequence["id"], shot["shot_number"], video_id=video_id, started_at=_now())
    return video_id


def _sending(studio: Studio, seq_id: str, number: int, method: str) -> None:
    """Record that a paid call is about to go out, so a crash right after it can find the job again."""
    studio.update_shot(seq_id, number, submit_sent_at=_now(), method=method)


def _progress(studio: Studio, seq_id: str, number: int, state: VideoState) -> None:
    """Record a poll answer; 'completed' waits until the file is safely on disk."""
    if state.status in ("queued", "in_progress"):
        shot = records.shot_row(studio.db, seq_id, number)
        if shot and (shot["status"], shot["progress"]) != (state.status, state.progress):
            studio.update_shot(seq_id, number, status=state.status, progress=state.progress)


def _download(studio: Studio, provider: Provider, sequence: dict, number: int, video_id: str) -> None:
    """Fetch the video (required) and its previews (where the provider has them) before they expire."""
    folder = studio.folder(sequence["id"])
    provider.download(video_id, "video", folder / f"shot_{number}.mp4")
    previews = {}
    for variant, name in (("thumbnail", f"shot_{number}.webp"), ("spritesheet", f"shot_{number}_sprites.jpg")):
        try:
            provider.download(video_id, variant, folder / name)
            if not is_image(folder / name):  # some proxies answer every variant with the MP4
                (folder / name).unlink(missing_ok=True)
                log.info("the %s of %s is not an image; dropped", variant, video_id)
                continue
            previews[f"{variant}_file"] = name
        except Stopped:
            raise
        except ProviderError as exc:  # previews are a nicety; many providers have none
            log.info("no %s for %s: %s", variant, video_id, exc.message)
    cost = studio.price(sequence["model"], sequence["size"], int(sequence["seconds"])) or 0.0
    studio.update_shot(
        sequence["id"],
        number,
        status="completed",
        progress=100,
        video_file=f"shot_{number}.mp4",
        completed_at=_now(),
        **previews,
    )
    with studio.db.write() as conn:
        conn.execute(
            update(tables.sequences)
            .where(tables.sequences.c.id == sequence["id"])
            .values(spent_usd=tables.sequences.c.spent_usd + cost)  # added in SQL: parallel shots never lose one
        )


def _now() -> float:
    return time.time()
