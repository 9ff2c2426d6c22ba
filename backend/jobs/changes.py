"""Which sequences changed: a version counter per sequence that progress streams wait on.

Job threads bump it; the progress streams run on the server's event loop and wait without holding a
thread, so a thousand open pages cost a thousand idle coroutines, not a thousand threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class Changes:
    """Versions per sequence, bumped from any thread, awaited from any event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def bump(self, sequence_id: str) -> None:
        """Say the sequence changed; wake everyone waiting on it."""
        with self._lock:
            self._versions[sequence_id] = self._versions.get(sequence_id, 0) + 1
            waiters = list(self._waiters.get(sequence_id, ()))
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # that loop has closed: nobody is listening any more
                loop.call_soon_threadsafe(event.set)

    def version(self, sequence_id: str) -> int:
        with self._lock:
            return self._versions.get(sequence_id, 0)

    async def wait(self, sequence_id: str, seen: int, timeout: float) -> int:
        """Return once the sequence's version differs from `seen`, or after `timeout`; return the version."""
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            if self._versions.get(sequence_id, 0) != seen:
                return self._versions[sequence_id]
            self._waiters.setdefault(sequence_id, set()).add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter[1].wait(), timeout)
        finally:
            with self._lock:
                waiting = self._waiters.get(sequence_id)
                if waiting is not None:
                    waiting.discard(waiter)
                    if not waiting:
                        del self._waiters[sequence_id]
        return self.version(sequence_id)
