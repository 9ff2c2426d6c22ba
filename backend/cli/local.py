"""The studio run inside the command (no server to start first), on a free port of this machine.

It is the same studio `./start.sh` runs: same settings, same storage, same embedded engine; on exit its
jobs stop and every unfinished sequence resumes the next time a studio starts on that storage.
"""

from __future__ import annotations

import logging
import socket
from contextlib import contextmanager

from backend.api.asgi import create_asgi
from backend.api.server import ServerThread
from backend.app import create_app


@contextmanager
def local_studio(**overrides):
    """Yield the base URL of a studio served in this process; stop it (resumably) on the way out."""
    logging.getLogger("backend").setLevel(logging.WARNING)  # the command draws its own progress
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    app = create_app({"HOST": "127.0.0.1", "PORT": sock.getsockname()[1], **overrides})
    server = ServerThread(create_asgi(app), sock)
    try:
        yield server.url
    finally:
        app.extensions["jobs"].shutdown()
        server.stop()
        engine = app.extensions.get("local_engine_app")
        if engine is not None:
            engine.extensions["local_engine"].worker.shutdown()
