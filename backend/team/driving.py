"""How a worker drives sequences: the runs the queue hands it, and rescues of paid jobs left without a driver.

Either way a sequence is driven only under its cluster-wide lease (leases.py), by the same
`Jobs.drive_once` a one-process studio uses, and only while it is not completed (a run enqueued twice,
or a rescue that comes late, finds nothing to do).
"""

from __future__ import annotations

import contextlib
import logging
import threading

from backend.jobs import Jobs
from backend.providers.errors import Stopped
from backend.store import Database, records
from backend.team import queue
from backend.team.leases import SequenceLeases
from backend.team.slots import ClusterSlots

log = logging.getLogger(__name__)


class Driver:
    """A worker's driving: queued runs, and rescues each heartbeat."""

    def __init__(self, jobs: Jobs, db: Database, leases: SequenceLeases, slots: ClusterSlots) -> None:
        self.jobs, self.db, self.leases, self.slots = jobs, db, leases, slots
        self._rescuing: set[str] = set()
        self._lock = threading.Lock()

    def queued_run(self, sequence_id: str) -> None:
        """A run the queue handed this worker: wait for the lease, drive; if this worker is stopping, pass it on."""
        with contextlib.suppress(Stopped), self.leases.held(sequence_id):
            self._drive_unless_done(sequence_id)
        row = records.sequence_row(self.db, sequence_id)
        if self.jobs.stop.is_set() and row is not None and row["status"] in records.UNFINISHED:
            queue.enqueue(sequence_id)  # stopping mid-way: a peer (or this worker's next start) goes on

    def rescue_in_flight(self) -> None:
        """Drive at once, outside the queue's turn, every sequence with a paid job running and no driver.

        Its shots hold job slots: left in the queue behind sequences that wait for those very slots, it
        would never get its turn (the first run of tests/test_team.py hung exactly so).
        """
        with self._lock:
            found = self.slots.in_flight() - self._rescuing
            self._rescuing |= found
        for sequence_id in found:
            threading.Thread(
                target=self._rescue, args=(sequence_id,), name=f"rescue-{sequence_id}", daemon=True
            ).start()

    def _rescue(self, sequence_id: str) -> None:
        try:
            with self.leases.attempt(sequence_id) as free:
                if free:  # nobody drives it: its worker died, or stopped, with a provider job in flight
                    log.info("sequence %s has a provider job in flight and no driver; driving it here", sequence_id)
                    self._drive_unless_done(sequence_id)
        finally:
            with self._lock:
                self._rescuing.discard(sequence_id)

    def _drive_unless_done(self, sequence_id: str) -> None:
        row = records.sequence_row(self.db, sequence_id)
        if row is not None and row["status"] != "completed":
            self.jobs.drive_once(sequence_id)
