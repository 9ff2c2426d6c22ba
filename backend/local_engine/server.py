"""The local engine's HTTP face: OpenAI's `/v1/videos` endpoints, answered by the animatic worker.

The `/v1/images` endpoints (image_routes.py) sit behind the same key check and fault injection.
"""

from __future__ import annotations

import hmac
import logging
import time
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request, send_file
from werkzeug.exceptions import HTTPException

from backend.local_engine import image_routes
from backend.local_engine.anchors import normal, read_location
from backend.local_engine.engine import Engine
from backend.local_engine.settings import EngineSettings
from backend.local_engine.sweeper import discard_files
from backend.local_engine.validate import EngineError, check_create, check_prompt, invalid

log = logging.getLogger(__name__)

VARIANTS = {
    "video": ("video.mp4", "video/mp4"),
    "thumbnail": ("thumbnail.webp", "image/webp"),
    "spritesheet": ("spritesheet.jpg", "image/jpeg"),
}

bp = Blueprint("local_engine", __name__)


def engine() -> Engine:
    return current_app.extensions["local_engine"]


def find(video_id: str) -> dict:
    job = engine().store.get(video_id)
    if job is None:
        raise EngineError(404, f"Video with id '{video_id}' not found.", param="video_id", code="not_found")
    return job


def expired(video_id: str) -> EngineError:
    """Build the API's answer for content that has expired."""
    return EngineError(404, f"The content of video '{video_id}' has expired.", param="video_id", code="video_expired")


def is_expired(job: dict) -> bool:
    """Tell whether a job's content is past its expiry or already deleted (its files are gone or going)."""
    return job["content_deleted_at"] is not None or bool(job["expires_at"] and job["expires_at"] < time.time())


@bp.before_request
def authenticate_and_inject_faults():
    settings = engine().settings
    key = settings.api_key()
    if key and not hmac.compare_digest(request.headers.get("Authorization", "").encode(), f"Bearer {key}".encode()):
        raise EngineError(401, "Incorrect API key provided.", code="invalid_api_key")
    fault = engine().faults.request_fault()
    if fault == "http429":
        retry = str(engine().faults.retry_after)
        raise EngineError(
            429,
            "Rate limit reached for requests. Please try again shortly.",
            code="rate_limit_exceeded",
            type="requests",
            headers={"Retry-After": retry},
        )
    if fault == "http500":
        raise EngineError(
            500,
            "The server had an error while processing your request. Sorry about that!",
            type="server_error",
            code="server_error",
        )
    if fault == "slow":
        if request.endpoint == "local_engine.download_content":
            g.trickle = True  # a slow download starts at once and drips, so it can be cut off mid-file
        else:
            # The whole request has arrived (as at a provider whose answer is what runs late): a caller that
            # gives up now has still started the job.
            request.get_json(silent=True) if request.is_json else (request.form, request.files)
            time.sleep(engine().faults.slow_seconds)


image_routes.bp.before_request(authenticate_and_inject_faults)


@bp.post("/videos")
def create_video():
    if request.mimetype == "multipart/form-data":
        fields = request.form.to_dict()
        if "input_reference[image_url]" in fields:
            fields["input_reference"] = {"image_url": fields.pop("input_reference[image_url]")}
        upload = request.files.get("input_reference")
        data = upload.read() if upload is not None else None
    else:
        fields = request.get_json(silent=True)
        if not isinstance(fields, dict):
            raise invalid("body", "The request body must be a JSON object or multipart form data.", "invalid_json")
        data = None
    spec = check_create(fields, data)
    job = engine().new_job(spec.prompt, spec.model, spec.seconds, spec.size, spec.prompt, spec.reference_png)
    return answer(job)


@bp.get("/videos/<video_id>")
def retrieve_video(video_id: str):
    return answer(find(video_id))


@bp.get("/videos")
def list_videos():
    args = request.args
    order = args.get("order", "desc")
    if order not in ("asc", "desc"):
        raise invalid("order", f"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.")
    try:
        limit = int(args.get("limit", 20))
    except ValueError:
        raise invalid("limit", "Invalid 'limit': expected an integer.", "invalid_type") from None
    if not 1 <= limit <= 100:
        raise invalid("limit", f"Invalid 'limit': {limit}. It must be between 1 and 100.")
    jobs, has_more = engine().store.page(order, limit, args.get("after"))
    data = [engine().resource(job) for job in jobs]
    return jsonify(
        object="list",
        data=data,
        first_id=data[0]["id"] if data else None,
        last_id=data[-1]["id"] if data else None,
        has_more=has_more,
    )


@bp.delete("/videos/<video_id>")
def delete_video(video_id: str):
    job = find(video_id)
    engine().store.delete(video_id)
    discard_files(engine().worker.media_root, job)
    return jsonify(id=video_id, object="video.deleted", deleted=True)


@bp.post("/videos/<video_id>/remix")
def remix_video(video_id: str):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        body = request.form.to_dict()
    prompt = check_prompt(body.get("prompt"))
    source = find(video_id)
    if source["status"] != "completed":
        raise invalid(
            "video_id",
            f"Video '{video_id}' is {source['status']}; only completed videos can be remixed.",
            "invalid_request",
        )
    if is_expired(source):
        raise expired(video_id)  # its reference image, the remix's plate, has been deleted with the content
    look_prompt, reference = remix_look(source, prompt)
    job = engine().new_job(
        prompt, source["model"], source["seconds"], source["size"], look_prompt, reference, remixed_from=video_id
    )
    return answer(job)


def remix_look(source: dict, prompt: str) -> tuple[str, bytes | None]:
    """Return the look prompt and reference image a remix of `source` into `prompt` is painted from.

    A remix keeps its source's look, unless its prompt moves to another `Location:`: then the plate is
    that location's, painted from the new prompt, and the source's picture no longer stands for it.
    """
    location = read_location(prompt)
    if location is not None and normal(location) != normal(read_location(source["look_prompt"]) or ""):
        return prompt, None
    if not source["reference"]:
        return source["look_prompt"], None
    try:
        return source["look_prompt"], (engine().worker.media_root / source["reference"]).read_bytes()
    except FileNotFoundError:
        raise expired(source["id"]) from None  # swept between the expiry check and this read


@bp.get("/videos/<video_id>/content")
def download_content(video_id: str):
    variant = request.args.get("variant", "video")
    if variant not in VARIANTS:
        raise invalid(
            "variant",
            f"Invalid value: '{variant}'. Supported values are: 'video', 'thumbnail' and 'spritesheet'.",
        )
    job = find(video_id)
    if job["status"] != "completed":
        raise EngineError(
            409,
            f"Video '{video_id}' is {job['status']}; its content is available once it has completed.",
            param="video_id",
            code="video_not_ready",
        )
    if is_expired(job):
        raise expired(video_id)
    name, mimetype = VARIANTS[variant]
    path = engine().worker.media_dir(video_id) / name
    try:
        if g.get("trickle"):
            return trickle(path, mimetype, engine().faults.slow_seconds)
        return send_file(path, mimetype=mimetype, conditional=True, max_age=0)
    except FileNotFoundError:
        raise expired(video_id) from None  # swept between the expiry check and opening the file


def trickle(path: Path, mimetype: str, seconds: float) -> Response:
    """Serve a file in small pieces spread over `seconds`, like a provider on a bad day."""
    data = path.read_bytes()
    pieces = 20
    step = max(1, -(-len(data) // pieces))

    def drip():
        for start in range(0, len(data), step):
            yield data[start : start + step]
            time.sleep(seconds / pieces)

    return Response(drip(), mimetype=mimetype, headers={"Content-Length": str(len(data))})


def answer(job: dict):
    response = jsonify(engine().resource(job))
    response.headers["openai-poll-after-ms"] = engine().poll_after_ms()
    return response


def error_response(exc: EngineError):
    response = jsonify(exc.body())
    response.status_code = exc.status
    response.headers.update(exc.headers)
    return response


def refusal_response(refusal) -> Response:
    """Answer, in the API's own error shape, a request the host application's guard refused."""
    return error_response(EngineError(refusal.status, refusal.message, code=refusal.code, type="invalid_request_error"))


def http_error(exc: HTTPException):
    """Answer Flask's own errors (404 route, 405, 413) in the API's shape too."""
    return error_response(EngineError(exc.code or 500, exc.description or exc.name, type="invalid_request_error"))


def create_engine_app(settings: EngineSettings, url_prefix: str = "/v1") -> Flask:
    """Build the engine as its own WSGI app, to mount in the studio or serve standalone."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024
    app.json.sort_keys = False
    eng = Engine(settings)
    app.extensions["local_engine"] = eng
    app.register_blueprint(bp, url_prefix=url_prefix)
    app.register_blueprint(image_routes.bp, url_prefix=url_prefix)
    app.register_error_handler(EngineError, error_response)
    app.register_error_handler(HTTPException, http_error)
    resumed = eng.worker.resume()
    if resumed:
        log.info("local engine resumed %d unfinished job(s)", resumed)
    eng.worker.sweeper.start()  # first deletes what expired while the engine was down
    return app
