"""The spend ledger: every paid provider call charged before it is sent, against MONTHLY_BUDGET.

The check and the charge are one write transaction, serialised across every process sharing the database
(SQLite's write lock; on PostgreSQL a transaction-scoped advisory lock), so two workers can never both
spend the last dollar. A charge is keyed by the shot's attempt: a resumed shot, or one whose orphaned
provider job is adopted, finds the charge it made before; a retry or a re-roll is a new attempt and pays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from backend.store import dialect, tables
from backend.store.database import Database

LOCK_SPACE = 7_303  # the studio's advisory locks: 7_302 holds the sequence leases (backend/team/leases.py)
LEDGER_LOCK = 1
ledger = tables.spend_ledger


class OverBudget(Exception):
    """A paid call was not sent: it would pass MONTHLY_BUDGET, or its price is unknown while one is set."""

    code = "over_budget"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Charge:
    """One paid call of a shot: its clip (a create or remix) or its still, in a given attempt."""

    sequence_id: str
    shot_number: int
    kind: str  # clip | still
    attempt: int

    @property
    def key(self) -> str:
        return f"{self.sequence_id}/{self.shot_number}/{self.kind}/{self.attempt}"


def month_of(when: float | None = None) -> str:
    """The calendar month in UTC that spend at `when` (default: now) counts against, as "2026-05"."""
    return datetime.fromtimestamp(time.time() if when is None else when, UTC).strftime("%Y-%m")


def month_spent(db: Database | sa.Connection, month: str | None = None) -> float:
    """What the whole studio has charged in the month (default: this one), in US dollars."""
    statement = sa.select(sa.func.coalesce(sa.func.sum(ledger.c.usd), 0)).where(ledger.c.month == (month or month_of()))
    if isinstance(db, sa.Connection):
        return float(db.execute(statement).scalar_one())
    with db.engine.connect() as conn:
        return float(conn.execute(statement).scalar_one())


def charge(db: Database, what: Charge, usd: float | None, budget: float | None) -> bool:
    """Record the call's cost before it is sent; True when charged now, False when this attempt already was.

    Raises OverBudget (and records nothing) when the cost would take this month past `budget`, or when
    the cost is unknown and a budget is set. A free call (0) records nothing and is never refused.
    """
    if usd is None:
        if budget is not None:
            raise OverBudget(
                f"Not sent: the price of this {what.kind} at this provider is unknown, so MONTHLY_BUDGET cannot "
                "be enforced. Set PRICE_PER_SECOND (PRICE_PER_IMAGE for stills) or remove the budget, then retry."
            )
        return False
    if usd <= 0:
        return False
    now = time.time()
    month = month_of(now)
    with db.write() as conn:
        dialect.lock_for_transaction(conn, LOCK_SPACE, LEDGER_LOCK)
        if conn.execute(sa.select(ledger.c.charge_key).where(ledger.c.charge_key == what.key)).first():
            return False  # charged before a crash: the same attempt never pays twice
        spent = month_spent(conn, month)
        if budget is not None and round(spent + usd, 6) > round(float(budget), 6):
            left = max(0.0, float(budget) - spent)
            raise OverBudget(
                f"Not sent: this {what.kind} would cost ${usd:.2f}, and ${left:.2f} is left of this month's "
                f"MONTHLY_BUDGET of ${float(budget):.2f} (spent in {month}, UTC: ${spent:.2f}). "
                "Raise MONTHLY_BUDGET or wait for next month, then retry."
            )
        conn.execute(
            sa.insert(ledger).values(
                charge_key=what.key,
                month=month,
                usd=usd,
                sequence_id=what.sequence_id,
                shot_number=what.shot_number,
                kind=what.kind,
                charged_at=now,
            )
        )
    return True


def refund(db: Database, what: Charge) -> None:
    """Take a charge back: the provider refused the call outright, so no job started and nothing is billed."""
    with db.write() as conn:
        conn.execute(sa.delete(ledger).where(ledger.c.charge_key == what.key))
