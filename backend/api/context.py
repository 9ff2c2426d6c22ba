"""Reach the app's owned objects from a request: settings, database, jobs, the provider."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from backend.config import LiveSettings, StudioSettings
from backend.jobs import Jobs
from backend.providers.client import Provider
from backend.providers.connection import connection
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


def storage() -> Path:
    return settings().video_storage_path


def provider() -> Provider:
    return Provider(connection(settings()), jobs().stop)
