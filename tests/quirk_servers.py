"""In-test servers shaped like the `/v1/videos` providers that cannot run here (SGLang, vLLM-Omni, LiteLLM).

Each is a thin WSGI shim in front of a real local engine: it changes only what that provider does
differently (statuses, error bodies, ids, seconds, remix, delete), so the studio meets the real quirks
while real MP4s still flow. Kind "plain" changes nothing: a proxy that logs what it was sent.
"""

from __future__ import annotations

import base64
import json
import threading

import requests
from werkzeug.wrappers import Request, Response

STATUS_NAMES = {"queued": "pending", "in_progress": "processing", "completed": "succeeded", "failed": "failed"}
SGLANG_MODEL = "Wan-AI/Wan2.2-T2V-A14B-Diffusers"
# What FastAPI answers when a JSON body's `seconds` is not an integer (SGLang declares it `int`).
NOT_AN_INTEGER = {
    "type": "int_parsing",
    "loc": ["body", "seconds"],
    "msg": "Input should be a valid integer, unable to parse string as an integer",
}


class Shim:
    """Forward to the engine at `upstream` (its /v1 URL), reshaping answers as a provider `kind` would."""

    def __init__(self, upstream: str, kind: str, broken_status: int | None = None) -> None:
        self.upstream = upstream
        self.kind = kind
        self.calls: list[tuple[str, str, str]] = []  # (method, path, content type) as received
        # Every create as received and answered: (content type, type of `seconds`, with an image, status).
        self.creates: list[tuple[str, str, bool, int]] = []
        self.models = (SGLANG_MODEL,) if kind == "sglang" else ()  # served at GET /v1/models
        # A broken proxy: each create reaches the engine (a job starts) but is answered with this status.
        self.broken_status = broken_status
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

    def error(self, status: int, message: str | list) -> Response:
        body = {"detail": message} if self.kind in ("sglang", "vllm") else {"error": {"message": message}}
        return Response(json.dumps(body), status, content_type="application/json")

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix("/v1")
        parts = [part for part in path.split("/") if part]
        if parts and parts[0] == "videos" and len(parts) >= 2:
            parts[1] = self.inward(parts[1])
        if request.method == "GET" and parts == ["models"] and self.models:
            listed = [{"id": name, "object": "model", "created": 0, "owned_by": self.kind} for name in self.models]
            return Response(json.dumps({"object": "list", "data": listed}), 200, content_type="application/json")
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
        """Answer a create, and log its form and the answer's status."""
        if request.mimetype == "application/json":
            fields, upload = request.get_json(), None
        else:
            fields, upload = request.form.to_dict(), request.files.get("input_reference")
        seconds = type(fields.get("seconds")).__name__  # as received, before the engine's own is put in
        response = self.checked_create(request.mimetype, fields, upload)
        with self.lock:
            self.creates.append((request.mimetype, seconds, upload is not None, response.status_code))
        return response

    def checked_create(self, mimetype: str, fields: dict, upload) -> Response:
        """Check the request the way this provider would, then hand the engine something it renders."""
        if self.broken_status is not None:
            self.forward_create({**fields, "model": "sora-2", "seconds": "4"}, upload)
            return self.error(self.broken_status, "upstream answer lost while reading the multipart body")
        if self.kind == "sglang" and mimetype == "application/json" and not isinstance(fields.get("seconds"), int):
            return self.error(422, [{**NOT_AN_INTEGER, "input": fields.get("seconds")}])
        if self.kind == "sglang" and mimetype != "application/json" and upload is None:
            return self.error(422, "input_reference is required for multipart requests")
        if self.kind in ("sglang", "vllm"):
            # The self-hosted model's own names and lengths, played here by the engine's sora-2 animatics.
            fields.update(model="sora-2", seconds="4")
        if self.kind != "plain":
            fields["seconds"] = str(fields.get("seconds", "4"))
        answer = self.forward_create(fields, upload)
        return self.video_answer(answer.json(), answer.status_code)

    def forward_create(self, fields: dict, upload) -> requests.Response:
        if upload is None:
            return requests.post(self.upstream + "/videos", json=fields, timeout=60)
        files = {"input_reference": (upload.filename, upload.read(), upload.mimetype)}
        return requests.post(self.upstream + "/videos", data=fields, files=files, timeout=60)

    def video_answer(self, body: dict, status: int, poll_after: str | None = None) -> Response:
        if self.kind == "plain":  # a logging proxy: the engine's answer as it is
            return Response(json.dumps(body), status, content_type="application/json")
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
