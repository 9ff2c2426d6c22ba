"""Start a real LiteLLM proxy for tests: from its own venv, on loopback, offline, with no database.

test.sh installs it into `.venv-litellm/` (see requirements.txt beside this file for why it has its own
venv and an exact pin). LITELLM_PROXY_BIN points at another `litellm` executable if needed.
"""

from __future__ import annotations

import os
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.servers import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = HERE / "config.yaml"
VENV = ROOT / ".venv-litellm"
MASTER_KEY = "sk-litellm-test-master-key-0000"
INSTALL_HINT = (
    "python3 -m venv .venv-litellm && .venv-litellm/bin/python -m pip install -r tests/litellm/requirements.txt"
    " (test.sh does this)"
)

# Everything LiteLLM would otherwise fetch at start-up comes from the copies inside the package.
OFFLINE = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS": "True",
    "LITELLM_LOCAL_BLOG_POSTS": "True",
    "LITELLM_LOCAL_POLICY_TEMPLATES": "True",
    "LITELLM_LOCAL_AUTOROUTER_PRESETS": "True",
    "LITELLM_MODE": "PRODUCTION",  # DEV (the default) loads a .env found above the package
    "DISABLE_ADMIN_UI": "True",
    "DISABLE_SCHEMA_UPDATE": "True",  # no DATABASE_URL anyway: no Prisma, no migrations
}


class OutboundTrap:
    """An HTTP(S) forward proxy on loopback that refuses everything and remembers what was asked.

    The LiteLLM proxy gets it as HTTP(S)_PROXY, with NO_PROXY for loopback: any request it makes to the
    outside world lands here instead of in DNS or on the network, and the tests can say which it was.
    """

    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Refuse(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(4096).decode("latin-1").strip()
                if line:
                    trap.requests.append(line)
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Refuse)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True).start()

    def hosts(self) -> set[str]:
        """The hosts asked for, e.g. {'api.openai.com:443'}."""
        return {line.split()[1] for line in self.requests if len(line.split()) > 1}

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def executable() -> Path | None:
    """The `litellm` command to run: LITELLM_PROXY_BIN, .venv-litellm, or one beside this Python."""
    named = os.environ.get("LITELLM_PROXY_BIN")
    candidates = [Path(named)] if named else [VENV / "bin" / "litellm", Path(sys.executable).parent / "litellm"]
    return next((path for path in candidates if path.is_file() and os.access(path, os.X_OK)), None)


class LiteLLMProxy:
    """One proxy process; `env` fills the os.environ/NAME references in config.yaml."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "litellm.log"
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.started_in: float | None = None
        self.outbound = OutboundTrap()

    def start(self, timeout: float = 120) -> LiteLLMProxy:
        binary = executable()
        if binary is None:
            raise FileNotFoundError(f"no LiteLLM proxy installed; {INSTALL_HINT}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        # A clean environment, not os.environ: a developer's OPENAI_API_KEY must never reach the proxy,
        # which would send it to api.openai.com for any request it cannot route to a configured model.
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.workdir),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            **OFFLINE,
            **{name: self.outbound.url for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
            **{name.lower(): self.outbound.url for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "LITELLM_MASTER_KEY": MASTER_KEY,
            **self.env,
        }
        command = [str(binary), "--config", str(CONFIG), "--host", "127.0.0.1", "--port", str(self.port)]
        began = time.monotonic()
        with self.log.open("ab") as handle:
            self.proc = subprocess.Popen(command, cwd=self.workdir, env=env, stdout=handle, stderr=subprocess.STDOUT)
        try:
            self._wait_ready(timeout)
        except Exception:
            self.stop()
            raise
        self.started_in = time.monotonic() - began
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the LiteLLM proxy exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/health/liveliness", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the LiteLLM proxy did not come up within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.outbound.stop()
