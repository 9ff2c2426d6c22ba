"""Background work: one driver thread per running sequence, a pool for parallel shots, and the limits.

Owned by `app.extensions["jobs"]`; the mutable state job threads share lives here: which sequences are
being driven, the provider job slots, the adopt lock and the change versions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

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

    def start(self, sequence_id: str) -> None:
        """Drive the sequence now, or once more as soon as its current driver finishes."""
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
        with self._lock:
            return sequence_id in self._active

    def resume_all(self) -> list[str]:
        """Pick up every sequence a previous run left unfinished."""
        swept = recovery.sweep_unfinished(self.db, self.context().storage)
        if swept:
            log.info("removed %d half-written file(s) left by the previous run", swept)
        ids = records.unfinished_sequence_ids(self.db)
        for sequence_id in ids:
            self.start(sequence_id)
        if ids:
            log.info("resuming %d unfinished sequence(s)", len(ids))
        return ids

    def _drive(self, sequence_id: str) -> None:
        while not self.stop.is_set():
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
                self.changes.bump(sequence_id)
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
