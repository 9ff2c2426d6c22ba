"""The provider key (say whether one is set, never what it is; set it from this machine or with the admin
token) and the studio token that pairs a page opened from disk."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path

from flask import Blueprint, current_app, request

from backend.api.errors import Forbidden
from backend.api.security import is_loopback
from backend.api.validation import provider_settings
from backend.config import save_key
from backend.providers.connection import describe

bp = Blueprint("keys", __name__, url_prefix="/api")
log = logging.getLogger(__name__)


@bp.get("/check-key")
def check_key():
    info = describe(current_app.config)
    return {"configured": info["key_configured"], **info}


def _allowed() -> bool:
    """Keys are the one thing even an open studio (ALLOW_UNAUTHENTICATED) keeps to its own machine."""
    token = current_app.config.get("ADMIN_TOKEN")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    return is_loopback(request.remote_addr)


@bp.get("/pairing")
def pairing():
    """The studio token, for the studio's own page to show: a page opened from disk is paired with it."""
    return {"token": current_app.config["STUDIO_TOKEN"]}


@bp.post("/set-key")
def set_key():
    if not _allowed():
        raise Forbidden("Keys can be set only from this machine, or with the admin token.", code="forbidden")
    config = current_app.config
    key, base_url, provider = provider_settings(
        request.get_json(silent=True), config["OPENAI_API_KEY"], config["OPENAI_BASE_URL"]
    )
    save_key(key, base_url, Path(current_app.config["CONFIG_FILE"]), provider)
    current_app.config.update(OPENAI_API_KEY=key, OPENAI_BASE_URL=base_url, PROVIDER=provider)
    log.info("provider settings changed (key %s, base URL %s)", "set" if key else "removed", base_url or "default")
    return {"saved": True, **describe(current_app.config)}
