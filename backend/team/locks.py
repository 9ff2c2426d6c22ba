"""Limits that hold across every worker, kept by PostgreSQL itself: session advisory locks.

A lock belongs to one database connection and the server drops it the moment that connection ends, so a
worker that is SIGKILLed, or whose host vanishes, gives back what it held without any lease or sweeper.
Two uses:
- job slots: MAX_CONCURRENT_JOBS locks numbered 0..N-1; a provider job holds one from before its paid
  call until it ends, whichever worker runs it;
- sequence leases: one driver per sequence in the whole cluster. A worker that froze (and whose work was
  handed to another) finds the lease taken when it wakes, instead of driving the same shots twice.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from backend.providers.errors import Stopped

SLOTS = 7_301  # the first key of each advisory lock, so the studio's locks never meet another program's
SEQUENCES = 7_302
WAIT = 0.2  # seconds between tries for a busy lock


def _key(name: str) -> int:
    """A sequence id as PostgreSQL's signed 32-bit lock key."""
    return zlib.crc32(name.encode()) - (1 << 31)


class ClusterLocks:
    """Advisory locks on the studio's PostgreSQL; each held lock keeps its own connection open."""

    def __init__(self, url: str, slots: int, stop: threading.Event) -> None:
        self.engine = create_engine(url, poolclass=NullPool)  # a held lock is a held connection: no pool
        self.limit = max(1, slots)
        self._stop = stop

    @contextmanager
    def job_slot(self) -> Iterator[int]:
        """Hold one of the cluster's MAX_CONCURRENT_JOBS provider job slots for the block."""
        with self.engine.connect() as conn:
            slot = self._wait(conn, lambda: self._try_any_slot(conn), "a provider job slot")
            try:
                yield slot
            finally:
                self._unlock(conn, SLOTS, slot)

    @contextmanager
    def sequence_lease(self, sequence_id: str) -> Iterator[None]:
        """Be the one driver of this sequence anywhere in the cluster for the block."""
        key = _key(sequence_id)
        with self.engine.connect() as conn:
            self._wait(conn, lambda: 0 if self._try(conn, SEQUENCES, key) else None, f"sequence {sequence_id}")
            try:
                yield
            finally:
                self._unlock(conn, SEQUENCES, key)

    def holders(self) -> int:
        """How many job slots are held right now, cluster-wide."""
        query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :c AND granted")
        with self.engine.connect() as conn:
            return int(conn.execute(query, {"c": SLOTS}).scalar_one())

    def _wait(self, conn: Connection, attempt, what: str) -> int:
        while (got := attempt()) is None:
            if self._stop.wait(WAIT):
                raise Stopped(f"This worker is stopping; waiting for {what} is left to the next one.")
        return got

    def _try_any_slot(self, conn: Connection) -> int | None:
        for slot in range(self.limit):
            if self._try(conn, SLOTS, slot):
                return slot
        return None

    @staticmethod
    def _try(conn: Connection, first: int, second: int) -> bool:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": first, "b": second}).scalar_one()
        conn.commit()  # no transaction left open while the lock is held for minutes
        return bool(got)

    @staticmethod
    def _unlock(conn: Connection, first: int, second: int) -> None:
        if not conn.closed and not conn.invalidated:
            conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": first, "b": second})
            conn.commit()

    def close(self) -> None:
        self.engine.dispose()
