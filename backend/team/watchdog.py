"""Heartbeats: every worker says it is alive each second; one that fell silent has its work taken over.

Times come from the database's clock (now()), so hosts whose clocks disagree still agree on who is dead.
Claiming a dead worker deletes its row in the same statement that finds it, so exactly one survivor takes
its sequences over. A worker that was only frozen and wakes up finds its sequences' leases taken
(backend/team/locks.py) and drives nothing twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from backend.store import Database, tables

log = logging.getLogger(__name__)
BEAT = 1.0  # seconds between heartbeats
DEAD_AFTER = 5.0  # seconds of silence before a worker's work is handed to another
NOW = sa.func.extract("epoch", sa.func.now())


def beat(db: Database, worker_id: str) -> None:
    """Write this worker's heartbeat (its row is made on the first one)."""
    workers = tables.workers
    row = {"worker_id": worker_id, "host": socket.gethostname(), "pid": os.getpid(), "started_at": NOW, "beat_at": NOW}
    upsert = insert(workers).values(**row)
    upsert = upsert.on_conflict_do_update(index_elements=[workers.c.worker_id], set_={"beat_at": NOW})
    with db.write() as conn:
        conn.execute(upsert)


def claim_dead(db: Database, me: str) -> list[str]:
    """Remove and return the workers silent for DEAD_AFTER seconds (never this one)."""
    workers = tables.workers
    dead = workers.delete().where(workers.c.beat_at < NOW - DEAD_AFTER, workers.c.worker_id != me)
    with db.write() as conn:
        return list(conn.execute(dead.returning(workers.c.worker_id)).scalars())


def alive(db: Database) -> list[dict]:
    """The workers that beat within DEAD_AFTER seconds."""
    workers = tables.workers
    return db.query(sa.select(workers).where(workers.c.beat_at >= NOW - DEAD_AFTER).order_by(workers.c.worker_id))


def leave(db: Database, worker_id: str) -> None:
    """A clean stop: remove this worker's row (its unfinished workflows wait for its next start or a peer)."""
    with db.write() as conn:
        conn.execute(tables.workers.delete().where(tables.workers.c.worker_id == worker_id))


class Watchdog:
    """The heartbeat thread: beat, hand every dead worker's workflows to `take_over`, then `each_beat`."""

    def __init__(
        self,
        db: Database,
        me: str,
        take_over: Callable[[list[str]], int],
        each_beat: Callable[[], None],
        stop: threading.Event,
    ) -> None:
        self._db, self._me, self._take_over, self._each_beat, self._stop = db, me, take_over, each_beat, stop
        self.thread = threading.Thread(target=self._run, name="watchdog", daemon=True)

    def start(self) -> Watchdog:
        beat(self._db, self._me)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(BEAT):
            try:
                beat(self._db, self._me)
                dead = claim_dead(self._db, self._me)
                if dead:
                    taken = self._take_over(dead)
                    log.warning("worker(s) %s stopped beating; %d sequence run(s) back in the queue", dead, taken)
                self._each_beat()
            except sa.exc.SQLAlchemyError as exc:  # the database is away: try again on the next beat
                log.warning("heartbeat failed: %s", exc)
