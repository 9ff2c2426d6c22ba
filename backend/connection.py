"""Which provider the studio talks to, from the current settings: the local engine unless configured."""

from __future__ import annotations

from typing import Any

from backend.provider import Connection

OPENAI_URL = "https://api.openai.com/v1"
ANY_HOST = {"0.0.0.0", "::", ""}


def is_local_engine(config: dict[str, Any]) -> bool:
    """No key and no base URL: the studio's own engine, mounted at /v1 of this server."""
    return not config.get("OPENAI_API_KEY") and not config.get("OPENAI_BASE_URL")


def local_engine_url(config: dict[str, Any]) -> str:
    host = config["HOST"]
    host = "127.0.0.1" if host in ANY_HOST else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{config['PORT']}/v1"


def connection(config: dict[str, Any]) -> Connection:
    """Build the connection new work should use; read at call time so set-key applies at once."""
    if is_local_engine(config):
        base_url = local_engine_url(config)
    else:
        base_url = (config.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
    return Connection(base_url, config.get("OPENAI_API_KEY"), float(config["MAX_POLL_TIMEOUT"]))


def key_hint(key: str | None) -> str | None:
    """Show at most the key's last four characters."""
    return f"…{key[-4:]}" if key and len(key) >= 12 else ("set" if key else None)


def describe(config: dict[str, Any]) -> dict[str, Any]:
    """Say which provider is active without ever revealing the key."""
    local = is_local_engine(config)
    base = connection(config).base_url
    return {
        "provider": "local_engine" if local else "openai" if base == OPENAI_URL else "openai_compatible",
        "base_url": base,
        "key_configured": bool(config.get("OPENAI_API_KEY")),
        "key_hint": key_hint(config.get("OPENAI_API_KEY")),
        "free": local,
    }
