"""The provider key (say whether one is set, never what it is; set it from this machine or with the admin
token) and the studio token that pairs a page opened from disk."""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, request

from backend.api.context import live_settings, settings
from backend.api.openapi import operation
from backend.api.security import is_loopback
from backend.api.validation import provider_settings
from backend.errors import Forbidden
from backend.models.requests import SetKeyIn
from backend.models.responses import KeyCheck, KeySaved, Pairing
from backend.providers.connection import describe

bp = Blueprint("keys", __name__, url_prefix="/api")
log = logging.getLogger(__name__)


@bp.get("/check-key")
@operation("Which provider, and is a key set (never the key)", {200: KeyCheck})
def check_key():
    info = describe(settings())
    return KeyCheck(configured=info.key_configured, **info.model_dump())


def _allowed() -> bool:
    """Keys are the one thing even an open studio (ALLOW_UNAUTHENTICATED) keeps to its own machine."""
    token = settings().secret("admin_token")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    return is_loopback(request.remote_addr)


@bp.get("/pairing")
@operation("The studio token that pairs a page opened from disk (for the studio's own page)", {200: Pairing})
def pairing():
    return Pairing(token=settings().secret("studio_token"))


@bp.post("/set-key")
@operation(
    "Set the provider key, base URL and preset (this machine or the admin token)",
    {200: KeySaved},
    errors=(400,),
    body=SetKeyIn,
)
def set_key():
    if not _allowed():
        raise Forbidden("Keys can be set only from this machine, or with the admin token.", code="forbidden")
    now = settings()
    key, base_url, provider = provider_settings(
        request.get_json(silent=True), now.secret("openai_api_key"), now.openai_base_url
    )
    chosen = live_settings().choose_provider(key, base_url, provider)
    log.info("provider settings changed (key %s, base URL %s)", "set" if key else "removed", base_url or "default")
    return KeySaved(**describe(chosen).model_dump())
