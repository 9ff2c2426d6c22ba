"""What one local engine instance owns: its settings, job table, worker, faults and still-drawing slots,
and how a job row reads as the API's VideoResource. The HTTP routes live in server.py and image_routes.py.
"""

from __future__ import annotations

import secrets
import threading
import time

from backend.local_engine.faults import Faults
from backend.local_engine.settings import EngineSettings
from backend.local_engine.store import JobStore
from backend.local_engine.worker import Worker


class Engine:
    """Everything one engine instance owns, kept in `app.extensions["local_engine"]`."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.store = JobStore(settings.data_dir / "engine.db")
        self.worker = Worker(
            self.store,
            settings.data_dir / "media",
            settings.local_engine_latency,
            settings.local_engine_ttl,
            settings.local_engine_max_renders,
            fps=settings.local_engine_fps,
        )
        self.faults = Faults.parse(settings.local_engine_faults)
        # Stills are drawn on request threads; a few at once keeps large ones from piling up in memory.
        self.drawing = threading.BoundedSemaphore(settings.local_engine_max_renders)

    def poll_after_ms(self) -> str:
        # About a hundred polls over a job: prompt pickup, cheap on loopback.
        return str(int(min(1000, max(50, self.settings.local_engine_latency * 10))))

    def resource(self, job: dict) -> dict:
        """Render a job row as the API's VideoResource."""
        progress = 100 if job["status"] == "completed" else 0
        if job["status"] == "in_progress" and job["started_at"]:
            elapsed = time.time() - job["started_at"]
            progress = max(1, min(99, int(100 * elapsed / max(self.settings.local_engine_latency, 0.001))))
        error = None
        if job["status"] == "failed":
            error = {"code": job["error_code"], "message": job["error_message"]}
        return {
            "id": job["id"],
            "object": "video",
            "model": job["model"],
            "status": job["status"],
            "progress": progress,
            "created_at": job["created_at"],
            "completed_at": job["completed_at"],
            "expires_at": job["expires_at"],
            "prompt": job["prompt"],
            "size": job["size"],
            "seconds": job["seconds"],
            "remixed_from_video_id": job["remixed_from_video_id"],
            "error": error,
        }

    def new_job(
        self,
        prompt: str,
        model: str,
        seconds: str,
        size: str,
        look_prompt: str,
        reference_png: bytes | None,
        remixed_from: str | None = None,
    ) -> dict:
        video_id = "video_" + secrets.token_hex(16)
        reference = None
        if reference_png is not None:
            reference = f"references/{video_id}.png"
            path = self.worker.media_root / reference
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(reference_png)
        job = {
            "id": video_id,
            "created_at": int(time.time()),
            "status": "queued",
            "model": model,
            "seconds": seconds,
            "size": size,
            "prompt": prompt,
            "look_prompt": look_prompt,
            "reference": reference,
            "remixed_from_video_id": remixed_from,
            "planned_failure": self.faults.job_failure(),
            # The latency runs from when the job was accepted, as at a provider with room for every job:
            # waiting for one of this machine's render slots does not make a job take longer than asked.
            "started_at": time.time(),
        }
        self.store.insert(job)
        created = self.store.get(video_id)  # answer as created (queued), as the real API does
        self.worker.submit(video_id)
        return created
