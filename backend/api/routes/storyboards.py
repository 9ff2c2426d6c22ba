"""Storyboards in and out: the document's schema, a sequence as a document, and exports for editors."""

from __future__ import annotations

from flask import Blueprint, request

from backend.api.context import db, media
from backend.api.openapi import File, operation
from backend.api.routes.downloads import send_media
from backend.api.validation import validate
from backend.library import exports
from backend.library.storyboard import storyboard_of
from backend.models import storyboard
from backend.models.requests import ExportQuery
from backend.models.responses import SchemaDocument
from backend.models.storyboard import Storyboard

bp = Blueprint("storyboards", __name__, url_prefix="/api")
MEDIA_TYPES = {**exports.TEXT_FORMATS, **{fmt: kind for fmt, (_, _, kind) in exports.FORMATS.items()}}
MEDIA_TYPES["captioned"] = "video/mp4"


@bp.get("/storyboard.schema.json")
@operation("The JSON Schema of the storyboard document (POST it to /api/generate)", {200: SchemaDocument})
def schema():
    return storyboard.schema()


@bp.get("/sequences/<sequence_id>/storyboard")
@operation("The sequence as a storyboard document: import it again for the same prompts", {200: Storyboard},
           errors=(404, 409))  # fmt: skip
def get_storyboard(sequence_id: str):
    return storyboard_of(db(), media(), sequence_id)


@bp.get("/sequences/<sequence_id>/export")
@operation(
    "Captions (SRT, WebVTT), an editor timeline (OTIO, OTIOZ, CMX 3600 EDL, FCP 7 XML), or the sequence with "
    "its captions burned in",
    {200: File("application/octet-stream")},
    errors=(400, 404, 409),
    query=ExportQuery,
)
def export(sequence_id: str):
    query = validate(ExportQuery, request.args.to_dict())
    path = exports.export(db(), media(), sequence_id, query.format)
    return send_media(path, MEDIA_TYPES[query.format], path.name, query.attachment == "1")
