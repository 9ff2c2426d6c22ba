"""The studio's job rows: tables, the database they live in, and the migrations that build it."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from backend.store.database import Database

__all__ = ["Database", "init_app", "postgres_driver"]


def postgres_driver(url: str) -> str:
    """postgresql://... as users write it, spoken with psycopg 3 (SQLAlchemy's default would be psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def init_app(app: Flask, storage: Path, url: str | None = None) -> Database:
    """Open (and migrate) the studio's database, SQLite in the storage folder or DATABASE_URL; keep it."""
    database = Database(storage / "studio.db", url=postgres_driver(url) if url else None)
    app.extensions["db"] = database
    return database
