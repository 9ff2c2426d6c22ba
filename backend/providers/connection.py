"""Which provider the studio talks to, from the current settings: the local engine unless configured."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from backend.config import OPENAI_URL, StudioSettings
from backend.models.responses import Preset, ProviderInfo
from backend.providers.client import Connection, Provider
from backend.providers.forms import combine
from backend.providers.presets import PRESETS, active

if TYPE_CHECKING:
    from backend.providers.learned import LearnedForms

ANY_HOST = {"0.0.0.0", "::", ""}
SHUT_DOWN = (
    "OpenAI shut its Videos API down on 2026-09-24. Set a base URL for another provider (Azure OpenAI, "
    "a LiteLLM proxy, SGLang, vLLM-Omni...), or remove the key to use the local engine."
)


def is_local_engine(settings: StudioSettings) -> bool:
    """The studio's own engine: mounted at /v1 of this server unless a base URL points elsewhere."""
    return active(settings).id == "local_engine"


def local_engine_url(settings: StudioSettings) -> str:
    host = settings.host
    host = "127.0.0.1" if host in ANY_HOST else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/v1"


def connection(settings: StudioSettings, learned: LearnedForms | None = None) -> Connection:
    """Build the connection new work should use; read at call time so set-key applies at once.

    Its quirks are the preset's plus what `learned` holds for its base URL.
    """
    preset = active(settings)
    key = settings.secret("openai_api_key")
    if settings.openai_base_url:
        base_url = settings.openai_base_url.rstrip("/")
    elif preset.id == "local_engine":
        # The mounted engine sits behind the studio's own guard: the studio calls it with its token.
        base_url, key = local_engine_url(settings), settings.secret("studio_token")
    else:
        base_url = OPENAI_URL
    quirks = preset.quirks if learned is None else combine(preset.quirks, learned.quirks(base_url))
    return Connection(base_url, key, settings.max_poll_timeout, quirks)


def make_provider(
    settings: StudioSettings, stop: threading.Event | None = None, learned: LearnedForms | None = None
) -> Provider:
    """Open the provider new work should use, sending creates in the form learned for its base URL."""
    return Provider(connection(settings, learned), stop, learned)


def images_connection(settings: StudioSettings) -> tuple[Connection, bool]:
    """Where keyframes are drawn, and whether that service draws any size asked (the local engine does)."""
    if settings.images_base_url == "local_engine":
        return Connection(local_engine_url(settings), settings.secret("studio_token"), settings.max_poll_timeout), True
    if settings.images_base_url:
        base = settings.images_base_url.rstrip("/")
        return Connection(base, settings.secret("images_api_key"), settings.max_poll_timeout), False
    video = connection(settings)
    return Connection(video.base_url, video.api_key, video.poll_timeout), is_local_engine(settings)


def key_hint(key: str | None) -> str | None:
    """Show at most the key's last four characters."""
    return f"…{key[-4:]}" if key and len(key) >= 12 else ("set" if key else None)


def describe(settings: StudioSettings) -> ProviderInfo:
    """Say which provider is active without ever revealing the key."""
    preset = active(settings)
    base = connection(settings).base_url
    key = settings.secret("openai_api_key")
    return ProviderInfo(
        provider=preset.id,
        provider_setting=settings.provider or "automatic",
        provider_name=preset.name,
        base_url=base,
        key_configured=bool(key),
        key_hint=key_hint(key),
        free=preset.id == "local_engine",
        notice=SHUT_DOWN if base == OPENAI_URL else None,
    )


def presets() -> list[Preset]:
    """Every preset, for the page's provider picker."""
    return [Preset.model_validate(preset.public()) for preset in PRESETS.values()]
