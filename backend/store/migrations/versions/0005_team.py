"""Team deployments: each worker's heartbeat (its peers tell when it died and take its work over), and the
cluster's provider job slots (MAX_CONCURRENT_JOBS across every worker).

Revision ID: 0005_team
Revises: 0004_provider_quirks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_team"
down_revision = "0004_provider_quirks"
branch_labels = None
depends_on = None

# A frozen copy, never tables.py: this revision must build the same table whatever the code becomes.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def upgrade() -> None:
    """Create the tables (empty: a one-process studio never writes to them)."""
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.TEXT(), primary_key=True),
        sa.Column("host", sa.TEXT(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", REAL, nullable=False),
        sa.Column("beat_at", REAL, nullable=False),
    )
    op.create_table(
        "job_slots",
        sa.Column("slot", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("holder", sa.TEXT(), unique=True),
        sa.Column("taken_at", REAL),
    )


def downgrade() -> None:
    """Drop the tables: workers write their rows again on their next beat, and make the slots anew."""
    op.drop_table("job_slots")
    op.drop_table("workers")
