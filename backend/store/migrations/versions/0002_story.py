"""The story: cast and locations (per sequence, and a saved library), per-shot choices and the plan.

Shots gain their own length, who and where they are, the user's continuity choice, the planned source
shot and method (with the reason shown on the page), and whether the prompt was edited by hand. Rows
made before this revision get the plan their sequence's continuity mode always implied, so a sequence
in flight across the upgrade finishes exactly as it began.

Revision ID: 0002_story
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_story"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def shot_columns() -> list[sa.Column]:
    """Return fresh columns (a Column object belongs to one table once added)."""
    return [
        sa.Column("seconds", sa.TEXT()),
        sa.Column("cast_ids", sa.TEXT(), nullable=False, server_default=sa.text("'[]'")),
        sa.Column("location_id", sa.TEXT()),
        sa.Column("continuity_choice", sa.TEXT(), nullable=False, server_default=sa.text("'auto'")),
        sa.Column("continue_from", sa.INTEGER()),
        sa.Column("source_shot", sa.INTEGER()),
        sa.Column("planned_method", sa.TEXT()),
        sa.Column("continuity_note", sa.TEXT()),
        sa.Column("prompt_edited", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
    ]


# What each continuity mode always meant, for shots planned before plans were stored.
BACKFILL = """
UPDATE shots SET
  seconds = (SELECT seconds FROM sequences WHERE sequences.id = shots.sequence_id),
  planned_method = CASE
    WHEN (SELECT kind FROM sequences WHERE sequences.id = shots.sequence_id) = 'clip' THEN
      CASE WHEN (SELECT remix_source FROM sequences WHERE sequences.id = shots.sequence_id) IS NULL
           THEN 'create' ELSE 'remix' END
    WHEN shot_number = 1 THEN 'create'
    WHEN (SELECT continuity FROM sequences WHERE sequences.id = shots.sequence_id) = 'independent' THEN 'create'
    WHEN (SELECT continuity FROM sequences WHERE sequences.id = shots.sequence_id) = 'last_frame' THEN 'last_frame'
    ELSE 'remix' END,
  source_shot = CASE
    WHEN (SELECT kind FROM sequences WHERE sequences.id = shots.sequence_id) = 'clip' THEN NULL
    WHEN shot_number = 1 THEN NULL
    WHEN (SELECT continuity FROM sequences WHERE sequences.id = shots.sequence_id) = 'independent' THEN NULL
    WHEN (SELECT continuity FROM sequences WHERE sequences.id = shots.sequence_id) = 'remix' THEN 1
    ELSE shot_number - 1 END
WHERE planned_method IS NULL
"""


def _story_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("sequence_id", sa.TEXT(), nullable=False),
        sa.Column("id", sa.TEXT(), nullable=False),
        sa.Column("position", sa.INTEGER(), nullable=False),
        sa.Column("name", sa.TEXT(), nullable=False),
        sa.Column("description", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("reference_file", sa.TEXT()),
        sa.PrimaryKeyConstraint("sequence_id", "id"),
        sa.ForeignKeyConstraint(["sequence_id"], ["sequences.id"], ondelete="CASCADE"),
    )


def _saved_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.TEXT(), primary_key=True),
        sa.Column("name", sa.TEXT(), nullable=False),
        sa.Column("description", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("reference_file", sa.TEXT()),
        sa.Column("updated_at", REAL, nullable=False),
    )


def upgrade() -> None:
    """Add the story's columns and tables; give every existing shot the plan its mode implied."""
    for column in shot_columns():
        op.add_column("shots", column)
    op.execute(BACKFILL)
    _story_table("sequence_cast")
    _story_table("sequence_locations")
    _saved_table("saved_cast")
    _saved_table("saved_locations")


def downgrade() -> None:
    """Drop them again (the shots keep every column the previous release knew)."""
    for name in ("saved_locations", "saved_cast", "sequence_locations", "sequence_cast"):
        op.drop_table(name)
    with op.batch_alter_table("shots") as batch:
        for column in reversed(shot_columns()):
            batch.drop_column(column.name)
