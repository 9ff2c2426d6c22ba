"""Scale out a team studio: sequences per minute and p95 time to first progress with 1, 2 and 4 workers.

Each run starts PostgreSQL, a standalone local engine with LOCAL_ENGINE_LATENCY=L, one web process and
N workers, each worker driving WORKER_SEQUENCES=2 sequences at once (the unit added by a new worker),
with MAX_CONCURRENT_JOBS high enough not to be the limit. It submits 12 two-shot sequences (shot 2 a
remix of shot 1, so each takes at least 2L) and times Generate to completed for the batch, and Generate
to the first progress event each sequence's stream delivers (a shot in progress).
Run: .venv/bin/python bench/scale.py [latency_seconds]
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.team import Team  # noqa: E402

SEQUENCES = 12
PER_WORKER = 2


def story(n: int) -> dict:
    who = f"Courier number {n}, a tall woman in a yellow raincoat"
    shot = {"character": who, "environment": "a wet harbour at dawn"}
    return {"shots": [shot, {**shot, "lighting_camera": "close-up"}], "seconds": "4", "size": "720x1280"}


def first_progress(url: str, started: float, into: list[float]) -> None:
    """Append the seconds from `started` to the first event with a shot in progress; read to the end."""
    seen = False
    with requests.get(url, stream=True, timeout=(10, 600)) as answer:
        for line in answer.iter_lines(decode_unicode=True):
            if not line or not line.startswith("data: {") or line == "data: {}":
                continue
            data = json.loads(line[6:])
            if not seen and any(shot["status"] in ("in_progress", "completed") for shot in data["shots"]):
                into.append(time.monotonic() - started)
                seen = True
            if data["status"] in ("completed", "failed"):
                return


def run(workers: int, latency: float) -> tuple[float, float, int]:
    """Return (wall seconds for the batch, p95 seconds to first progress, sequences completed)."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        Team(
            Path(tmp),
            workers=workers,
            engine_env={"LOCAL_ENGINE_LATENCY": str(latency)},
            MAX_CONCURRENT_JOBS="64",
            WORKER_SEQUENCES=str(PER_WORKER),
        ) as team,
    ):
        firsts: list[float] = []
        streams = []
        started = time.monotonic()
        for n in range(SEQUENCES):
            answer = requests.post(f"{team.base}/api/generate", json=story(n), timeout=30)
            url = f"{team.base}/api/sequences/{answer.json()['sequence_id']}/events"
            stream = threading.Thread(target=first_progress, args=(url, time.monotonic(), firsts), daemon=True)
            stream.start()
            streams.append((stream, answer.json()["sequence_id"]))
        for stream, _ in streams:
            stream.join(600)
        wall = time.monotonic() - started
        done = sum(
            requests.get(f"{team.base}/api/sequences/{sid}", timeout=10).json()["status"] == "completed"
            for _, sid in streams
        )
    firsts.sort()
    p95 = firsts[max(0, int(round(0.95 * len(firsts))) - 1)] if firsts else float("nan")
    return wall, p95, done


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    print(f"{SEQUENCES} two-shot sequences (shot 2 remixes shot 1: at least 2L each), L={latency:g} s, "
          f"{PER_WORKER} sequences per worker at once, 2 cores for everything:")  # fmt: skip
    results = {}
    for workers in (1, 2, 4):
        wall, p95, done = run(workers, latency)
        results[workers] = wall
        print(
            f"  {workers} worker(s): {done}/{SEQUENCES} done in {wall:6.1f} s = {SEQUENCES * 60 / wall:5.1f} "
            f"sequences/min ({results[1] / wall:.2f}x one worker); p95 first progress {p95:5.1f} s "
            f"({p95 / latency:.1f} L)"
        )
    ideal = SEQUENCES / PER_WORKER * 2 * latency
    print(f"  one worker's floor: {SEQUENCES // PER_WORKER} rounds of 2L = {ideal:.0f} s")


if __name__ == "__main__":
    main()
