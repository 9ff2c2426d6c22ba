"""A team studio as real processes: PostgreSQL, two web processes, two workers, a standalone engine.

Twelve sequences go in, one worker is SIGKILLed while it drives some of them, and the test checks what a
team relies on: every sequence completes, the provider got exactly one job per shot, the page's progress
streams on both web processes saw every state, MAX_CONCURRENT_JOBS held across both workers (sampled on
the engine), and the database is sound.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from backend.store import Database, postgres_driver, tables
from tests.postgres import binaries
from tests.servers import poll_json
from tests.team import Team

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (test.sh installs it)"),
]
LIMIT = 3
SEQUENCES = 12


def story(n: int) -> dict:
    """Two shots of one character: shot 2 is a remix of shot 1, so each sequence has a dependency."""
    who = f"Courier number {n}, a tall woman in a yellow raincoat"
    return {
        "shots": [
            {"character": who, "environment": "a wet harbour at dawn", "lighting_camera": "wide shot"},
            {"character": who, "environment": "a wet harbour at dawn", "lighting_camera": "close-up"},
        ],
        "seconds": "4",
        "size": "720x1280",
        "title": f"Courier {n}",
    }


class Stream(threading.Thread):
    """Read one sequence's progress stream on the web process; keep every (status, shot statuses) seen."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.seen, self.final = url, [], None

    def run(self) -> None:
        with requests.get(self.url, stream=True, timeout=(10, 120)) as answer:
            for line in answer.iter_lines(decode_unicode=True):
                if line and line.startswith("data: ") and line != "data: {}":
                    data = json.loads(line[6:])
                    self.seen.append((data["status"], tuple(shot["status"] for shot in data["shots"])))
                    if data["status"] in ("completed", "failed"):
                        self.final = data["status"]
                        return


class Sampler(threading.Thread):
    """Count the engine's unfinished jobs five times a second; keep the peak."""

    def __init__(self, team: Team) -> None:
        super().__init__(daemon=True)
        self.team, self.peak, self.samples, self.done = team, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            jobs = self.team.engine_jobs()
            self.peak = max(self.peak, sum(job["status"] in ("queued", "in_progress") for job in jobs))
            self.samples += 1


def test_two_workers_one_killed_every_sequence_completes_once(tmp_path):
    engine_env = {"LOCAL_ENGINE_LATENCY": "3"}
    settings = {"MAX_CONCURRENT_JOBS": str(LIMIT), "WORKER_SEQUENCES": "3"}
    with Team(tmp_path, workers=2, webs=2, engine_env=engine_env, **settings) as team:
        webs = [web.health_url.removesuffix("/health") for web in team.webs]
        sampler = Sampler(team)
        sampler.start()
        ids, streams = [], []
        for n in range(SEQUENCES):
            # Submitted to one web process, followed on the other: progress crosses processes.
            answer = requests.post(f"{webs[n % 2]}/api/generate", json=story(n), timeout=30)
            assert answer.status_code == 202, answer.text
            ids.append(answer.json()["sequence_id"])
            streams.append(Stream(f"{webs[(n + 1) % 2]}/api/sequences/{ids[-1]}/events"))
            streams[-1].start()

        db = Database(url=postgres_driver(team.postgres.url))
        victim = team.workers[0]
        # Kill worker 1 while it holds provider jobs in flight: its sequences must move to worker 2.
        deadline = time.monotonic() + 60
        while not _busy(db, "w1") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _busy(db, "w1"), "worker 1 never took a sequence"
        victim.kill()
        killed_at = time.monotonic()

        for stream in streams:
            stream.join(timeout=240)
        sampler.done.set()
        sampler.join()
        finals = [requests.get(f"{team.base}/api/sequences/{i}", timeout=10).json() for i in ids]
        engine_jobs = team.engine_jobs()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        verdict = db.check()
        held = db.first(sa.select(sa.func.count().label("n")).where(tables.job_slots.c.holder.is_not(None)))
        db.close()

    print(f"\nworker 1 killed; all {SEQUENCES} done {time.monotonic() - killed_at:.1f} s later; "
          f"engine peak {sampler.peak} of limit {LIMIT} over {sampler.samples} samples")  # fmt: skip
    assert [s["status"] for s in finals] == ["completed"] * SEQUENCES, [s["status"] for s in finals]
    # One provider job per shot, each shot's own: nothing was paid for twice across the kill.
    shot_video_ids = [shot["video_id"] for s in finals for shot in s["shots"]]
    assert len(engine_jobs) == 2 * SEQUENCES == len(set(shot_video_ids))
    assert {job["id"] for job in engine_jobs} == set(shot_video_ids)
    # Every page saw the sequence run and finish, and each shot go through its states.
    for stream in streams:
        statuses = [status for status, _ in stream.seen]
        assert stream.final == "completed" and "running" in statuses, stream.seen
        shot_states = {state for _, shots in stream.seen for state in shots}
        assert {"in_progress", "completed"} <= shot_states, stream.seen
    assert 0 < sampler.peak <= LIMIT and sampler.samples > 20
    assert verdict == "ok" and held["n"] == 0


def _busy(db: Database, worker_id: str) -> bool:
    """Whether the worker is driving a sequence with a provider job in flight."""
    query = sa.text(
        "SELECT count(*) FROM dbos.workflow_status w "
        "JOIN shots s ON s.sequence_id = split_part(w.workflow_uuid, '.', 1) "
        "WHERE w.status = 'PENDING' AND w.executor_id = :me AND s.status = 'in_progress' AND s.video_id IS NOT NULL"
    )
    with db.engine.connect() as conn:
        return conn.execute(query, {"me": worker_id}).scalar_one() > 0


def test_a_worker_stopped_with_sigterm_hands_its_sequences_on(tmp_path):
    """A deploy stops workers politely: the one stopped exits 0 and its sequences go on at once elsewhere."""
    with Team(tmp_path, workers=2, engine_env={"LOCAL_ENGINE_LATENCY": "3"}, WORKER_SEQUENCES="2") as team:
        ids = [
            requests.post(f"{team.base}/api/generate", json=story(n), timeout=30).json()["sequence_id"]
            for n in range(4)
        ]
        db = Database(url=postgres_driver(team.postgres.url))
        deadline = time.monotonic() + 60
        while not _busy(db, "w1") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _busy(db, "w1"), "worker 1 never took a sequence"
        team.workers[0].proc.terminate()
        # Its runs get up to 10 s to wind up (backend/team/queue.py).
        assert team.workers[0].proc.wait(30) == 0
        for sequence_id in ids:
            url = f"{team.base}/api/sequences/{sequence_id}"
            assert (
                poll_json(url, lambda s: s["status"] in ("completed", "failed"), timeout=120)["status"] == "completed"
            )
        engine_jobs = team.engine_jobs()
        db.close()
    assert len(engine_jobs) == 2 * len(ids)  # nothing sent twice across the hand-over
    assert "stopping: no new provider jobs" in (tmp_path / "w1.log").read_text()
