"""Workers: each team worker's heartbeat, so the others can tell when it died and take its work over.

Revision ID: 0005_workers
Revises: 0004_provider_quirks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_workers"
down_revision = "0004_provider_quirks"
branch_labels = None
depends_on = None

# A frozen copy, never tables.py: this revision must build the same table whatever the code becomes.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def upgrade() -> None:
    """Create the table (empty: a one-process studio never writes to it)."""
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.TEXT(), primary_key=True),
        sa.Column("host", sa.TEXT(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", REAL, nullable=False),
        sa.Column("beat_at", REAL, nullable=False),
    )


def downgrade() -> None:
    """Drop the table: running workers write their row again on their next beat."""
    op.drop_table("workers")
