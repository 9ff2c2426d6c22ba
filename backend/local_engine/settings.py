"""The engine's settings, typed: LOCAL_ENGINE_* from the environment (or given by the studio mounting it).

`EngineKnobs` is what the studio and the standalone engine share: the studio's own settings extend it,
so both read LOCAL_ENGINE_LATENCY and friends the same way and check them the same way.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class EngineKnobs(BaseSettings):
    """The LOCAL_ENGINE_* settings."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    local_engine_latency: float = Field(4.0, ge=0, le=3600, description="seconds a local job takes")
    local_engine_ttl: int = Field(3600, ge=1, description="seconds content stays downloadable, then is deleted")
    local_engine_faults: str = Field("", description="fault injection, e.g. fail=0.2,http429=0.1,seed=7")
    local_engine_max_renders: int = Field(2, ge=1, le=64, description="animatics rendered at once")
    # Render cost follows the frame count (x264 spends about the same on every frame, however alike), so a
    # draft rate renders faster; the clip keeps its size and length. The test suite runs at 8 (tests/conftest.py).
    local_engine_fps: int = Field(24, ge=6, le=60, description="frames per second of the animatics")


class EngineSettings(EngineKnobs):
    """One engine instance: its knobs, where it keeps its jobs and files, and the bearer key it requires."""

    data_dir: Path = Path("backend/engine_data")
    local_engine_api_key: SecretStr | None = None

    def api_key(self) -> str | None:
        return self.local_engine_api_key.get_secret_value() if self.local_engine_api_key else None
