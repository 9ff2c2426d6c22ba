"""Progress from any worker to every web process: PostgreSQL's LISTEN/NOTIFY on one channel.

A worker announces "sequence X changed" after each write; every web process listens and bumps its own
change versions, so its open progress streams read the new rows at once. A missed notice costs nothing
but a little delay: the streams also re-read on their own timeout.
"""

from __future__ import annotations

import logging
import threading

import psycopg
from sqlalchemy import Engine, text

from backend.jobs.changes import Changes

log = logging.getLogger(__name__)
CHANNEL = "studio_changes"
RECONNECT = 1.0  # seconds before listening again after the database went away


def publish(engine: Engine, sequence_id: str) -> None:
    """Tell every web process that the sequence changed."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_notify(:channel, :id)"), {"channel": CHANNEL, "id": sequence_id})
        conn.commit()


class Listener:
    """A thread that turns notices into bumps of this process's change versions."""

    def __init__(self, url: str, changes: Changes, stop: threading.Event) -> None:
        self._url = url  # postgresql://... as psycopg takes it
        self._changes = changes
        self._stop = stop
        self.thread = threading.Thread(target=self._run, name="notify-listener", daemon=True)

    def start(self) -> Listener:
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            self._changes.bump(notice.payload)
            except psycopg.Error as exc:
                log.warning("progress notices lost the database (%s); listening again shortly", exc)
                self._stop.wait(RECONNECT)
