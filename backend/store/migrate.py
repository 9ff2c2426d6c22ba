"""Run the Alembic migrations in `migrations/` from code, on the studio's own engine.

No alembic.ini and no dependence on the current directory: the script location is this package's
folder, and the connection is handed to env.py through the Config's attributes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from backend.store import dialect

SCRIPTS = Path(__file__).resolve().with_name("migrations")
# Alembic's `op` and `context` are process-wide proxies: one migration run at a time per process.
_ALEMBIC = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """Build the Alembic Config for the studio's migrations, bound to `connection` when given."""
    config = Config()
    # The Config is an ini parser underneath: a '%' in the path would read as interpolation.
    config.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """Return the revision the database is at (None before any migration)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to `revision` in one write transaction."""
    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back down to `revision` ('base' empties it)."""
    _run(engine, lambda config: command.downgrade(config, revision))


def _run(engine: Engine, step) -> None:
    # One transaction that takes the write lock first: two studios starting together migrate one
    # after the other, and the second finds nothing left to do. A failure leaves the database as it was.
    with _ALEMBIC, engine.connect() as conn, dialect.migrating(conn):
        conn.execution_options(**{dialect.WRITE: True})
        with conn.begin():
            before = dialect.foreign_key_problems(conn)
            step(alembic_config(conn))
            broken = dialect.foreign_key_problems(conn) - before
            if broken:  # raising here rolls the whole migration back
                raise RuntimeError(f"the migration broke foreign keys: {sorted(broken)[:5]}")
