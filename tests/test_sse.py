"""Live progress: Server-Sent Events on the event loop, for many pages at once, closed once work ends."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import requests

from tests.conftest import SHOTS, make_studio, wait_for
from tests.servers import AsgiServer, studio_process
from tests.test_hostile import TRAVERSALS

CLIENTS = 30


def events(url: str, timeout: float = 60, **kwargs) -> tuple[list[dict], float]:
    """Read a stream to its end; return its sequence events and how long it stayed open."""
    started, seen = time.monotonic(), []
    with requests.get(url, stream=True, timeout=timeout, **kwargs) as stream:
        assert stream.status_code == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("data: ") and line != "data: {}":
                seen.append(json.loads(line[6:]))
    return seen, time.monotonic() - started


@pytest.mark.slow
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
        results: list[tuple[list[str], float]] = []
        lock = threading.Lock()

        def follow() -> None:
            seen, open_for = events(url, timeout=90)
            with lock:
                results.append(([event["status"] for event in seen], open_for))

        threads = [threading.Thread(target=follow) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        assert len(results) == CLIENTS
        for statuses, open_for in results:
            assert statuses[-1] == "completed", statuses  # the stream itself ended after the final state
            assert "running" in statuses and len(statuses) >= 3, "each change arrives as it happens"
            assert open_for > 1.5, "events were streamed, not buffered to the end"
        # A finished sequence: its final state, then the stream closes at once.
        seen, open_for = events(url, timeout=10)
        assert [event["status"] for event in seen] == ["completed"] and open_for < 5
        assert requests.get(f"{base}/health", timeout=5).status_code == 200
    finally:
        studio.stop()


@pytest.fixture
def served(tmp_path, engine):
    app = make_studio(tmp_path, engine, STUDIO_TOKEN="sse-test-token")
    server = AsgiServer(app)
    yield app, server
    server.stop()
    app.extensions["jobs"].shutdown()


def test_streams_are_guarded_and_unknown_sequences_are_json_404s(served):
    app, server = served
    client = app.test_client()
    sequence_id = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}).get_json()["sequence_id"]
    wait_for(client, sequence_id)
    url = f"{server.url}/api/sequences/{sequence_id}/events"
    for headers in ({"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}, {"Host": "evil.example"}):
        refused = requests.get(url, headers=headers, timeout=10)
        assert refused.status_code in (403, 421) and refused.json()["error"]["code"], headers
        assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    paired, _ = events(url + "?token=sse-test-token", headers={"Origin": "null"}, timeout=10)
    assert paired[-1]["status"] == "completed"
    for bad in ("20991231-000000-abcd", "x" * 300, *TRAVERSALS):
        missing = requests.get(f"{server.url}/api/sequences/{bad}/events", timeout=10)
        assert 400 <= missing.status_code < 500 and missing.json()["error"]["message"], bad
        assert "root:x:" not in missing.text


def test_a_hundred_open_pages_do_not_slow_the_studio(served, tmp_path):
    """The old server held a thread per stream and froze at 48; here streams hold none."""
    app, server = served
    client = app.test_client()
    app.extensions["jobs"].stop.set()  # the sequences stay queued, so their streams stay open
    ids = [client.post("/api/generate", json={"shots": SHOTS[:1]}).get_json()["sequence_id"] for _ in range(4)]
    streams = []
    try:
        for index in range(100):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            path = f"/api/sequences/{ids[index % len(ids)]}/events"
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
            assert b"200 OK" in sock.recv(4096)
            streams.append(sock)
        slowest = 0.0
        for _ in range(10):
            started = time.monotonic()
            assert requests.get(f"{server.url}/api/check-key", timeout=10).status_code == 200
            slowest = max(slowest, time.monotonic() - started)
        assert slowest < 2.0, f"a plain request took {slowest:.2f} s with 100 streams open"
    finally:
        for sock in streams:
            sock.close()
