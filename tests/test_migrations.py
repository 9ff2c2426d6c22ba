"""The schema is Alembic's: an old release's database is adopted whole, and the migrations match tables.py."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from backend.library.views import sequence_view
from backend.store import Database, migrate, postgres_driver, records, tables
from backend.store.database import make_engine, sqlite_url
from tests import old_release
from tests.conftest import make_studio, wait_for
from tests.old_release import CLIP, FINISHED, IN_FLIGHT
from tests.postgres import PostgresServer
from tests.postgres import binaries as postgres_binaries
from tests.servers import ROOT

# Columns a resumed run writes; every other value of the in-flight rows must survive as it was.
RUN_WRITES = {
    "sequences": {"status", "updated_at", "stitched_file", "stitch_error", "spent_usd"},
    "shots": {"status", "progress", "video_file", "thumbnail_file", "spritesheet_file", "completed_at"},
}
SHOT_TWO_STARTS = {"video_id", "method", "source_video_id", "submit_sent_at", "started_at", "note"}


def sqlite_facts(path: Path) -> tuple[str, list[str], list[tuple]]:
    """Return the integrity verdict, the recorded revisions and shots' foreign keys, read with sqlite3."""
    with closing(sqlite3.connect(path)) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        revisions = [row[0] for row in db.execute("SELECT version_num FROM alembic_version")]
        keys = [(row[2], row[3], row[4], row[6]) for row in db.execute("PRAGMA foreign_key_list(shots)")]
    return verdict, revisions, keys


def served(client, url: str) -> bytes:
    with client.get(url) as answer:
        assert answer.status_code == 200, (url, answer.get_json(silent=True))
        return answer.data


def test_upgrade_from_release_ffea06e_keeps_every_job_and_finishes_the_one_in_flight(tmp_path, engine, sdk):
    storage = tmp_path / "old-storage"
    db_file = storage / "studio.db"
    old_release.create(db_file, old_release.SCHEMA.read_text(encoding="utf-8"))
    old_release.fill_finished(storage, db_file)
    shot_one = old_release.shot_row(IN_FLIGHT, 1)
    job = sdk.videos.create(prompt=shot_one["prompt"], model="sora-2", seconds="4", size="720x1280")
    old_release.fill_in_flight(storage, db_file, job.id, time.time())
    before, files = old_release.rows(db_file), old_release.digests(storage)

    app = make_studio(tmp_path, engine, VIDEO_STORAGE_PATH=str(storage))
    try:
        client = app.test_client()
        done = wait_for(client, IN_FLIGHT)
        after = old_release.rows(db_file)
        listed = client.get("/api/sequences").get_json()["data"]
        library = client.get("/api/v1/videos?limit=50").get_json()["data"]
        downloads = {
            f"{FINISHED}/shot_1.mp4": served(client, f"/api/download/{FINISHED}/1"),
            f"{FINISHED}/shot_2.mp4": served(client, f"/api/download/{FINISHED}/2"),
            f"{FINISHED}/shot_1.webp": served(client, f"/api/download/{FINISHED}/1?variant=thumbnail"),
            f"{FINISHED}/sequence.mp4": served(client, f"/api/download-sequence/{FINISHED}"),
            f"{CLIP}/shot_1.mp4": served(client, f"/api/v1/videos/{CLIP}-1/download?output_type=video"),
            f"{CLIP}/shot_1.webp": served(client, f"/api/v1/videos/{CLIP}-1/download?output_type=thumbnail"),
            f"{CLIP}/shot_1_sprites.jpg": served(client, f"/api/v1/videos/{CLIP}-1/download?output_type=spritesheet"),
        }
        stitched = served(client, done["sequence_url"])
    finally:
        app.extensions["jobs"].shutdown()
        app.extensions["db"].close()

    # The finished sequence and the clip: every row, every column, exactly as the old release wrote them.
    for table in ("sequences", "shots"):
        old = {key: row for key, row in before[table].items() if key[0] != IN_FLIGHT}
        assert {key: {name: after[table][key][name] for name in row} for key, row in old.items()} == old
    # Later revisions added the story's columns; old shots got the plan their continuity mode implied.
    plan = [
        (after["shots"][(FINISHED, n)]["planned_method"], after["shots"][(FINISHED, n)]["source_shot"]) for n in (1, 2)
    ]
    assert plan == [("create", None), ("remix", 1)]
    assert after["shots"][(FINISHED, 2)]["seconds"] == after["sequences"][(FINISHED,)]["seconds"]
    assert set(after["shots"]) == set(before["shots"]) and set(after["sequences"]) == set(before["sequences"])
    # The in-flight one: what the run does not write is untouched; shot 1 kept its provider job.
    for table, key in (("sequences", (IN_FLIGHT,)), ("shots", (IN_FLIGHT, 1)), ("shots", (IN_FLIGHT, 2))):
        kept = set(before[table][key]) - RUN_WRITES[table] - (SHOT_TWO_STARTS if key[-1] == 2 else set())
        assert {name: after[table][key][name] for name in kept} == {name: before[table][key][name] for name in kept}
    assert after["shots"][(IN_FLIGHT, 1)]["video_id"] == job.id

    # Every file is still there, unchanged, and served byte for byte.
    now = old_release.digests(storage)
    assert {name: now[name] for name in files} == files
    for name, body in downloads.items():
        assert body == (storage / name).read_bytes(), name
    assert {FINISHED, IN_FLIGHT} <= {s["sequence_id"] for s in listed}
    assert f"{CLIP}-1" in {v["id"] for v in library}

    # The in-flight sequence completed: shot 1 polled, not made again; exactly one new job, for shot 2.
    assert done["status"] == "completed" and [s["status"] for s in done["shots"]] == ["completed"] * 2
    assert stitched == (storage / IN_FLIGHT / "sequence.mp4").read_bytes() and len(stitched) > 1000
    jobs = {video.id: video for video in sdk.videos.list(limit=100).data}
    shot_two = done["shots"][1]["video_id"]
    assert sorted(jobs) == sorted([job.id, shot_two]) and shot_two != job.id
    assert jobs[shot_two].remixed_from_video_id == job.id

    verdict, revisions, keys = sqlite_facts(db_file)
    assert verdict == "ok" and revisions == [migrate.head()]
    assert keys == [("sequences", "sequence_id", "id", "CASCADE")]


def test_an_older_development_database_is_adopted_with_its_rows(tmp_path):
    db_file = tmp_path / "studio.db"
    schema = old_release.schema_text(without=old_release.COLUMNS_ADDED_SINCE_FIRST_BUILD)
    schema = schema.replace("CREATE INDEX IF NOT EXISTS shots_video_id ON shots (video_id);", "")
    old_release.create(db_file, schema)
    sequence = old_release.sequence_row(FINISHED)
    shots = [old_release.shot_row(FINISHED, n) for n in (1, 2)]
    for name in old_release.COLUMNS_ADDED_SINCE_FIRST_BUILD:
        sequence.pop(name, None)
        for shot in shots:
            shot.pop(name, None)
    old_release.insert(db_file, "sequences", sequence)
    for shot in shots:
        old_release.insert(db_file, "shots", shot)
    assert not {"kind", "remix_source"} & set(old_release.rows(db_file)["sequences"][(FINISHED,)])

    database = Database(db_file)
    try:
        after = old_release.rows(db_file)
        expected = {**sequence, "kind": "sequence", "remix_source": None}
        assert {name: after["sequences"][(FINISHED,)][name] for name in expected} == expected
        for shot in shots:
            added = {"spritesheet_file": None, "submit_sent_at": None}
            row = after["shots"][(FINISHED, shot["shot_number"])]
            assert {name: row[name] for name in {**shot, **added}} == {**shot, **added}
        inspector = sa.inspect(database.engine)
        assert "shots_video_id" in {index["name"] for index in inspector.get_indexes("shots")}
        assert sequence_view(database, FINISHED).kind == "sequence"  # the app reads it as its own
        assert records.shot_by_video_id(database, shots[1]["video_id"])["shot_number"] == 2
        assert database.check() == "ok" and migrate.current(database.engine) == migrate.head()
    finally:
        database.close()


def test_a_database_missing_a_column_without_a_default_is_refused_untouched(tmp_path):
    db_file = tmp_path / "studio.db"
    old_release.create(db_file, old_release.schema_text(without=("kind", "prompt")))
    with pytest.raises(RuntimeError, match="shots.prompt is missing"):
        Database(db_file)
    with closing(sqlite3.connect(db_file)) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'alembic_version'").fetchall() == []
        # sequences.kind was added before shots.prompt was found missing: rolled back with the rest.
        assert "kind" not in {row[1] for row in db.execute("PRAGMA table_info(sequences)")}


def table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_every_migration_goes_up_down_and_up_again(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "steps.db"))
    try:
        script = ScriptDirectory.from_config(migrate.alembic_config())
        revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
        assert revisions[0] == "0001_baseline" and revisions[-1] == migrate.head()
        for revision in revisions:
            migrate.upgrade(engine, revision)
            assert migrate.current(engine) == revision
        assert {"sequences", "shots"} <= table_names(engine)
        migrate.downgrade(engine, "base")
        assert migrate.current(engine) is None and table_names(engine) <= {"alembic_version"}
        migrate.upgrade(engine, "head")
        assert migrate.current(engine) == migrate.head() and {"sequences", "shots"} <= table_names(engine)
    finally:
        engine.dispose()


def schema_sql(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_opening_a_current_database_again_changes_nothing(tmp_path):
    db_file = tmp_path / "studio.db"
    first = Database(db_file)
    settings = {"model": "sora-2", "size": "720x1280", "seconds": "4", "continuity": "remix", "style": None}
    sequence = {"id": FINISHED, **settings, "estimated_usd": None}
    records.insert_sequence(first, sequence, [{"shot_number": 1, "prompt": "p", "reference_file": None}])
    rows, schema = old_release.rows(db_file), schema_sql(db_file)
    first.close()
    for _ in range(2):
        again = Database(db_file)
        assert migrate.current(again.engine) == migrate.head()
        again.close()
    assert old_release.rows(db_file) == rows and schema_sql(db_file) == schema


# A studio process up to the moment it opens its database, which it does once `go` exists.
OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from backend.store import Database
folder = Path(sys.argv[1])
(folder / f"ready-{sys.argv[2]}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
Database(folder / "studio.db").close()
"""


def test_studios_starting_together_on_a_new_database_migrate_it_once(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    studios = [
        subprocess.Popen([sys.executable, "-c", OPEN_WHEN_TOLD, str(tmp_path), str(n)], cwd=ROOT, env=env)
        for n in range(4)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("ready-*"))) < len(studios) and time.monotonic() < deadline:
            time.sleep(0.01)
        (tmp_path / "go").touch()
        codes = [studio.wait(60) for studio in studios]
    finally:
        for studio in studios:
            studio.kill() if studio.poll() is None else None
    assert codes == [0] * len(studios), "each studio opened the database (the others waited, none failed)"
    assert sqlite_facts(tmp_path / "studio.db")[1] == [migrate.head()]


def differences(engine: sa.Engine, metadata: sa.MetaData) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, metadata)


def test_tables_py_matches_what_the_migrations_build(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "built.db"))
    try:
        migrate.upgrade(engine)
        assert differences(engine, tables.metadata) == []
    finally:
        engine.dispose()


def altered(change: str) -> sa.MetaData:
    """Return a copy of the tables with one change, as a careless edit of tables.py would make."""
    copy = sa.MetaData()
    for table in tables.metadata.sorted_tables:
        table.to_metadata(copy)
    shots = copy.tables["shots"]
    if change == "column":
        shots.append_column(sa.Column("rating", sa.INTEGER()))
    elif change == "type":
        shots.c.progress.type = sa.TEXT()
    elif change == "default":
        shots.c.progress.server_default = sa.DefaultClause(sa.text("1"))
    elif change == "index":
        shots.indexes.clear()
    return copy


@pytest.mark.parametrize("change", ["column", "type", "default", "index"])
def test_the_comparison_notices_a_change_to_tables_py(tmp_path, change):
    engine = make_engine(sqlite_url(tmp_path / "built.db"))
    try:
        migrate.upgrade(engine)
        assert differences(engine, altered(change)) != []
    finally:
        engine.dispose()


@pytest.mark.skipif(postgres_binaries() is None, reason="PostgreSQL is not installed (test.sh installs it)")
def test_every_migration_runs_on_postgresql_and_builds_what_tables_py_says():
    """A team deployment's database: the same revisions, each step up, all the way down, and up again."""
    server = PostgresServer()
    engine = make_engine(postgres_driver(server.url))
    try:
        script = ScriptDirectory.from_config(migrate.alembic_config())
        for revision in [r.revision for r in reversed(list(script.walk_revisions()))]:
            migrate.upgrade(engine, revision)
            assert migrate.current(engine) == revision
        migrate.downgrade(engine, "base")
        assert table_names(engine) <= {"alembic_version"}
        migrate.upgrade(engine, "head")
        assert migrate.current(engine) == migrate.head()
        assert differences(engine, tables.metadata) == []
    finally:
        engine.dispose()
        server.stop()
