"""The studio's own OpenAI-compatible `/v1/videos` server, rendering honest animatics offline."""

from backend.local_engine.server import EngineSettings, create_engine_app

__all__ = ["EngineSettings", "create_engine_app"]
