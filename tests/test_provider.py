"""The provider wrapper against small in-test servers shaped like the providers that outlived Sora."""

from __future__ import annotations

import json
import threading
import time

import pytest
from werkzeug.wrappers import Request, Response

from backend.providers.client import Connection, Provider
from backend.providers.errors import PollTimeout, RejectedError, RemixUnavailable, TransientError
from tests.servers import ThreadServer


class Quirky:
    """Answers like SGLang/vLLM-Omni: odd statuses, integer seconds, {"detail": ...} errors, Retry-After."""

    def __init__(self) -> None:
        self.polls = 0
        self.creates = 0
        self.busy_creates = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        request = Request(environ)
        path, method = request.path, request.method
        with self.lock:
            if method == "POST" and path == "/v1/videos":
                self.creates += 1
                if self.busy_creates:
                    self.busy_creates -= 1
                    body, status, headers = {"detail": "queue full"}, 429, {"Retry-After": "0.2"}
                elif "forbidden" in request.form.get("prompt", ""):
                    body, status, headers = {"detail": [{"loc": ["body", "prompt"], "msg": "prompt refused"}]}, 422, {}
                else:
                    body, status, headers = (
                        {
                            "id": "vid-1",
                            "object": "video",
                            "status": "pending",
                            "seconds": 4,
                            "model": "wan",
                            "size": "720x1280",
                            "created_at": 1,
                        },
                        200,
                        {},
                    )
            elif path == "/v1/videos/vid-1":
                self.polls += 1
                state = "processing" if self.polls < 3 else "succeeded"
                body, status, headers = (
                    {
                        "id": "vid-1",
                        "object": "video",
                        "status": state,
                        "progress": 50,
                        "seconds": 4,
                        "model": "wan",
                        "size": "720x1280",
                        "created_at": 1,
                    },
                    200,
                    {},
                )
            elif path.endswith("/remix"):
                body, status, headers = {"detail": "Method Not Allowed"}, 405, {}
            elif path == "/v1/videos/stuck":
                body, status, headers = (
                    {
                        "id": "stuck",
                        "status": "running",
                        "created_at": 1,
                        "model": "x",
                        "object": "video",
                        "size": "720x1280",
                        "seconds": "4",
                    },
                    200,
                    {},
                )
            else:
                body, status, headers = {"detail": "Not Found"}, 404, {}
        return Response(json.dumps(body), status, headers, content_type="application/json")(environ, start_response)


@pytest.fixture
def quirky():
    app = Quirky()
    server = ThreadServer(app)
    yield app, Provider(Connection(f"{server.url}/v1", "k", poll_timeout=5))
    server.stop()


def test_odd_statuses_and_integer_seconds_are_understood(quirky):
    _, provider = quirky
    created = provider.create("a cat", "wan", "4", "720x1280")
    assert (created.status, created.seconds) == ("queued", "4")
    updates = []
    done = provider.wait("vid-1", updates.append)
    assert done.status == "completed" and done.progress == 100
    assert [u.status for u in updates] == ["in_progress", "in_progress", "completed"]


def test_detail_errors_become_readable_rejections(quirky):
    _, provider = quirky
    with pytest.raises(RejectedError) as caught:
        provider.create("forbidden thing", "wan", "4", "720x1280")
    assert caught.value.message == "prompt refused" and caught.value.status == 422
    with pytest.raises(RejectedError) as missing:
        provider.retrieve("nope")
    assert missing.value.message == "Not Found"


def test_missing_remix_is_reported_as_unavailable(quirky):
    _, provider = quirky
    with pytest.raises(RemixUnavailable) as caught:
        provider.remix("vid-1", "again")
    assert caught.value.status == 405


def test_429_waits_as_retry_after_says_then_succeeds(quirky):
    app, provider = quirky
    app.busy_creates = 2
    started = time.monotonic()
    assert provider.create("a cat", "wan", "4", "720x1280").id == "vid-1"
    assert app.creates == 3 and time.monotonic() - started >= 0.4


def test_poll_gives_up_after_the_timeout(quirky):
    _, provider = quirky
    provider.connection = Connection(provider.connection.base_url, "k", poll_timeout=1.0)
    with pytest.raises(PollTimeout) as caught:
        provider.wait("stuck", lambda state: None)
    assert "MAX_POLL_TIMEOUT" in caught.value.message


def test_dead_provider_is_a_clear_transient_error():
    provider = Provider(Connection("http://127.0.0.1:9/v1", "k", poll_timeout=1))
    with pytest.raises(TransientError) as caught:
        provider.retrieve("x")
    assert "cannot be reached" in caught.value.message
