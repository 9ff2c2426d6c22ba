"""Files and statuses: shot and sequence downloads (Range-capable) and a provider job's status."""

from __future__ import annotations

from flask import Blueprint, request, send_file

from backend.api.context import db, provider, storage
from backend.api.errors import BadRequest, NotFound
from backend.library import sequences

bp = Blueprint("downloads", __name__, url_prefix="/api")
VARIANTS = {"video": "video/mp4", "thumbnail": "image/webp"}


def _send(path, mimetype: str, download_name: str):
    if not path.is_file():
        raise NotFound("The file is missing from the studio's storage.", code="file_missing")
    as_attachment = request.args.get("attachment") == "1"
    return send_file(
        path, mimetype=mimetype, conditional=True, download_name=download_name, as_attachment=as_attachment, max_age=0
    )


@bp.get("/download/<sequence_id>/<shot_number>")
def download_shot(sequence_id: str, shot_number: str):
    shot_number = sequences.checked_shot_number(shot_number)
    variant = request.args.get("variant", "video")
    if variant not in VARIANTS:
        raise BadRequest("variant must be 'video' or 'thumbnail'.", field="variant")
    path = sequences.shot_file(db(), storage(), sequence_id, shot_number, variant)
    suffix = "mp4" if variant == "video" else "webp"
    return _send(path, VARIANTS[variant], f"{sequence_id}_shot{shot_number}.{suffix}")


@bp.get("/download-sequence/<sequence_id>")
def download_sequence(sequence_id: str):
    path = sequences.sequence_file(db(), storage(), sequence_id)
    return _send(path, "video/mp4", f"{sequence_id}.mp4")


@bp.get("/status/<path:video_id>")
def status(video_id: str):
    return sequences.video_status(db(), provider(), video_id)
