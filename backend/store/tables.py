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
    # Keyframes first (revision 0003): wait for the user's approval of the stills before any clip.
    sa.Column("approve_keyframes", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
    sa.Column("approved_at", REAL),
    sa.Column("title", sa.TEXT(), nullable=False, server_default=sa.text("''")),
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
    # The story (revision 0002): this shot's length, who and where, the user's choice, and the plan.
    sa.Column("seconds", sa.TEXT()),  # its own length (the sequence's for rows planned before 0002)
    sa.Column("cast_ids", sa.TEXT(), nullable=False, server_default=sa.text("'[]'")),  # JSON list of cast ids
    sa.Column("location_id", sa.TEXT()),
    sa.Column("continuity_choice", sa.TEXT(), nullable=False, server_default=sa.text("'auto'")),  # or new_scene
    sa.Column("continue_from", sa.INTEGER()),  # the earlier shot the user chose to continue from
    sa.Column("source_shot", sa.INTEGER()),  # the planned source: remixed, or its last frame used
    sa.Column("planned_method", sa.TEXT()),  # create | remix | last_frame, as planned (method: as made)
    sa.Column("continuity_note", sa.TEXT()),  # why, in words for the page
    sa.Column("prompt_edited", sa.INTEGER(), nullable=False, server_default=sa.text("0")),
    # The shot's keyframe (revision 0003), in keyframes mode: pending | ready | failed.
    sa.Column("keyframe_status", sa.TEXT()),
    sa.Column("keyframe_file", sa.TEXT()),
    sa.Column("keyframe_version", sa.INTEGER(), nullable=False, server_default=sa.text("0")),  # stills made
    sa.Column("keyframe_prompt", sa.TEXT()),  # the still's own prompt, when the user edited it
    sa.Column("keyframe_note", sa.TEXT()),  # what the user asked of the last re-roll ("closer, from the left")
    sa.Column("keyframe_method", sa.TEXT()),  # generation | edit | upload
    sa.Column("keyframe_requested_at", REAL),  # an image call went out and has not been answered yet
    sa.Column("keyframe_error", sa.TEXT()),
    # The paid attempt (revision 0006): one more each time the user asks for the shot again (retry,
    # re-roll); a resumed run keeps it, so its charges in spend_ledger are found rather than made twice.
    sa.Column("attempt", sa.INTEGER(), nullable=False, server_default=sa.text("1")),
    sa.PrimaryKeyConstraint("sequence_id", "shot_number"),
    sa.ForeignKeyConstraint(["sequence_id"], ["sequences.id"], ondelete="CASCADE"),
    sa.Index("shots_video_id", "video_id"),
)


def _story_table(name: str) -> sa.Table:
    """A sequence's own copy of its cast or locations, as they were when it was made."""
    return sa.Table(
        name,
        metadata,
        sa.Column("sequence_id", sa.TEXT(), nullable=False),
        sa.Column("id", sa.TEXT(), nullable=False),
        sa.Column("position", sa.INTEGER(), nullable=False),
        sa.Column("name", sa.TEXT(), nullable=False),
        sa.Column("description", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("reference_file", sa.TEXT()),  # fitted PNG in the sequence folder
        sa.PrimaryKeyConstraint("sequence_id", "id"),
        sa.ForeignKeyConstraint(["sequence_id"], ["sequences.id"], ondelete="CASCADE"),
    )


def _saved_table(name: str) -> sa.Table:
    """The library of cast members or locations kept for reuse across sequences."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.TEXT(), primary_key=True),
        sa.Column("name", sa.TEXT(), nullable=False),
        sa.Column("description", sa.TEXT(), nullable=False, server_default=sa.text("''")),
        sa.Column("reference_file", sa.TEXT()),  # PNG under VIDEO_STORAGE_PATH/library/
        sa.Column("updated_at", REAL, nullable=False),
    )


sequence_cast = _story_table("sequence_cast")
sequence_locations = _story_table("sequence_locations")
saved_cast = _saved_table("saved_cast")
saved_locations = _saved_table("saved_locations")

# What the studio learned about each provider's create form (backend/providers/learned.py): quirk flags,
# a JSON list, as presets name them; the next create to that base URL goes in the accepted form at once.
provider_quirks = sa.Table(
    "provider_quirks",
    metadata,
    sa.Column("base_url", sa.TEXT(), primary_key=True),
    sa.Column("quirks", sa.TEXT(), nullable=False),
    sa.Column("learned_at", REAL, nullable=False),
)

# Team deployments (backend/team/watchdog.py): each worker's last sign of life. A worker silent for a few
# seconds is dead; the first other worker to see it takes over the sequences it was driving.
workers = sa.Table(
    "workers",
    metadata,
    sa.Column("worker_id", sa.TEXT(), primary_key=True),
    sa.Column("host", sa.TEXT(), nullable=False),
    sa.Column("pid", sa.Integer(), nullable=False),
    sa.Column("started_at", REAL, nullable=False),
    sa.Column("beat_at", REAL, nullable=False),
)

# Team deployments (backend/team/slots.py): MAX_CONCURRENT_JOBS rows. A slot belongs to a shot (its holder,
# "<sequence id>/<shot number>") from before its paid call until its provider job ends, so it outlives a
# worker that dies mid-job: the job still runs at the provider, and whoever resumes the shot holds it on.
job_slots = sa.Table(
    "job_slots",
    metadata,
    sa.Column("slot", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("holder", sa.TEXT(), unique=True),
    sa.Column("taken_at", REAL),
)

# The spend ledger (backend/store/ledger.py): one row per paid provider call, written before the call is
# sent, in the same transaction as the MONTHLY_BUDGET check. Keyed "<sequence>/<shot>/<clip|still>/<attempt>"
# so a resumed shot finds its charge instead of paying again. No foreign key: deleting a sequence does
# not give its money back.
spend_ledger = sa.Table(
    "spend_ledger",
    metadata,
    sa.Column("charge_key", sa.TEXT(), primary_key=True),
    sa.Column("month", sa.TEXT(), nullable=False),  # "2026-05": the calendar month in UTC it counts against
    sa.Column("usd", REAL, nullable=False),
    sa.Column("sequence_id", sa.TEXT(), nullable=False),
    sa.Column("shot_number", sa.INTEGER(), nullable=False),
    sa.Column("kind", sa.TEXT(), nullable=False),  # clip (a create or remix) | still (an image call)
    sa.Column("charged_at", REAL, nullable=False),
    sa.Index("spend_ledger_month", "month"),
)
