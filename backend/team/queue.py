"""Sequences as durable workflows on one DBOS queue in PostgreSQL: web processes enqueue, workers run them.

Why DBOS (ARCHITECTURE.md has the trial): the same library runs on SQLite and PostgreSQL, its queues keep
their state in the studio's own database (no broker to run), and a workflow left by a worker that died is
run again by another. A workflow here is simply "drive this sequence"; the driver resumes from the job rows
(a shot with a provider id is polled, never created again), so running it twice pays for nothing twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from dbos import DBOS, DBOSConfig

log = logging.getLogger(__name__)
QUEUE = "sequences"
WORKFLOW = "drive_sequence"
# Pinned: DBOS would otherwise version workflows by a hash of their source, and a worker of a newer
# release would leave the work an older one enqueued untouched. Raise it only when the workflow's
# arguments change meaning.
APP_VERSION = "shot-studio-1"
_drive: Callable[[str], None] | None = None


@DBOS.workflow(name=WORKFLOW)
def drive_sequence(sequence_id: str) -> None:
    """Drive one sequence to its end (or to the next wait for the user) on this worker."""
    if _drive is None:
        raise RuntimeError("this process is not a worker")
    _drive(sequence_id)


def _config(url: str, executor_id: str) -> DBOSConfig:
    return {
        "name": "shot-studio",
        "system_database_url": url,
        "executor_id": executor_id,
        "application_version": APP_VERSION,
        "log_level": "WARNING",
    }


def launch_worker(url: str, executor_id: str, drive: Callable[[str], None], at_once: int) -> None:
    """Run queued sequences in this process, `at_once` at a time; also the ones this worker id left."""
    global _drive
    _drive = drive
    DBOS(config=_config(url, executor_id))
    DBOS.launch()  # recovers the workflows a previous run under the same WORKER_ID left pending
    DBOS.register_queue(QUEUE, worker_concurrency=at_once, polling_interval_sec=0.5)


def launch_web(url: str, executor_id: str) -> None:
    """Enqueue only: this process never runs a sequence (and builds DBOS's tables if it is the first)."""
    DBOS(config=_config(url, executor_id))
    DBOS.listen_queues([])
    DBOS.launch()


def enqueue(sequence_id: str) -> str:
    """Ask some worker to drive the sequence; a second request while one runs drives it once more after."""
    workflow_id = f"{sequence_id}.{uuid.uuid4().hex[:12]}"
    options = {"queue_name": QUEUE, "workflow_name": WORKFLOW, "workflow_id": workflow_id, "app_version": APP_VERSION}
    DBOS.enqueue_workflow_with_options(options, sequence_id)
    return workflow_id


def recover(executor_ids: list[str]) -> int:
    """Run here the workflows that dead workers left pending; return how many.

    DBOS's open-source library leaves dead-worker detection to its hosted service; the studio detects
    death itself (backend/team/watchdog.py) and hands the work over with this DBOS call, private in 3.4.
    """
    return len(DBOS._recover_pending_workflows(executor_ids))


def pending_sequence_ids() -> set[str]:
    """Sequences that have a workflow waiting or running somewhere."""
    waiting = DBOS.list_workflows(status=["ENQUEUED", "PENDING"], name=WORKFLOW)
    return {status.workflow_id.split(".")[0] for status in waiting}


def shutdown() -> None:
    """Let the sequence runs still here wind up (they re-enqueue what they leave), then let DBOS go."""
    DBOS.destroy(workflow_completion_timeout_sec=10)
