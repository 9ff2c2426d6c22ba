"""Live progress: many Server-Sent Event clients at once on the production server (waitress)."""

from __future__ import annotations

import json
import threading
import time

import requests

from tests.conftest import SHOTS
from tests.servers import studio_process

CLIENTS = 30


def test_many_event_streams_follow_one_sequence_to_the_end(tmp_path):
    studio = studio_process(
        tmp_path / "out",
        tmp_path / "studio.log",
        LOCAL_ENGINE_LATENCY="2",
        STUDIO_CONFIG_FILE=str(tmp_path / "c.json"),
        OPENAI_API_KEY="",
        OPENAI_BASE_URL="",
    )
    studio.start()
    base = studio.health_url.removesuffix("/health")
    try:
        sequence = requests.post(f"{base}/api/generate", json={"shots": SHOTS[:2], "seconds": "4"}, timeout=10).json()
        url = f"{base}/api/sequences/{sequence['sequence_id']}/events"
        results: list[tuple[list[str], float, float]] = []
        lock = threading.Lock()

        def follow() -> None:
            statuses, first = [], None
            with requests.get(url, stream=True, timeout=60) as stream:
                for line in stream.iter_lines(decode_unicode=True):
                    if line.startswith("data: "):
                        first = first or time.monotonic()
                        statuses.append(json.loads(line[6:])["status"])
                        if statuses[-1] in ("completed", "failed"):
                            break
            with lock:
                results.append((statuses, first, time.monotonic()))

        threads = [threading.Thread(target=follow) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        assert len(results) == CLIENTS
        for statuses, first, last in results:
            assert statuses[-1] == "completed", statuses
            assert "running" in statuses and len(statuses) >= 3, "each change arrives as it happens"
            assert last - first > 1.5, "events were streamed, not buffered to the end"
        assert requests.get(f"{base}/health", timeout=5).status_code == 200
    finally:
        studio.stop()
