"""What callers send: bodies and query strings, with the limits the studio enforces."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from backend.models.fields import (
    Continuity,
    DataUrl,
    ModelName,
    Name,
    Number,
    Optional,
    Prompt,
    RefId,
    Request,
    Seconds,
    Size,
    StyleId,
)

PictureKey = Annotated[str, StringConstraints(pattern=r"^(shot:\d{1,3}|(cast|location):[a-z0-9][a-z0-9_-]{0,39})$")]


class CastIn(Request):
    """Someone who appears in the story: the description is restated word for word in every shot they are in."""

    id: RefId
    name: Name
    description: Optional = Field("", description="Identity anchors: wardrobe, hair, colours, props")
    reference: DataUrl | None = Field(None, description="A picture of them, as a data: URL (or upload cast_<id>)")


class LocationIn(Request):
    """A place in the story: its description is restated word for word in every shot set there."""

    id: RefId
    name: Name
    description: Optional = Field("", description="The place: time of day, weather, palette, landmarks")
    reference: DataUrl | None = Field(None, description="A picture of it, as a data: URL (or upload location_<id>)")


class ShotIn(Request):
    """One shot. A shot that names cast members or a location may leave character or environment empty."""

    character: Optional = ""
    environment: Optional = ""
    lighting_camera: Optional = ""
    dialog: Optional = ""
    cast: list[RefId] = Field([], max_length=8, description="Ids of the cast members in this shot")
    location: RefId | None = Field(None, description="Id of the location of this shot")
    seconds: Seconds | None = Field(None, description="This shot's length; the sequence's when left out")
    continuity: Literal["auto", "new_scene"] = Field(
        "auto", description="auto: continue from the shot that shares its people; new_scene: start fresh"
    )
    continue_from: int | None = Field(None, ge=1, le=999, description="Continue from this earlier shot")
    prompt: Prompt | None = Field(None, description="A hand-edited prompt, sent as written instead of the director's")
    reference: DataUrl | None = Field(None, description="A starting picture, as a data: URL (or upload reference_<n>)")


class SavedIn(Request):
    """A cast member or a location kept in the studio's library, to load into any sequence."""

    name: Name
    description: Optional = Field("", description="Identity anchors: wardrobe, hair, colours, props; or the place")
    reference: DataUrl | None = Field(
        None, description="A picture as a data: URL; null removes the stored one, left out keeps it"
    )


class ClipSettings(Request):
    model: ModelName | None = None
    size: Size | None = None
    seconds: Seconds | None = None
    style: StyleId | None = None


class GenerateIn(ClipSettings):
    title: Optional = Field("", description="A name for the sequence")
    shots: list[ShotIn] = Field(min_length=1)
    continuity: Continuity = "remix"
    cast: list[CastIn] = Field([], max_length=24)
    locations: list[LocationIn] = Field([], max_length=24)
    approve_keyframes: bool = Field(
        False, description="keyframes mode: stop after the stills until they are approved (nothing paid for clips)"
    )


class PreviewIn(GenerateIn):
    """A sequence to preview; the pictures that will come with it are named, not sent."""

    pictures: list[PictureKey] = Field(
        [], max_length=64, description='Pictures that will come beside it: "shot:<n>", "cast:<id>", "location:<id>"'
    )


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
    seconds: Seconds | None = None


class EstimateIn(ClipSettings):
    shots: list[EstimateShot] = []
    continuity: Continuity | None = None


class SequencesQuery(Request):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class LibraryQuery(Request):
    limit: int = Field(20, ge=1, le=100)
    order: Literal["asc", "desc"] = "desc"
    after: str | None = Field(None, max_length=200, description="The last id of the previous page")
    kind: Literal["clip", "sequence"] | None = None


class KeyframeIn(Request):
    """Re-roll one shot's still: optionally with its own prompt, or a note on what to change."""

    prompt: Prompt | None = Field(None, description="The still's prompt, instead of the shot's")
    note: Optional = Field("", description='What to change, e.g. "closer, from the left"')


class KeyframeForm(Request):
    """Replace one shot's still with a picture of your own (the upload field is `image`)."""


class ExportQuery(Request):
    format: Literal["srt", "vtt", "otio", "otioz", "edl", "fcp7xml", "captioned"] = Field(
        description="srt/vtt captions; otio, otioz (with the media), edl (CMX 3600), fcp7xml (Premiere, Resolve); "
        "captioned: the sequence with its captions burned in"
    )
    attachment: str | None = Field(None, max_length=10, description="1 to download as a file")


class FileQuery(Request):
    attachment: str | None = Field(None, max_length=10, description="1 to download as a file")


class ShotFileQuery(FileQuery):
    variant: Literal["video", "thumbnail", "keyframe"] = "video"


class VideoFileQuery(FileQuery):
    output_type: Literal["video", "thumbnail", "spritesheet"] = "video"
