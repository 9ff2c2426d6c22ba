"""The one limit on work in flight at the provider: MAX_CONCURRENT_JOBS, held around every paid job.

A slot is taken before a create or remix goes out (or before polling a job a restart found running)
and given back once the provider says the job completed or failed. Every path that starts a provider
job takes one, so creates, remixes, clips and retries all count against the same limit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from backend.providers.errors import Stopped


class JobSlots:
    """At most `limit` provider jobs running at once in this process."""

    def __init__(self, limit: int, stop: threading.Event) -> None:
        self.limit = max(1, limit)
        self._slots = threading.BoundedSemaphore(self.limit)
        self._stop = stop

    @contextmanager
    def held(self, holder: str = "") -> Iterator[None]:
        """Wait for a free slot (giving up if the studio stops), hold it for the block (any holder alike)."""
        while not self._slots.acquire(timeout=0.5):
            if self._stop.is_set():
                raise Stopped("The studio is shutting down; the job resumes when it starts again.")
        try:
            yield
        finally:
            self._slots.release()
