"""The second original design's API: single clips, remix, and the video library."""

from __future__ import annotations

from flask import Blueprint, current_app, request, send_file

from backend.api.context import db, jobs, provider, storage
from backend.api.errors import BadRequest, NotFound
from backend.api.validation import check_choices, fit_image, validate
from backend.library import clips
from backend.providers import presets

bp = Blueprint("clips", __name__, url_prefix="/api/v1/videos")


def _started(video_id: str):
    sequence_id, shot = clips.find(db(), video_id)
    jobs().start(sequence_id)
    return clips.video_json(db(), sequence_id, shot), 202


@bp.post("/generate")
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
    spec = validate(clips.ClipIn, data)
    config = presets.effective(current_app.config)
    check_choices(spec, presets.active(config))
    if reference is not None:
        reference = fit_image(
            reference, "input_reference", config["MAX_FILE_SIZE"], spec.size or config["DEFAULT_SIZE"]
        )
    return _started(clips.create_clip(db(), storage(), spec, reference, config))


@bp.get("")
def library():
    limit = request.args.get("limit", 20, type=int)
    order = request.args.get("order", "desc")
    if not 1 <= limit <= 100:
        raise BadRequest("limit must be between 1 and 100.", field="limit")
    if order not in ("asc", "desc"):
        raise BadRequest("order must be 'asc' or 'desc'.", field="order")
    kind = request.args.get("kind")
    if kind not in (None, "clip", "sequence"):
        raise BadRequest("kind must be 'clip' or 'sequence'.", field="kind")
    return clips.library(db(), limit, order, request.args.get("after"), kind)


@bp.get("/<video_id>")
def get_video(video_id: str):
    return clips.video_json(db(), *clips.find(db(), video_id))


@bp.get("/<video_id>/download")
def download(video_id: str):
    path, mimetype = clips.file_for(db(), storage(), video_id, request.args.get("output_type", "video"))
    if not path.is_file():
        raise NotFound("The file is missing from the studio's storage.", code="file_missing")
    return send_file(
        path,
        mimetype=mimetype,
        conditional=True,
        download_name=f"{video_id}{path.suffix}",
        as_attachment=request.args.get("attachment") == "1",
        max_age=0,
    )


@bp.delete("/<video_id>")
def delete(video_id: str):
    sequence_id, _ = clips.split_id(video_id)
    provider_deleted = clips.delete_clip(db(), storage(), provider(), video_id, busy=jobs().is_active(sequence_id))
    return {"id": video_id, "object": "video.deleted", "deleted": True, "provider_deleted": provider_deleted}


@bp.post("/<video_id>/remix")
def remix(video_id: str):
    spec = validate(clips.RemixIn, request.get_json(silent=True))
    source = clips.remix_source(db(), video_id)
    clip = clips.ClipIn(prompt=spec.prompt)
    config = presets.effective(current_app.config)
    return _started(clips.create_clip(db(), storage(), clip, None, config, remix_of=source))
