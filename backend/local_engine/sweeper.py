"""Deletes the content of engine jobs once it expires, so the engine's disk stays bounded.

The job row stays: like the real API, the engine keeps answering the video object after its content
is gone (content then answers 404 video_expired). One daemon thread sleeps until the next expiry.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from backend.local_engine.store import JobStore

log = logging.getLogger(__name__)

# Wake at least this often even with nothing due, so a wall-clock jump cannot postpone a sweep for long.
LONGEST_SLEEP = 300.0
# After an error (disk or database trouble), wait this long before trying again rather than spin.
ERROR_PAUSE = 10.0
# Expiry is `expires_at < now` with whole seconds; waking a hair late makes the due job count as expired.
MARGIN = 0.05


def discard_files(media_root: Path, job: dict) -> None:
    """Remove a job's rendered files and its stored reference image; what is already gone is fine."""
    shutil.rmtree(media_root / job["id"], ignore_errors=True)
    if job["reference"]:
        (media_root / job["reference"]).unlink(missing_ok=True)


class Sweeper:
    """Deletes expired content at start-up, then whenever the next expiry comes due."""

    def __init__(self, store: JobStore, media_root: Path) -> None:
        self.store = store
        self.media_root = media_root
        self._wake = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, name="engine-sweeper", daemon=True)

    @property
    def running(self) -> bool:
        """Tell whether the background thread is alive."""
        return self._thread.is_alive()

    def start(self) -> int:
        """Delete what expired while the engine was down, then keep sweeping in the background."""
        swept = self.sweep()
        self._thread.start()
        return swept

    def wake(self) -> None:
        """Have the sweeper look again: a job completed, so the next expiry may be sooner than planned."""
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        """End the background thread (it only ever waits or deletes, so it ends promptly)."""
        self._stopped = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def sweep(self) -> int:
        """Delete the files of every job whose content has expired; return how many jobs were swept."""
        now = time.time()
        jobs = self.store.expired(now)
        for job in jobs:
            discard_files(self.media_root, job)
            # Marked after the files are gone: a crash in between only means sweeping this job again.
            self.store.update(job["id"], content_deleted_at=int(now))
        if jobs:
            log.info("local engine deleted the expired content of %d job(s)", len(jobs))
        return len(jobs)

    def _delay(self) -> float:
        due = self.store.next_expiry()
        if due is None:
            return LONGEST_SLEEP
        return min(LONGEST_SLEEP, max(0.0, due - time.time()) + MARGIN)

    def _loop(self) -> None:
        while not self._stopped:
            # Cleared before reading the next expiry, so a job completing meanwhile still wakes this wait.
            self._wake.clear()
            try:
                self._wake.wait(self._delay())
                if not self._stopped:
                    self.sweep()
            except Exception:  # a failed sweep must not end the thread: try again after a pause
                log.exception("local engine could not sweep expired content")
                self._wake.wait(ERROR_PAUSE)
