"""Sequence endpoints: generate, inspect, retry a shot, stitch, delete (live progress: backend/api/events.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from backend.api.context import db, jobs, provider, storage
from backend.api.errors import BadRequest
from backend.api.validation import json_object, load_payload, parse_generate
from backend.generator import stitch_sequence
from backend.library import sequences
from backend.providers import presets
from backend.store.records import list_sequence_ids, sequence_json

bp = Blueprint("sequences", __name__, url_prefix="/api")


@bp.post("/generate")
def generate():
    if request.mimetype == "multipart/form-data":
        data = load_payload(request.form.get("payload"))
        files = {}
        for name, upload in request.files.items():
            files[name] = upload.read()
            upload.close()
    else:
        data, files = request.get_json(silent=True), {}
    config = presets.effective(current_app.config)
    spec, references = parse_generate(
        data, files, config["MAX_SHOTS"], config["MAX_FILE_SIZE"], config["DEFAULT_SIZE"], presets.active(config)
    )
    sequence_id = sequences.create_sequence(db(), storage(), spec, references, config)
    jobs().start(sequence_id)
    return sequence_json(db(), sequence_id), 202


@bp.get("/sequences")
def list_sequences():
    limit = request.args.get("limit", 50, type=int)
    offset = request.args.get("offset", 0, type=int)
    if not 1 <= limit <= 200:
        raise BadRequest("limit must be between 1 and 200.", field="limit")
    if not 0 <= offset <= 1_000_000:
        raise BadRequest("offset must be between 0 and 1000000.", field="offset")
    ids = list_sequence_ids(db(), limit, offset)
    return {"data": [sequence_json(db(), sequence_id) for sequence_id in ids]}


@bp.get("/sequences/<sequence_id>")
def get_sequence(sequence_id: str):
    return sequences.require_sequence(db(), sequence_id)


@bp.delete("/sequences/<sequence_id>")
def delete_sequence(sequence_id: str):
    copies = sequences.delete_sequence(db(), storage(), provider(), sequence_id, busy=jobs().is_active(sequence_id))
    return {"sequence_id": sequence_id, "deleted": True, "provider_copies_deleted": copies}


@bp.post("/sequences/<sequence_id>/shots/<shot_number>/retry")
def retry_shot(sequence_id: str, shot_number: str):
    sequences.prepare_retry(db(), provider(), sequence_id, sequences.checked_shot_number(shot_number))
    jobs().changes.bump(sequence_id)
    jobs().start(sequence_id)
    return sequences.require_sequence(db(), sequence_id), 202


@bp.post("/stitch/<sequence_id>")
def stitch(sequence_id: str):
    body = json_object(request.get_json(silent=True))
    transition = body.get("transition", "cut")
    duration = body.get("duration", 0.5)
    if transition not in ("cut", "crossfade"):
        raise BadRequest("transition must be 'cut' or 'crossfade'.", field="transition")
    if isinstance(duration, bool) or not isinstance(duration, int | float) or not 0.1 <= duration <= 3:
        raise BadRequest("duration must be a number of seconds between 0.1 and 3.", field="duration")
    data = sequences.require_sequence(db(), sequence_id)
    if jobs().is_active(sequence_id) or any(shot["status"] != "completed" for shot in data["shots"]):
        raise BadRequest(
            "Every shot must be completed before the sequence can be stitched.", field="sequence_id", code="not_ready"
        )
    stitch_sequence(jobs().studio(), sequence_id, transition, float(duration))
    data = sequences.require_sequence(db(), sequence_id)
    if data["stitch_error"]:
        raise BadRequest(data["stitch_error"], field="sequence_id", code="stitch_failed")
    return {"sequence_id": sequence_id, "sequence_url": data["sequence_url"], "transition": transition}
