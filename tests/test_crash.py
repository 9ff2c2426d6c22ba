"""Kill the studio with SIGKILL mid-sequence; after a restart it finishes with no duplicate provider jobs."""

from __future__ import annotations

import sqlite3
import time

import pytest
import requests

from tests.conftest import SHOTS
from tests.servers import EngineAndStudio, poll_json

pytestmark = pytest.mark.slow  # real processes end to end: ./test.sh runs them, plain pytest skips them


def test_sigkill_mid_sequence_then_restart_finishes_without_duplicates(tmp_path):
    with EngineAndStudio(tmp_path, {"LOCAL_ENGINE_LATENCY": "2"}) as pair:
        answer = requests.post(f"{pair.base}/api/generate", json={"shots": SHOTS, "seconds": "4"}, timeout=10)
        sequence_id = answer.json()["sequence_id"]
        url = f"{pair.base}/api/sequences/{sequence_id}"
        # First kill: shot one's job exists at the provider and is being polled.
        poll_json(url, lambda d: d["shots"][0]["video_id"] is not None)
        pair.studio.kill()
        pair.studio.start()
        # Second kill: the later shots are being remixed in parallel.
        poll_json(url, lambda d: all(s["video_id"] for s in d["shots"][1:]))
        pair.studio.kill()
        pair.studio.start()
        done = poll_json(url, lambda d: d["status"] in ("completed", "failed"))
        assert done["status"] == "completed", done
        jobs = pair.engine_jobs()
        assert sorted(v["id"] for v in jobs) == sorted(s["video_id"] for s in done["shots"]), "no duplicate jobs"
        folder = pair.storage / sequence_id
        assert not list(folder.glob("*.part")) and not list(folder.glob(".*"))
        assert requests.get(f"{pair.base}{done['sequence_url']}", timeout=10).status_code == 200
    with sqlite3.connect(pair.storage / "studio.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def shot_rows(storage) -> list[sqlite3.Row]:
    """Read the studio's job rows directly, as a crash investigator would."""
    path = storage / "studio.db"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        db.row_factory = sqlite3.Row
        try:
            return db.execute("SELECT * FROM shots ORDER BY sequence_id, shot_number").fetchall()
        except sqlite3.OperationalError:
            return []


def wait_db(storage, condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition(shot_rows(storage), storage):
            return
        time.sleep(0.01)
    raise TimeoutError("the studio never reached the moment to kill it")


def run_with_kill(tmp_path, faults: str, shots: list, seconds: str, size: str, moment) -> tuple[dict, list]:
    """Start engine and studio, generate, SIGKILL the studio at `moment`, restart, wait for the end."""
    with EngineAndStudio(tmp_path, {"LOCAL_ENGINE_LATENCY": "1", "LOCAL_ENGINE_FAULTS": faults}) as pair:
        answer = requests.post(
            f"{pair.base}/api/generate", json={"shots": shots, "seconds": seconds, "size": size}, timeout=30
        )
        sequence_id = answer.json()["sequence_id"]
        wait_db(pair.storage, moment)
        pair.studio.kill()
        pair.studio.start()
        url = f"{pair.base}/api/sequences/{sequence_id}"
        done = poll_json(url, lambda d: d["status"] in ("completed", "failed"), 120)
        folder = pair.storage / sequence_id
        assert not [p.name for p in folder.iterdir() if ".part" in p.name], "no half-written file is left"
        return done, pair.engine_jobs()


def test_sigkill_right_after_the_create_is_sent_adopts_the_job(tmp_path):
    def create_in_flight(rows, storage):
        sent = bool(rows) and rows[0]["submit_sent_at"] is not None and rows[0]["video_id"] is None
        if sent:
            time.sleep(1.0)  # the request is on the wire; the slow engine answers after 2.5 s
        return sent

    done, jobs = run_with_kill(tmp_path, "slow=1,slow_seconds=2.5", SHOTS[:1], "4", "720x1280", create_in_flight)
    assert done["status"] == "completed", done
    assert [v["id"] for v in jobs] == [done["shots"][0]["video_id"]], "the orphaned job was adopted, not repeated"
    assert "adopting job" in (tmp_path / "studio.log").read_text()


def test_sigkill_mid_download_leaves_no_partial_file(tmp_path):
    def downloading(rows, storage):
        return any(".shot_1.mp4" in p.name and ".part" in p.name for p in storage.glob("*/.*"))

    done, jobs = run_with_kill(tmp_path, "slow=1,slow_seconds=1.5", SHOTS[:1], "4", "720x1280", downloading)
    assert done["status"] == "completed", done
    assert len(jobs) == 1
    folder = tmp_path / "out" / done["sequence_id"]
    from backend.media.probe import probe

    assert abs(probe(folder / "shot_1.mp4").duration - 4) < 0.1


def test_sigkill_mid_stitch_restitches_cleanly(tmp_path):
    def stitching(rows, storage):
        if len(rows) < 3 or not all(r["status"] == "completed" for r in rows):
            return False
        with sqlite3.connect(f"file:{storage / 'studio.db'}?mode=ro", uri=True) as db:
            return db.execute("SELECT status FROM sequences").fetchone()[0] == "stitching"

    done, jobs = run_with_kill(tmp_path, "", SHOTS, "12", "1792x1024", stitching)
    assert done["status"] == "completed", done
    assert len(jobs) == 3
    from backend.media.probe import probe

    info = probe(tmp_path / "out" / done["sequence_id"] / "sequence.mp4")
    assert abs(info.duration - 36) < 0.1 and info.has_audio


def test_sigterm_stops_cleanly_and_the_next_start_finishes_the_work(tmp_path):
    with EngineAndStudio(tmp_path, {"LOCAL_ENGINE_LATENCY": "3"}) as pair:
        answer = requests.post(f"{pair.base}/api/generate", json={"shots": SHOTS, "seconds": "4"}, timeout=10)
        sequence_id = answer.json()["sequence_id"]
        url = f"{pair.base}/api/sequences/{sequence_id}"
        poll_json(url, lambda d: d["shots"][0]["status"] == "in_progress")
        started = time.monotonic()
        pair.studio.proc.terminate()  # SIGTERM, as a service manager or Ctrl-C sends
        assert pair.studio.proc.wait(20) == 0, "a stop signal is a clean exit"
        stopped_in = time.monotonic() - started
        log = (tmp_path / "studio.log").read_text()
        assert "stopping: no new provider jobs" in log and "Traceback" not in log
        rows = {row["shot_number"]: row for row in shot_rows(pair.storage)}
        assert rows[1]["video_id"] and all(rows[n]["video_id"] is None for n in (2, 3)), "nothing new went out"
        pair.studio.start()
        done = poll_json(url, lambda d: d["status"] in ("completed", "failed"))
        assert done["status"] == "completed", done
        assert len(pair.engine_jobs()) == 3, "one provider job per shot across the stop"
    assert stopped_in < 10, f"stopping took {stopped_in:.1f} s"
