"""Answer every error, the studio's own (backend/errors.py) and Flask's, in the one shape."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from backend.errors import StudioError, error_body

log = logging.getLogger(__name__)


def _respond(status: int, code: str, message: str, field: str | None = None) -> Response:
    response = jsonify(error_body(code, message, field))
    response.status_code = status
    return response


def refusal_response(refusal) -> Response:
    """Answer a request the security guard refused (see backend/api/security.py)."""
    return _respond(refusal.status, refusal.code, refusal.message)


def register(app: Flask) -> None:
    """Answer every error, ours and Flask's, in the one shape."""

    @app.errorhandler(StudioError)
    def studio_error(exc: StudioError):
        return _respond(exc.status, exc.code, exc.message, exc.field)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        if status == 413:
            return _respond(413, "payload_too_large", "The upload is larger than the studio accepts.")
        code = (exc.name or "error").lower().replace(" ", "_")
        return _respond(status, code, exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error")
        return _respond(500, "internal_error", "Something went wrong inside the studio; see its log.")
