"""Reach the app's owned objects from a request: settings, database, jobs, the provider."""

from __future__ import annotations

from flask import current_app

from backend.config import LiveSettings, StudioSettings
from backend.jobs import Jobs
from backend.media.store import MediaStore
from backend.providers.client import Provider
from backend.providers.connection import make_provider
from backend.providers.presets import Preset
from backend.store import Database


def live_settings() -> LiveSettings:
    return current_app.extensions["settings"]


def settings() -> StudioSettings:
    """The settings now (the provider choice may have changed since start-up)."""
    return live_settings().get()


def db() -> Database:
    return current_app.extensions["db"]


def jobs() -> Jobs:
    return current_app.extensions["jobs"]


def media() -> MediaStore:
    """The folder (and bucket, if set) every media file is written to and read from."""
    return current_app.extensions["media"]


def provider() -> Provider:
    return make_provider(settings(), jobs().stop, current_app.extensions["provider_forms"])


def offered(config: StudioSettings) -> Preset:
    """The active preset with the models its server lists now (backend/providers/catalog.py)."""
    return current_app.extensions["provider_models"].offered(config)
