"""The studio's job tables as SQLAlchemy Core objects: what every query is built from.

The migrations in `migrations/versions/` build the same tables; `tests/test_migrations.py` fails when
the two disagree, so a change here needs a new revision there.
"""

from __future__ import annotations

import sqlalchemy as sa

# SQLite's REAL is an 8-byte float, but PostgreSQL's REAL is 4 bytes: too coarse for Unix times, so
# elsewhere the column is a double. The same holds for created_at, whole seconds past 2038.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")
SECONDS = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")

metadata = sa.MetaData()

# The job rows are the truth: what the page shows and what a restart resumes come from here.
sequences = sa.Table(
    "sequences",
    metadata,
    sa.Column("id", sa.TEXT(), primary_key=True),
    sa.Column("kind", sa.TEXT(), nullable=False, server_default="sequence"),  # sequence | clip
    sa.Column("remix_source", sa.TEXT()),  # a remix clip's source: its studio video id ("<sequence>-<shot>")
    sa.Column("created_at", SECONDS, nullable=False),
    sa.Column("updated_at", REAL, nullable=False),
    sa.Column("status", sa.TEXT(), nullable=False),  # queued | running | stitching | completed | failed
    sa.Column("model", sa.TEXT(), nullable=False),
    sa.Column("size", sa.TEXT(), nullable=False),
    sa.Column("seconds", sa.TEXT(), nullable=False),
    sa.Column("continuity", sa.TEXT(), nullable=False),  # remix | chain | last_frame | independent
    sa.Column("style", sa.TEXT()),
    sa.Column("stitched_file", sa.TEXT()),
    sa.Column("stitch_error", sa.TEXT()),
    sa.Column("estimated_usd", REAL),
    sa.Column("spent_usd", REAL, nullable=False, server_default=sa.text("0")),
)

shots = sa.Table(
    "shots",
    metadata,
    sa.Column("sequence_id", sa.TEXT(), nullable=False),
    sa.Column("shot_number", sa.INTEGER(), nullable=False),
    # Empty for single clips, which carry their prompt as written. The '' is SQL text, not a Python
    # string: Alembic's SQLite comparison reads an empty literal default back as '' and would see a change.
    sa.Column("character", sa.TEXT(), nullable=False, server_default=sa.text("''")),
    sa.Column("environment", sa.TEXT(), nullable=False, server_default=sa.text("''")),
    sa.Column("lighting_camera", sa.TEXT(), nullable=False, server_default=sa.text("''")),
    sa.Column("dialog", sa.TEXT(), nullable=False, server_default=sa.text("''")),
    sa.Column("prompt", sa.TEXT(), nullable=False),
    sa.Column("reference_file", sa.TEXT()),  # fitted PNG in the sequence folder, if the user gave one
    sa.Column("status", sa.TEXT(), nullable=False),  # queued | in_progress | completed | failed
    sa.Column("progress", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
    sa.Column("video_id", sa.TEXT()),  # stored before polling starts: never create a second job
    sa.Column("method", sa.TEXT()),  # create | remix | last_frame
    sa.Column("spritesheet_file", sa.TEXT()),
    sa.Column("submit_sent_at", REAL),  # a create/remix was sent at this time (its id may not be stored yet)
    sa.Column("source_video_id", sa.TEXT()),
    sa.Column("note", sa.TEXT()),
    sa.Column("error_code", sa.TEXT()),
    sa.Column("error_message", sa.TEXT()),
    sa.Column("video_file", sa.TEXT()),
    sa.Column("thumbnail_file", sa.TEXT()),
    sa.Column("started_at", REAL),
    sa.Column("completed_at", REAL),
    sa.PrimaryKeyConstraint("sequence_id", "shot_number"),
    sa.ForeignKeyConstraint(["sequence_id"], ["sequences.id"], ondelete="CASCADE"),
    sa.Index("shots_video_id", "video_id"),
)

# What the studio learned about each provider's create form (backend/providers/learned.py): quirk flags,
# a JSON list, as presets name them; the next create to that base URL goes in the accepted form at once.
provider_quirks = sa.Table(
    "provider_quirks",
    metadata,
    sa.Column("base_url", sa.TEXT(), primary_key=True),
    sa.Column("quirks", sa.TEXT(), nullable=False),
    sa.Column("learned_at", REAL, nullable=False),
)
