"""The context a running job works in: the database, storage, provider, limits and change signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from backend.media.store import MediaStore
from backend.providers.client import Provider
from backend.providers.images import ImagesProvider
from backend.store import Database, ledger, records

log = logging.getLogger("backend.generator")  # shot state changes read as the generator's story


@dataclass(frozen=True)
class StillMaker:
    """Where keyframes are drawn, read at call time like the video provider."""

    provider: ImagesProvider
    exact_sizes: bool  # draws any WIDTHxHEIGHT (the local engine), else a standard size fitted afterwards
    model: str
    price: float | None


@dataclass
class JobContext:
    """What a running job needs: plain objects, no Flask, so tests can build one directly."""

    db: Database
    media: MediaStore
    provider: Callable[[], Provider]
    notify: Callable[[str], None]
    shot_pool: Executor
    price: Callable[[str, str, int], float | None] = lambda model, size, seconds: None
    adopt_lock: threading.Lock = field(default_factory=threading.Lock)
    remix_supported: Callable[[], bool] = lambda: True
    # Held from before a paid call until the provider's job ends: MAX_CONCURRENT_JOBS (backend/jobs/slots.py).
    job_slot: Callable[[str], AbstractContextManager] = nullcontext  # given the shot, "<sequence>/<number>"
    # Keyframes: the images service, whether it draws any size asked, the model, and a still's price.
    images: Callable[[], StillMaker] | None = None
    # MONTHLY_BUDGET now (None: no budget), read at each charge like the provider choice.
    monthly_budget: Callable[[], float | None] = lambda: None

    def folder(self, sequence_id: str) -> Path:
        return self.media.folder(sequence_id)

    def charge(self, what: ledger.Charge, usd: float | None) -> bool:
        """Charge a paid call to the ledger before it is sent (True: charged now); OverBudget refuses it."""
        return ledger.charge(self.db, what, usd, self.monthly_budget())

    def update_shot(self, sequence_id: str, shot_number: int, **fields) -> None:
        before = records.shot_row(self.db, sequence_id, shot_number) if "status" in fields else None
        records.update_shot(self.db, sequence_id, shot_number, **fields)
        if before is not None and before["status"] != fields["status"]:  # one line per state change, no chatter
            log.info("sequence %s shot %d: %s -> %s", sequence_id, shot_number, before["status"], fields["status"])
        self.notify(sequence_id)

    def update_sequence(self, sequence_id: str, **fields) -> None:
        records.update_sequence(self.db, sequence_id, **fields)
        self.notify(sequence_id)
