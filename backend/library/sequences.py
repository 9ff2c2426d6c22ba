"""Sequence-level actions behind the routes: start, retry a shot, delete, look up files."""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from backend.config import StudioSettings
from backend.errors import Conflict, NotFound
from backend.library.story import PlannedShot, plan_story
from backend.library.views import sequence_view, shot_error
from backend.media.store import MediaStore
from backend.models.requests import GenerateIn, PreviewIn
from backend.models.responses import PlannedShot as PlannedAnswer
from backend.models.responses import Sequence, StoryPreview, VideoStatus
from backend.providers import pricing
from backend.providers.client import Provider
from backend.providers.errors import ProviderError, Stopped, TransientError
from backend.store import Database, ledger, records, tables
from utils.prompt_templates import style_text

SEQUENCE_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{4}")


def new_sequence_id() -> str:
    """Timestamp-based, sortable, and safe as a folder name."""
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def checked_id(sequence_id: str) -> str:
    """Refuse anything that is not one of our ids before it gets near a path."""
    if not SEQUENCE_ID.fullmatch(sequence_id):
        raise NotFound(f"No sequence {sequence_id!r}.", field="sequence_id")
    return sequence_id


def checked_shot_number(text: str) -> int:
    """Read a shot number from a URL; anything but a small positive integer is simply not found."""
    if not text.isdigit() or not 1 <= int(text) <= 999:
        raise NotFound(f"No shot {text!r}.", field="shot_number")
    return int(text)


def create_sequence(
    db: Database,
    media: MediaStore,
    request: GenerateIn,
    pictures: dict[str, bytes],
    settings: StudioSettings,
) -> str:
    """Plan the story, write its pictures and rows; return the new sequence's id (the caller starts it).

    `pictures` are fitted PNGs by key: "shot:<n>", "cast:<id>", "location:<id>".
    """
    model = request.model or settings.default_model
    size = request.size or settings.default_size
    seconds = request.seconds or settings.default_seconds
    plan = plan_story(request, seconds, style_text(request.style), frozenset(pictures))
    keyframes = request.continuity == "keyframes"
    stills = len(plan) if keyframes else 0
    estimate, _, _ = pricing.work_cost(settings, model, size, sum(int(shot.seconds) for shot in plan), stills)
    pricing.check_budget(settings, estimate, "shots", ledger.month_spent(db))
    sequence_id = new_sequence_id()
    folder = media.folder(sequence_id)
    folder.mkdir(parents=True, exist_ok=False)
    files = {key: f"{key.replace('shot:', 'reference:').replace(':', '_')}.png" for key in pictures}
    for key, blob in pictures.items():
        media.save(blob, folder / files[key])
    shots = []
    for given, planned in zip(request.shots, plan, strict=True):
        shots.append(
            {
                **given.model_dump(include={"character", "environment", "lighting_camera", "dialog"}),
                "shot_number": planned.number,
                "prompt": planned.prompt,
                "reference_file": files.get(_picture_key(planned)),
                "seconds": planned.seconds,
                "cast_ids": json.dumps(given.cast),
                "location_id": given.location,
                "continuity_choice": given.continuity,
                "continue_from": given.continue_from,
                "source_shot": planned.source,
                "planned_method": planned.method,
                "continuity_note": planned.reason,
                "prompt_edited": int(planned.prompt_edited),
                "keyframe_status": "pending" if keyframes else None,
            }
        )
    story = {
        kind: [
            {**item.model_dump(include={"id", "name", "description"}), "reference_file": files.get(f"{key}:{item.id}")}
            for item in items
        ]
        for kind, key, items in (("cast", "cast", request.cast), ("locations", "location", request.locations))
    }
    records.insert_sequence(
        db,
        {
            "id": sequence_id,
            "model": model,
            "size": size,
            "seconds": seconds,
            "continuity": request.continuity,
            "style": request.style,
            "estimated_usd": estimate,
            "approve_keyframes": int(keyframes and request.approve_keyframes),
            "title": request.title,
        },
        shots,
        story["cast"],
        story["locations"],
    )
    return sequence_id


def preview_sequence(request: PreviewIn, settings: StudioSettings) -> StoryPreview:
    """Plan a sequence without storing or paying for anything: each shot's exact prompt, source and warnings."""
    seconds = request.seconds or settings.default_seconds
    plan = plan_story(request, seconds, style_text(request.style), frozenset(request.pictures))
    total = sum(int(shot.seconds) for shot in plan)
    stills = len(plan) if request.continuity == "keyframes" else 0
    model, size = request.model or settings.default_model, request.size or settings.default_size
    everything, _, still_cost = pricing.work_cost(settings, model, size, total, stills)
    return StoryPreview(
        shots=[
            PlannedAnswer(
                shot_number=shot.number,
                seconds=shot.seconds,
                prompt=shot.prompt,
                prompt_edited=shot.prompt_edited,
                source_shot=shot.source,
                method=shot.method,
                continuity_note=shot.reason,
                warnings=list(shot.warnings),
            )
            for shot in plan
        ],
        seconds=total,
        estimated_usd=everything,
        stills_usd=still_cost,
    )


def _picture_key(planned: PlannedShot) -> str | None:
    """The key of the picture a shot starts from: its own ("shot:<n>"), a cast member's or a location's."""
    if planned.reference == "shot":
        return f"shot:{planned.number}"
    return planned.reference


def require_sequence(db: Database, sequence_id: str) -> Sequence:
    """Return the sequence, or raise NotFound."""
    data = sequence_view(db, checked_id(sequence_id))
    if data is None:
        raise NotFound(f"No sequence {sequence_id!r}.", field="sequence_id")
    return data


def prepare_retry(
    db: Database, provider: Provider, sequence_id: str, shot_number: int, settings: StudioSettings
) -> None:
    """Reset a failed shot; keep its provider job when that job is alive, so nothing is paid twice.

    A retry that will pay for a new job is refused up front when the month's budget cannot cover it."""
    sequence = records.sequence_row(db, require_sequence(db, sequence_id).sequence_id)
    shot = records.shot_row(db, sequence_id, shot_number)
    if shot is None:
        raise NotFound(f"Sequence {sequence_id} has no shot {shot_number}.", field="shot_number")
    if shot["status"] != "failed":
        raise Conflict(
            f"Shot {shot_number} is {shot['status']}; only a failed shot can be retried.", field="shot_number"
        )
    video_id = shot["video_id"]
    if video_id:
        try:
            state, _ = provider.retrieve(video_id)
            if state.status == "failed":
                video_id = None
        except TransientError:
            pass  # unreachable for now: keep the job; the driver polls it once the provider answers
        except ProviderError:
            video_id = None  # unknown to the provider: start a fresh job
    if video_id is None:
        redraw = 1 if shot["keyframe_status"] == "failed" else 0
        seconds = int(shot["seconds"] or sequence["seconds"])
        usd, _, _ = pricing.work_cost(settings, sequence["model"], sequence["size"], seconds, redraw)
        pricing.check_budget(settings, usd, "shot_number", ledger.month_spent(db))
    records.update_shot(
        db,
        sequence_id,
        shot_number,
        status="queued",
        progress=0,
        video_id=video_id,
        # A dropped job must not be found again after a crash; an unclear create may be (see recovery).
        submit_sent_at=None if shot["video_id"] and video_id is None else shot["submit_sent_at"],
        error_code=None,
        error_message=None,
        note=None,
        attempt=tables.shots.c.attempt + 1,  # a new paid attempt: its calls are charged anew (store/ledger.py)
        # A still that failed is drawn again: one more image call, asked for by this retry.
        **({"keyframe_status": "pending", "keyframe_error": None} if shot["keyframe_status"] == "failed" else {}),
    )
    records.update_sequence(db, sequence_id, status="running", stitch_error=None)


def video_status(db: Database, provider: Provider, video_id: str) -> VideoStatus:
    """Answer for one provider job: from the rows once finished, else from the provider (or the rows)."""
    shot = records.shot_by_video_id(db, video_id)
    if shot is None:
        raise NotFound(f"The studio knows no video {video_id!r}.", field="video_id")
    answer = VideoStatus(video_id=video_id, status=shot["status"], progress=shot["progress"], error=shot_error(shot))
    if shot["status"] in ("completed", "failed"):
        return answer
    try:
        state, _ = provider.retrieve(video_id)
    except ProviderError:
        return answer  # the provider is busy or away: the last thing we heard is still true
    error = {"code": state.error_code or "failed", "message": state.error_message} if state.error_message else None
    return VideoStatus(video_id=video_id, status=state.status, progress=state.progress, error=error)


def shot_file(db: Database, media: MediaStore, sequence_id: str, shot_number: int, variant: str) -> Path:
    """Return the path of a shot's video, thumbnail or keyframe, or raise NotFound."""
    require_sequence(db, sequence_id)
    shot = records.shot_row(db, sequence_id, shot_number)
    if shot is None:
        raise NotFound(f"Sequence {sequence_id} has no shot {shot_number}.", field="shot_number")
    name = shot[{"video": "video_file", "thumbnail": "thumbnail_file", "keyframe": "keyframe_file"}[variant]]
    if not name:
        raise NotFound(
            f"Shot {shot_number} is {shot['status']}; its {variant} is not ready yet.",
            field="shot_number",
            code="not_ready",
        )
    return media.fetch(media.folder(sequence_id) / name)


def sequence_file(db: Database, media: MediaStore, sequence_id: str) -> Path:
    """Return the path of the stitched sequence, or raise NotFound."""
    data = require_sequence(db, sequence_id)
    if not data.sequence_url:
        raise NotFound(
            f"Sequence {sequence_id} is {data.status}; it has not been stitched yet.",
            field="sequence_id",
            code="not_ready",
        )
    return media.fetch(media.folder(sequence_id) / "sequence.mp4")


def delete_sequence(db: Database, media: MediaStore, provider: Provider, sequence_id: str, busy: bool) -> int:
    """Remove a sequence's rows and files, then its shots' copies at the provider; return how many went."""
    data = require_sequence(db, sequence_id)
    if busy:
        raise Conflict("The sequence is still running; wait for it to finish before deleting it.", field="sequence_id")
    provider_ids = [shot.video_id for shot in data.shots if shot.video_id]
    records.delete_sequence(db, sequence_id)
    media.remove_folder(sequence_id)
    return delete_provider_copies(provider, provider_ids)


def delete_provider_copies(provider: Provider, video_ids: list[str]) -> int:
    """Ask the provider to delete these jobs, best effort; return how many it deleted."""
    deleted = 0
    for video_id in dict.fromkeys(video_ids):  # once each, in order
        try:
            provider.delete(video_id)
            deleted += 1
        except (TransientError, Stopped):
            # Down or busy even after a retry (or the studio is stopping): the rest would only wait too.
            break
        except ProviderError:
            continue  # no delete at this provider (404/405/501), or the job is gone already: nothing to do
    return deleted
