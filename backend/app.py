"""The studio's Flask factory; `python backend/app.py` serves it (with the local engine at /v1)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from backend import config as settings
from backend import store
from backend.api import errors, security
from backend.api.routes import clips, downloads, keys, meta, sequences
from backend.generator import Studio
from backend.jobs import Jobs
from backend.local_engine import EngineSettings, create_engine_app
from backend.local_engine.server import refusal_response
from backend.providers import presets, pricing
from backend.providers.client import Provider
from backend.providers.connection import connection

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
    app.config["STUDIO_TOKEN"] = app.config["STUDIO_TOKEN"] or security.studio_token(storage)
    policy = security.build_policy(app.config)
    if policy.exposed and not policy.admin_token:
        raise settings.ConfigError(
            f"HOST={app.config['HOST']} lets other machines reach the studio. Set ADMIN_TOKEN (every call then "
            "needs it), bind to 127.0.0.1, or set ALLOW_UNAUTHENTICATED=1 to let anyone who can reach it in."
        )

    errors.register(app)
    security.install(app, policy, errors.refusal_response)
    app.extensions["security_policy"] = policy
    db = store.init_app(app)
    for module in (keys, sequences, downloads, clips, meta):
        app.register_blueprint(module.bp)

    def make_studio(jobs: Jobs) -> Studio:
        return Studio(
            db=db,
            storage=storage,
            provider=lambda: Provider(connection(app.config), jobs.stop),
            notify=jobs.changes.bump,
            shot_pool=jobs.shot_pool,
            adopt_lock=jobs.adopt_lock,
            job_slot=jobs.slots.held,
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
        security.install(engine, policy, refusal_response)
        app.extensions["local_engine_app"] = engine
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/v1": engine})

    if app.config["RESUME_ON_START"]:
        jobs.resume_all()
    return app


def exposure_warnings(config: dict[str, Any]) -> list[str]:
    """Say what is risky about where the studio listens."""
    if not security.build_policy(config).open_network:
        return []
    return [
        f"listening on {config['HOST']} with ALLOW_UNAUTHENTICATED: anyone who can reach this address can "
        "start paid jobs and read your work; set ADMIN_TOKEN instead, or bind to 127.0.0.1"
    ]


def main() -> None:
    """Start the studio: `python backend/app.py`."""
    from backend.api.asgi import create_asgi
    from backend.api.server import PortInUse, bind, serve

    configure_logging()
    try:
        app = create_app()
        host, port = app.config["HOST"], app.config["PORT"]
        sock = bind(host, port)
    except (settings.ConfigError, PortInUse) as exc:
        raise SystemExit(f"shot-studio: {exc}") from None
    for warning in exposure_warnings(app.config):
        log.warning(warning)
    log.info("studio on http://%s:%d (provider: %s)", host, port, connection(app.config).base_url)
    # Printed, not logged: the owner pairs a page opened from disk with it (README, Security).
    print(f"Studio token (pairs frontend/index.html opened from disk): {app.config['STUDIO_TOKEN']}", flush=True)
    jobs = app.extensions["jobs"]
    try:
        serve(create_asgi(app), sock, on_stop=jobs.shutdown)
    finally:
        jobs.shutdown()
        engine = app.extensions.get("local_engine_app")
        if engine is not None:
            engine.extensions["local_engine"].worker.shutdown()


def configure_logging() -> None:
    """One line per thing the studio does; each provider HTTP request only at DEBUG (LOG_LEVEL)."""
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for chatty in ("httpx2", "httpx", "alembic"):  # a line per poll request, a line per migration check
        logging.getLogger(chatty).setLevel(quiet)


if __name__ == "__main__":
    main()
