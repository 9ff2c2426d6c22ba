"""Time a 3-shot remix sequence on the local engine against the sequential 3L and the 2L limit.

Shot one must finish before the remixes can start, so the best possible is about 2L (L = one job's
latency) plus downloads and the stitch; doing the shots one by one would take 3L.
Run: .venv/bin/python bench/sequence.py [latency_seconds]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import EngineAndStudio  # noqa: E402

SHOTS = [
    {
        "character": "Mara, a courier in a yellow raincoat",
        "environment": "a neon-lit night market",
        "lighting_camera": "wide shot, slow push in",
        "dialog": "Mara: We leave at dawn.",
    },
    {
        "character": "Mara, a courier in a yellow raincoat",
        "environment": "a neon-lit night market",
        "lighting_camera": "close-up, static",
        "dialog": "Jo: Not without the map.",
    },
    {
        "character": "Mara, a courier in a yellow raincoat",
        "environment": "a neon-lit night market",
        "lighting_camera": "medium shot, pan left",
        "dialog": "",
    },
]


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0
    with (
        tempfile.TemporaryDirectory() as tmp,
        EngineAndStudio(Path(tmp), {"LOCAL_ENGINE_LATENCY": str(latency)}) as pair,
    ):
        started = time.monotonic()
        answer = requests.post(
            f"{pair.base}/api/generate", json={"shots": SHOTS, "seconds": "8", "size": "720x1280"}, timeout=10
        )
        url = f"{pair.base}/api/sequences/{answer.json()['sequence_id']}"
        while (data := requests.get(url, timeout=5).json())["status"] not in ("completed", "failed"):
            time.sleep(0.05)
        wall = time.monotonic() - started
    print(f"3-shot remix sequence, 8 s shots at 720x1280, LOCAL_ENGINE_LATENCY={latency:g} s: {data['status']}")
    print(f"  wall time          {wall:6.2f} s")
    print(f"  sequential 3L      {3 * latency:6.2f} s   (ratio {wall / (3 * latency):.2f})")
    print(
        f"  limit 2L           {2 * latency:6.2f} s   (goal <= 2L + 1 s = {2 * latency + 1:.2f} s: "
        f"{'met' if wall <= 2 * latency + 1 else 'missed'})"
    )


if __name__ == "__main__":
    main()
