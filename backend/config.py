"""Settings: defaults < backend/config.json < environment < a test's dict; and key storage."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from utils.downloader import save_bytes

log = logging.getLogger(__name__)
BACKEND_DIR = Path(__file__).resolve().parent
OPENAI_URL = "https://api.openai.com/v1"
CONFIG_FILE = BACKEND_DIR / "config.json"

DEFAULTS: dict[str, Any] = {
    "OPENAI_API_KEY": None,
    "OPENAI_BASE_URL": None,
    "PROVIDER": None,
    "HOST": "127.0.0.1",
    "PORT": 8080,
    "VIDEO_STORAGE_PATH": str(BACKEND_DIR / "output"),
    "MAX_SHOTS": 3,
    "MAX_POLL_TIMEOUT": 600.0,
    "DEFAULT_MODEL": "sora-2",
    "DEFAULT_SIZE": "720x1280",
    "DEFAULT_SECONDS": "8",
    "MAX_FILE_SIZE": 10 * 1024 * 1024,
    "MAX_CONCURRENT_JOBS": 3,
    "ADMIN_TOKEN": None,
    "ALLOWED_HOSTS": "",
    "ALLOW_UNAUTHENTICATED": False,
    "CORS_ORIGINS": "",
    "STUDIO_TOKEN": None,  # made on first start and kept beside the database (see backend/security.py)
    "LOCAL_ENGINE_LATENCY": 4.0,
    "LOCAL_ENGINE_TTL": 3600,
    "LOCAL_ENGINE_FAULTS": "",
    "LOCAL_ENGINE_DATA": None,
    "MAX_SEQUENCE_COST": None,
    "PRICE_PER_SECOND": None,
}

# How to read each setting from text (the environment) or loose JSON.
TYPES: dict[str, type] = {
    "PORT": int,
    "MAX_SHOTS": int,
    "MAX_POLL_TIMEOUT": float,
    "MAX_FILE_SIZE": int,
    "MAX_CONCURRENT_JOBS": int,
    "LOCAL_ENGINE_LATENCY": float,
    "LOCAL_ENGINE_TTL": int,
    "DEFAULT_SECONDS": str,
    "MAX_SEQUENCE_COST": float,
    "PRICE_PER_SECOND": float,
    "ALLOW_UNAUTHENTICATED": bool,
}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting has a value the studio cannot use."""


def _coerce(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None if DEFAULTS[name] is None else DEFAULTS[name]
    kind = TYPES.get(name)
    if kind is bool:
        word = str(value).strip().lower()
        if isinstance(value, bool) or word in TRUE_WORDS | FALSE_WORDS:
            return value if isinstance(value, bool) else word in TRUE_WORDS
        raise ConfigError(f"setting {name} must be 1 or 0 (true or false), not {value!r}")
    try:
        return kind(value) if kind else value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name} has an unusable value {value!r}") from exc


def read_file(path: Path = CONFIG_FILE) -> dict[str, Any]:
    """Return the settings stored in config.json (lower-case keys there), upper-cased."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path} is not valid JSON: {exc}") from exc
    return {key.upper(): value for key, value in data.items() if key.upper() in DEFAULTS or key == "key_base_url"}


def key_target(base_url: str | None) -> str:
    """Where a key set with this base URL is sent: the URL itself, or OpenAI's own API when none."""
    return (base_url or OPENAI_URL).strip().rstrip("/")


def load(path: Path = CONFIG_FILE, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, the config file and the environment, in that order of strength.

    The key and the base URL come as a pair from one place: a key is never sent to a base URL that
    was set somewhere else, or to one other than the URL it was saved with.
    """
    environ = os.environ if environ is None else environ
    stored = read_file(path)
    bound_to = stored.pop("KEY_BASE_URL", None)
    merged = dict(DEFAULTS)
    merged.update(stored)
    merged.update({name: environ[name] for name in DEFAULTS if name in environ})
    if "OPENAI_API_KEY" in environ or "OPENAI_BASE_URL" in environ:
        merged["OPENAI_API_KEY"] = environ.get("OPENAI_API_KEY")
        merged["OPENAI_BASE_URL"] = environ.get("OPENAI_BASE_URL")
    elif stored.get("OPENAI_API_KEY") and bound_to and key_target(stored.get("OPENAI_BASE_URL")) != bound_to:
        log.warning("the key in %s was saved for another base URL; it is not used (set it again)", path)
        merged["OPENAI_API_KEY"] = None
    return {name: _coerce(name, value) for name, value in merged.items()}


def save_key(api_key: str | None, base_url: str | None, path: Path = CONFIG_FILE, provider: str | None = None) -> None:
    """Store the key (and base URL) in config.json atomically, readable by the owner only."""
    data: dict[str, Any] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    data["openai_api_key"] = api_key
    data["openai_base_url"] = base_url
    data["key_base_url"] = key_target(base_url) if api_key else None
    data["provider"] = provider
    # save_bytes writes through mkstemp, whose files are owner-only (0600) from the first byte.
    save_bytes(json.dumps(data, indent=2).encode("utf-8"), path)
    os.chmod(path, 0o600)
