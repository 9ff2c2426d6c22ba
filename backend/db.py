"""SQLite under VIDEO_STORAGE_PATH, shared by requests and job threads: WAL, short IMMEDIATE writes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

SCHEMA = Path(__file__).with_name("schema.sql")


class Database:
    """One connection per thread to one database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        # executescript manages its own transaction, so it runs outside write().
        self.connection().executescript(SCHEMA.read_text(encoding="utf-8"))

    def connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run a short write transaction that takes the lock up front (no upgrade deadlocks)."""
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def check(self) -> str:
        """Return SQLite's own integrity verdict ('ok' when sound)."""
        return self.query("PRAGMA integrity_check")[0][0]


def init_app(app: Flask) -> Database:
    database = Database(Path(app.config["VIDEO_STORAGE_PATH"]) / "studio.db")
    app.extensions["db"] = database
    return database
