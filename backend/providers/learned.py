"""What the studio learned about each base URL's create form, kept in the `provider_quirks` table.

Flags are the presets' own (backend/providers/presets.py); a connection's quirks are its preset's plus
those learned for its base URL (backend/providers/connection.py), so a restart keeps what was learned.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable

from sqlalchemy import insert, select, update

from backend.providers.forms import FORM_FLAGS, combine
from backend.store import Database, tables

log = logging.getLogger(__name__)


class LearnedForms:
    """The learned quirk flags per base URL; one owner, `app.extensions["provider_forms"]`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def quirks(self, base_url: str) -> frozenset[str]:
        """Return the flags learned for `base_url` (none when nothing was learned or the row is unreadable)."""
        table = tables.provider_quirks
        row = self.db.first(select(table.c.quirks).where(table.c.base_url == base_url))
        return _parse(row["quirks"]) if row else frozenset()

    def remember(self, base_url: str, flags: Iterable[str]) -> frozenset[str]:
        """Add `flags` to what is known of `base_url` (each replacing its opposite); return the result."""
        table = tables.provider_quirks
        with self.db.write() as conn:  # read and write under one lock: two shots learning at once add up
            row = conn.execute(select(table.c.quirks).where(table.c.base_url == base_url)).first()
            known = combine(_parse(row.quirks) if row else frozenset(), frozenset(flags) & FORM_FLAGS)
            values = {"quirks": json.dumps(sorted(known)), "learned_at": time.time()}
            if row is None:
                conn.execute(insert(table).values(base_url=base_url, **values))
            else:
                conn.execute(update(table).where(table.c.base_url == base_url).values(**values))
        log.info("learned the create form of %s: %s", base_url, ", ".join(sorted(known)) or "defaults")
        return known


def _parse(text: str | None) -> frozenset[str]:
    # A row from a newer studio may hold flags this one does not know: keep only the ones it can act on.
    try:
        value = json.loads(text or "[]")
    except json.JSONDecodeError:
        return frozenset()
    if not isinstance(value, list):
        return frozenset()
    return frozenset(flag for flag in value if isinstance(flag, str) and flag in FORM_FLAGS)
