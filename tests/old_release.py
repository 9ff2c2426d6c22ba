"""A studio database as release ffea06e (the last before migrations) left it, built with plain sqlite3."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from PIL import Image

from tests.media_fixtures import make_clip

SCHEMA = Path(__file__).with_name("data") / "schema_ffea06e.sql"
FINISHED = "20250301-101500-a1b2"  # a stitched two-shot sequence
CLIP = "20250301-111500-c3d4"  # a single clip, kind 'clip'
IN_FLIGHT = "20250302-090000-e5f6"  # shot 1 being made at the provider, shot 2 not started
COLUMNS_ADDED_SINCE_FIRST_BUILD = ("kind", "remix_source", "spritesheet_file", "submit_sent_at")


def schema_text(without: tuple[str, ...] = ()) -> str:
    """Return the vendored schema, minus the column lines named in `without` (for older builds)."""
    lines = SCHEMA.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.strip().split(" ", 1)[0] not in without]
    return "\n".join(kept) + "\n"


def create(path: Path, schema: str) -> None:
    """Make an empty database with exactly `schema`, as the old release's executescript did."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        db.executescript(schema)
        db.execute("PRAGMA journal_mode=WAL")


def insert(path: Path, table: str, row: dict) -> None:
    """Insert one row the way the old release's hand-written SQL did (a constant table name)."""
    assert table in ("sequences", "shots")
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")", row)


def rows(path: Path) -> dict[str, dict[tuple, dict]]:
    """Read every row of both tables, keyed by primary key, straight from the file."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        sequences = {(r["id"],): dict(r) for r in db.execute("SELECT * FROM sequences")}
        shots = {(r["sequence_id"], r["shot_number"]): dict(r) for r in db.execute("SELECT * FROM shots")}
    return {"sequences": sequences, "shots": shots}


def old_columns(after: dict[str, dict[tuple, dict]], before: dict[str, dict[tuple, dict]]) -> dict:
    """`after` cut down to the columns `before` had: later migrations add columns, never change old values."""
    return {
        table: {
            key: {name: row[name] for name in before[table].get(key, row) if name in row} for key, row in rows.items()
        }
        for table, rows in after.items()
    }


def digests(storage: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under the storage folder except the database's own."""
    return {
        str(p.relative_to(storage)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(storage.rglob("*"))
        if p.is_file() and not p.name.startswith("studio.db")
    }


def sequence_row(sequence_id: str, **fields) -> dict:
    base = {
        "id": sequence_id,
        "kind": "sequence",
        "remix_source": None,
        "created_at": 1740824100,
        "updated_at": 1740824160.25,
        "status": "completed",
        "model": "sora-2",
        "size": "720x1280",
        "seconds": "4",
        "continuity": "remix",
        "style": None,
        "stitched_file": None,
        "stitch_error": None,
        "estimated_usd": 0.8,
        "spent_usd": 0.0,
    }
    return {**base, **fields}


def shot_row(sequence_id: str, number: int, **fields) -> dict:
    base = {
        "sequence_id": sequence_id,
        "shot_number": number,
        "character": "Mara, a courier in a yellow raincoat",
        "environment": "a neon-lit night market",
        "lighting_camera": "wide shot, slow push in",
        "dialog": f"Mara: line {number}.",
        "prompt": f"Shot {number} of 2. Mara, a courier in a yellow raincoat, in a neon-lit night market.",
        "reference_file": None,
        "status": "completed",
        "progress": 100,
        "video_id": f"video_old_{sequence_id[-4:]}_{number}",
        "method": "create" if number == 1 else "remix",
        "spritesheet_file": None,
        "submit_sent_at": 1740824101.5 + number,
        "source_video_id": None,
        "note": None,
        "error_code": None,
        "error_message": None,
        "video_file": f"shot_{number}.mp4",
        "thumbnail_file": None,
        "started_at": 1740824102.0 + number,
        "completed_at": 1740824150.75 + number,
    }
    return {**base, **fields}


def fill_finished(storage: Path, db: Path) -> None:
    """A stitched sequence and a single clip, with every file the old release would have written."""
    folder = storage / FINISHED
    folder.mkdir(parents=True)
    make_clip(folder / "shot_1.mp4", 64, 112, 1, color="red")
    make_clip(folder / "shot_2.mp4", 64, 112, 1, color="blue")
    make_clip(folder / "sequence.mp4", 64, 112, 2, color="purple")
    Image.new("RGB", (64, 112), (200, 30, 30)).save(folder / "shot_1.webp", "WEBP")
    insert(db, "sequences", sequence_row(FINISHED, stitched_file="sequence.mp4", spent_usd=0.8))
    insert(db, "shots", shot_row(FINISHED, 1, thumbnail_file="shot_1.webp"))
    insert(db, "shots", shot_row(FINISHED, 2, source_video_id=f"video_old_{FINISHED[-4:]}_1"))

    folder = storage / CLIP
    folder.mkdir()
    make_clip(folder / "shot_1.mp4", 112, 64, 1, color="green")
    Image.new("RGB", (112, 64), (30, 200, 30)).save(folder / "shot_1.webp", "WEBP")
    Image.new("RGB", (224, 128), (30, 30, 200)).save(folder / "shot_1_sprites.jpg", "JPEG")
    clip = sequence_row(CLIP, kind="clip", created_at=1740827700, size="1280x720", continuity="independent")
    insert(db, "sequences", {**clip, "estimated_usd": 0.4, "spent_usd": 0.4})
    text = {"character": "", "environment": "", "lighting_camera": "", "dialog": ""}
    files = {"thumbnail_file": "shot_1.webp", "spritesheet_file": "shot_1_sprites.jpg"}
    insert(db, "shots", shot_row(CLIP, 1, **text, prompt="A paper boat drifts down a gutter in the rain", **files))


def fill_in_flight(storage: Path, db: Path, video_id: str, sent_at: float) -> None:
    """A sequence a killed old studio left running: shot 1's job is at the provider, shot 2 queued."""
    (storage / IN_FLIGHT).mkdir(parents=True)
    insert(db, "sequences", sequence_row(IN_FLIGHT, created_at=int(sent_at), status="running", updated_at=sent_at))
    started = {"submit_sent_at": sent_at, "started_at": sent_at + 0.2, "completed_at": None, "video_file": None}
    insert(db, "shots", shot_row(IN_FLIGHT, 1, status="in_progress", progress=0, video_id=video_id, **started))
    idle = {"video_id": None, "method": None, "submit_sent_at": None, "started_at": None}
    insert(db, "shots", shot_row(IN_FLIGHT, 2, status="queued", progress=0, video_file=None, completed_at=None, **idle))
