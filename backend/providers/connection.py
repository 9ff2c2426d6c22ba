"""Which provider the studio talks to, from the current settings: the local engine unless configured."""

from __future__ import annotations

from typing import Any

from backend.config import OPENAI_URL
from backend.providers.client import Connection
from backend.providers.presets import PRESETS, active

ANY_HOST = {"0.0.0.0", "::", ""}
SHUT_DOWN = (
    "OpenAI shut its Videos API down on 2026-09-24. Set a base URL for another provider (Azure OpenAI, "
    "a LiteLLM proxy, SGLang, vLLM-Omni...), or remove the key to use the local engine."
)


def is_local_engine(config: dict[str, Any]) -> bool:
    """The studio's own engine: mounted at /v1 of this server unless a base URL points elsewhere."""
    return active(config).id == "local_engine"


def local_engine_url(config: dict[str, Any]) -> str:
    host = config["HOST"]
    host = "127.0.0.1" if host in ANY_HOST else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{config['PORT']}/v1"


def connection(config: dict[str, Any]) -> Connection:
    """Build the connection new work should use; read at call time so set-key applies at once."""
    preset = active(config)
    key = config.get("OPENAI_API_KEY")
    if config.get("OPENAI_BASE_URL"):
        base_url = config["OPENAI_BASE_URL"].rstrip("/")
    elif preset.id == "local_engine":
        # The mounted engine sits behind the studio's own guard: the studio calls it with its token.
        base_url, key = local_engine_url(config), config.get("STUDIO_TOKEN")
    else:
        base_url = OPENAI_URL
    return Connection(base_url, key, float(config["MAX_POLL_TIMEOUT"]), preset.quirks)


def key_hint(key: str | None) -> str | None:
    """Show at most the key's last four characters."""
    return f"…{key[-4:]}" if key and len(key) >= 12 else ("set" if key else None)


def describe(config: dict[str, Any]) -> dict[str, Any]:
    """Say which provider is active without ever revealing the key."""
    preset = active(config)
    base = connection(config).base_url
    notice = None
    if base == OPENAI_URL:
        notice = SHUT_DOWN
    return {
        "provider": preset.id,
        "provider_setting": config.get("PROVIDER") or "automatic",
        "provider_name": preset.name,
        "base_url": base,
        "key_configured": bool(config.get("OPENAI_API_KEY")),
        "key_hint": key_hint(config.get("OPENAI_API_KEY")),
        "free": preset.id == "local_engine",
        "notice": notice,
    }


def presets() -> list[dict[str, Any]]:
    """Every preset, for the page's provider picker."""
    return [preset.public() for preset in PRESETS.values()]
