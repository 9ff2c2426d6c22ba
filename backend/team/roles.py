"""A team deployment's two roles, set up on the same Flask app and Jobs object a one-process studio uses.

- web: answers the API, the page and the progress streams; `Jobs.start` enqueues the sequence for a
  worker, and PostgreSQL's notices wake the progress streams.
- worker: runs queued sequences with the same driver as a one-process studio, inside a cluster-wide lease
  per sequence (leases.py), holding cluster-wide job slots (slots.py), announcing each change (notify.py);
  a heartbeat lets its peers take over when it dies (watchdog.py).
"""

from __future__ import annotations

import logging
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from backend.config import StudioSettings
from backend.jobs import Jobs
from backend.store import Database, records
from backend.team import notify, queue
from backend.team.driving import Driver
from backend.team.leases import SequenceLeases
from backend.team.slots import ClusterSlots
from backend.team.watchdog import Watchdog, leave

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    """host-pid: unique, but new at each start (set WORKER_ID to let a restart pick up its own work)."""
    return f"{socket.gethostname()}-{os.getpid()}"


def become_web(jobs: Jobs, settings: StudioSettings) -> None:
    """Hand starts to the queue and listen for the workers' progress notices."""
    queue.launch_web(settings.database_url, f"web-{default_worker_id()}")
    jobs.dispatch = queue.enqueue
    notify.Listener(settings.database_url, jobs.changes, jobs.stop).start()


@dataclass
class Worker:
    """A running worker: its id, its locks and its heartbeat."""

    worker_id: str
    leases: SequenceLeases
    watchdog: Watchdog
    db: Database
    jobs: Jobs

    def stop(self) -> None:
        """Stop taking work; unfinished sequences stay pending for this id's next start or a peer."""
        self.jobs.shutdown()
        queue.shutdown()
        leave(self.db, self.worker_id)
        self.leases.close()


def become_worker(jobs: Jobs, db: Database, settings: StudioSettings) -> Worker:
    """Start driving queued sequences in this process."""
    worker_id = settings.worker_id or default_worker_id()
    leases = SequenceLeases(db.url, jobs.stop)
    slots = ClusterSlots(db, settings.max_concurrent_jobs, jobs.stop)
    jobs.job_slot = slots.held
    # Here shots wait for a cluster slot inside pool threads, and a rescue brings shots beyond the queue's
    # turn: a pool sized to the slots would let waiting shots starve the very shots that hold them.
    room = (settings.worker_sequences + settings.max_concurrent_jobs) * settings.max_shots
    jobs.shot_pool = ThreadPoolExecutor(max_workers=room, thread_name_prefix="shot")

    def announce(sequence_id: str) -> None:
        jobs.changes.bump(sequence_id)
        notify.publish(db.engine, sequence_id)

    jobs.notify = announce

    driver = Driver(jobs, db, leases, slots)
    queue.launch_worker(settings.database_url, worker_id, driver.queued_run, settings.worker_sequences)
    orphans = set(records.unfinished_sequence_ids(db)) - queue.pending_sequence_ids()
    for sequence_id in sorted(orphans):  # left by a web process that died between saving and enqueueing
        queue.enqueue(sequence_id)
    if orphans:
        log.info("enqueued %d unfinished sequence(s) that no worker had", len(orphans))
    watchdog = Watchdog(db, worker_id, queue.recover, driver.rescue_in_flight, jobs.stop).start()
    log.info("worker %s driving up to %d sequence(s) at once", worker_id, settings.worker_sequences)
    return Worker(worker_id, leases, watchdog, db, jobs)
