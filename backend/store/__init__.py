"""The studio's job rows: tables, the database they live in, and the migrations that build it."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from backend.store.database import Database

__all__ = ["Database", "init_app"]


def init_app(app: Flask, storage: Path) -> Database:
    """Open (and migrate) the studio's database in the storage folder; keep it in app.extensions."""
    database = Database(storage / "studio.db")
    app.extensions["db"] = database
    return database
