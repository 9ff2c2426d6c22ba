"""The provider key: say whether one is set (never what it is) and set it, from loopback or with the admin token."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path

from flask import Blueprint, current_app, request

from backend.config import save_key
from backend.connection import describe
from backend.errors import Forbidden
from backend.validation import provider_settings

bp = Blueprint("keys", __name__, url_prefix="/api")
log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


@bp.get("/check-key")
def check_key():
    info = describe(current_app.config)
    return {"configured": info["key_configured"], **info}


def _allowed() -> bool:
    token = current_app.config.get("ADMIN_TOKEN")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    return request.remote_addr in LOOPBACK


@bp.post("/set-key")
def set_key():
    if not _allowed():
        raise Forbidden("Keys can be set only from this machine, or with the admin token.", code="forbidden")
    key, base_url, provider = provider_settings(request.get_json(silent=True), current_app.config["OPENAI_API_KEY"])
    save_key(key, base_url, Path(current_app.config["CONFIG_FILE"]), provider)
    current_app.config.update(OPENAI_API_KEY=key, OPENAI_BASE_URL=base_url, PROVIDER=provider)
    log.info("provider settings changed (key %s, base URL %s)", "set" if key else "removed", base_url or "default")
    return {"saved": True, **describe(current_app.config)}
