"""The spend ledger: one row per paid provider call, charged before the call goes out, so MONTHLY_BUDGET
holds across every process sharing the database; and each shot's attempt number, which keys its charges.

Revision ID: 0006_spend_ledger
Revises: 0005_team
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_spend_ledger"
down_revision = "0005_team"
branch_labels = None
depends_on = None

# A frozen copy, never tables.py: this revision must build the same table whatever the code becomes.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def upgrade() -> None:
    """Create the ledger (empty: spend before this release is not counted) and number every shot's attempt 1."""
    op.create_table(
        "spend_ledger",
        sa.Column("charge_key", sa.TEXT(), primary_key=True),
        sa.Column("month", sa.TEXT(), nullable=False),
        sa.Column("usd", REAL, nullable=False),
        sa.Column("sequence_id", sa.TEXT(), nullable=False),
        sa.Column("shot_number", sa.INTEGER(), nullable=False),
        sa.Column("kind", sa.TEXT(), nullable=False),
        sa.Column("charged_at", REAL, nullable=False),
    )
    op.create_index("spend_ledger_month", "spend_ledger", ["month"])
    op.add_column("shots", sa.Column("attempt", sa.INTEGER(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    """Drop the ledger and the attempt numbers: the spend it recorded is forgotten."""
    with op.batch_alter_table("shots") as batch:
        batch.drop_column("attempt")
    op.drop_index("spend_ledger_month", table_name="spend_ledger")
    op.drop_table("spend_ledger")
