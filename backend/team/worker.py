"""`shot-studio worker`: a team worker process. It serves no page; it drives queued sequences until stopped.

Optionally (WORKER_PORT) it answers /health, /ready and /metrics for the orchestrator and Prometheus.
A stop signal stops it taking work; the sequences it was driving stay pending in the queue, and resume on
its next start under the same WORKER_ID or on a peer once its heartbeat is missed.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from backend import config, logs
from backend.app import create_app
from backend.team import metrics, readiness
from backend.team.roles import Worker, become_worker

log = logging.getLogger(__name__)


def main() -> None:
    """Run a worker until SIGTERM or Ctrl-C."""
    logs.configure()
    try:
        app = create_app({"STUDIO_ROLE": "worker", "MOUNT_ENGINE": False})
    except config.ConfigError as exc:
        raise SystemExit(f"shot-studio worker: {exc}") from None
    settings = app.extensions["settings"].get()
    logs.configure(settings.log_format, "worker")
    worker = become_worker(app.extensions["jobs"], app.extensions["db"], settings)
    probes = (
        serve_probes(worker, settings.host, settings.worker_port, settings.monthly_budget)
        if settings.worker_port
        else None
    )
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    # Wake up now and then: a stop signal may land on any of the worker's threads, and Python runs its
    # handler only when the main thread next runs; a wait with no timeout once left a SIGTERM unheard.
    while not stopped.wait(0.5):
        pass
    log.info("worker %s stopping: no new provider jobs; its unfinished work stays queued", worker.worker_id)
    if probes is not None:
        probes.shutdown()
    worker.stop()


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - probes every few seconds are not news
        pass


def serve_probes(worker: Worker, host: str, port: int, monthly_budget: float | None = None) -> WSGIServer:
    """Answer /health, /ready and /metrics on host:port in a background thread."""

    def probes(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            start_response("200 OK", [("Content-Type", metrics.CONTENT_TYPE)])
            return [metrics.render(worker.db, monthly_budget)]
        if path == "/health":
            body, status = {"status": "healthy", "role": "worker", "worker_id": worker.worker_id}, "200 OK"
        elif path == "/ready":
            answer = readiness.check(worker.db, "worker")
            body, status = answer.model_dump(), "200 OK" if answer.ready else "503 Service Unavailable"
        else:
            body, status = {"error": {"message": "Not found", "code": "not_found"}}, "404 Not Found"
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    server = make_server(host, port, probes, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    log.info("worker probes on http://%s:%d (/health, /ready, /metrics)", host, port)
    return server
