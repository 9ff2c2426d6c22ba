"""Time to preview: a 3-shot, 8 s sequence on the studio's own engine, Generate to stitched file.

The studio runs as `./start.sh` runs it (embedded engine, its defaults), once per line, side by side:
the previous release's default (LOCAL_ENGINE_LATENCY=4, remix), today's default engine in remix mode, and
today's default in keyframes mode. Goal for keyframes on the defaults: 6 s on 2 cores.
Run: .venv/bin/python bench/preview.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sequence import SHOTS  # noqa: E402
from tests.servers import studio_process  # noqa: E402


def preview(continuity: str, **env: str) -> float:
    """Start a studio on its embedded engine, generate, and return seconds until the stitched file exists."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        studio = studio_process(
            root / "out", root / "studio.log", STUDIO_CONFIG_FILE=str(root / "c.json"), OPENAI_API_KEY="",
            OPENAI_BASE_URL="", **env,
        ).start()  # fmt: skip
        base = studio.health_url.removesuffix("/health")
        try:
            body = {"shots": SHOTS, "seconds": "8", "size": "720x1280", "continuity": continuity}
            started = time.monotonic()
            sequence_id = requests.post(f"{base}/api/generate", json=body, timeout=30).json()["sequence_id"]
            while requests.get(f"{base}/api/sequences/{sequence_id}", timeout=30).json()["status"] not in (
                "completed",
                "failed",
            ):
                time.sleep(0.05)
            return time.monotonic() - started
        finally:
            studio.stop()


def main() -> None:
    rows = [
        ("before: latency 4 s (old default), remix", preview("remix", LOCAL_ENGINE_LATENCY="4")),
        ("today's defaults, remix", preview("remix")),
        ("today's defaults, keyframes", preview("keyframes")),
    ]
    print("3 shots x 8 s at 720x1280 on the embedded engine, Generate to stitched file:")
    for label, seconds in rows:
        print(f"  {label:<42} {seconds:6.2f} s")
    keyframes = rows[-1][1]
    print(f"  keyframes / before = {keyframes / rows[0][1]:.2f}; goal 6 s: {'met' if keyframes <= 6 else 'missed'}")


if __name__ == "__main__":
    main()
