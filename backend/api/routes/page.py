"""The page itself: frontend/index.html and its scripts, styles and icons (public; no build step)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, send_from_directory

bp = Blueprint("page", __name__)
FRONTEND = Path(__file__).resolve().parents[3] / "frontend"


@bp.get("/")
def index():
    return send_from_directory(FRONTEND, "index.html", max_age=0)


@bp.get("/<path:name>")
def frontend_file(name: str):
    return send_from_directory(FRONTEND, name, max_age=0)
