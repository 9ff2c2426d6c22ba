"""Sequence endpoints: generate, inspect, retry a shot, stitch, delete (live progress: backend/api/events.py)."""

from __future__ import annotations

from flask import Blueprint, request

from backend.api.context import db, jobs, media, offered, provider, settings
from backend.api.openapi import operation
from backend.api.validation import check_generate, load_payload, optional_body, parse_generate, validate
from backend.errors import BadRequest
from backend.generator import stitch_sequence
from backend.library import sequences
from backend.library.views import sequence_view
from backend.models.requests import GenerateForm, GenerateIn, PreviewIn, SequencesQuery, StitchIn
from backend.models.responses import Sequence, SequenceDeleted, SequencePage, Stitched, StoryPreview
from backend.providers import presets
from backend.store.records import list_sequence_ids

bp = Blueprint("sequences", __name__, url_prefix="/api")


@bp.post("/generate")
@operation(
    "Start a sequence: JSON (a storyboard document), or multipart with the JSON in `payload` and pictures as "
    "reference_<n> (a shot), cast_<id> and location_<id>",
    {202: Sequence},
    errors=(400, 413),
    body=GenerateIn,
    form=GenerateForm,
    files=("reference_*", "cast_*", "location_*"),
)
def generate():
    if request.mimetype == "multipart/form-data":
        data = load_payload(request.form.get("payload"))
        files = {}
        for name, upload in request.files.items():
            files[name] = upload.read()
            upload.close()
    else:
        data, files = request.get_json(silent=True), {}
    current = settings()
    preset = offered(current)
    config = presets.effective(current, preset)
    spec, references = parse_generate(data, files, config.max_shots, config.max_file_size, config.default_size, preset)
    sequence_id = sequences.create_sequence(db(), media(), spec, references, config)
    jobs().start(sequence_id)
    return sequence_view(db(), sequence_id), 202


@bp.post("/preview")
@operation(
    "Each shot's exact prompt, what it continues from and why, and warnings; nothing is stored or paid",
    {200: StoryPreview},
    errors=(400,),
    body=PreviewIn,
)
def preview():
    spec = validate(PreviewIn, request.get_json(silent=True))
    config = presets.effective(settings())
    check_generate(spec, config.max_shots, presets.active(config))
    return sequences.preview_sequence(spec, config)


@bp.get("/sequences")
@operation("The sequences, newest first", {200: SequencePage}, errors=(400,), query=SequencesQuery)
def list_sequences():
    query = validate(SequencesQuery, request.args.to_dict())
    ids = list_sequence_ids(db(), query.limit, query.offset)
    return SequencePage(data=[sequence_view(db(), sequence_id) for sequence_id in ids])


@bp.get("/sequences/<sequence_id>")
@operation("One sequence and its shots", {200: Sequence}, errors=(404,))
def get_sequence(sequence_id: str):
    return sequences.require_sequence(db(), sequence_id)


@bp.delete("/sequences/<sequence_id>")
@operation(
    "Delete a sequence, its files, and its shots' copies at the provider", {200: SequenceDeleted}, errors=(404, 409)
)
def delete_sequence(sequence_id: str):
    copies = sequences.delete_sequence(db(), media(), provider(), sequence_id, busy=jobs().is_active(sequence_id))
    return SequenceDeleted(sequence_id=sequence_id, provider_copies_deleted=copies)


@bp.post("/sequences/<sequence_id>/shots/<shot_number>/retry")
@operation("Retry a failed shot (its provider job is reused when alive)", {202: Sequence}, errors=(400, 404, 409))
def retry_shot(sequence_id: str, shot_number: str):
    number = sequences.checked_shot_number(shot_number)
    sequences.prepare_retry(db(), provider(), sequence_id, number, settings())
    jobs().changes.bump(sequence_id)
    jobs().start(sequence_id)
    return sequences.require_sequence(db(), sequence_id), 202


@bp.post("/stitch/<sequence_id>")
@operation("Stitch the shots again, with cuts or crossfades", {200: Stitched}, errors=(400, 404), body=StitchIn)
def stitch(sequence_id: str):
    spec = validate(StitchIn, optional_body(request.get_json(silent=True)))
    data = sequences.require_sequence(db(), sequence_id)
    if jobs().is_active(sequence_id) or any(shot.status != "completed" for shot in data.shots):
        raise BadRequest(
            "Every shot must be completed before the sequence can be stitched.", field="sequence_id", code="not_ready"
        )
    stitch_sequence(jobs().context(), sequence_id, spec.transition, spec.duration)
    data = sequences.require_sequence(db(), sequence_id)
    if data.stitch_error:
        raise BadRequest(data.stitch_error, field="sequence_id", code="stitch_failed")
    return Stitched(sequence_id=sequence_id, sequence_url=data.sequence_url, transition=spec.transition)
