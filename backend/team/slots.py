"""MAX_CONCURRENT_JOBS across every worker: slot rows in PostgreSQL, each held by a shot, not a process.

A shot takes a slot before its paid call and gives it back when its provider job ends. If its worker dies
in between, the job goes on running at the provider, so the slot stays taken; the worker that resumes the
shot finds the slot already its own and holds it on. A slot whose shot is gone, finished or failed is
free again (a sequence deleted mid-job, say).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from backend.providers.errors import Stopped
from backend.store import Database, tables

WAIT = 0.2  # seconds between tries when every slot is taken
slots = tables.job_slots


class ClusterSlots:
    """The cluster's provider job slots, `limit` rows of job_slots."""

    def __init__(self, db: Database, limit: int, stop: threading.Event) -> None:
        self.db, self.limit, self._stop = db, max(1, limit), stop
        with db.write() as conn:
            have = set(conn.execute(sa.select(slots.c.slot)).scalars())
            missing = [{"slot": n} for n in range(self.limit) if n not in have]
            if missing:
                conn.execute(insert(slots).on_conflict_do_nothing(), missing)

    @contextmanager
    def held(self, holder: str) -> Iterator[int]:
        """Hold a slot for the shot `holder` ("<sequence>/<shot>"); keep it if this worker is stopped."""
        while (slot := self._take(holder)) is None:
            if self._stop.wait(WAIT):
                raise Stopped("This worker is stopping; the shot waits for a job slot on the next one.")
        try:
            yield slot
        except Stopped:
            raise  # the provider job may still be running: the slot stays the shot's until it is resumed
        except BaseException:
            self.release(holder)
            raise
        self.release(holder)

    def _take(self, holder: str) -> int | None:
        with self.db.write() as conn:
            mine = conn.execute(sa.select(slots.c.slot).where(slots.c.holder == holder)).scalar()
            if mine is not None:
                return mine
            free = (
                sa.select(slots.c.slot)
                .where(slots.c.slot < self.limit, slots.c.holder.is_(None))
                .order_by(slots.c.slot)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            slot = conn.execute(free).scalar()
            if slot is None:
                conn.execute(_free_abandoned())
                return None
            conn.execute(slots.update().where(slots.c.slot == slot).values(holder=holder, taken_at=time.time()))
            return slot

    def release(self, holder: str) -> None:
        with self.db.write() as conn:
            conn.execute(slots.update().where(slots.c.holder == holder).values(holder=None, taken_at=None))

    def in_flight(self) -> set[str]:
        """The sequences whose shots hold a slot: each has a provider job running, driven or not.

        Slots whose shot is finished or gone are freed first, so they are never mistaken for work."""
        with self.db.write() as conn:
            conn.execute(_free_abandoned())
        holders = self.db.query(sa.select(slots.c.holder).where(slots.c.holder.is_not(None)))
        return {row["holder"].rsplit("/", 1)[0] for row in holders}


def _free_abandoned() -> sa.Update:
    """Free the slots whose shot no longer waits on its provider job: deleted, completed or failed."""
    shots = tables.shots
    key = shots.c.sequence_id + "/" + sa.cast(shots.c.shot_number, sa.TEXT)
    working = sa.select(key).where(shots.c.status.in_(("queued", "in_progress")))
    return (
        slots.update()
        .where(slots.c.holder.is_not(None), slots.c.holder.not_in(working))
        .values(holder=None, taken_at=None)
    )
