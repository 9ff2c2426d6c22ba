"""Serve the studio with uvicorn on a socket we bind ourselves, and stop cleanly on SIGTERM or Ctrl-C.

Binding first lets a busy port be reported in one plain sentence instead of a server's traceback.
On a stop signal the jobs stop starting paid work at once (their rows stay resumable), the server stops
accepting, finishes the answers in progress, and cuts the progress streams after a short grace.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable

import uvicorn

log = logging.getLogger(__name__)
GRACE_SECONDS = 3  # open progress streams are cut after this; pages reconnect to the next start


class PortInUse(OSError):
    """Another program already listens on the studio's port."""


def bind(host: str, port: int) -> socket.socket:
    """Return a listening socket on host:port, or raise PortInUse saying what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            message = f"port {port} is in use on {host}; stop what uses it, or set PORT to another port"
            raise PortInUse(message) from None
        raise
    sock.listen(2048)
    return sock


def serve(asgi, sock: socket.socket, on_stop: Callable[[], None]) -> None:
    """Run the server on `sock` until a stop signal; `on_stop` runs as soon as the signal arrives."""
    config = uvicorn.Config(
        asgi,
        lifespan="off",
        access_log=False,  # a request line may carry ?token=: the studio logs what it does instead
        log_config=None,
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
    )
    server = uvicorn.Server(config)

    def stopping(sig, frame) -> None:
        if not server.should_exit:
            log.info("stopping: no new provider jobs; unfinished work resumes at the next start")
            on_stop()
        server.handle_exit(sig, frame)  # a second Ctrl-C forces the exit

    @contextlib.contextmanager
    def signals_stop_the_studio():
        # Instead of uvicorn's own handlers, which re-raise the signal at the end: a stop is a clean exit (0).
        previous = {sig: signal.signal(sig, stopping) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    server.capture_signals = signals_stop_the_studio
    server.run(sockets=[sock])


class ServerThread:
    """The studio served in a background thread on a bound socket (the command line's in-process studio)."""

    def __init__(self, asgi, sock: socket.socket) -> None:
        self.sock = sock
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(asgi, lifespan="off", access_log=False, log_config=None, timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)  # in a thread, uvicorn leaves the signals to the main thread
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the studio did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.should_exit = True
        self._thread.join(10)
        self.sock.close()
