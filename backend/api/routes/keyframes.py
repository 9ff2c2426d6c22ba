"""Keyframes first: re-roll or replace one shot's still, and approve them all (then the clips are made)."""

from __future__ import annotations

from flask import Blueprint, request

from backend.api.context import db, jobs, media, settings
from backend.api.openapi import operation
from backend.api.validation import fit_image, optional_body, validate
from backend.library import keyframes, sequences
from backend.models.requests import KeyframeForm, KeyframeIn
from backend.models.responses import Sequence

bp = Blueprint("keyframes", __name__, url_prefix="/api/sequences")


@bp.post("/<sequence_id>/shots/<shot_number>/keyframe")
@operation(
    "Re-roll one shot's still (one more image call; JSON with an optional prompt or note), or replace it "
    "with your own picture (multipart, field `image`; no image call)",
    {202: Sequence},
    errors=(400, 404, 409, 413),
    body=KeyframeIn,
    form=KeyframeForm,
    files=("image",),
)
def keyframe(sequence_id: str, shot_number: str):
    number = sequences.checked_shot_number(shot_number)
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("image")
        picture = upload.read() if upload is not None else b""
        config = settings()
        size = sequences.require_sequence(db(), sequence_id).size
        keyframes.replace(db(), media(), sequence_id, number, fit_image(picture, "image", config.max_file_size, size))
    else:
        keyframes.reroll(db(), sequence_id, number, validate(KeyframeIn, optional_body(request.get_json(silent=True))))
    if sequences.require_sequence(db(), sequence_id).status != "awaiting_approval":
        jobs().start(sequence_id)
    jobs().changes.bump(sequence_id)
    return sequences.require_sequence(db(), sequence_id), 202


@bp.post("/<sequence_id>/approve")
@operation("Approve every still: the clips are made, all at once", {202: Sequence}, errors=(400, 404, 409))
def approve(sequence_id: str):
    keyframes.approve(db(), sequence_id, settings())
    jobs().start(sequence_id)
    jobs().changes.bump(sequence_id)
    return sequences.require_sequence(db(), sequence_id), 202
