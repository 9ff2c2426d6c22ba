"""What the studio can do: health, capabilities, templates, cost estimates, its OpenAPI document, the page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, request, send_from_directory

from backend.connection import describe
from backend.context import provider, studio_is_free
from backend.openapi import document
from backend.pricing import clip_cost
from backend.validation import CONTINUITY, MODELS, SECONDS, SIZES, ClipSettings, validate
from utils.director import dialog_warning
from utils.prompt_templates import template_list

bp = Blueprint("meta", __name__)
FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@bp.get("/health")
def health():
    info = describe(current_app.config)
    return {
        "status": "healthy",
        "service": "shot-studio",
        "provider": info["provider"],
        "base_url": info["base_url"],
        "provider_reachable": provider_answers(),
    }


def provider_answers() -> bool:
    """Ask the provider for one list entry: cheap, free, and proof that it answers our key."""
    try:
        provider().client.with_options(timeout=3).videos.list(limit=1)
    except Exception:  # noqa: BLE001 - any failure means "not reachable right now"
        return False
    return True


@bp.get("/api/capabilities")
def capabilities():
    config = current_app.config
    return {
        **describe(config),
        "models": list(MODELS),
        "sizes": list(SIZES),
        "durations": list(SECONDS),
        "continuity_modes": list(CONTINUITY),
        "max_shots": config["MAX_SHOTS"],
        "max_file_size": config["MAX_FILE_SIZE"],
        "remix": True,
        "defaults": {
            "model": config["DEFAULT_MODEL"],
            "size": config["DEFAULT_SIZE"],
            "seconds": str(config["DEFAULT_SECONDS"]),
        },
    }


@bp.get("/api/templates")
def templates():
    return {"data": template_list()}


@bp.post("/api/estimate")
def estimate():
    body = request.get_json(silent=True)
    settings = validate(ClipSettings, body)
    config = current_app.config
    shots = body.get("shots") if isinstance(body.get("shots"), list) else [{}]
    model = settings.model or config["DEFAULT_MODEL"]
    size = settings.size or config["DEFAULT_SIZE"]
    seconds = int(settings.seconds or config["DEFAULT_SECONDS"])
    total = clip_cost(model, size, seconds * len(shots), studio_is_free())
    warnings = []
    for number, shot in enumerate(shots, start=1):
        dialog = shot.get("dialog") if isinstance(shot, dict) else None
        if isinstance(dialog, str) and (text := dialog_warning(dialog, seconds)):
            warnings.append({"field": f"shots[{number - 1}].dialog", "message": text})
    return {
        "estimated_usd": total,
        "free": studio_is_free(),
        "seconds": seconds * len(shots),
        "model": model,
        "size": size,
        "warnings": warnings,
    }


@bp.get("/api/openapi.json")
def openapi():
    return document()


@bp.get("/")
def index():
    return send_from_directory(FRONTEND, "index.html", max_age=0)


@bp.get("/<path:name>")
def frontend_file(name: str):
    return send_from_directory(FRONTEND, name, max_age=0)
