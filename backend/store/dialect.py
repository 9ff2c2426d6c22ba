"""Everything that depends on which database is behind the URL; today only SQLite needs anything.

SQLite gets WAL, enforced foreign keys, NORMAL sync, a 30 s busy timeout and write transactions that
take the write lock up front (BEGIN IMMEDIATE), so two writers never deadlock upgrading a read lock.
Any other database keeps SQLAlchemy's defaults, so pointing the studio at it changes no caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import URL

WRITE = "studio_write"  # execution option: this connection's transaction will write


def is_sqlite(target: Engine | Connection | URL) -> bool:
    """Say whether the engine, connection or URL is SQLite."""
    name = target.get_backend_name() if isinstance(target, URL) else target.dialect.name
    return name == "sqlite"


def engine_options(url: URL) -> dict[str, Any]:
    """Return the create_engine() arguments this database wants."""
    if not is_sqlite(url):
        return {"pool_pre_ping": True}
    # Every request, SSE stream and job thread may hold a connection for a moment; SQLite connections
    # are cheap, so a burst opens more rather than waiting on the pool (SQLite's lock is what orders them).
    return {"pool_size": 8, "max_overflow": -1}


def install(engine: Engine) -> None:
    """Attach the per-connection settings and the BEGIN recipe to a new engine."""
    if is_sqlite(engine):
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    # Driver-level autocommit: pysqlite then never emits BEGIN (or COMMIT before DDL) on its own;
    # _sqlite_begin emits it, so SQLAlchemy's transactions are SQLite's transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # First, so that even switching a new file to WAL waits for a studio starting alongside.
        cursor.execute("PRAGMA busy_timeout=30000")  # 30 s waiting for another writer, then "locked"
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN; readers take a plain (deferred) snapshot and never block them.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def lock_for_transaction(conn: Connection, space: int, key: int) -> None:
    """Hold a lock on (space, key) until this write transaction ends, against every other process.

    PostgreSQL: a transaction-scoped advisory lock, released by COMMIT or ROLLBACK (or a dropped
    connection). SQLite needs none: a write transaction (BEGIN IMMEDIATE) already excludes every other.
    """
    if not is_sqlite(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": space, "key": key})


def integrity_check(conn: Connection) -> str:
    """Return the database's own integrity verdict ('ok' when sound).

    SQLite checks its file. PostgreSQL keeps its constraints at all times; what can still rot is an index,
    which amcheck verifies (when an administrator has run CREATE EXTENSION amcheck; otherwise 'ok' means
    only that the server answers). A corrupt index raises.
    """
    if is_sqlite(conn):
        return conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").first():
        for (index,) in conn.exec_driver_sql(BTREE_INDEXES):
            conn.exec_driver_sql("SELECT bt_index_check(%(index)s::regclass, true)", {"index": index})
    return "ok"


# The studio's own btree indexes (not DBOS's, which live in their own schema).
BTREE_INDEXES = """
SELECT c.oid::regclass::text FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.amname = 'btree' AND n.nspname = 'public'
"""


@contextmanager
def migrating(conn: Connection) -> Iterator[None]:
    """Hold foreign keys off while migrations run on `conn`, as SQLite's table rebuilds need.

    Alembic's batch mode copies a table into a new one and drops the old; with enforcement on, dropping
    `sequences` would cascade into `shots` and delete every shot. The pragma only takes effect outside a
    transaction, so it is set on the driver connection before SQLAlchemy begins one.
    """
    if not is_sqlite(conn):
        yield
        return
    driver = conn.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def foreign_key_problems(conn: Connection) -> set[tuple]:
    """Return the rows that break a foreign key (SQLite checks none while enforcement is off)."""
    if not is_sqlite(conn):
        return set()
    return {tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check")}
