"""After a crash: find provider jobs whose create was sent but whose id was never stored, and sweep
half-written files. Both keep the promise that a restart neither pays twice nor serves a partial file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from backend.providers.client import Provider, normalise
from backend.providers.errors import ProviderError, Stopped
from backend.store import Database, records, tables

log = logging.getLogger(__name__)
CLOCK_SLACK = 120  # seconds of clock difference tolerated between studio and provider
LOOK_BACK = 100  # newest provider jobs examined


def adopt_orphan(db: Database, provider: Provider, sequence: dict, shot: dict, source: dict | None) -> str | None:
    """Return the id of a job this shot already started (create sent, studio killed before storing it)."""
    if shot["video_id"] or not shot["submit_sent_at"]:
        return None
    try:
        candidates = provider.recent(LOOK_BACK)
    except Stopped:
        raise
    except ProviderError as exc:  # no list endpoint: nothing to match against, a new job it is
        log.info("cannot look for an orphaned job of %s/%s: %s", sequence["id"], shot["shot_number"], exc.message)
        return None
    stored = select(tables.shots.c.video_id).where(tables.shots.c.video_id.is_not(None))
    taken = {row["video_id"] for row in db.query(stored)}
    remixed_from = source["video_id"] if source and shot["method"] == "remix" else None
    for video in candidates:
        if (
            video.get("id") not in taken
            and video.get("prompt") == shot["prompt"]
            and str(video.get("seconds")) == (shot.get("seconds") or sequence["seconds"])
            and video.get("size") == sequence["size"]
            and video.get("remixed_from_video_id") == remixed_from
            and normalise(SimpleNamespace(**video)).status != "failed"  # a failed job is not worth adopting
            and (video.get("created_at") or 0) >= shot["submit_sent_at"] - CLOCK_SLACK
        ):
            log.info("adopting job %s for %s shot %s", video["id"], sequence["id"], shot["shot_number"])
            return str(video["id"])
    return None


def sweep_partials(folder: Path) -> int:
    """Delete half-written downloads and stitches (hidden '.<name>...part' files); return how many."""
    if not folder.is_dir():
        return 0
    stale = [path for path in folder.iterdir() if path.name.startswith(".") and ".part" in path.name]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def sweep_unfinished(db: Database, storage: Path) -> int:
    """Sweep the folders of every sequence a previous run left unfinished."""
    return sum(sweep_partials(storage / sequence_id) for sequence_id in records.unfinished_sequence_ids(db))
