"""The studio's own OpenAI-compatible `/v1/videos` server, rendering honest animatics offline."""

from backend.local_engine.server import create_engine_app
from backend.local_engine.settings import EngineSettings

__all__ = ["EngineSettings", "create_engine_app"]
