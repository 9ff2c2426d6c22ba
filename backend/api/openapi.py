"""The OpenAPI 3.1 document of the studio's API, generated from its routes and its pydantic models.

Each route declares what it takes and answers with `@operation(...)`, kept on the view function; the
document walks Flask's URL map (plus the progress stream, served outside Flask) and turns the models
into JSON Schema with pydantic itself. A route without a declaration cannot be documented, and the test
that compares the document with the routes fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from backend.api.security import PUBLIC_PATHS
from backend.models.responses import ErrorBody

GUARD_ERRORS = (401, 403, 421)
PATH_SCHEMAS = {"shot_number": {"type": "integer", "minimum": 1, "maximum": 999}}


@dataclass(frozen=True)
class File:
    """An answer that is a file (or a stream) rather than JSON."""

    media_type: str
    ranges: bool = True  # served with Range support: 206 Partial Content too


@dataclass(frozen=True)
class Operation:
    summary: str
    answers: dict[int, type[BaseModel] | File]
    errors: tuple[int, ...] = ()
    body: type[BaseModel] | None = None
    form: type[BaseModel] | None = None  # multipart fields, beside `files`
    files: tuple[str, ...] = ()  # upload field names; "cast_*" stands for cast_<id>, "reference_*" for reference_<n>
    query: type[BaseModel] | None = None


def operation(summary: str, answers: dict[int, type[BaseModel] | File], **details: Any) -> Callable:
    """Declare what a route takes and answers; the document is built from these declarations."""

    def declare(view: Callable) -> Callable:
        view.openapi = Operation(summary, answers, **details)
        return view

    return declare


def documented_rules(app: Flask) -> list[tuple[str, str, Operation | None]]:
    """Every (method, rule, operation) of the API: Flask's /api and /health routes, and those served
    outside Flask (the progress stream), which the app lists in app.extensions["asgi_operations"]."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule in ("/health", "/ready", "/metrics"):
            view = app.view_functions[rule.endpoint]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method, rule.rule, getattr(view, "openapi", None)))
    return found + list(app.extensions.get("asgi_operations", ()))


def document(app: Flask) -> dict[str, Any]:
    """Build the document (once per app; the routes do not change while it runs)."""
    cached = app.extensions.get("openapi_document")
    if cached is None:
        cached = app.extensions["openapi_document"] = _build(documented_rules(app))
    return cached


def _build(rules: list[tuple[str, str, Operation | None]]) -> dict[str, Any]:
    missing = [f"{method} {rule}" for method, rule, op in rules if op is None]
    if missing:
        raise LookupError(f"routes without @operation: {', '.join(missing)}")
    models = _models([op for _, _, op in rules])
    refs, defs = models_json_schema(models, ref_template="#/components/schemas/{model}")
    schema = dict(refs)  # (model, mode) -> {"$ref": ...}
    paths: dict[str, dict[str, Any]] = {}
    for method, rule, op in rules:
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
        names = re.findall(r"{([^}]+)}", path)
        operation_id = method.lower() + re.sub(r"[^a-zA-Z0-9]+", "_", path).rstrip("_")
        paths.setdefault(path, {})[method.lower()] = _operation(op, operation_id, names, path in PUBLIC_PATHS, schema)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Shot Studio API",
            "version": "2.0.0",
            "description": "A multi-shot video studio over any /v1/videos provider. Errors are always "
            '`{"error": {"code", "message", "field"}}`.',
        },
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The studio token (a page opened from disk) or ADMIN_TOKEN (beyond loopback). "
                    "The studio's own page and curl on this machine need none.",
                },
                "queryToken": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "token",
                    "description": "The same token, for what a browser loads by itself (players, the event stream).",
                },
            },
        },
    }


def _models(operations: list[Operation]) -> list[tuple[type[BaseModel], str]]:
    seen: dict[tuple[type[BaseModel], str], None] = {(ErrorBody, "serialization"): None}
    for op in operations:
        for model in (op.body, op.form, op.query):
            if model is not None:
                seen[(model, "validation")] = None
        for answer in op.answers.values():
            if isinstance(answer, type):
                seen[(answer, "serialization")] = None
    return list(seen)


def _operation(op: Operation, operation_id: str, path_names: list[str], public: bool, schema: dict) -> dict[str, Any]:
    spec: dict[str, Any] = {"summary": op.summary, "operationId": operation_id}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": PATH_SCHEMAS.get(name, {"type": "string"})}
        for name in path_names
    ]
    if op.query is not None:
        shape = op.query.model_json_schema()
        for name, field_schema in shape["properties"].items():
            required = name in shape.get("required", ())
            parameters.append({"name": name, "in": "query", "required": required, "schema": field_schema})
    if parameters:
        spec["parameters"] = parameters
    content = {}
    if op.body is not None:
        content["application/json"] = {"schema": schema[(op.body, "validation")]}
    if op.form is not None:
        content["multipart/form-data"] = {"schema": _form_schema(schema[(op.form, "validation")], op.files)}
    if content:
        spec["requestBody"] = {"required": True, "content": content}
    responses: dict[str, Any] = {}
    for status, answer in op.answers.items():
        responses[str(status)] = _answer(status, answer, schema)
        if isinstance(answer, File) and answer.ranges:
            responses["206"] = _answer(206, answer, schema)
    for status in (*op.errors, *((421,) if public else GUARD_ERRORS)):
        responses[str(status)] = _answer(status, ErrorBody, schema)
    spec["responses"] = responses
    if not public:
        spec["security"] = [{}, {"bearer": []}, {"queryToken": []}]
    return spec


def _answer(status: int, answer: type[BaseModel] | File, schema: dict) -> dict[str, Any]:
    description = HTTPStatus(status).phrase
    if isinstance(answer, File):
        body = {"type": "string", "format": "binary"} if answer.ranges else {"type": "string"}
        return {"description": description, "content": {answer.media_type: {"schema": body}}}
    return {"description": description, "content": {"application/json": {"schema": schema[(answer, "serialization")]}}}


def _form_schema(fields_ref: dict[str, Any], files: tuple[str, ...]) -> dict[str, Any]:
    uploads = {name: {"type": "string", "format": "binary"} for name in files if not name.endswith("*")}
    patterns = {
        f"^{name[:-1]}[a-z0-9][a-z0-9_-]*$": {"type": "string", "format": "binary"}
        for name in files
        if name.endswith("*")
    }
    extra: dict[str, Any] = {"type": "object", "properties": uploads}
    if patterns:
        extra["patternProperties"] = patterns
    return {"allOf": [fields_ref, extra]}
