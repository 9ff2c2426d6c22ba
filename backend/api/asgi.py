"""The studio as one ASGI application: progress streams on the event loop, everything else through Flask.

A progress stream stays open as long as a page shows a running sequence. Under a thread-per-request
WSGI server each open page held a thread, and sixty pages froze the studio; here a stream is an idle
coroutine, and Flask's routes keep a pool of threads (a2wsgi) for the requests that do work.
"""

from __future__ import annotations

import re

from a2wsgi import WSGIMiddleware
from flask import Flask

from backend.api.events import ProgressStreams

WSGI_THREADS = 32
EVENTS = re.compile(r"/api/sequences/([^/]+)/events")


def create_asgi(app: Flask):
    """Wrap the Flask studio (and its mounted engine) so that progress streams never take a thread."""
    wsgi = WSGIMiddleware(app, workers=WSGI_THREADS)
    streams = ProgressStreams(app.extensions["db"], app.extensions["jobs"].changes, app.extensions["security_policy"])

    async def studio(scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            match = EVENTS.fullmatch(scope["path"])
            if match:
                return await streams(scope, receive, send, match.group(1))
        return await wsgi(scope, receive, send)

    return studio
