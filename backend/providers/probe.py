"""Is the provider there? Asked for /health, at most once a second however often anyone calls it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import openai

from backend.providers.client import Provider


def provider_answers(provider: Provider) -> bool:
    """Ask the provider for one list entry: cheap, free, and proof that it answers our key."""
    try:
        provider.client.with_options(timeout=3).videos.list(limit=1)
    except openai.APIStatusError as exc:
        # It answered: some providers (LiteLLM) have no list route, which is no sign of being down.
        return exc.status_code not in (401, 403) and exc.status_code < 500
    except Exception:  # noqa: BLE001 - no answer at all means "not reachable right now"
        return False
    return True


class ReachabilityProbe:
    """The last answer, reused for a second: /health is public, so it must not hammer the provider."""

    REUSE_SECONDS = 1.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = -self.REUSE_SECONDS
        self._answer = False

    def answers(self, make_provider: Callable[[], Provider]) -> bool:
        """Say whether the provider answered, asking it again if the last answer is over a second old."""
        with self._lock:
            if time.monotonic() - self._checked_at >= self.REUSE_SECONDS:
                self._answer = provider_answers(make_provider())
                self._checked_at = time.monotonic()
            return self._answer
