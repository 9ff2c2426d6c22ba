"""The second original design's API: single clips, remix, and the video library."""

from __future__ import annotations

from flask import Blueprint, request

from backend.api.context import db, jobs, media, offered, provider, settings
from backend.api.openapi import File, operation
from backend.api.routes.downloads import send_media
from backend.api.validation import check_choices, fit_image, validate
from backend.library import clips
from backend.library.views import video_view
from backend.models.requests import ClipForm, ClipIn, LibraryQuery, RemixIn, VideoFileQuery
from backend.models.responses import Video, VideoDeleted, VideoPage
from backend.providers import presets

bp = Blueprint("clips", __name__, url_prefix="/api/v1/videos")


def _started(video_id: str):
    sequence_id, shot = clips.find(db(), video_id)
    jobs().start(sequence_id)
    return video_view(db(), sequence_id, shot), 202


@bp.post("/generate")
@operation(
    "Start a single clip (JSON, or multipart with a starting image as input_reference)",
    {202: Video},
    errors=(400, 413),
    body=ClipIn,
    form=ClipForm,
    files=("input_reference",),
)
def generate():
    reference = None
    if request.mimetype == "multipart/form-data":
        data = request.form.to_dict()
        upload = request.files.get("input_reference") or request.files.get("reference")
        if upload is not None:
            reference = upload.read()
            upload.close()
    else:
        data = request.get_json(silent=True)
    spec = validate(ClipIn, data)
    current = settings()
    preset = offered(current)
    config = presets.effective(current, preset)
    check_choices(spec, preset)
    if reference is not None:
        reference = fit_image(reference, "input_reference", config.max_file_size, spec.size or config.default_size)
    return _started(clips.create_clip(db(), media(), spec, reference, config))


@bp.get("")
@operation("The library: every clip and shot, newest first", {200: VideoPage}, errors=(400,), query=LibraryQuery)
def library():
    return clips.library(db(), validate(LibraryQuery, request.args.to_dict()))


@bp.get("/<video_id>")
@operation("One clip or shot", {200: Video}, errors=(404,))
def get_video(video_id: str):
    return video_view(db(), *clips.find(db(), video_id))


@bp.get("/<video_id>/download")
@operation(
    "A clip's video, thumbnail or spritesheet", {200: File("video/mp4")}, errors=(400, 404), query=VideoFileQuery
)
def download(video_id: str):
    query = validate(VideoFileQuery, request.args.to_dict())
    path, mimetype = clips.file_for(db(), media(), video_id, query.output_type)
    return send_media(path, mimetype, f"{video_id}{path.suffix}", query.attachment == "1")


@bp.delete("/<video_id>")
@operation("Delete a clip, here and at the provider", {200: VideoDeleted}, errors=(404, 409))
def delete(video_id: str):
    sequence_id, _ = clips.split_id(video_id)
    provider_deleted = clips.delete_clip(db(), media(), provider(), video_id, busy=jobs().is_active(sequence_id))
    return VideoDeleted(id=video_id, provider_deleted=provider_deleted)


@bp.post("/<video_id>/remix")
@operation("Remix a completed clip or shot into a new clip", {202: Video}, errors=(400, 404, 409), body=RemixIn)
def remix(video_id: str):
    spec = validate(RemixIn, request.get_json(silent=True))
    source = clips.remix_source(db(), video_id)
    config = presets.effective(settings())
    return _started(clips.create_clip(db(), media(), ClipIn(prompt=spec.prompt), None, config, remix_of=source))
