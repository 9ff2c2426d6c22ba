"""The studio's side of `/v1/videos`: the official SDK, our own retries and poll loop, error mapping.

Providers differ (see DESIGN.md): statuses beyond the four, `{"detail": ...}` errors, missing remix.
Everything here turns their answers into a `VideoState` or a `ProviderError` the generator understands.
"""

from __future__ import annotations

import io
import logging
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2
import openai
from openai.types.video import Video

from backend.providers.errors import (
    PollTimeout,
    ProviderError,
    RejectedError,
    RemixUnavailable,
    Stopped,
    TransientError,
)
from backend.providers.forms import Form, changed, combine, corrected, learned_flags, wrong_part
from utils.downloader import save_stream

if TYPE_CHECKING:
    from backend.providers.learned import LearnedForms

log = logging.getLogger(__name__)

# The SDK marks `client.videos` deprecated because OpenAI's own Sora service closed; the API shape lives on.
warnings.filterwarnings(
    "ignore", message="The Sora API is scheduled to permanently shut down", category=DeprecationWarning
)

DONE = {"completed", "succeeded", "success", "done", "finished"}
FAILED = {"failed", "error", "errored", "cancelled", "canceled", "rejected", "expired"}
WAITING = {"queued", "pending", "submitted", "waiting", "created"}
CREATE_ATTEMPTS = 5
# Transient errors after which the provider cannot have started a job, so a paid call may be resent.
SAFE_TO_RESEND = {"provider_unreachable"}
MAX_WAIT = 60.0


@dataclass(frozen=True)
class VideoState:
    """A provider's job, normalised to the four statuses the studio shows."""

    id: str
    status: str
    progress: int
    error_code: str | None = None
    error_message: str | None = None
    seconds: str | None = None


@dataclass(frozen=True)
class Connection:
    """Where the provider is and how long a job may take."""

    base_url: str
    api_key: str | None
    poll_timeout: float = 600.0
    quirks: frozenset[str] = frozenset()


def normalise(video: object) -> VideoState:
    """Read any provider's video object into a VideoState; unknown running-like statuses mean running."""
    raw = str(getattr(video, "status", "") or "").lower()
    status = (
        "completed" if raw in DONE else "failed" if raw in FAILED else "queued" if raw in WAITING else ("in_progress")
    )
    try:
        progress = int(float(getattr(video, "progress", 0) or 0))
    except (TypeError, ValueError):
        progress = 0
    if status == "completed":
        progress = 100
    error = getattr(video, "error", None)
    code = message = None
    if error is not None:
        code = _field(error, "code")
        message = _field(error, "message")
    if status == "failed" and not message:
        message = "The provider reports the job failed without saying why."
    seconds = getattr(video, "seconds", None)
    return VideoState(
        str(video.id),
        status,
        max(0, min(100, progress)),
        code,
        message,
        None if seconds is None else str(seconds),
    )


def _field(obj: object, name: str) -> str | None:
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    return None if value is None else str(value)


def translate(exc: Exception, base_url: str, api_key: str | None = None) -> ProviderError:
    """Sort an SDK exception into transient (retry) or rejected (show the user); never echo the key."""
    error = _sorted(exc, base_url)
    if api_key and len(api_key) >= 8:
        # Some providers quote the key back ("Incorrect API key provided: sk-..."): keep it out of the page.
        error.message = error.message.replace(api_key, "[redacted key]")
    return error


def _sorted(exc: Exception, base_url: str) -> ProviderError:
    if isinstance(exc, openai.APITimeoutError):
        return TransientError(f"The provider at {base_url} did not answer in time.", "provider_timeout")
    if isinstance(exc, openai.APIConnectionError):
        if isinstance(exc.__cause__, httpx2.ConnectError):  # nothing was sent
            return TransientError(f"The provider at {base_url} cannot be reached.", "provider_unreachable")
        return TransientError(f"The connection to the provider at {base_url} broke off.", "provider_connection_lost")
    if not isinstance(exc, openai.APIStatusError):
        return ProviderError(f"Unexpected provider problem: {exc}")
    status = exc.status_code
    message = _message(exc.body) or f"The provider answered HTTP {status}."
    code = _field(exc.body, "code") if isinstance(exc.body, dict) else None
    if status in (408, 429) or (status >= 500 and status != 501):  # 501: the endpoint does not exist
        return TransientError(message, code or f"http_{status}", status, _retry_after(exc.response.headers))
    if status == 401:
        message = f"The provider refused the API key (401): {message}"
    if status == 404 and "api.openai.com" in base_url:
        message = (
            "OpenAI shut its Videos API down on 2026-09-24. Set a base URL for another provider, "
            "or remove the key to use the local engine."
        )
    return RejectedError(message, code or f"http_{status}", status, exc.body)


def _message(body: object) -> str | None:
    """Find the person-readable message in `{"error": {...}}`, `{"message"}` or `{"detail": ...}`."""
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return None
    if body.get("message"):
        return str(body["message"])
    detail = body.get("detail")
    if isinstance(detail, list):  # FastAPI-style validation errors
        return "; ".join(str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in detail)
    return None if detail is None else str(detail)


def _retry_after(headers) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return min(MAX_WAIT, float(value) * scale)
            except ValueError:
                continue
    return None


class Provider:
    """One provider connection; `stop` makes every wait end early when the studio shuts down."""

    def __init__(
        self, connection: Connection, stop: threading.Event | None = None, learned: LearnedForms | None = None
    ) -> None:
        self.connection = connection
        self.stop = stop or threading.Event()
        self.learned = learned  # where a create form the provider asked for is remembered
        # Our own retries, not the SDK's: a blind SDK retry of a create can mean a second paid job.
        self.client = openai.OpenAI(
            api_key=connection.api_key or "local-engine",
            base_url=connection.base_url,
            max_retries=0,
            timeout=120,
        )

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(seconds):
            raise Stopped("The studio is shutting down; the job resumes when it starts again.")

    def _call(self, action: Callable[[], object], attempts: int = CREATE_ATTEMPTS, paid: bool = False) -> object:
        """Run one SDK call, retrying transient failures with backoff or the provider's Retry-After.

        A `paid` call (create, remix) is sent again only when the provider surely did not start a job:
        a 429, or no connection at all. After a 5xx or a timeout the job may exist (a proxy's 5xx often
        wraps an upstream job that did start), so it is not repeated: the caller looks for it instead.
        """
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except Exception as exc:  # noqa: BLE001 - translated below, re-raised if not transient
                error = translate(exc, self.connection.base_url, self.connection.api_key)
                unsure = paid and error.status != 429 and error.code not in SAFE_TO_RESEND
                if not isinstance(error, TransientError) or attempt == attempts or unsure:
                    raise error from exc
                wait = error.retry_after if error.retry_after is not None else min(8.0, 0.5 * 2**attempt)
                log.info("provider busy (%s); retry %d in %.1f s", error.code, attempt, wait)
                self._sleep(wait)
        raise AssertionError("unreachable")

    def create(
        self, prompt: str, model: str, seconds: str, size: str, reference_png: bytes | None = None
    ) -> VideoState:
        """Start a job; with a reference image the SDK sends it as the `input_reference` upload.

        A 4xx refusing the create's form (backend/providers/forms.py) started no job, so the create is sent
        again in the other form, at most once for each part (encoding, seconds); what worked is remembered.
        Any other answer is handled by `_call` as for every paid call: a 5xx or a timeout is never resent.
        """
        params: dict = {"prompt": prompt, "model": model, "seconds": seconds, "size": size}
        has_image = reference_png is not None
        first = form = Form.of(self.connection.quirks, has_image)
        tried: set[str] = set()
        while True:
            try:
                video = self._call(partial(self._send, params, reference_png, form), paid=True)
                break
            except RejectedError as exc:
                better = corrected(form, wrong_part(exc.status, exc.body), has_image)
                parts = changed(form, better) if better is not None else set()
                if not parts or parts & tried:
                    raise
                log.info("the provider refused the create's %s (%s); sending it once more", "/".join(parts), exc.code)
                tried |= parts
                form = better
        if form != first:
            self._learn(learned_flags(first, form))
        return normalise(video)

    def _send(self, params: dict, reference_png: bytes | None, form: Form) -> object:
        if form.json:
            # SGLang-style servers read JSON (integer seconds) and want multipart only with an image.
            body = {**params, "seconds": form.seconds(params["seconds"])}
            return self.client.post("/videos", body=body, cast_to=Video)
        if reference_png is not None:
            # A fresh stream for every send: a resent upload must not start where the last one ended.
            params = {**params, "input_reference": ("reference.png", io.BytesIO(reference_png), "image/png")}
        return self.client.videos.create(**params)

    def _learn(self, flags: frozenset[str]) -> None:
        """Use the accepted form from now on, here and (through `learned`) for every later connection."""
        self.connection = replace(self.connection, quirks=combine(self.connection.quirks, flags))
        if self.learned is None:
            return
        try:
            self.learned.remember(self.connection.base_url, flags)
        except Exception:  # noqa: BLE001 - the job has started: its id must reach the caller whatever happens
            log.warning("could not store what %s accepts", self.connection.base_url, exc_info=True)

    def remix(self, video_id: str, prompt: str) -> VideoState:
        """Remix a completed job; any refusal becomes RemixUnavailable so the caller can fall back."""
        try:
            return normalise(self._call(lambda: self.client.videos.remix(video_id, prompt=prompt), paid=True))
        except RejectedError as exc:
            raise RemixUnavailable(exc.message, exc.code, exc.status) from exc

    def retrieve(self, video_id: str) -> tuple[VideoState, float | None]:
        """Return the job's state and the provider's hint (seconds) for when to ask again."""
        raw = self._call(lambda: self.client.videos.with_raw_response.retrieve(video_id), attempts=1)
        hint = raw.headers.get("openai-poll-after-ms")
        after = None
        if hint:
            try:
                after = float(hint) / 1000
            except ValueError:
                after = None
        return normalise(raw.parse()), after

    def wait(self, video_id: str, on_update: Callable[[VideoState], None]) -> VideoState:
        """Poll until the job completes or fails; transient errors are waited out until the deadline."""
        deadline = time.monotonic() + self.connection.poll_timeout
        interval = 1.0
        while True:
            try:
                state, after = self.retrieve(video_id)
            except TransientError as exc:
                state, after = None, exc.retry_after
            if state is not None:
                on_update(state)
                if state.status in ("completed", "failed"):
                    return state
            if time.monotonic() >= deadline:
                raise PollTimeout(
                    f"The provider did not finish {video_id} within {self.connection.poll_timeout:.0f} s "
                    "(MAX_POLL_TIMEOUT). Retry the shot or raise the limit."
                )
            pause = after if after is not None else interval
            interval = min(5.0, interval * 1.5)
            self._sleep(max(0.1, min(pause, 10.0, deadline - time.monotonic() + 0.1)))

    def download(self, video_id: str, variant: str, dest: Path) -> int:
        """Stream one variant of a completed job to `dest` atomically; return its size."""

        def fetch() -> int:
            with self.client.videos.with_streaming_response.download_content(video_id, variant=variant) as response:
                return save_stream(response.iter_bytes(64 * 1024), dest)

        return self._call(fetch)

    def recent(self, limit: int = 100) -> list[dict]:
        """Return the provider's newest jobs as plain dicts (for matching orphans after a crash)."""
        page = self._call(lambda: self.client.videos.list(limit=limit, order="desc"), attempts=2)
        return [video.model_dump() for video in page.data]

    def delete(self, video_id: str) -> None:
        self._call(lambda: self.client.videos.delete(video_id), attempts=2)
