"""Settings: defaults < backend/config.json < environment < a test's dict; and key storage."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from utils.downloader import save_bytes

BACKEND_DIR = Path(__file__).resolve().parent
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
    "CORS_ORIGINS": "http://127.0.0.1:8080,http://localhost:8080,null",
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
}


class ConfigError(ValueError):
    """A setting has a value the studio cannot use."""


def _coerce(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None if DEFAULTS[name] is None else DEFAULTS[name]
    kind = TYPES.get(name)
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
    return {key.upper(): value for key, value in data.items() if key.upper() in DEFAULTS}


def load(path: Path = CONFIG_FILE, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, the config file and the environment, in that order of strength."""
    environ = os.environ if environ is None else environ
    merged = dict(DEFAULTS)
    merged.update(read_file(path))
    merged.update({name: environ[name] for name in DEFAULTS if name in environ})
    return {name: _coerce(name, value) for name, value in merged.items()}


def save_key(api_key: str | None, base_url: str | None, path: Path = CONFIG_FILE, provider: str | None = None) -> None:
    """Store the key (and base URL) in config.json atomically, readable by the owner only."""
    data: dict[str, Any] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    data["openai_api_key"] = api_key
    data["openai_base_url"] = base_url
    data["provider"] = provider
    # save_bytes writes through mkstemp, whose files are owner-only (0600) from the first byte.
    save_bytes(json.dumps(data, indent=2).encode("utf-8"), path)
    os.chmod(path, 0o600)
