"""One shot's provider job: create (or remix, or continue from a last frame), poll, download.

The job's provider id is stored before anything else, and a paid call whose answer was lost is looked
for before it is ever sent again, so a restart at any moment pays for nothing twice. Each paid call is
charged to the spend ledger first (backend/store/ledger.py), keyed by the shot's attempt, so a resumed or
adopted job is charged once, and one that would pass MONTHLY_BUDGET is never sent.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import update

from backend.jobs import recovery
from backend.jobs.context import JobContext
from backend.media.images import ImageRejected, is_image, last_frame
from backend.media.store import MediaStoreError
from backend.providers.client import Provider, VideoState
from backend.providers.errors import ProviderError, RejectedError, RemixUnavailable, Stopped, TransientError
from backend.store import ledger, records, tables
from backend.store.ledger import OverBudget

log = logging.getLogger(__name__)


def make_shot(
    job: JobContext, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None
) -> bool:
    """Create (or find) the shot's provider job, wait for it, download it; True when completed."""
    seq_id, number = sequence["id"], shot["shot_number"]
    shot = records.shot_row(job.db, seq_id, number) or shot
    if shot["status"] == "completed" and shot["video_file"] and _have(job, seq_id, shot["video_file"]):
        return True
    if shot["status"] == "failed":
        return False
    try:
        with job.job_slot(f"{seq_id}/{number}"):  # held from before the paid call until the job ends
            video_id = shot["video_id"] or _adopt(job, provider, sequence, shot, source)
            if not video_id:
                video_id = _submit_once(job, provider, sequence, shot, method, source)
            state = provider.wait(video_id, lambda state: _progress(job, seq_id, number, state))
        if state.status == "failed":
            job.update_shot(
                seq_id,
                number,
                status="failed",
                error_code=state.error_code or "generation_failed",
                error_message=state.error_message,
            )
            return False
        _download(job, provider, sequence, shot, video_id)
        return True
    except Stopped:
        raise
    except (ProviderError, ImageRejected, MediaStoreError, OverBudget) as exc:
        log.warning("shot %s/%d failed: %s", seq_id, number, exc)
        job.update_shot(
            seq_id,
            number,
            status="failed",
            error_code=getattr(exc, "code", "invalid_image"),
            error_message=getattr(exc, "message", str(exc)),
        )
        return False


def _have(job: JobContext, seq_id: str, name: str) -> bool:
    """Whether the shot's file can be had; if not (or the bucket is away) it is fetched from the provider again."""
    try:
        return job.media.fetch(job.folder(seq_id) / name).exists()
    except MediaStoreError:
        return False


def _submit(job: JobContext, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None) -> str:
    """Start the provider job and store its id before anything else happens."""
    seq_id, number = sequence["id"], shot["shot_number"]
    folder = job.folder(seq_id)
    note = None
    if method == "keyframe":  # the clip starts from the shot's approved still
        reference = job.media.fetch(folder / shot["keyframe_file"]).read_bytes()
    else:
        reference = job.media.fetch(folder / shot["reference_file"]).read_bytes() if shot["reference_file"] else None
        if reference is not None and method != "create":
            method = "create"  # the user's own picture for this shot outranks continuity from another shot
    if method == "remix" and not job.remix_supported():
        method = "last_frame"
        note = (
            f"This provider has no working remix; this shot continues from the last frame of "
            f"shot {source['shot_number']} instead."
        )
    if method == "remix":
        _sending(job, seq_id, number, "remix")
        try:
            state = provider.remix(source["video_id"], shot["prompt"])
        except RemixUnavailable as exc:
            method = "last_frame"
            note = (
                f"The provider refused remix ({exc.message}); this shot continues from the last frame of "
                f"shot {source['shot_number']} instead."
            )
    if method == "last_frame":
        previous = job.media.fetch(job.folder(source["sequence_id"]) / source["video_file"])
        reference = last_frame(previous, sequence["size"])
    if method != "remix":
        _sending(job, seq_id, number, method)
        seconds = shot_seconds(sequence, shot)
        state = provider.create(shot["prompt"], sequence["model"], seconds, sequence["size"], reference)
    job.update_shot(
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
    job: JobContext, provider: Provider, sequence: dict, shot: dict, method: str, source: dict | None
) -> str:
    """Charge the ledger, then submit; when the answer leaves it unclear whether a job started, look for it
    rather than resend. OverBudget: nothing was sent."""
    seconds = int(shot_seconds(sequence, shot))
    what = ledger.Charge(sequence["id"], shot["shot_number"], "clip", shot["attempt"])
    charged_now = job.charge(what, job.price(sequence["model"], sequence["size"], seconds))
    try:
        return _submit(job, provider, sequence, shot, method, source)
    except (RejectedError, ImageRejected, MediaStoreError):
        if charged_now:  # no job started (a charge left by an earlier run may have paid for one)
            ledger.refund(job.db, what)
        raise
    except TransientError as exc:
        fresh = records.shot_row(job.db, sequence["id"], shot["shot_number"])
        video_id = _adopt(job, provider, sequence, fresh, source)
        if video_id:
            return video_id
        raise TransientError(
            f"{exc.message} The job may have started anyway, so the studio did not send it twice. "
            "Retry the shot to look for it again, or to start it if it never began.",
            exc.code,
            exc.status,
        ) from exc


def _adopt(job: JobContext, provider: Provider, sequence: dict, shot: dict, source: dict | None) -> str | None:
    """Reclaim a job whose create went out just before a crash, instead of paying for a second one."""
    with job.adopt_lock:  # parallel shots must not adopt the same orphan
        video_id = recovery.adopt_orphan(job.db, provider, sequence, shot, source)
        if video_id:
            job.update_shot(sequence["id"], shot["shot_number"], video_id=video_id, started_at=_now())
    return video_id


def _sending(job: JobContext, seq_id: str, number: int, method: str) -> None:
    """Record that a paid call is about to go out, so a crash right after it can find the job again."""
    job.update_shot(seq_id, number, submit_sent_at=_now(), method=method)


def _progress(job: JobContext, seq_id: str, number: int, state: VideoState) -> None:
    """Record a poll answer; 'completed' waits until the file is safely on disk."""
    if state.status in ("queued", "in_progress"):
        shot = records.shot_row(job.db, seq_id, number)
        if shot and (shot["status"], shot["progress"]) != (state.status, state.progress):
            job.update_shot(seq_id, number, status=state.status, progress=state.progress)


def shot_seconds(sequence: dict, shot: dict) -> str:
    """A shot's own length; rows planned before per-shot lengths have the sequence's."""
    return shot.get("seconds") or sequence["seconds"]


def _download(job: JobContext, provider: Provider, sequence: dict, shot: dict, video_id: str) -> None:
    """Fetch the video (required) and its previews (where the provider has them) before they expire."""
    folder, number = job.folder(sequence["id"]), shot["shot_number"]
    provider.download(video_id, "video", folder / f"shot_{number}.mp4")
    job.media.publish(folder / f"shot_{number}.mp4")
    previews = {}
    for variant, name in (("thumbnail", f"shot_{number}.webp"), ("spritesheet", f"shot_{number}_sprites.jpg")):
        try:
            provider.download(video_id, variant, folder / name)
            if not is_image(folder / name):  # some proxies answer every variant with the MP4
                (folder / name).unlink(missing_ok=True)
                log.info("the %s of %s is not an image; dropped", variant, video_id)
                continue
            job.media.publish(folder / name)
            previews[f"{variant}_file"] = name
        except Stopped:
            raise
        except ProviderError as exc:  # previews are a nicety; many providers have none
            log.info("no %s for %s: %s", variant, video_id, exc.message)
    cost = job.price(sequence["model"], sequence["size"], int(shot_seconds(sequence, shot))) or 0.0
    job.update_shot(
        sequence["id"],
        number,
        status="completed",
        progress=100,
        video_file=f"shot_{number}.mp4",
        completed_at=_now(),
        **previews,
    )
    with job.db.write() as conn:
        conn.execute(
            update(tables.sequences)
            .where(tables.sequences.c.id == sequence["id"])
            .values(spent_usd=tables.sequences.c.spent_usd + cost)  # added in SQL: parallel shots never lose one
        )


def _now() -> float:
    return time.time()
