"""The studio's exceptions and its one error shape.

StudioError                 -> {"error": {"code", "message", "field"}} with its status
 +-- BadRequest (400)       a field is wrong; `field` names it, e.g. "shots[0].character"
 +-- Forbidden (403)
 +-- NotFound (404)
 +-- Conflict (409)         the thing exists but is not in a state for this
 +-- PayloadTooLarge (413)
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class StudioError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class BadRequest(StudioError):
    status, code = 400, "invalid_request"


class Forbidden(StudioError):
    status, code = 403, "forbidden"


class NotFound(StudioError):
    status, code = 404, "not_found"


class Conflict(StudioError):
    status, code = 409, "conflict"


class PayloadTooLarge(StudioError):
    status, code = 413, "payload_too_large"


def error_body(code: str, message: str, field: str | None = None) -> dict:
    """Build the one error shape every studio endpoint answers with."""
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    return {"error": body}


def _respond(status: int, code: str, message: str, field: str | None = None) -> Response:
    response = jsonify(error_body(code, message, field))
    response.status_code = status
    return response


def refusal_response(refusal) -> Response:
    """Answer a request the security guard refused (see backend/security.py)."""
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
