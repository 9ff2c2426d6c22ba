"""MONTHLY_BUDGET: the whole studio's spend per UTC month, charged to the ledger before each paid call.

Against the local engine over HTTP, priced with PRICE_PER_SECOND (and PRICE_PER_IMAGE) as a paid provider.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime

import pytest
import requests
import sqlalchemy as sa

from backend.library.sequences import new_sequence_id
from backend.store import Database, ledger, postgres_driver, records, tables
from tests.conftest import make_studio, start_engine, wait_for
from tests.postgres import PostgresServer
from tests.postgres import binaries as postgres_binaries
from tests.servers import ROOT, poll_json

PRICED = {"PRICE_PER_SECOND": 0.10, "PRICE_PER_IMAGE": 0.05}  # a 4 s clip costs $0.40, a still $0.05
SHOT = {"character": "Mara, a courier in a yellow raincoat", "environment": "a neon-lit night market"}


def sequence(shots: int, **extra) -> dict:
    return {"shots": [{**SHOT, "lighting_camera": f"take {n}"} for n in range(shots)], "seconds": "4", **extra}


def charges(app) -> list[dict]:
    return app.extensions["db"].query(sa.select(tables.spend_ledger).order_by(tables.spend_ledger.c.charged_at))


def stop(app) -> None:
    app.extensions["jobs"].shutdown()
    app.extensions["db"].close()


def test_submission_is_refused_when_the_estimate_exceeds_what_is_left(tmp_path, engine, sdk):
    app = make_studio(tmp_path, engine, MONTHLY_BUDGET=1.0, **PRICED)
    client = app.test_client()
    try:
        assert client.get("/api/capabilities").get_json()["monthly_budget"] == 1.0
        first = client.post("/api/estimate", json=sequence(2, continuity="independent")).get_json()
        assert (first["estimated_usd"], first["monthly_budget_usd"], first["budget_left_usd"]) == (0.8, 1.0, 1.0)
        assert first["within_budget"] is True
        answer = client.post("/api/generate", json=sequence(2, continuity="independent"))
        assert answer.status_code == 202, answer.get_json()
        assert wait_for(client, answer.get_json()["sequence_id"])["status"] == "completed"
        assert sorted(row["usd"] for row in charges(app)) == [0.4, 0.4]

        after = client.post("/api/estimate", json=sequence(1)).get_json()
        assert (after["budget_left_usd"], after["within_budget"]) == (0.2, False)
        refused = client.post("/api/generate", json=sequence(1))
        error = refused.get_json()["error"]
        assert refused.status_code == 400 and (error["code"], error["field"]) == ("over_budget", "shots")
        assert "MONTHLY_BUDGET" in error["message"] and "$0.20 is left" in error["message"]
        clip = client.post("/api/v1/videos/generate", json={"prompt": "a quay at dawn", "seconds": "4"})
        assert clip.status_code == 400 and clip.get_json()["error"]["field"] == "seconds"
        assert len(sdk.videos.list(limit=100).data) == 2, "nothing refused reached the provider"
        scraped = client.get("/metrics").get_data(as_text=True)
        assert "studio_month_spent_usd 0.8" in scraped and "studio_monthly_budget_usd 1.0" in scraped
    finally:
        stop(app)


def test_running_shots_past_the_budget_are_never_sent(tmp_path, engine, sdk):
    """The budget is spent elsewhere (another process on the same database) while clip 1 runs: clip 2,
    waiting for the one job slot, is not sent; retrying it is refused up front while nothing is left."""
    app = make_studio(tmp_path, engine, MONTHLY_BUDGET=1.40, MAX_CONCURRENT_JOBS=1, **PRICED)
    client = app.test_client()
    body = sequence(2, continuity="keyframes", approve_keyframes=True)  # 2 stills $0.10 + 2 clips $0.80
    try:
        sequence_id = client.post("/api/generate", json=body).get_json()["sequence_id"]
        assert wait_for(client, sequence_id, ("awaiting_approval", "failed"))["status"] == "awaiting_approval"
        assert client.post(f"/api/sequences/{sequence_id}/approve").status_code == 202
        poll_json_app(client, sequence_id, lambda s: any(shot["status"] == "in_progress" for shot in s["shots"]))
        elsewhere = ledger.Charge("elsewhere", 1, "clip", 1)  # $1.30 left, $0.40 taken by clip 1: $0.90
        assert ledger.charge(app.extensions["db"], elsewhere, 0.60, 1.40)
        done = wait_for(client, sequence_id)
        retry = client.post(f"/api/sequences/{sequence_id}/shots/2/retry")
        rows = charges(app)
    finally:
        stop(app)
    first, second = done["shots"]
    assert first["status"] == "completed" and second["status"] == "failed", done
    assert second["error"]["code"] == "over_budget" and second["video_id"] is None
    assert "MONTHLY_BUDGET" in second["error"]["message"]
    assert [job.id for job in sdk.videos.list(limit=100).data] == [first["video_id"]]
    assert retry.status_code == 400 and retry.get_json()["error"]["code"] == "over_budget"
    assert sorted(row["kind"] for row in rows) == ["clip", "clip", "still", "still"]
    assert round(sum(row["usd"] for row in rows), 6) == 1.10


def test_approving_stills_is_refused_when_the_clips_no_longer_fit(tmp_path, engine, sdk):
    app = make_studio(tmp_path, engine, MONTHLY_BUDGET=1.0, **PRICED)
    client = app.test_client()
    try:
        body = sequence(2, continuity="keyframes", approve_keyframes=True)
        sequence_id = client.post("/api/generate", json=body).get_json()["sequence_id"]
        assert wait_for(client, sequence_id, ("awaiting_approval", "failed"))["status"] == "awaiting_approval"
        assert ledger.charge(app.extensions["db"], ledger.Charge("elsewhere", 1, "clip", 1), 0.50, 1.0)
        refused = client.post(f"/api/sequences/{sequence_id}/approve")
        error = refused.get_json()["error"]
        assert refused.status_code == 400 and (error["code"], error["field"]) == ("over_budget", "sequence_id")
        assert "$0.80" in error["message"] and "$0.40 is left" in error["message"]
        assert client.get(f"/api/sequences/{sequence_id}").get_json()["status"] == "awaiting_approval"
        assert sdk.videos.list(limit=100).data == []
    finally:
        stop(app)


def poll_json_app(client, sequence_id: str, done, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/sequences/{sequence_id}").get_json()
        if done(data):
            return data
        time.sleep(0.02)
    raise TimeoutError(f"sequence {sequence_id}: {data}")


def test_a_job_adopted_after_a_restart_is_not_charged_twice(tmp_path, engine, sdk):
    """A studio died after charging both shots: shot 1's create went out (its id never stored), shot 2's
    did not. With nothing left of the budget, the restart adopts shot 1's job and sends shot 2 once."""
    storage = tmp_path / "output"
    sequence_id = new_sequence_id()
    (storage / sequence_id).mkdir(parents=True)
    db = Database(storage / "studio.db")
    row = {"id": sequence_id, "model": "sora-2", "size": "720x1280", "seconds": "4", "continuity": "independent"}
    prompts = ["Mara crosses the night market.", "Mara reads the map under a lamp."]
    records.insert_sequence(
        db,
        {**row, "style": None, "estimated_usd": 0.8},
        [{"shot_number": n, "prompt": prompt, "reference_file": None} for n, prompt in enumerate(prompts, 1)],
    )
    for number in (1, 2):  # what the dead studio charged, through the same code
        assert ledger.charge(db, ledger.Charge(sequence_id, number, "clip", 1), 0.4, 0.8)
    records.update_shot(db, sequence_id, 1, submit_sent_at=time.time(), method="create")
    orphan = sdk.videos.create(prompt=prompts[0], model="sora-2", seconds="4", size="720x1280")
    db.close()

    app = make_studio(tmp_path, engine, MONTHLY_BUDGET=0.8, **PRICED)  # resumes the sequence
    try:
        done = wait_for(app.test_client(), sequence_id)
        rows = charges(app)
    finally:
        stop(app)
    assert done["status"] == "completed", done
    assert done["shots"][0]["video_id"] == orphan.id, "shot 1's job was adopted, not made again"
    assert len(sdk.videos.list(limit=100).data) == 2
    assert [(row["shot_number"], row["usd"]) for row in rows] == [(1, 0.4), (2, 0.4)]


def test_a_refused_call_is_given_back_and_a_retry_is_charged_again(tmp_path):
    """The engine refuses every still (400: no image drawn, nothing billed) and fails every clip's job
    after it started (a job the provider ran)."""
    server, engine_app = start_engine(tmp_path / "engine", faults="moderation=1")
    app = make_studio(tmp_path, f"{server.url}/v1", MONTHLY_BUDGET=5.0, **PRICED)
    client = app.test_client()
    try:
        still = client.post("/api/generate", json=sequence(1, continuity="keyframes")).get_json()["sequence_id"]
        assert wait_for(client, still)["shots"][0]["error"]["code"] == "keyframe_failed"
        assert charges(app) == [], "the refused still was charged back"
        clip = client.post("/api/generate", json=sequence(1)).get_json()["sequence_id"]
        assert wait_for(client, clip)["shots"][0]["error"]["code"] == "moderation_blocked"
        assert client.post(f"/api/sequences/{clip}/shots/1/retry").status_code == 202
        assert wait_for(client, clip)["shots"][0]["status"] == "failed"
        rows = charges(app)
    finally:
        stop(app)
        server.stop()
        engine_app.extensions["local_engine"].worker.shutdown()
    assert [row["charge_key"] for row in rows] == [f"{clip}/1/clip/1", f"{clip}/1/clip/2"]


@pytest.mark.parametrize(
    ("moment", "month"),
    [("2026-01-31T23:59:59+00:00", "2026-01"), ("2026-02-01T00:00:00+00:00", "2026-02"),
     ("2026-02-01T00:30:00+01:00", "2026-01")],
)  # fmt: skip
def test_spend_counts_against_the_calendar_month_in_utc(tmp_path, moment, month):
    assert ledger.month_of(datetime.fromisoformat(moment).timestamp()) == month
    db = Database(tmp_path / "studio.db")
    with db.write() as conn:  # last year's spend, as an older row
        row = {"sequence_id": "old", "shot_number": 1, "kind": "clip", "charged_at": 0.0}
        conn.execute(sa.insert(tables.spend_ledger).values(charge_key="old/1/clip/1", month="2000-01", usd=9.0, **row))
    assert ledger.month_spent(db) == 0.0 and ledger.month_spent(db, "2000-01") == 9.0
    assert ledger.charge(db, ledger.Charge("new", 1, "clip", 1), 1.0, 1.0)
    db.close()


def race(make_db, budget: float, threads: int, tries: int) -> int:
    """Threads, each on its own connection, charge $1 at once; return how many charges passed."""
    passed, start = [], threading.Barrier(threads)

    def spend(n: int) -> None:
        db = make_db()
        start.wait()
        for i in range(tries):
            try:
                ledger.charge(db, ledger.Charge(f"race-{os.getpid()}-{n}", i + 1, "clip", 1), 1.0, budget)
                passed.append(1)
            except ledger.OverBudget:
                pass
        db.close()

    workers = [threading.Thread(target=spend, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(passed)


def test_sqlite_serialises_the_last_dollars(tmp_path):
    Database(tmp_path / "studio.db").close()
    assert race(lambda: Database(tmp_path / "studio.db"), 10.0, threads=4, tries=5) == 10
    db = Database(tmp_path / "studio.db")
    assert ledger.month_spent(db) == 10.0
    db.close()


# A worker process of the race: two threads on their own connections, started when `go` exists.
RACER = """
import sys, time
from pathlib import Path
from backend.store import Database, postgres_driver
from tests.test_monthly_budget import race
url, folder = sys.argv[1], Path(sys.argv[2])
(folder / f"ready-{sys.argv[3]}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
print(race(lambda: Database(url=postgres_driver(url)), 10.0, threads=2, tries=4))
"""


@pytest.mark.slow
@pytest.mark.skipif(postgres_binaries() is None, reason="PostgreSQL is not installed (test.sh installs it)")
def test_processes_on_postgresql_never_both_pass_the_last_dollar(tmp_path):
    server = PostgresServer()
    db = Database(url=postgres_driver(server.url))  # migrated once, before the racers open it
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, server.url, str(tmp_path), str(n)], cwd=ROOT, env=env, stdout=subprocess.PIPE
        )
        for n in range(3)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("ready-*"))) < len(racers) and time.monotonic() < deadline:
            time.sleep(0.01)
        (tmp_path / "go").touch()
        passed = [int(racer.communicate(timeout=120)[0]) for racer in racers]
        assert sum(passed) == 10, f"3 processes x 2 connections x 4 tries of $1 against $10: {passed}"
        assert ledger.month_spent(db) == 10.0
        assert len(db.query(sa.select(tables.spend_ledger))) == 10
    finally:
        for racer in racers:
            racer.kill() if racer.poll() is None else None
        db.close()
        server.stop()


@pytest.mark.slow
@pytest.mark.skipif(postgres_binaries() is None, reason="PostgreSQL is not installed (test.sh installs it)")
def test_a_team_spends_no_more_than_its_budget_across_workers_and_a_kill(tmp_path):
    """Four sequences, each affordable alone, approved together on a team of two workers (one SIGKILLed while
    it holds a paid job): exactly the five affordable clips are sent and charged, once each."""
    from tests.team import Team
    from tests.test_team import _busy

    budget = {"PRICE_PER_SECOND": "0.10", "PRICE_PER_IMAGE": "0", "MONTHLY_BUDGET": "2.00"}  # 5 clips of $0.40
    engine_env = {"LOCAL_ENGINE_LATENCY": "3"}
    with Team(tmp_path, workers=2, engine_env=engine_env, WORKER_SEQUENCES="2", **budget) as team:
        body = sequence(2, continuity="keyframes", approve_keyframes=True)
        ids = [
            requests.post(f"{team.base}/api/generate", json=body, timeout=30).json()["sequence_id"] for _ in range(4)
        ]
        settled = lambda s: s["status"] in ("awaiting_approval", "completed", "failed")  # noqa: E731
        for sequence_id in ids:
            waiting = poll_json(f"{team.base}/api/sequences/{sequence_id}", settled, 120)
            assert waiting["status"] == "awaiting_approval", waiting
        for sequence_id in ids:
            assert requests.post(f"{team.base}/api/sequences/{sequence_id}/approve", timeout=30).status_code == 202
        db = Database(url=postgres_driver(team.postgres.url))
        deadline = time.monotonic() + 60
        while not _busy(db, "w1") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _busy(db, "w1"), "worker 1 never held a paid job"
        team.workers[0].kill()
        shots = [
            shot
            for sequence_id in ids
            for shot in poll_json(f"{team.base}/api/sequences/{sequence_id}", settled, timeout=180)["shots"]
        ]
        engine_jobs = team.engine_jobs()
        clips = db.query(sa.select(tables.spend_ledger).where(tables.spend_ledger.c.kind == "clip"))
        db.close()
    made = [shot for shot in shots if shot["status"] == "completed"]
    refused = [shot for shot in shots if shot["status"] == "failed"]
    assert len(made) == 5 and {job["id"] for job in engine_jobs} == {shot["video_id"] for shot in made}
    assert [shot["error"]["code"] for shot in refused] == ["over_budget"] * 3
    assert all(shot["video_id"] is None for shot in refused)
    assert len(clips) == 5 and round(sum(row["usd"] for row in clips), 6) == 2.0
