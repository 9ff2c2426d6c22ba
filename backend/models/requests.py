"""What callers send: bodies and query strings, with the limits the studio enforces."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from backend.models.fields import (
    Continuity,
    ModelName,
    Number,
    Optional,
    Prompt,
    Request,
    Required,
    Seconds,
    Size,
    StyleId,
)


class ShotIn(Request):
    character: Required
    environment: Required
    lighting_camera: Optional = ""
    dialog: Optional = ""


class ClipSettings(Request):
    model: ModelName | None = None
    size: Size | None = None
    seconds: Seconds | None = None
    style: StyleId | None = None


class GenerateIn(ClipSettings):
    shots: list[ShotIn] = Field(min_length=1)
    continuity: Continuity = "remix"


class GenerateForm(Request):
    """POST /api/generate as multipart: the JSON in `payload`, reference images as `reference_<n>`."""

    payload: str = Field(description="The GenerateIn body as JSON text")


class ClipIn(ClipSettings):
    prompt: Prompt


class ClipForm(ClipIn):
    """A clip as multipart: the same fields, and the starting image as `input_reference`."""


class RemixIn(Request):
    prompt: Prompt


class SetKeyIn(Request):
    api_key: str | None = Field(
        None, description="Left out: kept if the base URL stays the same, else cleared. Empty: removed."
    )
    base_url: str | None = None
    provider: str | None = Field(None, description="A preset id, or empty for automatic")


class StitchIn(Request):
    transition: Literal["cut", "crossfade"] = "cut"
    duration: Number = Field(0.5, ge=0.1, le=3, description="Crossfade length in seconds")


class EstimateShot(Request):
    dialog: str | None = None


class EstimateIn(ClipSettings):
    shots: list[EstimateShot] = []


class SequencesQuery(Request):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class LibraryQuery(Request):
    limit: int = Field(20, ge=1, le=100)
    order: Literal["asc", "desc"] = "desc"
    after: str | None = Field(None, max_length=200, description="The last id of the previous page")
    kind: Literal["clip", "sequence"] | None = None


class FileQuery(Request):
    attachment: str | None = Field(None, max_length=10, description="1 to download as a file")


class ShotFileQuery(FileQuery):
    variant: Literal["video", "thumbnail"] = "video"


class VideoFileQuery(FileQuery):
    output_type: Literal["video", "thumbnail", "spritesheet"] = "video"
