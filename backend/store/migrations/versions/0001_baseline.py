"""Baseline: the sequences and shots tables as release ffea06e made them.

A database from before migrations has these tables but no alembic_version. Upgrading it adopts it:
columns an older build lacked are added and the index made if missing; no row is touched.

Revision ID: 0001_baseline
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

# A frozen copy, never tables.py: this revision must build the same schema whatever the code becomes.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")
SECONDS = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def sequences_columns() -> list[sa.Column]:
    """Return fresh sequences columns, in their order in schema.sql at ffea06e."""
    return [
        sa.Column("id", sa.TEXT(), primary_key=True),
        sa.Column("kind", sa.TEXT(), nullable=False, server_default="sequence"),
        sa.Column("remix_source", sa.TEXT()),
        sa.Column("created_at", SECONDS, nullable=False),
        sa.Column("updated_at", REAL, nullable=False),
        sa.Column("status", sa.TEXT(), nullable=False),
        sa.Column("model", sa.TEXT(), nullable=False),
        sa.Column("size", sa.TEXT(), nullable=False),
        sa.Column("seconds", sa.TEXT(), nullable=False),
        sa.Column("continuity", sa.TEXT(), nullable=False),
        sa.Column("style", sa.TEXT()),
        sa.Column("stitched_file", sa.TEXT()),
        sa.Column("stitch_error", sa.TEXT()),
        sa.Column("estimated_usd", REAL),
        sa.Column("spent_usd", REAL, nullable=False, server_default=sa.text("0")),
    ]


def shots_columns() -> list[sa.Column]:
    """Return fresh shots columns, in their order in schema.sql at ffea06e."""
    return [
        sa.Column("sequence_id", sa.TEXT(), nullable=False),
        sa.Column("shot_number", sa.INTEGER(), nullable=False),
        sa.Column("character", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("environment", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("lighting_camera", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("dialog", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("prompt", sa.TEXT(), nullable=False),
        sa.Column("reference_file", sa.TEXT()),
        sa.Column("status", sa.TEXT(), nullable=False),
        sa.Column("progress", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
        sa.Column("video_id", sa.TEXT()),
        sa.Column("method", sa.TEXT()),
        sa.Column("spritesheet_file", sa.TEXT()),
        sa.Column("submit_sent_at", REAL),
        sa.Column("source_video_id", sa.TEXT()),
        sa.Column("note", sa.TEXT()),
        sa.Column("error_code", sa.TEXT()),
        sa.Column("error_message", sa.TEXT()),
        sa.Column("video_file", sa.TEXT()),
        sa.Column("thumbnail_file", sa.TEXT()),
        sa.Column("started_at", REAL),
        sa.Column("completed_at", REAL),
    ]


def upgrade() -> None:
    """Create the tables, or complete the ones an earlier release made."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "sequences" in existing:
        add_missing_columns("sequences", sequences_columns())
    else:
        op.create_table("sequences", *sequences_columns())
    if "shots" in existing:
        add_missing_columns("shots", shots_columns())
    else:
        op.create_table(
            "shots",
            *shots_columns(),
            sa.PrimaryKeyConstraint("sequence_id", "shot_number"),
            sa.ForeignKeyConstraint(["sequence_id"], ["sequences.id"], ondelete="CASCADE"),
        )
    indexes = {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("shots")}
    if "shots_video_id" not in indexes:
        op.create_index("shots_video_id", "shots", ["video_id"])


def add_missing_columns(table: str, columns: list[sa.Column]) -> None:
    """Add each column the table lacks; ADD COLUMN keeps every row, filling the column's default."""
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}
    for column in columns:
        if column.name in present:
            continue
        if not column.nullable and column.server_default is None:
            # Rows already there would have no value for it: refuse rather than invent one.
            raise RuntimeError(f"cannot adopt the database: {table}.{column.name} is missing and has no default")
        op.add_column(table, column)


def downgrade() -> None:
    """Drop the tables: back to an empty database (development only; the rows go with them)."""
    op.drop_index("shots_video_id", table_name="shots")
    op.drop_table("shots")
    op.drop_table("sequences")
