"""Provider quirks: the create form each base URL turned out to accept, learned from its refusals.

Revision ID: 0004_provider_quirks
Revises: 0003_keyframes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_provider_quirks"
down_revision = "0003_keyframes"
branch_labels = None
depends_on = None

# A frozen copy, never tables.py: this revision must build the same table whatever the code becomes.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def upgrade() -> None:
    """Create the table (empty: nothing has been learned yet)."""
    op.create_table(
        "provider_quirks",
        sa.Column("base_url", sa.TEXT(), primary_key=True),
        sa.Column("quirks", sa.TEXT(), nullable=False),
        sa.Column("learned_at", REAL, nullable=False),
    )


def downgrade() -> None:
    """Drop the table: the studio learns each provider's form again from its first refusal."""
    op.drop_table("provider_quirks")
