"""The studio's Flask factory; `python backend/app.py` serves it (with the local engine at /v1)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from pydantic import SecretStr
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from backend import config, logs, store
from backend.api import errors, events, security
from backend.api.answers import StudioFlask
from backend.api.routes import (
    about,
    clips,
    downloads,
    keyframes,
    keys,
    operations,
    page,
    saved,
    sequences,
    storyboards,
)
from backend.config import LiveSettings, StudioSettings
from backend.jobs import Jobs
from backend.jobs.context import JobContext, StillMaker
from backend.local_engine import EngineSettings, create_engine_app
from backend.local_engine.server import refusal_response
from backend.media.store import open_store
from backend.providers import presets, pricing
from backend.providers.catalog import ModelCatalog
from backend.providers.connection import connection, images_connection, make_provider
from backend.providers.images import ImagesProvider
from backend.providers.learned import LearnedForms
from backend.providers.probe import ReachabilityProbe

log = logging.getLogger(__name__)
# What a test may switch beside the settings themselves.
FLAGS = ("CONFIG_FILE", "IGNORE_ENV", "MOUNT_ENGINE", "RESUME_ON_START")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the studio: settings, guard, database, jobs, routes, and the mounted local engine."""
    overrides = dict(test_config or {})
    flags = {name: overrides.pop(name) for name in FLAGS if name in overrides}
    config_file = Path(flags.get("CONFIG_FILE") or os.environ.get("STUDIO_CONFIG_FILE") or config.CONFIG_FILE)
    settings = config.load(config_file, overrides, {} if flags.get("IGNORE_ENV") else None)
    storage = settings.video_storage_path
    storage.mkdir(parents=True, exist_ok=True)
    if settings.studio_token is None:
        settings = settings.model_copy(update={"studio_token": SecretStr(security.studio_token(storage))})
    policy = security.build_policy(settings)
    if policy.exposed and not policy.admin_token:
        raise config.ConfigError(
            f"HOST={settings.host} lets other machines reach the studio. Set ADMIN_TOKEN (every call then "
            "needs it), bind to 127.0.0.1, or set ALLOW_UNAUTHENTICATED=1 to let anyone who can reach it in."
        )

    app = StudioFlask(__name__, static_folder=None)
    app.url_map.merge_slashes = False  # "a//b" is simply not found, not redirected somewhere else
    # Pictures come as uploads or as base64 data: URLs inside the JSON (a third larger).
    app.config["MAX_CONTENT_LENGTH"] = settings.max_file_size * (settings.max_shots + 1) * 4 // 3 + (1 << 20)
    app.json.sort_keys = False
    live = LiveSettings(settings, config_file)
    app.extensions.update(settings=live, security_policy=policy, provider_probe=ReachabilityProbe())
    errors.register(app)
    security.install(app, policy, errors.refusal_response)
    db = store.init_app(app, storage, settings.database_url)
    media = open_store(storage, settings.media_bucket_url, settings.media_endpoint_url)
    app.extensions["media"] = media
    learned = LearnedForms(db)
    app.extensions.update(provider_forms=learned, provider_models=ModelCatalog())
    for module in (keys, sequences, keyframes, storyboards, downloads, clips, saved, about, operations, page):
        app.register_blueprint(module.bp)
    app.extensions["asgi_operations"] = [("GET", events.ROUTE, events.OPERATION)]

    def job_context(jobs: Jobs) -> JobContext:
        return JobContext(
            db=db,
            media=media,
            provider=lambda: make_provider(live.get(), jobs.stop, learned),
            notify=jobs.notify,
            shot_pool=jobs.shot_pool,
            adopt_lock=jobs.adopt_lock,
            job_slot=lambda holder: jobs.job_slot(holder),
            price=lambda model, size, seconds: pricing.cost(live.get(), model, size, seconds),
            remix_supported=lambda: presets.active(live.get()).remix,
            images=lambda: _still_maker(live.get(), jobs),
            monthly_budget=lambda: live.get().monthly_budget,
        )

    jobs = Jobs(db, job_context, settings.max_concurrent_jobs)
    app.extensions["jobs"] = jobs
    if flags.get("MOUNT_ENGINE", True):
        engine = create_engine_app(_engine_settings(settings), url_prefix="")
        security.install(engine, policy, refusal_response)
        app.extensions["local_engine_app"] = engine
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/v1": engine})
    if settings.studio_role == "web":  # a team's web process: workers drive the sequences (backend/team/)
        from backend.team.roles import become_web  # the queue library loads only in a team process

        become_web(jobs, settings)
    elif settings.studio_role == "all" and flags.get("RESUME_ON_START", True):
        jobs.resume_all()
    return app


def _still_maker(settings: StudioSettings, jobs: Jobs) -> StillMaker:
    """Where keyframes are drawn now: IMAGES_BASE_URL, or the video provider (the local engine by default)."""
    where, exact = images_connection(settings)
    return StillMaker(ImagesProvider(where, jobs.stop), exact, settings.images_model, pricing.image_price(settings))


def _engine_settings(settings: StudioSettings) -> EngineSettings:
    """The mounted engine reads the same LOCAL_ENGINE_* settings, and keeps its files in the storage folder."""
    knobs = {name: getattr(settings, name) for name in EngineSettings.model_fields if hasattr(settings, name)}
    return EngineSettings(**knobs, data_dir=settings.local_engine_data or settings.video_storage_path / "engine")


def exposure_warnings(settings: StudioSettings) -> list[str]:
    """Say what is risky about where the studio listens."""
    if not security.build_policy(settings).open_network:
        return []
    return [
        f"listening on {settings.host} with ALLOW_UNAUTHENTICATED: anyone who can reach this address can "
        "start paid jobs and read your work; set ADMIN_TOKEN instead, or bind to 127.0.0.1"
    ]


def main() -> None:
    """Start the studio: `python backend/app.py`."""
    from backend.api.asgi import create_asgi
    from backend.api.server import PortInUse, bind, serve

    logs.configure()
    try:
        app = create_app()
        settings = app.extensions["settings"].get()
        sock = bind(settings.host, settings.port)
    except (config.ConfigError, PortInUse) as exc:
        raise SystemExit(f"shot-studio: {exc}") from None
    if settings.studio_role == "worker":
        raise SystemExit("shot-studio: STUDIO_ROLE=worker is started with `shot-studio worker`")
    logs.configure(settings.log_format, settings.studio_role)
    for warning in exposure_warnings(settings):
        log.warning(warning)
    log.info("studio on http://%s:%d (provider: %s)", settings.host, settings.port, connection(settings).base_url)
    # Printed, not logged: the owner pairs a page opened from disk with it (README, Security).
    print(f"Studio token (pairs frontend/index.html opened from disk): {settings.secret('studio_token')}", flush=True)
    jobs = app.extensions["jobs"]
    try:
        serve(create_asgi(app), sock, on_stop=jobs.shutdown)
    finally:
        jobs.shutdown()
        engine = app.extensions.get("local_engine_app")
        if engine is not None:
            engine.extensions["local_engine"].worker.shutdown()


if __name__ == "__main__":
    main()
