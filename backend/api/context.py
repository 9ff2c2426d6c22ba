"""Reach the app's owned objects from a request: the database, the jobs, the provider."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from backend.jobs import Jobs
from backend.providers.client import Provider
from backend.providers.connection import connection
from backend.store import Database


def db() -> Database:
    return current_app.extensions["db"]


def jobs() -> Jobs:
    return current_app.extensions["jobs"]


def storage() -> Path:
    return Path(current_app.config["VIDEO_STORAGE_PATH"])


def provider() -> Provider:
    return Provider(connection(current_app.config), jobs().stop)
