"""The provider key: say whether one is set (never what it is) and set it, from loopback or with the admin token."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from urllib.parse import urlparse

from flask import Blueprint, current_app, request

from backend.config import save_key
from backend.connection import describe
from backend.errors import BadRequest, Forbidden
from backend.presets import PRESETS

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
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("Send a JSON object with api_key (and optionally base_url).", field="body")
    key, base_url = body.get("api_key", ""), body.get("base_url")
    if not isinstance(key, str) or len(key) > 500 or any(c.isspace() for c in key):
        raise BadRequest("api_key must be a string without spaces (empty to remove it).", field="api_key")
    if base_url not in (None, ""):
        parsed = urlparse(base_url) if isinstance(base_url, str) else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise BadRequest("base_url must be an http(s) URL such as https://host/v1.", field="base_url")
    provider = body.get("provider")
    if provider not in (None, "") and provider not in PRESETS:
        raise BadRequest(f"provider must be one of: {', '.join(PRESETS)}.", field="provider")
    key, base_url, provider = key or None, (base_url or None), (provider or None)
    save_key(key, base_url, Path(current_app.config["CONFIG_FILE"]), provider)
    current_app.config.update(OPENAI_API_KEY=key, OPENAI_BASE_URL=base_url, PROVIDER=provider)
    log.info("provider settings changed (key %s, base URL %s)", "set" if key else "removed", base_url or "default")
    return {"saved": True, **describe(current_app.config)}
