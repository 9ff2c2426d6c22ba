"""Real HTTP servers for tests: a WSGI app in a thread, or a studio/engine as a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from werkzeug.serving import make_server

from backend.api.server import ServerThread

ROOT = Path(__file__).resolve().parents[1]


class ThreadServer:
    """Serve a WSGI app on a loopback port (a free one unless given) in a background thread."""

    def __init__(self, app, port: int = 0) -> None:
        self._server = make_server("127.0.0.1", port, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class AsgiServer(ServerThread):
    """Serve the studio's full ASGI application (progress streams included) with uvicorn in a thread."""

    def __init__(self, flask_app) -> None:
        from backend.api.asgi import create_asgi

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(2048)
        super().__init__(create_asgi(flask_app), sock)


def poll_json(url: str, done, timeout: float = 60, every: float = 0.1) -> dict:
    """GET `url` until `done(answer)` holds; return that answer, or fail saying what was last seen."""
    deadline = time.monotonic() + timeout
    data: dict = {}
    while time.monotonic() < deadline:
        data = requests.get(url, timeout=10).json()
        if done(data):
            return data
        time.sleep(every)
    raise TimeoutError(f"{url} still not done after {timeout:.0f} s: {data}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not come up within {timeout} s")


class Process:
    """A studio or engine started as its own process, killable with SIGKILL like a crash."""

    def __init__(self, args: list[str], env: dict[str, str], health_url: str, log: Path) -> None:
        self.args, self.env, self.health_url, self.log = args, env, health_url, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        # `python backend/app.py` puts backend/ first on sys.path, not the tree: without this, an editable
        # install made from another checkout would serve that checkout's code instead of the one under test.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, *self.args], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
        handle.close()
        try:
            wait_until_up(self.health_url)
        except TimeoutError:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def engine_process(data_dir: Path, log: Path, **env: str) -> Process:
    port = free_port()
    return Process(
        ["-m", "backend.local_engine", "--port", str(port), "--data-dir", str(data_dir)],
        env,
        f"http://127.0.0.1:{port}/v1/videos?limit=1",
        log,
    )


def studio_process(storage: Path, log: Path, **env: str) -> Process:
    port = free_port()
    base = {"PORT": str(port), "HOST": "127.0.0.1", "VIDEO_STORAGE_PATH": str(storage)}
    return Process(["backend/app.py"], {**base, **env}, f"http://127.0.0.1:{port}/health", log)


class EngineAndStudio:
    """A standalone local engine and a studio pointed at it, both real processes; a context manager."""

    def __init__(self, root: Path, engine_env: dict[str, str] | None = None, **studio_env: str) -> None:
        self.root = root
        self.engine = engine_process(root / "engine", root / "engine.log", **(engine_env or {}))
        self.engine_url = self.engine.health_url.split("/videos")[0]
        self.storage = root / "out"
        settings = {
            "OPENAI_BASE_URL": self.engine_url,
            "OPENAI_API_KEY": "sk-test-studio-key-0000",
            "STUDIO_CONFIG_FILE": str(root / "config.json"),
            **studio_env,
        }
        self.studio = studio_process(self.storage, root / "studio.log", **settings)
        self.base = self.studio.health_url.removesuffix("/health")

    def __enter__(self) -> EngineAndStudio:
        self.engine.start()
        try:
            self.studio.start()
        except BaseException:
            self.engine.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.studio.stop()
        self.engine.stop()

    def engine_jobs(self) -> list[dict]:
        return requests.get(f"{self.engine_url}/videos?limit=100", timeout=30).json()["data"]
