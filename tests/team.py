"""A team deployment as real processes: PostgreSQL, a standalone local engine, web processes and workers.

Used by tests/test_team.py and bench/scale.py.
"""

from __future__ import annotations

from pathlib import Path

import requests

from tests.postgres import PostgresServer
from tests.servers import Process, engine_process, free_port


def worker_process(log: Path, env: dict[str, str]) -> Process:
    """`shot-studio worker` with its probes on a free port (its /health says it is up)."""
    port = free_port()
    return Process(
        ["-m", "backend.cli.main", "worker"], {**env, "WORKER_PORT": str(port)}, f"http://127.0.0.1:{port}/health", log
    )


def web_process(log: Path, env: dict[str, str]) -> Process:
    port = free_port()
    return Process(["backend/app.py"], {**env, "PORT": str(port)}, f"http://127.0.0.1:{port}/health", log)


class Team:
    """PostgreSQL, an engine, `webs` web processes and `workers` workers sharing one storage folder.

    With `own_folders` each process gets a folder of its own: media then travels only through the bucket
    that MEDIA_BUCKET_URL names (tests/test_team_bucket.py)."""

    def __init__(
        self, root: Path, workers: int = 2, webs: int = 1, engine_env=None, own_folders=False, **studio_env: str
    ) -> None:
        self.root, self.own_folders = root, own_folders
        self.engine = engine_process(root / "engine", root / "engine.log", **(engine_env or {}))
        self.engine_url = self.engine.health_url.split("/videos")[0]
        self.postgres: PostgresServer | None = None
        self.studio_env = {
            "OPENAI_BASE_URL": self.engine_url,
            "OPENAI_API_KEY": "sk-test-studio-key-0000",
            "STUDIO_CONFIG_FILE": str(root / "config.json"),
            "VIDEO_STORAGE_PATH": str(root / "media"),  # the shared media folder
            "HOST": "127.0.0.1",
            **studio_env,
        }
        self.webs: list[Process] = []
        self.workers: list[Process] = []
        self._counts = (webs, workers)

    def __enter__(self) -> Team:
        try:
            self.postgres = PostgresServer()
            self.studio_env["DATABASE_URL"] = self.postgres.url
            self.engine.start()
            for n in range(self._counts[1]):
                self.add_worker(f"w{n + 1}")
            for n in range(self._counts[0]):
                env = {**self.studio_env, "STUDIO_ROLE": "web", **self._folder(f"web{n + 1}")}
                web = web_process(self.root / f"web{n + 1}.log", env)
                self.webs.append(web.start())
        except BaseException:
            self.__exit__()
            raise
        return self

    def add_worker(self, worker_id: str) -> Process:
        env = {**self.studio_env, "STUDIO_ROLE": "worker", "WORKER_ID": worker_id, **self._folder(worker_id)}
        worker = worker_process(self.root / f"{worker_id}.log", env).start()
        self.workers.append(worker)
        return worker

    def _folder(self, name: str) -> dict[str, str]:
        return {"VIDEO_STORAGE_PATH": str(self.folder(name))} if self.own_folders else {}

    def folder(self, name: str) -> Path:
        """The media folder of a process ("web1", "w2"), or the shared one."""
        return self.root / name / "media" if self.own_folders else self.root / "media"

    @property
    def base(self) -> str:
        return self.webs[0].health_url.removesuffix("/health")

    def engine_jobs(self) -> list[dict]:
        jobs, after = [], None
        while True:
            query = f"?limit=100&after={after}" if after else "?limit=100"
            page = requests.get(f"{self.engine_url}/videos{query}", timeout=30).json()
            jobs += page["data"]
            if not page.get("has_more"):
                return jobs
            after = page["data"][-1]["id"]

    def __exit__(self, *exc_info) -> None:
        for process in [*self.webs, *self.workers]:
            process.stop()
        self.engine.stop()
        if self.postgres is not None:
            self.postgres.stop()
