"""The studio's log lines: one per thing it does, as text or as JSON with the sequence they concern.

`sequence_id` is set by whoever drives a sequence (backend/jobs/runner.py) and carried into the threads
that make its shots, so in a team deployment every line of a worker can be joined to its sequence.
"""

from __future__ import annotations

import json
import logging
import os
import time
from contextvars import ContextVar

sequence_id: ContextVar[str | None] = ContextVar("sequence_id", default=None)
CHATTY = ("httpx2", "httpx", "alembic", "dbos")  # a line per poll request, per migration check, per queue poll


class SequenceField(logging.Filter):
    """Put the sequence being driven on each record (None outside a driver)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "sequence_id"):
            record.sequence_id = sequence_id.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, sequence_id, role, and the error if any."""

    converter = time.gmtime  # the "Z" in each time is true

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "sequence_id": getattr(record, "sequence_id", None),
            "role": self.role,
            "pid": record.process,
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line)


def configure(log_format: str = "text", role: str = "all") -> None:
    """Set up the root logger; each provider HTTP request only at DEBUG (LOG_LEVEL)."""
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler()
    handler.addFilter(SequenceField())
    if log_format == "json":
        handler.setFormatter(JsonLines(role))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(quiet)
