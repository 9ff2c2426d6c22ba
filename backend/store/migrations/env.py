"""Alembic's entry point: migrate on the connection the studio passes in (see backend/store/migrate.py)."""

from __future__ import annotations

from alembic import context

from backend.store.tables import metadata


def run_migrations() -> None:
    """Run the pending revisions inside the caller's transaction."""
    if context.is_offline_mode():
        raise RuntimeError("the studio's migrations run online only, on its own engine")
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run the migrations through backend.store.migrate, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,  # for autogenerate when writing a new revision
        # SQLite alters little in place; batch mode rebuilds a table to change a column.
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,  # the caller holds one transaction (backend/store/dialect.py emits BEGIN)
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
