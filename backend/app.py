"""The studio's Flask factory; `python backend/app.py` serves it (with the local engine at /v1)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from backend import config as settings
from backend import errors, presets, pricing, store
from backend.connection import connection
from backend.generator import Studio
from backend.jobs import Jobs
from backend.local_engine import EngineSettings, create_engine_app
from backend.provider import Provider
from backend.routes import clips, downloads, keys, meta, sequences

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the studio: settings, database, jobs, routes, and the mounted local engine."""
    app = Flask(__name__, static_folder=None)
    app.url_map.merge_slashes = False  # "a//b" is simply not found, not redirected somewhere else
    config_file = Path(
        (test_config or {}).get("CONFIG_FILE") or os.environ.get("STUDIO_CONFIG_FILE") or settings.CONFIG_FILE
    )
    app.config.update(settings.load(config_file, {} if (test_config or {}).get("IGNORE_ENV") else None))
    app.config.update(CONFIG_FILE=str(config_file), RESUME_ON_START=True, MOUNT_ENGINE=True)
    app.config.update(test_config or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_FILE_SIZE"] * (app.config["MAX_SHOTS"] + 1) + (1 << 20)
    app.json.sort_keys = False
    storage = Path(app.config["VIDEO_STORAGE_PATH"])
    storage.mkdir(parents=True, exist_ok=True)

    errors.register(app)
    db = store.init_app(app)
    origins = [origin.strip() for origin in app.config["CORS_ORIGINS"].split(",") if origin.strip()]
    CORS(app, resources={r"/api/*": {"origins": origins}, r"/health": {"origins": origins}})
    for module in (keys, sequences, downloads, clips, meta):
        app.register_blueprint(module.bp)

    def make_studio(jobs: Jobs) -> Studio:
        return Studio(
            db=db,
            storage=storage,
            provider=lambda: Provider(connection(app.config), jobs.stop),
            notify=jobs.changes.bump,
            shot_pool=jobs.shot_pool,
            price=lambda model, size, seconds: pricing.cost(app.config, model, size, seconds),
            remix_supported=lambda: presets.active(app.config).remix,
        )

    jobs = Jobs(db, make_studio, app.config["MAX_CONCURRENT_JOBS"])
    app.extensions["jobs"] = jobs

    if app.config["MOUNT_ENGINE"]:
        engine_dir = Path(app.config["LOCAL_ENGINE_DATA"] or storage / "engine")
        engine = create_engine_app(
            EngineSettings(
                data_dir=engine_dir,
                latency=app.config["LOCAL_ENGINE_LATENCY"],
                ttl=app.config["LOCAL_ENGINE_TTL"],
                faults=app.config["LOCAL_ENGINE_FAULTS"] or "",
            ),
            url_prefix="",
        )
        app.extensions["local_engine_app"] = engine
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/v1": engine})

    if app.config["RESUME_ON_START"]:
        jobs.resume_all()
    return app


def exposure_warnings(config: dict[str, Any]) -> list[str]:
    """Say what is risky about where the studio listens."""
    host = config["HOST"]
    if host in ("127.0.0.1", "localhost", "::1") or config.get("ADMIN_TOKEN"):
        return []
    return [
        f"listening on {host} without ADMIN_TOKEN: anyone who can reach this address can start paid jobs; "
        "set-key stays refused to them, but set ADMIN_TOKEN or bind to 127.0.0.1"
    ]


def main() -> None:
    from waitress import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    host, port = app.config["HOST"], app.config["PORT"]
    for warning in exposure_warnings(app.config):
        log.warning(warning)
    log.info("studio on http://%s:%d (provider: %s)", host, port, connection(app.config).base_url)
    # Waitress: a production WSGI server; each SSE client holds one of its threads.
    serve(app, host=host, port=port, threads=48, ident="shot-studio", channel_timeout=120)


if __name__ == "__main__":
    main()
