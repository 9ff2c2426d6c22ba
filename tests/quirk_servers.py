"""In-test servers shaped like the `/v1/videos` providers that cannot run here (SGLang, vLLM-Omni, LiteLLM).

Each is a thin WSGI shim in front of a real local engine: it changes only what that provider does
differently (statuses, error bodies, ids, seconds, remix, delete), so the studio meets the real quirks
while real MP4s still flow.
"""

from __future__ import annotations

import base64
import json
import threading

import requests
from werkzeug.wrappers import Request, Response

STATUS_NAMES = {"queued": "pending", "in_progress": "processing", "completed": "succeeded", "failed": "failed"}


class Shim:
    """Forward to the engine at `upstream` (its /v1 URL), reshaping answers as a provider `kind` would."""

    def __init__(self, upstream: str, kind: str) -> None:
        self.upstream = upstream
        self.kind = kind
        self.calls: list[tuple[str, str, str]] = []  # (method, path, content type) as received
        self.lock = threading.Lock()

    # -- ids: LiteLLM encodes the upstream provider into long opaque ids
    def outward(self, video_id: str) -> str:
        if self.kind != "litellm":
            return video_id
        packed = base64.urlsafe_b64encode(f"litellm:custom_llm_provider:openai;model_id:{video_id}".encode())
        return "video_" + packed.decode().rstrip("=")

    def inward(self, video_id: str) -> str:
        if self.kind != "litellm":
            return video_id
        raw = video_id.removeprefix("video_")
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode().rsplit("model_id:", 1)[1]

    def __call__(self, environ, start_response):
        request = Request(environ)
        with self.lock:
            self.calls.append((request.method, request.path, request.mimetype))
        try:
            response = self.handle(request)
        finally:
            request.close()  # closes spooled uploads
        return response(environ, start_response)

    def error(self, status: int, message: str) -> Response:
        body = {"detail": message} if self.kind in ("sglang", "vllm") else {"error": {"message": message}}
        return Response(json.dumps(body), status, content_type="application/json")

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix("/v1")
        parts = [part for part in path.split("/") if part]
        if parts and parts[0] == "videos" and len(parts) >= 2:
            parts[1] = self.inward(parts[1])
        if parts[-1:] == ["remix"] and self.kind in ("sglang", "vllm"):
            return self.error(405 if self.kind == "sglang" else 501, "Method Not Allowed")
        if request.method == "POST" and parts == ["videos"]:
            return self.create(request)
        upstream_path = "/" + "/".join(parts)
        answer = requests.request(
            request.method,
            self.upstream + upstream_path,
            params=request.args,
            data=request.get_data(),
            headers={"Content-Type": request.content_type or ""},
            timeout=60,
        )
        if request.method == "DELETE" and answer.ok and self.kind == "vllm":
            # vLLM-Omni answers a delete with the (now gone) video object itself
            return self.video_answer(
                {
                    "id": parts[1],
                    "object": "video",
                    "status": "completed",
                    "progress": 100,
                    "created_at": 1,
                    "model": "x",
                    "size": "1280x720",
                    "seconds": "4",
                },
                200,
            )
        if answer.headers.get("Content-Type", "").startswith("application/json"):
            return self.video_answer(answer.json(), answer.status_code, answer.headers.get("openai-poll-after-ms"))
        return Response(answer.content, answer.status_code, content_type=answer.headers.get("Content-Type"))

    def create(self, request: Request) -> Response:
        """Check the request the way this provider would, then hand the engine something it renders."""
        if request.mimetype == "application/json":
            fields, upload = request.get_json(), None
            if self.kind == "sglang" and not isinstance(fields.get("seconds"), int):
                return self.error(422, "seconds must be an integer")
        else:
            fields, upload = request.form.to_dict(), request.files.get("input_reference")
            if self.kind == "sglang" and upload is None:
                return self.error(422, "input_reference is required for multipart requests")
        if self.kind in ("sglang", "vllm"):
            # The self-hosted model's own names and lengths, played here by the engine's sora-2 animatics.
            fields.update(model="sora-2", seconds="4")
        fields["seconds"] = str(fields.get("seconds", "4"))
        if upload is None:
            answer = requests.post(self.upstream + "/videos", json=fields, timeout=60)
        else:
            files = {"input_reference": (upload.filename, upload.read(), upload.mimetype)}
            answer = requests.post(self.upstream + "/videos", data=fields, files=files, timeout=60)
        return self.video_answer(answer.json(), answer.status_code)

    def video_answer(self, body: dict, status: int, poll_after: str | None = None) -> Response:
        if "error" in body and status >= 400:
            return self.error(status, body["error"]["message"])
        for video in body.get("data", [body]):
            if "id" in video:
                video["id"] = self.outward(video["id"])
            if video.get("remixed_from_video_id"):
                video["remixed_from_video_id"] = self.outward(video["remixed_from_video_id"])
            if self.kind in ("sglang", "vllm") and "status" in video:
                video["status"] = STATUS_NAMES.get(video["status"], video["status"])
            if self.kind == "sglang" and "seconds" in video:
                video["seconds"] = 5
        for key in ("first_id", "last_id"):
            if body.get(key):
                body[key] = self.outward(body[key])
        headers = {"openai-poll-after-ms": poll_after} if poll_after else {}
        return Response(json.dumps(body), status, headers, content_type="application/json")
