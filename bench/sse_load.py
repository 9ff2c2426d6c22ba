"""How fast a plain API request answers while 100, 500 and 1,000 progress streams are open.

Each stream follows a sequence that stays running (the embedded engine takes an hour per job), so every
stream stays open for the whole run. The latency of GET /api/check-key is measured with no stream open,
then at each level, side by side in one run. Goal: under 200 ms at 1,000 streams.
Run: .venv/bin/python bench/sse_load.py [requests_per_level]
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import studio_process  # noqa: E402

LEVELS = (100, 500, 1000)
SEQUENCES = 10
SHOT = {"character": "A lighthouse keeper in a grey wool coat", "environment": "a stormy cliff top"}


def open_stream(port: int, sequence_id: str) -> socket.socket:
    """Open one progress stream and wait for its first answer, as a page's EventSource would."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    request = (
        f"GET /api/sequences/{sequence_id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    sock.sendall(request.encode())
    head = sock.recv(65536)
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"stream refused: {head[:200]!r}")
    return sock


def latencies(url: str, count: int) -> list[float]:
    """Time `count` plain requests, one after another, each on a new connection."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        requests.get(url, timeout=30).raise_for_status()
        times.append(time.perf_counter() - started)
    return times


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        studio = studio_process(
            root / "out",
            root / "studio.log",
            LOCAL_ENGINE_LATENCY="3600",
            STUDIO_CONFIG_FILE=str(root / "c.json"),
            OPENAI_API_KEY="",
            OPENAI_BASE_URL="",
        ).start()
        base = studio.health_url.removesuffix("/health")
        port = int(base.rsplit(":", 1)[1])
        streams: list[socket.socket] = []
        try:
            ids = [
                requests.post(f"{base}/api/generate", json={"shots": [SHOT], "seconds": "4"}, timeout=30).json()[
                    "sequence_id"
                ]
                for _ in range(SEQUENCES)
            ]
            latencies(f"{base}/api/check-key", 10)  # warm up: first requests pay for imports and caches
            rows = [(0, latencies(f"{base}/api/check-key", count), rss_mb(studio.proc.pid))]
            for level in LEVELS:
                while len(streams) < level:
                    streams.append(open_stream(port, ids[len(streams) % SEQUENCES]))
                rows.append((level, latencies(f"{base}/api/check-key", count), rss_mb(studio.proc.pid)))
        finally:
            for sock in streams:
                sock.close()
            studio.stop()
    baseline = statistics.median(rows[0][1])
    print(f"GET /api/check-key, {count} requests per level, while N progress streams stay open")
    print(f"{'streams':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'median/0':>9} {'studio RSS MB':>14}")
    for level, times, rss in rows:
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        median = statistics.median(times)
        print(
            f"{level:>8} {median * 1000:>10.1f} {p95 * 1000:>8.1f} {max(times) * 1000:>8.1f} "
            f"{median / baseline:>9.2f} {rss:>14.0f}"
        )
    worst = max(sorted(rows[-1][1])[int(0.95 * (count - 1))], 0)
    verdict = "met" if worst < 0.2 else "missed"
    print(f"goal: p95 under 200 ms with {LEVELS[-1]} streams open: {verdict} ({worst * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
