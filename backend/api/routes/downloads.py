"""Files and statuses: shot and sequence downloads (Range-capable) and a provider job's status."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, request, send_file

from backend.api.context import db, media, provider
from backend.api.openapi import File, operation
from backend.api.validation import validate
from backend.errors import NotFound
from backend.library import sequences
from backend.models.requests import FileQuery, ShotFileQuery
from backend.models.responses import VideoStatus

bp = Blueprint("downloads", __name__, url_prefix="/api")
VARIANTS = {"video": ("video/mp4", "mp4"), "thumbnail": ("image/webp", "webp"), "keyframe": ("image/png", "png")}


def send_media(path: Path, mimetype: str, download_name: str, attachment: bool):
    """Send a stored file with Range and ETag support, or say it is missing."""
    if not path.is_file():
        raise NotFound("The file is missing from the studio's storage.", code="file_missing")
    return send_file(
        path, mimetype=mimetype, conditional=True, download_name=download_name, as_attachment=attachment, max_age=0
    )


@bp.get("/download/<sequence_id>/<shot_number>")
@operation("A shot's video or thumbnail", {200: File("video/mp4")}, errors=(400, 404), query=ShotFileQuery)
def download_shot(sequence_id: str, shot_number: str):
    number = sequences.checked_shot_number(shot_number)
    query = validate(ShotFileQuery, request.args.to_dict())
    path = sequences.shot_file(db(), media(), sequence_id, number, query.variant)
    mimetype, suffix = VARIANTS[query.variant]
    return send_media(path, mimetype, f"{sequence_id}_shot{number}.{suffix}", query.attachment == "1")


@bp.get("/download-sequence/<sequence_id>")
@operation("The stitched sequence", {200: File("video/mp4")}, errors=(400, 404), query=FileQuery)
def download_sequence(sequence_id: str):
    attachment = validate(FileQuery, request.args.to_dict()).attachment == "1"
    path = sequences.sequence_file(db(), media(), sequence_id)
    return send_media(path, "video/mp4", f"{sequence_id}.mp4", attachment)


@bp.get("/status/<path:video_id>")
@operation("A provider job's status, by its provider id", {200: VideoStatus}, errors=(404,))
def status(video_id: str):
    return sequences.video_status(db(), provider(), video_id)
