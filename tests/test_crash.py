"""Kill the studio with SIGKILL mid-sequence; after a restart it finishes with no duplicate provider jobs."""

from __future__ import annotations

import sqlite3
import time

import requests

from tests.conftest import SHOTS
from tests.servers import engine_process, studio_process


def poll(url: str, done, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = requests.get(url, timeout=5).json()
        if done(data):
            return data
        time.sleep(0.1)
    raise TimeoutError(f"{url}: {data}")


def test_sigkill_mid_sequence_then_restart_finishes_without_duplicates(tmp_path):
    engine = engine_process(tmp_path / "engine", tmp_path / "engine.log", LOCAL_ENGINE_LATENCY="2").start()
    engine_url = engine.health_url.split("/videos")[0]
    studio = studio_process(
        tmp_path / "out",
        tmp_path / "studio.log",
        OPENAI_BASE_URL=engine_url,
        OPENAI_API_KEY="sk-crash-test-key-0000",
        STUDIO_CONFIG_FILE=str(tmp_path / "c.json"),
    )
    studio.start()
    base = studio.health_url.removesuffix("/health")
    try:
        answer = requests.post(f"{base}/api/generate", json={"shots": SHOTS, "seconds": "4"}, timeout=10)
        sequence_id = answer.json()["sequence_id"]
        url = f"{base}/api/sequences/{sequence_id}"
        # First kill: shot one's job exists at the provider and is being polled.
        poll(url, lambda d: d["shots"][0]["video_id"] is not None)
        studio.kill()
        studio.start()
        # Second kill: the later shots are being remixed in parallel.
        poll(url, lambda d: all(s["video_id"] for s in d["shots"][1:]))
        studio.kill()
        studio.start()
        done = poll(url, lambda d: d["status"] in ("completed", "failed"))
        assert done["status"] == "completed", done
        jobs = requests.get(f"{engine_url}/videos?limit=100", timeout=5).json()["data"]
        assert sorted(v["id"] for v in jobs) == sorted(s["video_id"] for s in done["shots"]), "no duplicate jobs"
        folder = tmp_path / "out" / sequence_id
        assert not list(folder.glob("*.part")) and not list(folder.glob(".*"))
        assert requests.get(f"{base}{done['sequence_url']}", timeout=10).status_code == 200
    finally:
        studio.stop()
        engine.stop()
    with sqlite3.connect(tmp_path / "out" / "studio.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
