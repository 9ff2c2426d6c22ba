"""The library of cast members and locations: list, save (create or replace), delete, and their pictures.

The same four routes under /api/cast and /api/locations; the page saves a sequence's cast member or
location here and loads it into another sequence.
"""

from __future__ import annotations

from flask import Blueprint, request

from backend.api.context import db, media, settings
from backend.api.openapi import File, operation
from backend.api.routes.downloads import send_media
from backend.api.validation import data_url_bytes, fit_image, validate
from backend.errors import BadRequest
from backend.library import saved
from backend.models.requests import SavedIn
from backend.models.responses import SavedDeleted, SavedItem, SavedList

bp = Blueprint("saved", __name__, url_prefix="/api")


def _picture(spec: SavedIn):
    """The picture to store: fitted PNG bytes, None to remove it, or KEEP when the body left it out."""
    if "reference" not in spec.model_fields_set:
        return saved.KEEP
    if spec.reference is None:
        return None
    blob = data_url_bytes(spec.reference, "reference")
    return fit_image(blob, "reference", settings().max_file_size, saved.picture_size(blob))


def _routes(kind: str, noun: str) -> None:
    """Declare one kind's routes; each view carries its own @operation, which the OpenAPI document reads."""

    @bp.get(f"/{kind}", endpoint=f"list_{kind}")
    @operation(f"The saved {noun}s, by name", {200: SavedList})
    def list_items():
        return saved.list_items(db(), kind)

    @bp.put(f"/{kind}/<item_id>", endpoint=f"save_{kind}")
    @operation(
        f"Save a {noun} under this id (created or replaced); `reference` left out keeps its picture",
        {200: SavedItem},
        errors=(400, 404, 413),
        body=SavedIn,
    )
    def save_item(item_id: str):
        saved.checked_id(kind, item_id, BadRequest)
        spec = validate(SavedIn, request.get_json(silent=True))
        return saved.save_item(db(), media(), kind, item_id, spec.name, spec.description, _picture(spec))

    @bp.delete(f"/{kind}/<item_id>", endpoint=f"delete_{kind}")
    @operation(f"Delete a saved {noun} (sequences keep their own copies)", {200: SavedDeleted}, errors=(404,))
    def delete_item(item_id: str):
        saved.delete_item(db(), media(), kind, item_id)
        return SavedDeleted(id=item_id)

    @bp.get(f"/{kind}/<item_id>/reference", endpoint=f"{kind}_reference")
    @operation(f"A saved {noun}'s picture", {200: File("image/png")}, errors=(404,))
    def reference(item_id: str):
        path = saved.picture_path(db(), media(), kind, item_id)
        return send_media(path, "image/png", f"{item_id}.png", attachment=False)


_routes("cast", "cast member")
_routes("locations", "location")
