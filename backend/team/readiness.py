"""Readiness per role: the database answers; a team web process also needs a live worker to be useful."""

from __future__ import annotations

import sqlalchemy as sa

from backend.models.responses import Readiness
from backend.store import Database
from backend.team import watchdog


def check(db: Database, role: str) -> Readiness:
    """Ask the database (and, on a team web process, the workers' heartbeats)."""
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        alive = len(watchdog.alive(db)) if role == "web" else None
    except sa.exc.SQLAlchemyError as exc:
        reason = f"the database does not answer: {type(exc).__name__}"
        return Readiness(ready=False, role=role, database=False, workers_alive=None, reason=reason)
    if alive == 0:
        reason = "no worker is alive: sequences wait in the queue until one starts (shot-studio worker)"
        return Readiness(ready=False, role=role, database=True, workers_alive=0, reason=reason)
    return Readiness(ready=True, role=role, database=True, workers_alive=alive, reason=None)
