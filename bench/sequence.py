"""Time a 3-shot sequence on the local engine in remix and in keyframes mode, side by side.

In remix mode shot one must finish before the remixes can start, so the best possible is about 2L (L = one
job's latency) plus downloads and the stitch; one by one would take 3L. Keyframes mode draws three stills
(seconds) and then makes every clip at once: about 1L.
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


def run(latency: float, continuity: str) -> tuple[float, str]:
    """Generate the 3 shots in one continuity mode; return the wall time to the stitched file and the status."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        EngineAndStudio(Path(tmp), {"LOCAL_ENGINE_LATENCY": str(latency)}) as pair,
    ):
        started = time.monotonic()
        body = {"shots": SHOTS, "seconds": "8", "size": "720x1280", "continuity": continuity}
        answer = requests.post(f"{pair.base}/api/generate", json=body, timeout=10)
        url = f"{pair.base}/api/sequences/{answer.json()['sequence_id']}"
        while (data := requests.get(url, timeout=5).json())["status"] not in ("completed", "failed"):
            time.sleep(0.05)
        return time.monotonic() - started, data["status"]


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0
    remix, remix_status = run(latency, "remix")
    keyframes, keyframes_status = run(latency, "keyframes")
    print(f"3-shot sequence, 8 s shots at 720x1280, LOCAL_ENGINE_LATENCY={latency:g} s (L), side by side:")
    print(f"  remix      {remix:6.2f} s  {remix_status}   (shot one, then the remixes: about 2L = {2 * latency:.0f} s)")
    print(f"  keyframes  {keyframes:6.2f} s  {keyframes_status}   (stills, then every clip at once: about 1L)")
    print(f"  keyframes / remix = {keyframes / remix:.2f}; goal keyframes <= 1L + 4 s = {latency + 4:.0f} s: "
          f"{'met' if keyframes <= latency + 4 else 'missed'}")  # fmt: skip
    print(f"  sequential 3L = {3 * latency:.0f} s; remix goal 2L + 1 s = {2 * latency + 1:.0f} s: "
          f"{'met' if remix <= 2 * latency + 1 else 'missed'}")  # fmt: skip


if __name__ == "__main__":
    main()
