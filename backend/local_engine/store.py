"""The engine's job table: one SQLite file in the data directory, so jobs outlive a restart."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS videos (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    seconds TEXT NOT NULL,
    size TEXT NOT NULL,
    prompt TEXT NOT NULL,
    look_prompt TEXT NOT NULL,
    reference TEXT,
    remixed_from_video_id TEXT,
    planned_failure TEXT,
    started_at REAL,
    completed_at INTEGER,
    expires_at INTEGER,
    error_code TEXT,
    error_message TEXT,
    content_deleted_at INTEGER
);
CREATE INDEX IF NOT EXISTS videos_seq ON videos (seq);
"""
# Columns added since the first release, with their types: an engine.db made before them gains them on open.
ADDED_COLUMNS = {"content_deleted_at": "INTEGER"}
# Made after ADDED_COLUMNS exist: the sweeper's question "what completed content is still on disk?".
INDEXES = """
CREATE INDEX IF NOT EXISTS videos_unswept ON videos (expires_at)
    WHERE status = 'completed' AND content_deleted_at IS NULL;
"""

COLUMNS = (
    "id seq created_at status model seconds size prompt look_prompt reference remixed_from_video_id "
    "planned_failure started_at completed_at expires_at error_code error_message content_deleted_at"
).split()


class JobStore:
    """Thread-safe access to the engine's jobs; one short transaction per call."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._add_missing_columns()
        self._db.executescript(INDEXES)

    def _add_missing_columns(self) -> None:
        # CREATE TABLE IF NOT EXISTS leaves an older release's table as it was: add what it lacks.
        present = {row["name"] for row in self._db.execute("PRAGMA table_info(videos)")}
        for name, kind in ADDED_COLUMNS.items():
            if name in present:
                continue
            try:
                self._db.execute(f"ALTER TABLE videos ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):  # another process opening the same file won the race
                    raise

    def insert(self, job: dict[str, Any]) -> None:
        """Store a new job; `seq` keeps creation order stable within one second."""
        with self._lock:
            seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM videos").fetchone()[0]
            row = {column: job.get(column) for column in COLUMNS} | {"seq": seq}
            marks = ", ".join(f":{column}" for column in COLUMNS)
            self._db.execute(f"INSERT INTO videos ({', '.join(COLUMNS)}) VALUES ({marks})", row)

    def get(self, video_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM videos WHERE id = ?", (video_id,)).fetchone()
        return dict(row) if row else None

    def update(self, video_id: str, **fields: Any) -> bool:
        """Change some fields of a job; False when the job is gone (deleted meanwhile)."""
        unknown = set(fields) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown job fields {sorted(unknown)}")
        sets = ", ".join(f"{name} = :{name}" for name in fields)
        with self._lock:
            cursor = self._db.execute(f"UPDATE videos SET {sets} WHERE id = :id", {**fields, "id": video_id})
        return cursor.rowcount == 1

    def delete(self, video_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM videos WHERE id = ?", (video_id,))
        return cursor.rowcount == 1

    def page(self, order: str, limit: int, after: str | None) -> tuple[list[dict[str, Any]], bool]:
        """Return up to `limit` jobs after the cursor `after`, and whether more follow."""
        descending = order == "desc"
        where, params = "", []
        if after is not None:
            anchor = self.get(after)
            if anchor is None:
                return [], False
            where = "WHERE seq < ?" if descending else "WHERE seq > ?"
            params.append(anchor["seq"])
        direction = "DESC" if descending else "ASC"
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM videos {where} ORDER BY seq {direction} LIMIT ?", (*params, limit + 1)
            ).fetchall()
        return [dict(row) for row in rows[:limit]], len(rows) > limit

    def unfinished(self) -> list[dict[str, Any]]:
        """Return jobs a previous run left queued or in progress, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM videos WHERE status IN ('queued', 'in_progress') ORDER BY seq"
            ).fetchall()
        return [dict(row) for row in rows]

    def next_expiry(self) -> int | None:
        """Return the earliest `expires_at` of completed content still on disk, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(expires_at) FROM videos WHERE status = 'completed' AND content_deleted_at IS NULL"
            ).fetchone()
        return row[0]

    def expired(self, now: float) -> list[dict[str, Any]]:
        """Return completed jobs whose content expired before `now` and is still on disk."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM videos WHERE status = 'completed' AND content_deleted_at IS NULL AND expires_at < ?",
                (now,),
            ).fetchall()
        return [dict(row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
