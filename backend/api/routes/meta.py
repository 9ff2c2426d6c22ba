"""What the studio can do: health, capabilities, templates, cost estimates, its OpenAPI document, the page."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import openai
from flask import Blueprint, current_app, request, send_from_directory

from backend.api.context import provider
from backend.api.openapi import document
from backend.api.validation import CONTINUITY, ClipSettings, validate
from backend.providers import presets, pricing
from backend.providers.connection import describe
from backend.providers.connection import presets as all_presets
from utils.prompt_templates import template_list

bp = Blueprint("meta", __name__)
FRONTEND = Path(__file__).resolve().parents[3] / "frontend"


@bp.get("/health")
def health():
    """Public and cheap: says the studio is up and whether its provider answers, and nothing of the owner's."""
    probe = current_app.extensions.setdefault("provider_probe", ProviderProbe())
    return {
        "status": "healthy",
        "service": "shot-studio",
        "provider": presets.active(current_app.config).id,
        "provider_reachable": probe.answers(),
    }


class ProviderProbe:
    """Ask the provider at most once a second, however often /health is called (anyone may call it)."""

    REUSE_SECONDS = 1.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = -self.REUSE_SECONDS
        self._answer = False

    def answers(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at >= self.REUSE_SECONDS:
                self._answer = provider_answers()
                self._checked_at = time.monotonic()
            return self._answer


def provider_answers() -> bool:
    """Ask the provider for one list entry: cheap, free, and proof that it answers our key."""
    try:
        provider().client.with_options(timeout=3).videos.list(limit=1)
    except openai.APIStatusError as exc:
        # It answered: some providers (LiteLLM) have no list route, which is no sign of being down.
        return exc.status_code not in (401, 403) and exc.status_code < 500
    except Exception:  # noqa: BLE001 - no answer at all means "not reachable right now"
        return False
    return True


@bp.get("/api/capabilities")
def capabilities():
    config = presets.effective(current_app.config)
    preset = presets.active(config)
    return {
        **describe(config),
        "models": list(preset.models),
        "sizes": list(preset.sizes),
        "durations": list(preset.durations),
        "continuity_modes": list(CONTINUITY),
        "max_shots": config["MAX_SHOTS"],
        "max_file_size": config["MAX_FILE_SIZE"],
        "remix": preset.remix,
        "quirks": sorted(preset.quirks),
        "notes": preset.notes,
        "prices_usd_per_second": preset.prices,
        "max_sequence_cost": config.get("MAX_SEQUENCE_COST"),
        "defaults": {
            "model": config["DEFAULT_MODEL"],
            "size": config["DEFAULT_SIZE"],
            "seconds": str(config["DEFAULT_SECONDS"]),
        },
        "presets": all_presets(),
    }


@bp.get("/api/templates")
def templates():
    return {"data": template_list()}


@bp.post("/api/estimate")
def estimate():
    body = request.get_json(silent=True)
    settings = validate(ClipSettings, body)
    return pricing.estimate(current_app.config, settings.model, settings.size, settings.seconds, body.get("shots"))


@bp.get("/api/openapi.json")
def openapi():
    return document()


@bp.get("/")
def index():
    return send_from_directory(FRONTEND, "index.html", max_age=0)


@bp.get("/<path:name>")
def frontend_file(name: str):
    return send_from_directory(FRONTEND, name, max_age=0)
