"""Settings, typed: defaults < backend/config.json < the environment < a test's overrides.

Every value is checked when the studio starts, and a bad one is named (`setting PORT: ...`). The
provider choice (key, base URL, preset) can change while the studio runs: `LiveSettings` owns the one
current snapshot and swaps it whole, so a job thread never sees half of a change.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource

from backend.local_engine.settings import EngineKnobs
from backend.providers.presets import PRESETS
from utils.downloader import save_bytes

log = logging.getLogger(__name__)
BACKEND_DIR = Path(__file__).resolve().parent
CONFIG_FILE = BACKEND_DIR / "config.json"
OPENAI_URL = "https://api.openai.com/v1"
# Each key comes with its base URL, from one place (see `load`).
KEY_PAIRS = (("OPENAI_API_KEY", "OPENAI_BASE_URL"), ("IMAGES_API_KEY", "IMAGES_BASE_URL"))
CommaList = Annotated[list[str], NoDecode]  # "a, b" in the environment, like the other settings
PresetId = Literal[tuple(PRESETS)]  # type: ignore[valid-type]


class ConfigError(ValueError):
    """A setting has a value the studio cannot use; the message names it."""


class StudioSettings(EngineKnobs):
    """What the studio is told: where it listens, where it stores, which provider, and its limits."""

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    provider: PresetId | None = None
    images_base_url: str | None = Field(
        None, description="Where keyframes are drawn: unset is the video provider, local_engine the built-in engine"
    )
    images_api_key: SecretStr | None = None
    images_model: str = Field("gpt-image-1", min_length=1)
    price_per_image: float | None = Field(None, ge=0)
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    video_storage_path: Path = BACKEND_DIR / "output"
    database_url: str | None = Field(
        None, description="postgresql://... for a team deployment; unset: SQLite in VIDEO_STORAGE_PATH"
    )
    media_bucket_url: str | None = Field(
        None,
        pattern=r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?$",
        description="s3://bucket/prefix: media published to an S3-compatible bucket; unset: the folder only",
    )
    media_endpoint_url: str | None = Field(
        None, pattern=r"^https?://", description="the bucket's endpoint (MinIO, R2...); unset: AWS or AWS_ENDPOINT_URL"
    )
    studio_role: Literal["all", "web", "worker"] = Field(
        "all", description="all: one process does everything; web and worker split it (needs PostgreSQL)"
    )
    worker_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="a worker's stable name")
    worker_sequences: int = Field(4, ge=1, le=256, description="sequences one worker drives at once")
    worker_port: int = Field(0, ge=0, le=65535, description="a worker's /health, /ready and /metrics (0: none)")
    log_format: Literal["text", "json"] = "text"
    max_shots: int = Field(12, ge=1, le=100)
    max_poll_timeout: float = Field(600.0, gt=0)
    default_model: str = Field("sora-2", min_length=1)
    default_size: str = Field("720x1280", pattern=r"^\d{2,5}x\d{2,5}$")
    default_seconds: str = Field("8", pattern=r"^\d{1,3}$")
    max_file_size: int = Field(10 * 1024 * 1024, ge=1024)
    max_concurrent_jobs: int = Field(3, ge=1, le=256)
    admin_token: SecretStr | None = None
    allowed_hosts: CommaList = []
    allow_unauthenticated: bool = False
    cors_origins: CommaList = []
    studio_token: SecretStr | None = None  # made on first start, kept beside the database
    local_engine_data: Path | None = None
    # The embedded engine adds no waiting of its own: latency is for tests and emulating a provider.
    local_engine_latency: float = Field(0.0, ge=0, le=3600, description="seconds a local job takes")
    max_sequence_cost: float | None = Field(None, ge=0)
    monthly_budget: float | None = Field(
        None, ge=0, description="US dollars the whole studio (every process on its database) may spend per UTC month"
    )
    price_per_second: float | None = Field(None, ge=0)

    @field_validator("allowed_hosts", "cors_origins", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value

    @field_validator(
        "openai_api_key",
        "openai_base_url",
        "provider",
        "admin_token",
        "images_base_url",
        "images_api_key",
        "media_bucket_url",
        "media_endpoint_url",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("default_seconds", mode="before")
    @classmethod
    def _seconds_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def secret(self, name: str) -> str | None:
        """Return a secret setting's text (the key, a token), or None."""
        value = getattr(self, name)
        return value.get_secret_value() if value is not None else None


class ConfigFile(PydanticBaseSettingsSource):
    """backend/config.json: the same names in lower case; below the environment, above the defaults."""

    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._values = values

    def get_field_value(self, field, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {name: value for name, value in self._values.items() if name in self.settings_cls.model_fields}


def read_file(path: Path = CONFIG_FILE) -> dict[str, Any]:
    """Return the settings stored in config.json, with lower-case names."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a JSON object of settings")
    return {str(key).lower(): value for key, value in data.items()}


def key_target(base_url: str | None) -> str:
    """Where a key set with this base URL is sent: the URL itself, or OpenAI's own API when none."""
    return (base_url or OPENAI_URL).strip().rstrip("/")


def load(
    path: Path = CONFIG_FILE, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> StudioSettings:
    """Read and check every setting; raise ConfigError naming the first one that is wrong.

    The key and the base URL come as a pair from one place: a key is never sent to a base URL that was
    set somewhere else, or to one other than the URL it was saved with.
    """
    environ = os.environ if environ is None else environ
    stored = read_file(path)
    bound_to = stored.pop("key_base_url", None)
    pair: dict[str, Any] = {}
    for names in KEY_PAIRS:
        if any(name in environ for name in names):
            pair.update({name.lower(): environ.get(name) or None for name in names})
    if "openai_api_key" not in pair and stored.get("openai_api_key") and bound_to:
        if key_target(stored.get("openai_base_url")) != bound_to:
            log.warning("the key in %s was saved for another base URL; it is not used (set it again)", path)
            pair["openai_api_key"] = None
    given = {name.lower(): value for name, value in (overrides or {}).items()}

    class FromHere(StudioSettings):
        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, env_settings, **_):
            environment = env_settings if environ is os.environ else _Environ(settings_cls, environ)
            return init_settings, environment, ConfigFile(settings_cls, stored)

    try:
        loaded = FromHere(**{**pair, **given})
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise ConfigError(f"setting {name}: {first['msg']} (got {first.get('input')!r})") from None
    if loaded.studio_role != "all" and not (loaded.database_url or "").startswith(("postgresql:", "postgres:")):
        raise ConfigError(
            f"setting STUDIO_ROLE: {loaded.studio_role} processes share their work through PostgreSQL; "
            "set DATABASE_URL=postgresql://... (or leave STUDIO_ROLE unset to run everything in one process)"
        )
    return loaded


class _Environ(PydanticBaseSettingsSource):
    """An environment given as a mapping (tests), read like os.environ."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self._environ = {name.lower(): value for name, value in environ.items()}

    def get_field_value(self, field, field_name: str) -> tuple[Any, str, bool]:
        return self._environ.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {name: self._environ[name] for name in self.settings_cls.model_fields if name in self._environ}


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


class LiveSettings:
    """The studio's current settings; the provider choice may change while jobs run."""

    def __init__(self, settings: StudioSettings, config_file: Path) -> None:
        self._lock = threading.Lock()
        self._current = settings
        self.config_file = config_file

    def get(self) -> StudioSettings:
        """Return the current snapshot (never changed in place)."""
        with self._lock:
            return self._current

    def choose_provider(self, api_key: str | None, base_url: str | None, provider: str | None) -> StudioSettings:
        """Store a new key, base URL and preset in config.json, then make them current at once."""
        save_key(api_key, base_url, self.config_file, provider)
        with self._lock:
            self._current = self._current.model_copy(
                update={
                    "openai_api_key": SecretStr(api_key) if api_key else None,
                    "openai_base_url": base_url,
                    "provider": provider,
                }
            )
            return self._current
