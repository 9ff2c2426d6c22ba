"""What the studio answers: sequences and shots, clips, the library, the provider and its capabilities."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from backend.models.fields import Answer, Continuity, KeyframeStatus, Method, SequenceStatus, ShotStatus


class ErrorDetail(Answer):
    code: str
    message: str
    field: str | None = None


class ErrorBody(Answer):
    """Every error the studio answers: `{"error": {"code", "message", "field"}}`."""

    error: ErrorDetail


class ShotError(Answer):
    code: str
    message: str


class Shot(Answer):
    shot_number: int
    status: ShotStatus
    progress: int = Field(ge=0, le=100)
    video_id: str | None = Field(description="The provider's job id")
    method: Method | None = Field(description="How it was made: create, remix or last_frame")
    note: str | None = Field(description="Why a fallback happened")
    error: ShotError | None
    character: str
    environment: str
    lighting_camera: str
    dialog: str
    has_reference: bool
    download_url: str | None
    thumbnail_url: str | None
    seconds: str
    cast: list[str] = Field(description="Ids of the cast members in it")
    location: str | None
    prompt: str = Field(description="The exact prompt sent to the provider")
    prompt_edited: bool
    source_shot: int | None = Field(description="The earlier shot it continues from (remixed, or its last frame)")
    planned_method: Method = Field(description="How it was planned to be made; `method` says how it was made")
    continuity_note: str | None = Field(description="Why it continues from that shot, or why it starts fresh")
    keyframe_status: KeyframeStatus | None = Field(description="keyframes mode: its still, before its clip")
    keyframe_url: str | None
    keyframe_version: int = Field(description="How many stills it has had (re-rolls and replacements count)")
    keyframe_note: str | None


class StoryItem(Answer):
    """A cast member or a location of a sequence."""

    id: str
    name: str
    description: str
    has_reference: bool


class SavedItem(Answer):
    """A cast member or a location in the studio's library (GET /api/cast, GET /api/locations)."""

    id: str
    name: str
    description: str
    has_reference: bool
    reference_url: str | None = Field(description="Its picture (a PNG), to load into a sequence")
    updated_at: float


class SavedList(Answer):
    data: list[SavedItem]


class SavedDeleted(Answer):
    id: str
    deleted: Literal[True] = True


class PlannedShot(Answer):
    shot_number: int
    seconds: str
    prompt: str
    prompt_edited: bool
    source_shot: int | None
    method: Method
    continuity_note: str
    warnings: list[str]


class StoryPreview(Answer):
    """What would be sent, before anything is paid for."""

    shots: list[PlannedShot]
    seconds: int = Field(description="The sequence's total length")
    estimated_usd: float | None
    stills_usd: float | None = Field(description="keyframes mode: what the stills cost (0 otherwise)")


class Cost(Answer):
    estimated_usd: float | None
    spent_usd: float


class Sequence(Answer):
    sequence_id: str
    title: str
    kind: Literal["sequence", "clip"]
    status: SequenceStatus
    created_at: int
    model: str
    size: str
    seconds: str
    continuity: Continuity
    style: str | None
    shots: list[Shot]
    cast: list[StoryItem]
    locations: list[StoryItem]
    approve_keyframes: bool
    approved: bool = Field(description="keyframes mode: the stills were approved (or needed no approval)")
    sequence_url: str | None
    stitch_error: str | None
    cost: Cost


class SequencePage(Answer):
    data: list[Sequence]


class SequenceDeleted(Answer):
    sequence_id: str
    deleted: Literal[True] = True
    provider_copies_deleted: int = Field(description="Provider jobs deleted with it (where the provider allows)")


class VideoStatus(Answer):
    video_id: str
    status: ShotStatus
    progress: int
    error: ShotError | None


class Stitched(Answer):
    sequence_id: str
    sequence_url: str | None
    transition: Literal["cut", "crossfade"]


class Video(Answer):
    """A clip or a shot in the library; its id is the studio's `<sequence_id>-<shot_number>`."""

    id: str
    object: Literal["video"] = "video"
    kind: Literal["sequence", "clip"]
    sequence_id: str
    shot_number: int
    status: ShotStatus
    progress: int
    model: str
    size: str
    seconds: str
    created_at: int
    prompt: str
    user_prompt: str = Field(description="The prompt as written, without the style text the studio appended")
    style: str | None
    estimated_usd: float | None
    method: Method | None
    note: str | None
    remixed_from: str | None
    provider_video_id: str | None
    error: ShotError | None
    download_url: str | None
    thumbnail_url: str | None
    spritesheet_url: str | None
    spent_usd: float | None = Field(description="A clip's own spend; null for a shot (see its sequence)")


class VideoPage(Answer):
    object: Literal["list"] = "list"
    data: list[Video]
    first_id: str | None
    last_id: str | None
    has_more: bool


class VideoDeleted(Answer):
    id: str
    object: Literal["video.deleted"] = "video.deleted"
    deleted: Literal[True] = True
    provider_deleted: bool


class Health(Answer):
    status: Literal["healthy"] = "healthy"
    service: Literal["shot-studio"] = "shot-studio"
    provider: str
    provider_reachable: bool


class ProviderInfo(Answer):
    """Which provider is active; never the key (at most its last four characters)."""

    provider: str
    provider_setting: str
    provider_name: str
    base_url: str
    key_configured: bool
    key_hint: str | None
    free: bool
    notice: str | None


class KeyCheck(ProviderInfo):
    configured: bool


class KeySaved(ProviderInfo):
    saved: Literal[True] = True


class Pairing(Answer):
    token: str


class Preset(Answer):
    id: str
    name: str
    base_url: str | None
    models: list[str]
    sizes: list[str]
    durations: list[str]
    remix: bool
    prices: dict[str, float] | None
    quirks: list[str]
    notes: str


class Defaults(Answer):
    model: str
    size: str
    seconds: str


class Capabilities(ProviderInfo):
    models: list[str]
    sizes: list[str]
    durations: list[str]
    continuity_modes: list[Continuity]
    max_shots: int
    max_file_size: int
    remix: bool
    quirks: list[str]
    notes: str
    prices_usd_per_second: dict[str, float] | None
    max_sequence_cost: float | None
    monthly_budget: float | None = Field(description="The whole studio's spend cap per UTC month (US dollars)")
    defaults: Defaults
    presets: list[Preset]


class Template(Answer):
    id: str
    name: str
    description: str
    style: str


class TemplateList(Answer):
    data: list[Template]


class EstimateWarning(Answer):
    field: str
    message: str


class Estimate(Answer):
    estimated_usd: float | None = Field(description="Clips and stills together")
    clips_usd: float | None
    stills_usd: float | None = Field(description="keyframes mode: one still per shot (0 otherwise)")
    free: bool
    seconds: int
    model: str
    size: str
    max_usd: float | None = Field(description="MAX_SEQUENCE_COST: the cap on one sequence or clip")
    monthly_budget_usd: float | None = Field(description="MONTHLY_BUDGET: the whole studio's cap per UTC month")
    budget_left_usd: float | None = Field(description="What is left of MONTHLY_BUDGET this month (null: no budget)")
    within_budget: bool | None = Field(description="Within both caps (null: no cap set, or the price is unknown)")
    warnings: list[EstimateWarning]


class OpenApiDocument(Answer):
    """An OpenAPI 3.1 document (this one)."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict
    paths: dict
    components: dict


class SchemaDocument(Answer):
    """A JSON Schema (draft 2020-12) document."""

    model_config = ConfigDict(extra="allow")
    title: str
    type: str
    properties: dict


class Readiness(Answer):
    """Whether this process can do its job now (a load balancer or orchestrator asks)."""

    ready: bool
    role: Literal["all", "web", "worker"]
    database: bool = Field(description="The database answered")
    workers_alive: int | None = Field(description="Team web processes: workers that beat in the last 5 s")
    reason: str | None = Field(description="Why not ready, in words")
