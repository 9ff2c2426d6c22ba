"""Field types the requests and answers share: bounded text, sizes, durations, the status words."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema

from utils.prompt_templates import TEMPLATES

Continuity = Literal["remix", "chain", "last_frame", "independent", "keyframes"]
CONTINUITY: tuple[str, ...] = Continuity.__args__
ShotStatus = Literal["queued", "in_progress", "completed", "failed"]
SequenceStatus = Literal["queued", "running", "awaiting_approval", "stitching", "completed", "failed"]
Method = Literal["create", "remix", "last_frame", "keyframe"]
KeyframeStatus = Literal["pending", "ready", "failed"]
StyleId = Literal[tuple(TEMPLATES)]  # type: ignore[valid-type]

Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Optional = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Prompt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32000)]
ModelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# Ids of cast members and locations: short, lower-case, safe in file names ("mara", "night-market").
RefId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
# A picture inside JSON: data:image/png;base64,... (about 14 MiB of text at most; the size limit applies after).
DataUrl = Annotated[str, StringConstraints(pattern=r"^data:image/(png|jpeg|webp);base64,", max_length=14_000_000)]
Size = Annotated[str, StringConstraints(pattern=r"^\d{2,5}x\d{2,5}$")]


def _seconds(value: Any) -> Any:
    """Accept 8 as well as "8": the original page sent numbers."""
    if isinstance(value, bool):
        return value
    return str(value) if isinstance(value, int) else value


# Documented as the string the API speaks; an integer is still read, as the original page sent it.
Seconds = Annotated[
    str,
    BeforeValidator(_seconds),
    StringConstraints(pattern=r"^\d{1,3}$"),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,3}$"}),
]


def _not_a_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number is expected, not true or false")
    return value


Number = Annotated[float, BeforeValidator(_not_a_bool)]


class Request(BaseModel):
    """A request body: unknown fields are ignored, as the original API did."""

    model_config = ConfigDict(extra="ignore")


class Answer(BaseModel):
    """An answer body: every field is always present (null when it has no value)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
