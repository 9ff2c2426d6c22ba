"""The studio's own library of cast members and locations, kept for reuse across sequences.

A sequence keeps its own copy of its cast and locations (tables.sequence_cast, sequence_locations); this
library is where the page saves one and loads it into another sequence. Pictures live under
VIDEO_STORAGE_PATH/library/ as `<kind>_<id>.png`, kept in their own proportions: each sequence fits them
to its frame when it is made.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import delete, func, insert, select, update

from backend.errors import BadRequest, NotFound
from backend.media.store import MediaStore
from backend.models.responses import SavedItem, SavedList
from backend.store import Database, tables

# The same shape as a sequence's cast and location ids (models.fields.RefId): safe in a file name.
ITEM_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
FOLDER = "library"
LONG_SIDE = 1792  # the largest frame any preset makes; a bigger picture would only be scaled down later
EXIF_ORIENTATION = 0x0112
# kind (as in the URL) -> its table, the file prefix of its pictures, and what one of them is called
KINDS = {
    "cast": (tables.saved_cast, "cast", "cast member"),
    "locations": (tables.saved_locations, "location", "location"),
}
KEEP = object()  # save_item(picture=KEEP): the stored picture stays as it is


def checked_id(kind: str, item_id: str, refuse: type[BadRequest] | type[NotFound] = NotFound) -> str:
    """Refuse an id that is not a short lower-case slug before it gets near a path."""
    if not ITEM_ID.fullmatch(item_id):
        noun = KINDS[kind][2]
        message = f"No {noun} {item_id!r}: ids are lower-case letters, digits, - and _ (at most 40)."
        raise refuse(message, field="id")
    return item_id


def list_items(db: Database, kind: str) -> SavedList:
    """Every saved item of a kind, by name."""
    table = KINDS[kind][0]
    rows = db.query(select(table).order_by(func.lower(table.c.name), table.c.id))
    return SavedList(data=[_view(kind, row) for row in rows])


def get_item(db: Database, kind: str, item_id: str) -> SavedItem:
    """One saved item, or NotFound."""
    return _view(kind, _row(db, kind, checked_id(kind, item_id)))


def save_item(
    db: Database, media: MediaStore, kind: str, item_id: str, name: str, description: str, picture: Any = KEEP
) -> SavedItem:
    """Create or replace a saved item. `picture`: fitted PNG bytes, None to remove it, KEEP to leave it."""
    table, prefix, _ = KINDS[kind]
    checked_id(kind, item_id, BadRequest)
    path = media.root / FOLDER / f"{prefix}_{item_id}.png"
    values: dict[str, Any] = {"name": name, "description": description, "updated_at": time.time()}
    if isinstance(picture, bytes):
        media.save(picture, path)  # atomic: a reader sees the old picture or the new one, never half
        values["reference_file"] = path.name
    elif picture is None:
        values["reference_file"] = None
    with db.write() as conn:
        found = conn.execute(select(table.c.id).where(table.c.id == item_id)).first()
        if found is None:
            conn.execute(insert(table).values(id=item_id, **{"reference_file": None, **values}))
        else:
            conn.execute(update(table).where(table.c.id == item_id).values(**values))
    if picture is None:
        media.remove(path)
    return get_item(db, kind, item_id)


def delete_item(db: Database, media: MediaStore, kind: str, item_id: str) -> None:
    """Remove a saved item and its picture (sequences keep their own copies)."""
    table, prefix, _ = KINDS[kind]
    _row(db, kind, checked_id(kind, item_id))
    with db.write() as conn:
        conn.execute(delete(table).where(table.c.id == item_id))
    media.remove(media.root / FOLDER / f"{prefix}_{item_id}.png")


def picture_path(db: Database, media: MediaStore, kind: str, item_id: str) -> Path:
    """Where a saved item's picture is, or NotFound when it has none."""
    row = _row(db, kind, checked_id(kind, item_id))
    if not row["reference_file"]:
        raise NotFound(f"{row['name']} has no picture.", field="id")
    return media.fetch(media.root / FOLDER / row["reference_file"])


def picture_size(blob: bytes) -> str:
    """The size to fit a library picture to: its own proportions (upright), its long side at most LONG_SIDE.

    Only the header is read here; fit_image then checks and decodes the picture, and refuses one that is
    not a picture at all (for which any size will do).
    """
    try:
        with Image.open(io.BytesIO(blob)) as image:
            width, height = image.size
            if image.getexif().get(EXIF_ORIENTATION, 1) in (5, 6, 7, 8):  # stored on its side
                width, height = height, width
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return "16x16"
    scale = min(1.0, LONG_SIDE / max(width, height, 1))
    return f"{max(1, round(width * scale))}x{max(1, round(height * scale))}"


def _row(db: Database, kind: str, item_id: str) -> dict[str, Any]:
    table = KINDS[kind][0]
    row = db.first(select(table).where(table.c.id == item_id))
    if row is None:
        raise NotFound(f"No {KINDS[kind][2]} {item_id!r} in the library.", field="id")
    return row


def _view(kind: str, row: dict[str, Any]) -> SavedItem:
    return SavedItem(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        has_reference=bool(row["reference_file"]),
        reference_url=f"/api/{kind}/{row['id']}/reference" if row["reference_file"] else None,
        updated_at=row["updated_at"],
    )
