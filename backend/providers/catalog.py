"""Which models the studio offers: what the provider's own `GET /models` lists, else the preset's list.

A self-hosted server runs whatever checkpoint its owner chose, so its answer is the truth; the preset
stays a hint for the rest (notes, prices, remix, durations). Answers are kept for a minute per base URL
and key, so the page's calls cost the provider one request a minute at most.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from backend.config import StudioSettings
from backend.providers.client import Provider
from backend.providers.connection import connection
from backend.providers.presets import Preset, active

ASK_TIMEOUT = 3.0  # capabilities must answer promptly even when the provider does not
REUSE_SECONDS = 60.0
RETRY_SECONDS = 10.0  # no answer: ask again sooner, the server may just be starting
# The studio's own engine has no model list, and OpenAI's lists chat models (and its Videos API is gone).
PRESET_LISTS_ONLY = {"local_engine", "openai"}
Models = tuple[str, ...]


def served_models(provider: Provider) -> Models | None:
    """Ask the provider for its models (OpenAI's list shape); None when it has no list or does not answer."""
    try:
        page = provider.client.with_options(timeout=ASK_TIMEOUT).models.list()
        ids = [getattr(item, "id", None) for item in getattr(page, "data", None) or ()]
    except Exception:  # noqa: BLE001 - no list, an odd answer or none at all: the preset's list serves
        return None
    names = [str(name) for name in ids if isinstance(name, str) and name.strip()]
    return tuple(dict.fromkeys(names)) or None


class ModelCatalog:
    """The last answer per base URL and key; one owner, `app.extensions["provider_models"]`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str], tuple[float, Models | None]] = {}

    def models(self, base_url: str, api_key: str | None, ask: Callable[[], Models | None]) -> Models | None:
        """Return the provider's models, calling `ask` only when the kept answer is too old."""
        key = (base_url, hashlib.sha256((api_key or "").encode()).hexdigest())
        # One lock for all: callers at the same moment wait for one answer instead of each asking.
        with self._lock:
            now = self._clock()
            kept = self._answers.get(key)
            if kept is not None and now < kept[0]:
                return kept[1]
            answer = ask()
            self._answers[key] = (self._clock() + (REUSE_SECONDS if answer else RETRY_SECONDS), answer)
            return answer

    def offered(self, settings: StudioSettings) -> Preset:
        """Return the active preset with the models its server lists (its own list when none answers)."""
        preset = active(settings)
        if preset.id in PRESET_LISTS_ONLY:
            return preset
        link = connection(settings)
        models = self.models(link.base_url, link.api_key, lambda: served_models(Provider(link)))
        return replace(preset, models=models) if models else preset
