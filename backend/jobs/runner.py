"""Background work: one driver thread per running sequence, a pool for parallel shots, and the limits.

Owned by `app.extensions["jobs"]`; the mutable state job threads share lives here: which sequences are
being driven, the provider job slots, the adopt lock and the change versions. In a team deployment
(backend/team/) a web process hands `start` to the queue instead, and a worker swaps in the cluster's
job slots and change notices; the driving itself is the same.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager

from backend import logs
from backend.generator import run_sequence
from backend.jobs import recovery
from backend.jobs.changes import Changes
from backend.jobs.context import JobContext
from backend.jobs.slots import JobSlots
from backend.store import Database, records

log = logging.getLogger(__name__)


class Jobs:
    """Start, restart and resume sequence drivers; never two drivers for one sequence."""

    def __init__(self, db: Database, make_context: Callable[[Jobs], JobContext], max_concurrent: int) -> None:
        self.db = db
        self.changes = Changes()
        self.stop = threading.Event()
        self.slots = JobSlots(max_concurrent, self.stop)
        # One lock for the whole process: two drivers must never adopt the same orphaned provider job.
        self.adopt_lock = threading.Lock()
        self.shot_pool = ThreadPoolExecutor(max_workers=self.slots.limit, thread_name_prefix="shot")
        self._drivers = ThreadPoolExecutor(max_workers=32, thread_name_prefix="sequence")
        self._lock = threading.Lock()
        self._active: set[str] = set()
        self._again: set[str] = set()
        self._make_context = make_context
        # What a team role replaces (backend/team/roles.py): where starts go, the slot a job holds, who hears.
        self.dispatch: Callable[[str], object] | None = None
        self.job_slot: Callable[[str], AbstractContextManager] = self.slots.held
        self.notify: Callable[[str], None] = self.changes.bump

    def start(self, sequence_id: str) -> None:
        """Drive the sequence now, or once more as soon as its current driver finishes."""
        if self.dispatch is not None:
            self.dispatch(sequence_id)
            return
        with self._lock:
            if sequence_id in self._active:
                self._again.add(sequence_id)
                return
            self._active.add(sequence_id)
        self._drivers.submit(self._drive, sequence_id)

    def context(self) -> JobContext:
        """Build the plain-object context a job runs with, from the current settings."""
        return self._make_context(self)

    def is_active(self, sequence_id: str) -> bool:
        """Whether a driver is working on the sequence (on a team web process: whether it is in progress)."""
        if self.dispatch is not None:
            row = records.sequence_row(self.db, sequence_id)
            return row is not None and row["status"] in ("queued", "running", "stitching")
        with self._lock:
            return sequence_id in self._active

    def resume_all(self) -> list[str]:
        """Pick up every sequence a previous run left unfinished."""
        swept = recovery.sweep_unfinished(self.db, self.context().media.root)
        if swept:
            log.info("removed %d half-written file(s) left by the previous run", swept)
        ids = records.unfinished_sequence_ids(self.db)
        for sequence_id in ids:
            self.start(sequence_id)
        if ids:
            log.info("resuming %d unfinished sequence(s)", len(ids))
        return ids

    def drive_once(self, sequence_id: str) -> None:
        """Run the sequence's driver in this thread until it ends or waits; never raise."""
        token = logs.sequence_id.set(sequence_id)
        try:
            run_sequence(self.context(), sequence_id)
        except Exception:  # a driver must never die silently with the sequence looking busy
            log.exception("sequence %s driver crashed", sequence_id)
            records.update_sequence(
                self.db,
                sequence_id,
                status="failed",
                stitch_error="The studio hit an unexpected error; see its log.",
            )
            self.notify(sequence_id)
        finally:
            logs.sequence_id.reset(token)

    def _drive(self, sequence_id: str) -> None:
        while not self.stop.is_set():
            self.drive_once(sequence_id)
            with self._lock:
                if sequence_id not in self._again:
                    self._active.discard(sequence_id)
                    return
                self._again.discard(sequence_id)

    def shutdown(self) -> None:
        """Stop starting work; running jobs end at their next wait and stay resumable in their rows."""
        self.stop.set()
        self._drivers.shutdown(wait=False, cancel_futures=True)
        self.shot_pool.shutdown(wait=False, cancel_futures=True)
