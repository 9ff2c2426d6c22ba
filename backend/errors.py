"""The studio's exceptions, each carrying its HTTP status, and its one error shape.

StudioError                 -> {"error": {"code", "message", "field"}} with its status
 +-- BadRequest (400)       a field is wrong; `field` names it, e.g. "shots[0].character"
 +-- Forbidden (403)
 +-- NotFound (404)
 +-- Conflict (409)         the thing exists but is not in a state for this
 +-- PayloadTooLarge (413)
"""

from __future__ import annotations

from backend.models.responses import ErrorBody, ErrorDetail


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
    return ErrorBody(error=ErrorDetail(code=code, message=message, field=field)).model_dump(mode="json")
