"""The OpenAPI 3.1 description of the studio's own HTTP API (a test checks it matches the routes)."""

from __future__ import annotations

from functools import cache
from typing import Any

from backend.api.security import PUBLIC_PATHS
from backend.api.validation import CONTINUITY
from backend.providers.presets import SORA_MODELS as MODELS
from backend.providers.presets import SORA_SECONDS as SECONDS
from backend.providers.presets import SORA_SIZES as SIZES

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
        }
    },
}
NULLABLE_STR = {"type": ["string", "null"]}
SHOT_IN = {
    "type": "object",
    "required": ["character", "environment"],
    "properties": {
        "character": {"type": "string", "minLength": 1, "maxLength": 4000},
        "environment": {"type": "string", "minLength": 1, "maxLength": 4000},
        "lighting_camera": {"type": "string", "maxLength": 4000},
        "dialog": {"type": "string", "maxLength": 4000},
    },
}
CLIP_SETTINGS = {
    "model": {"type": "string", "minLength": 1, "maxLength": 200, "examples": list(MODELS)},
    "size": {"type": "string", "pattern": "^[0-9]{2,5}x[0-9]{2,5}$", "examples": list(SIZES)},
    "seconds": {"type": "string", "pattern": "^[0-9]{1,3}$", "examples": list(SECONDS)},
    "style": {"type": ["string", "null"]},
}
GENERATE_IN = {
    "type": "object",
    "required": ["shots"],
    "properties": {
        "shots": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ShotInput"}},
        "continuity": {"type": "string", "enum": list(CONTINUITY)},
        **CLIP_SETTINGS,
    },
}
CLIP_IN = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"prompt": {"type": "string", "minLength": 1, "maxLength": 32000}, **CLIP_SETTINGS},
}
VIDEO = {
    "type": "object",
    "required": ["id", "object", "kind", "status", "progress", "model", "seconds", "size", "created_at", "error"],
    "properties": {
        "id": {"type": "string"},
        "object": {"type": "string", "enum": ["video"]},
        "kind": {"type": "string", "enum": ["clip", "sequence"]},
        "status": {"type": "string", "enum": ["queued", "in_progress", "completed", "failed"]},
        "progress": {"type": "integer"},
        "model": {"type": "string"},
        "seconds": {"type": "string"},
        "size": {"type": "string"},
        "created_at": {"type": "integer"},
        "remixed_from": NULLABLE_STR,
        "provider_video_id": NULLABLE_STR,
        "download_url": NULLABLE_STR,
        "thumbnail_url": NULLABLE_STR,
        "spritesheet_url": NULLABLE_STR,
        "error": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["code", "message"]}]},
    },
}
SHOT = {
    "type": "object",
    "required": [
        "shot_number",
        "status",
        "progress",
        "video_id",
        "method",
        "note",
        "error",
        "download_url",
        "thumbnail_url",
    ],
    "properties": {
        "shot_number": {"type": "integer"},
        "status": {"type": "string", "enum": ["queued", "in_progress", "completed", "failed"]},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "video_id": NULLABLE_STR,
        "method": {"type": ["string", "null"], "enum": ["create", "remix", "last_frame", None]},
        "note": NULLABLE_STR,
        "error": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["code", "message"]}]},
        "download_url": NULLABLE_STR,
        "thumbnail_url": NULLABLE_STR,
    },
}
SEQUENCE = {
    "type": "object",
    "required": [
        "sequence_id",
        "status",
        "created_at",
        "model",
        "size",
        "seconds",
        "continuity",
        "style",
        "shots",
        "sequence_url",
        "cost",
    ],
    "properties": {
        "sequence_id": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "stitching", "completed", "failed"]},
        "created_at": {"type": "integer"},
        "model": {"type": "string"},
        "size": {"type": "string"},
        "seconds": {"type": "string"},
        "continuity": {"type": "string", "enum": list(CONTINUITY)},
        "style": NULLABLE_STR,
        "shots": {"type": "array", "items": {"$ref": "#/components/schemas/Shot"}},
        "sequence_url": NULLABLE_STR,
        "stitch_error": NULLABLE_STR,
        "cost": {
            "type": "object",
            "properties": {"estimated_usd": {"type": ["number", "null"]}, "spent_usd": {"type": "number"}},
        },
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _json(_ref("Error"), "Error") for code in codes}


def _path_param(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


def _binary(kind: str) -> dict[str, Any]:
    return {
        "description": "The file (supports Range requests)",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}}},
    }


OBJECT = {"type": "object"}
SEQUENCE_DELETED = {
    "type": "object",
    "required": ["sequence_id", "deleted", "provider_copies_deleted"],
    "properties": {
        "sequence_id": {"type": "string"},
        "deleted": {"type": "boolean"},
        "provider_copies_deleted": {
            "type": "integer",
            "minimum": 0,
            "description": "How many of its shots' jobs the provider deleted (best effort: some providers lack "
            "delete, or have expired the job already)",
        },
    },
}


@cache
def document() -> dict[str, Any]:
    """Build the document once; it is static."""
    seq_id, shot_no = _path_param("sequence_id"), _path_param("shot_number", "integer")
    paths = {
        "/health": {"get": {"summary": "Is the studio up", "responses": {"200": _json(OBJECT)}}},
        "/api/check-key": {
            "get": {"summary": "Which provider, and is a key set (never the key)", "responses": {"200": _json(OBJECT)}}
        },
        "/api/pairing": {
            "get": {
                "summary": "The studio token that pairs a page opened from disk (the studio's own page only)",
                "responses": {"200": _json(OBJECT), **_errors(403)},
            }
        },
        "/api/set-key": {
            "post": {
                "summary": "Set the provider key and base URL (loopback or admin token)",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "api_key": {"type": "string"},
                                    "base_url": {"type": ["string", "null"]},
                                    "provider": {"type": ["string", "null"]},
                                },
                            }
                        }
                    }
                },
                "responses": {"200": _json(OBJECT), **_errors(400, 403)},
            }
        },
        "/api/generate": {
            "post": {
                "summary": "Start a sequence",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": _ref("GenerateRequest")},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["payload"],
                                "properties": {
                                    "payload": {"type": "string", "description": "the GenerateRequest as JSON"},
                                    "reference_1": {"type": "string", "format": "binary"},
                                },
                            }
                        },
                    },
                },
                "responses": {"202": _json(_ref("Sequence"), "Started"), **_errors(400, 413)},
            }
        },
        "/api/sequences": {
            "get": {
                "summary": "The library of sequences, newest first",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000}},
                ],
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"data": {"type": "array", "items": _ref("Sequence")}}}
                    ),
                    **_errors(400),
                },
            }
        },
        "/api/sequences/{sequence_id}": {
            "parameters": [seq_id],
            "get": {"summary": "One sequence", "responses": {"200": _json(_ref("Sequence")), **_errors(404)}},
            "delete": {
                "summary": "Delete a sequence and its files, here and at the provider",
                "responses": {"200": _json(SEQUENCE_DELETED), **_errors(404, 409)},
            },
        },
        "/api/sequences/{sequence_id}/events": {
            "get": {
                "summary": "Live progress as Server-Sent Events (event: sequence, data: the Sequence)",
                "parameters": [seq_id],
                "responses": {
                    "200": {
                        "description": "An event stream",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                    **_errors(404),
                },
            }
        },
        "/api/sequences/{sequence_id}/shots/{shot_number}/retry": {
            "post": {
                "summary": "Retry a failed shot (reuses its provider job when that job is alive)",
                "parameters": [seq_id, shot_no],
                "responses": {"202": _json(_ref("Sequence")), **_errors(404, 409)},
            }
        },
        "/api/stitch/{sequence_id}": {
            "post": {
                "summary": "Stitch the shots again, with a cut or a crossfade",
                "parameters": [seq_id],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "transition": {"type": "string", "enum": ["cut", "crossfade"]},
                                    "duration": {"type": "number", "minimum": 0.1, "maximum": 3},
                                },
                            }
                        }
                    }
                },
                "responses": {"200": _json(OBJECT), **_errors(400, 404)},
            }
        },
        "/api/download/{sequence_id}/{shot_number}": {
            "get": {
                "summary": "A shot's video (or its thumbnail with variant=thumbnail)",
                "parameters": [
                    seq_id,
                    shot_no,
                    {"name": "variant", "in": "query", "schema": {"type": "string", "enum": ["video", "thumbnail"]}},
                    {"name": "attachment", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
                ],
                "responses": {"200": _binary("video/mp4"), "206": _binary("video/mp4"), **_errors(400, 404)},
            }
        },
        "/api/download-sequence/{sequence_id}": {
            "get": {
                "summary": "The stitched sequence",
                "parameters": [
                    seq_id,
                    {"name": "attachment", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
                ],
                "responses": {"200": _binary("video/mp4"), "206": _binary("video/mp4"), **_errors(404)},
            }
        },
        "/api/status/{video_id}": {
            "get": {
                "summary": "A provider job's status",
                "parameters": [_path_param("video_id")],
                "responses": {
                    "200": _json({"type": "object", "required": ["video_id", "status", "progress", "error"]}),
                    **_errors(404),
                },
            }
        },
        "/api/capabilities": {
            "get": {"summary": "Provider, models, sizes, durations, limits", "responses": {"200": _json(OBJECT)}}
        },
        "/api/templates": {"get": {"summary": "Style presets", "responses": {"200": _json(OBJECT)}}},
        "/api/estimate": {
            "post": {
                "summary": "Cost estimate and dialog warnings for a sequence or a clip",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    **CLIP_SETTINGS,
                                    "shots": {"type": "array", "items": {"type": "object"}},
                                },
                            }
                        }
                    }
                },
                "responses": {"200": _json(OBJECT), **_errors(400)},
            }
        },
        "/api/v1/videos/generate": {
            "post": {
                "summary": "Start a single clip (JSON, or multipart with an input_reference image)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": CLIP_IN},
                        "multipart/form-data": {
                            "schema": {
                                **CLIP_IN,
                                "properties": {
                                    **CLIP_IN["properties"],
                                    "input_reference": {"type": "string", "format": "binary"},
                                },
                            }
                        },
                    },
                },
                "responses": {"202": _json(_ref("Video"), "Started"), **_errors(400, 413)},
            }
        },
        "/api/v1/videos": {
            "get": {
                "summary": "The library of every clip and shot",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                    {"name": "after", "in": "query", "schema": {"type": "string"}},
                    {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["clip", "sequence"]}},
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["object", "data", "has_more"],
                            "properties": {"data": {"type": "array", "items": _ref("Video")}},
                        }
                    ),
                    **_errors(400),
                },
            }
        },
        "/api/v1/videos/{video_id}": {
            "parameters": [_path_param("video_id")],
            "get": {"summary": "One clip or shot", "responses": {"200": _json(_ref("Video")), **_errors(404)}},
            "delete": {
                "summary": "Delete a clip, here and at the provider",
                "responses": {"200": _json(OBJECT), **_errors(404, 409)},
            },
        },
        "/api/v1/videos/{video_id}/download": {
            "get": {
                "summary": "A clip's video, thumbnail or spritesheet",
                "parameters": [
                    _path_param("video_id"),
                    {
                        "name": "output_type",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["video", "thumbnail", "spritesheet"]},
                    },
                    {"name": "attachment", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
                ],
                "responses": {"200": _binary("video/mp4"), "206": _binary("video/mp4"), **_errors(400, 404)},
            }
        },
        "/api/v1/videos/{video_id}/remix": {
            "post": {
                "summary": "Remix a completed clip or shot into a new clip",
                "parameters": [_path_param("video_id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["prompt"],
                                "properties": {"prompt": {"type": "string", "minLength": 1, "maxLength": 32000}},
                            }
                        }
                    },
                },
                "responses": {"202": _json(_ref("Video"), "Started"), **_errors(400, 404, 409)},
            }
        },
        "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json(OBJECT)}}},
    }
    for path, item in paths.items():  # the guard of backend/security.py stands in front of every operation
        for method, operation in item.items():
            if method == "parameters":
                continue
            public = path in PUBLIC_PATHS
            operation["responses"].update(_errors(421) if public else _errors(401, 403, 421))
            if not public:
                operation["security"] = [{}, {"studioToken": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Shot Studio API",
            "version": "1.0.0",
            "description": "A multi-shot video studio over any /v1/videos provider.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Error": ERROR,
                "ShotInput": SHOT_IN,
                "GenerateRequest": GENERATE_IN,
                "Shot": SHOT,
                "Video": VIDEO,
                "Sequence": SEQUENCE,
            },
            "securitySchemes": {
                "studioToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The studio token (a page opened from disk) or ADMIN_TOKEN (beyond loopback). "
                    "The studio's own page and curl on this machine need none.",
                }
            },
        },
    }
