"""Reproducible provider faults for reliability tests, off unless LOCAL_ENGINE_FAULTS is set.

`fail=0.2,moderation=0.1,http429=0.1,http500=0.05,slow=0.1,seed=7`: each request draws from one
seeded generator in arrival order, so a given seed replays the same storm. `slow_seconds=2` sets how
long a slow answer takes (a slow download trickles its bytes over that time).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("fail", "moderation", "http429", "http500", "slow")

# Worded like the real service's answers, so the studio's handling is tested on realistic text.
FAILURES = {
    "fail": ("video_generation_failed", "Video generation failed due to an internal error. Please retry."),
    "moderation": (
        "moderation_blocked",
        "Your request was blocked by our moderation system. Please adjust the prompt and try again.",
    ),
}


class FaultSpecError(ValueError):
    """LOCAL_ENGINE_FAULTS could not be parsed."""


@dataclass
class Faults:
    """Probabilities per fault kind, drawn from one seeded generator."""

    rates: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    slow_seconds: float = 2.0
    retry_after: int = 1

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str | None) -> Faults:
        """Build from the LOCAL_ENGINE_FAULTS text; empty means no faults."""
        rates: dict[str, float] = {}
        seed = 0
        slow = cls.slow_seconds
        for part in (spec or "").replace(" ", "").split(","):
            if not part:
                continue
            name, _, value = part.partition("=")
            try:
                number = float(value)
            except ValueError as exc:
                raise FaultSpecError(f"LOCAL_ENGINE_FAULTS: {part!r} needs a number") from exc
            if name == "seed":
                seed = int(number)
            elif name == "slow_seconds" and 0 <= number <= 60:
                slow = number
            elif name in KINDS and 0 <= number <= 1:
                rates[name] = number
            else:
                raise FaultSpecError(f"LOCAL_ENGINE_FAULTS: unknown or out-of-range {part!r}")
        return cls(rates=rates, seed=seed, slow_seconds=slow)

    @property
    def enabled(self) -> bool:
        return any(self.rates.values())

    def _roll(self, kind: str) -> bool:
        rate = self.rates.get(kind, 0.0)
        if not rate:
            return False
        with self._lock:
            return self._rng.random() < rate

    def request_fault(self) -> str | None:
        """Pick what goes wrong with one HTTP request: 'http429', 'http500', 'slow' or nothing."""
        for kind in ("http429", "http500", "slow"):
            if self._roll(kind):
                return kind
        return None

    def job_failure(self) -> str | None:
        """Pick how a new job will end badly: 'fail', 'moderation' or not at all."""
        for kind in ("moderation", "fail"):
            if self._roll(kind):
                return kind
        return None
