"""One driver per sequence in the whole cluster, kept by PostgreSQL itself: a session advisory lock.

The lock belongs to one database connection and the server drops it the moment that connection ends, so
a worker that is SIGKILLed, or whose host vanishes, frees its sequences without any lease timeout. A
worker that only froze (and whose work was handed to another) finds the lease taken when it wakes, and
waits instead of driving the same shots twice.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from backend.providers.errors import Stopped

SEQUENCES = 7_302  # the first key of the studio's advisory locks, so they never meet another program's
WAIT = 0.2  # seconds between tries for a lease another worker holds


def _key(sequence_id: str) -> int:
    """A sequence id as PostgreSQL's signed 32-bit lock key (a clash only makes two sequences take turns)."""
    return zlib.crc32(sequence_id.encode()) - (1 << 31)


class SequenceLeases:
    """Advisory locks on the studio's PostgreSQL; each held lease keeps its own connection open."""

    def __init__(self, url: str | URL, stop: threading.Event) -> None:
        self.engine = create_engine(url, poolclass=NullPool)  # a held lease is a held connection: no pool
        self._stop = stop

    @contextmanager
    def held(self, sequence_id: str) -> Iterator[None]:
        """Be the one driver of this sequence anywhere in the cluster for the block."""
        key = _key(sequence_id)
        with self.engine.connect() as conn:
            while not self._try(conn, key):
                if self._stop.wait(WAIT):
                    raise Stopped(f"This worker is stopping; sequence {sequence_id} is left to the next one.")
            try:
                yield
            finally:
                self._unlock(conn, key)

    @contextmanager
    def attempt(self, sequence_id: str) -> Iterator[bool]:
        """Take the lease if nobody holds it; yield whether it was taken (held for the block if so)."""
        key = _key(sequence_id)
        with self.engine.connect() as conn:
            got = self._try(conn, key)
            try:
                yield got
            finally:
                if got:
                    self._unlock(conn, key)

    @staticmethod
    def _try(conn: Connection, key: int) -> bool:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": SEQUENCES, "b": key}).scalar_one()
        conn.commit()  # no transaction left open while the lease is held for minutes
        return bool(got)

    @staticmethod
    def _unlock(conn: Connection, key: int) -> None:
        if not conn.invalidated:  # a lost connection has dropped the lock with it
            conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": SEQUENCES, "b": key})
            conn.commit()

    def close(self) -> None:
        self.engine.dispose()
