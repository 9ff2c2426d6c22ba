"""Moves engine jobs through their lifecycle off the request thread: queued, in_progress, done."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from backend.local_engine.faults import FAILURES
from backend.local_engine.render import FPS, RenderSpec, render_animatic
from backend.local_engine.store import JobStore
from backend.local_engine.sweeper import Sweeper, discard_files
from backend.media.probe import MediaError

log = logging.getLogger(__name__)


class Worker:
    """Renders jobs with bounded concurrency and finishes each no sooner than `latency` after it starts."""

    def __init__(
        self,
        store: JobStore,
        media_root: Path,
        latency: float,
        ttl: int,
        max_renders: int = 2,
        render: Callable[[RenderSpec, Path], object] = render_animatic,
        fps: int = FPS,
    ) -> None:
        self.store = store
        self.media_root = media_root
        self.latency = latency
        self.ttl = ttl
        self.fps = fps
        self._render = render
        self._render_slots = threading.BoundedSemaphore(max_renders)
        # Threads mostly wait out the latency, so many are cheap; rendering itself is bounded above.
        self._pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="engine-job")
        self._stop = threading.Event()
        self.sweeper = Sweeper(store, media_root)

    def media_dir(self, video_id: str) -> Path:
        return self.media_root / video_id

    def submit(self, video_id: str) -> None:
        """Start moving a stored, queued job towards its end."""
        self._pool.submit(self._run, video_id)

    def resume(self) -> int:
        """Pick up every job a previous run left unfinished; return how many."""
        jobs = self.store.unfinished()
        for job in jobs:
            self.submit(job["id"])
        return len(jobs)

    def shutdown(self) -> None:
        """Stop starting work, drop what is queued, and end the sweeper."""
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.sweeper.stop()

    def _run(self, video_id: str) -> None:
        try:
            self._advance(video_id)
        except Exception:  # a job thread must never die silently and leave a job hanging
            log.exception("engine job %s crashed", video_id)
            self._fail(video_id, "internal_error", "The local engine hit an unexpected error while rendering.")

    def _fail(self, video_id: str, code: str, message: str) -> None:
        self.store.update(video_id, status="failed", error_code=code, error_message=message)
        # A failed job's files can never be asked for (content and remix need a completed job): free them now.
        job = self.store.get(video_id)
        if job is not None:
            discard_files(self.media_root, job)

    def _advance(self, video_id: str) -> None:
        with self._render_slots:
            job = self.store.get(video_id)
            if job is None or self._stop.is_set():
                return
            started = job["started_at"] or time.time()
            if not self.store.update(video_id, status="in_progress", started_at=started):
                return
            failure = job["planned_failure"]
            if failure is None:
                try:
                    self._render(self._spec(job), self.media_dir(video_id))
                except MediaError as exc:
                    self._fail(video_id, "render_failed", str(exc))
                    return
        if self._stop.wait(max(0.0, started + self.latency - time.time())):
            return
        if failure is not None:
            self._fail(video_id, *FAILURES[failure])
            return
        now = int(time.time())
        self.store.update(video_id, status="completed", completed_at=now, expires_at=now + self.ttl)
        self.sweeper.wake()  # its content now has an expiry, maybe sooner than the one the sweeper waits for

    def _spec(self, job: dict) -> RenderSpec:
        width, height = (int(n) for n in job["size"].split("x"))
        reference = self.media_root / job["reference"] if job["reference"] else None
        return RenderSpec(
            prompt=job["prompt"],
            width=width,
            height=height,
            seconds=int(job["seconds"]),
            look_prompt=job["look_prompt"],
            reference_image=reference,
            label=job["id"],
            fps=self.fps,
        )
