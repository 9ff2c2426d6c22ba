"""The studio's database: a SQLAlchemy engine shared by requests and job threads, migrated on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Executable, create_engine
from sqlalchemy.engine import URL, make_url

from backend.store import dialect, migrate


def sqlite_url(path: Path) -> URL:
    """Return the URL of the SQLite file at `path` (built, not formatted: any path is safe)."""
    return URL.create("sqlite", database=str(path))


def make_engine(url: str | URL) -> Engine:
    """Create an engine for `url` with the studio's connection settings (no migrations run)."""
    url = make_url(url)
    engine = create_engine(url, **dialect.engine_options(url))
    dialect.install(engine)
    return engine


class Database:
    """The SQLite file at `path` (or the database `url` names), at the newest schema once built."""

    def __init__(self, path: Path | None = None, url: str | URL | None = None) -> None:
        if url is None:
            if path is None:
                raise ValueError("give the SQLite file's path or a database URL")
            path.parent.mkdir(parents=True, exist_ok=True)
            url = sqlite_url(path)
        self.url = make_url(url)
        self.path = path
        self.engine = make_engine(self.url)
        try:
            migrate.upgrade(self.engine)
        except BaseException:
            self.engine.dispose()  # a refused database must not keep connections open
            raise

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """Run a short write transaction that takes the lock up front (no upgrade deadlocks)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{dialect.WRITE: True})
            with conn.begin():
                yield conn

    def query(self, statement: Executable) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts."""
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(statement).mappings()]

    def first(self, statement: Executable) -> dict[str, Any] | None:
        """Run a SELECT and return its first row as a dict, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(statement).mappings().first()
        return dict(row) if row is not None else None

    def check(self) -> str:
        """Return the database's own integrity verdict ('ok' when sound; see dialect.integrity_check)."""
        with self.engine.connect() as conn:
            return dialect.integrity_check(conn)

    def close(self) -> None:
        """Close every pooled connection (the file stays; a later query reopens one)."""
        self.engine.dispose()
