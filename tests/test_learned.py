"""Where learned forms live (the provider_quirks table and its migration) and the per-URL model list."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from backend.providers.catalog import RETRY_SECONDS, REUSE_SECONDS, ModelCatalog
from backend.providers.learned import LearnedForms
from backend.store import Database, migrate
from backend.store.database import make_engine, sqlite_url
from tests import old_release
from tests.old_release import FINISHED

URL = "http://gpu-box:30000/v1"


def quirk_rows(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT base_url, quirks FROM provider_quirks ORDER BY base_url").fetchall()


def columns(engine: sa.Engine, table: str) -> dict[str, dict]:
    return {column["name"]: column for column in sa.inspect(engine).get_columns(table)}


def test_0004_follows_0003_and_goes_up_down_and_up_over_a_database_with_jobs(tmp_path):
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revision = script.get_revision("0004_provider_quirks")
    assert revision.down_revision == "0003_keyframes"

    db_file = tmp_path / "studio.db"
    engine = make_engine(sqlite_url(db_file))
    try:
        migrate.upgrade(engine, "0003_keyframes")
        old_release.insert(db_file, "sequences", old_release.sequence_row(FINISHED))
        for number in (1, 2):
            old_release.insert(db_file, "shots", old_release.shot_row(FINISHED, number))
        before = old_release.rows(db_file)
        assert "provider_quirks" not in sa.inspect(engine).get_table_names()

        migrate.upgrade(engine, "0004_provider_quirks")
        assert migrate.current(engine) == "0004_provider_quirks"
        table = columns(engine, "provider_quirks")
        assert list(table) == ["base_url", "quirks", "learned_at"]
        assert sa.inspect(engine).get_pk_constraint("provider_quirks")["constrained_columns"] == ["base_url"]
        assert not table["quirks"]["nullable"] and not table["learned_at"]["nullable"]
        assert old_release.rows(db_file) == before, "the job rows are not touched"
    finally:
        engine.dispose()

    database = Database(db_file)  # the studio opens it at the newest revision and learns into it
    LearnedForms(database).remember(URL, {"json_text_only", "seconds_int"})
    database.close()
    assert quirk_rows(db_file) == [(URL, '["json_text_only", "seconds_int"]')]

    engine = make_engine(sqlite_url(db_file))
    try:
        migrate.downgrade(engine, "0003_keyframes")
        assert migrate.current(engine) == "0003_keyframes"
        assert "provider_quirks" not in sa.inspect(engine).get_table_names()
        assert old_release.rows(db_file) == before
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        assert quirk_rows(db_file) == [], "learned again from the next refusal"
        assert old_release.old_columns(old_release.rows(db_file), before) == before
    finally:
        engine.dispose()


def test_learned_flags_add_up_per_base_url_and_the_newest_wins(tmp_path):
    database = Database(tmp_path / "studio.db")
    try:
        learned = LearnedForms(database)
        assert learned.quirks(URL) == frozenset()
        assert learned.remember(URL, {"json_text_only"}) == {"json_text_only"}
        assert learned.remember(URL, {"seconds_int"}) == {"json_text_only", "seconds_int"}
        assert learned.remember(URL, {"seconds_str"}) == {"json_text_only", "seconds_str"}
        assert learned.quirks(URL + "/other") == frozenset(), "another base URL learns for itself"
        # Only form flags are taken (and read back): nothing else about a provider is learned here.
        assert learned.remember(URL, {"odd_statuses", "seconds_int"}) == {"json_text_only", "seconds_int"}
        with database.write() as conn:
            conn.exec_driver_sql(
                "UPDATE provider_quirks SET quirks = ? WHERE base_url = ?", ('["json_text_only", "teleport"]', URL)
            )
        assert learned.quirks(URL) == {"json_text_only"}, "a flag this build does not know is left out"
        with database.write() as conn:
            conn.exec_driver_sql("UPDATE provider_quirks SET quirks = '{not json' WHERE base_url = ?", (URL,))
        assert learned.quirks(URL) == frozenset()
    finally:
        database.close()


def test_the_model_list_is_kept_a_minute_per_base_url_and_key():
    now = [0.0]
    asked: list[str] = []
    answers = {"a": ("wan",), "b": None}

    def ask(name):
        def call():
            asked.append(name)
            return answers[name]

        return call

    catalog = ModelCatalog(clock=lambda: now[0])
    assert catalog.models("http://a/v1", "k", ask("a")) == ("wan",)
    assert catalog.models("http://a/v1", "k", ask("a")) == ("wan",)
    assert catalog.models("http://a/v1", "other key", ask("a")) == ("wan",)
    assert catalog.models("http://b/v1", None, ask("b")) is None
    assert asked == ["a", "a", "b"]
    now[0] = RETRY_SECONDS + 0.1  # no answer is asked again sooner than an answer
    catalog.models("http://a/v1", "k", ask("a"))
    catalog.models("http://b/v1", None, ask("b"))
    assert asked == ["a", "a", "b", "b"]
    now[0] = REUSE_SECONDS + 0.1
    catalog.models("http://a/v1", "k", ask("a"))
    assert asked == ["a", "a", "b", "b", "a"]
