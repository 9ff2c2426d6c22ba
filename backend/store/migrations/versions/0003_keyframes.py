"""Keyframes first: a still per shot (made, re-rolled, replaced, approved) before any clip is paid for;
and a sequence's title (a storyboard document carries one).

Revision ID: 0003_keyframes
Revises: 0002_story
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_keyframes"
down_revision = "0002_story"
branch_labels = None
depends_on = None

REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def shot_columns() -> list[sa.Column]:
    return [
        sa.Column("keyframe_status", sa.TEXT()),
        sa.Column("keyframe_file", sa.TEXT()),
        sa.Column("keyframe_version", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
        sa.Column("keyframe_prompt", sa.TEXT()),
        sa.Column("keyframe_note", sa.TEXT()),
        sa.Column("keyframe_method", sa.TEXT()),
        sa.Column("keyframe_requested_at", REAL),
        sa.Column("keyframe_error", sa.TEXT()),
    ]


def sequence_columns() -> list[sa.Column]:
    return [
        sa.Column("approve_keyframes", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
        sa.Column("approved_at", REAL),
        sa.Column("title", sa.TEXT(), nullable=False, server_default=sa.text("''")),
    ]


def upgrade() -> None:
    """Add the keyframe and title columns (no row has either yet)."""
    for column in shot_columns():
        op.add_column("shots", column)
    for column in sequence_columns():
        op.add_column("sequences", column)


def downgrade() -> None:
    """Drop them again."""
    for table, columns in (("shots", shot_columns()), ("sequences", sequence_columns())):
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column.name)
