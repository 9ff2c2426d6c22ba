"""Provider presets: what each `/v1/videos` service that outlived Sora offers, and its quirks.

The studio picks one from PROVIDER, or from the key and base URL when PROVIDER is unset. Quirks are
plain flags the provider wrapper reads; capabilities and validation read the lists.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.config import StudioSettings

SORA_SIZES = ("720x1280", "1280x720", "1024x1792", "1792x1024")
SORA_SECONDS = ("4", "8", "12")
SORA_MODELS = ("sora-2", "sora-2-pro")
WAN_SIZES = ("1280x720", "720x1280", "832x480", "480x832")

# Quirk flags understood by backend/providers/client.py (the form of a create: backend/providers/forms.py)
SECONDS_INT = "seconds_int"  # wants `seconds` as an integer (SGLang)
SECONDS_STR = "seconds_str"  # wants `seconds` as a string even in JSON: cancels seconds_int (learned only)
JSON_TEXT_ONLY = "json_text_only"  # multipart only when there is an image; text-only shots go as JSON
MULTIPART_TEXT = "multipart_text"  # text-only shots go as multipart too: cancels json_text_only (learned only)
DETAIL_ERRORS = "detail_errors"  # FastAPI-style {"detail": ...} error bodies
ODD_STATUSES = "odd_statuses"  # statuses beyond the four (pending, processing, succeeded...)
OPAQUE_IDS = "opaque_ids"  # long ids that encode the upstream provider (LiteLLM)
DELETE_RETURNS_OBJECT = "delete_returns_object"  # DELETE answers the video, not a deletion record


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    base_url: str | None  # a template for the page; None for the local engine
    models: tuple[str, ...]
    sizes: tuple[str, ...]
    durations: tuple[str, ...]
    remix: bool  # False: later shots continue from the last frame
    prices: dict[str, float] | None  # USD per second by model; None when unknown (self-hosted)
    quirks: frozenset[str] = field(default_factory=frozenset)
    notes: str = ""

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        data["quirks"] = sorted(self.quirks)
        return data


SORA_PRICES = {"sora-2": 0.10, "sora-2-pro": 0.30}

PRESETS: dict[str, Preset] = {
    preset.id: preset
    for preset in (
        Preset(
            "local_engine",
            "Local engine (animatics, free, offline)",
            None,
            SORA_MODELS,
            SORA_SIZES,
            SORA_SECONDS,
            True,
            {"sora-2": 0.0, "sora-2-pro": 0.0},
            notes="The studio's own /v1/videos server: storyboard animatics for planning, no AI model.",
        ),
        Preset(
            "openai",
            "OpenAI (shut down)",
            "https://api.openai.com/v1",
            SORA_MODELS,
            SORA_SIZES,
            SORA_SECONDS,
            True,
            SORA_PRICES,
            notes="OpenAI shut its Videos API down on 2026-09-24.",
        ),
        Preset(
            "openai_compatible",
            "OpenAI-compatible (custom base URL)",
            "https://your-provider.example/v1",
            SORA_MODELS,
            SORA_SIZES,
            SORA_SECONDS,
            True,
            SORA_PRICES,
            notes="Any service with OpenAI's /v1/videos shape; remix is tried and falls back when refused.",
        ),
        Preset(
            "azure",
            "Azure OpenAI",
            "https://<resource>.openai.azure.com/openai/v1",
            SORA_MODELS,
            SORA_SIZES,
            SORA_SECONDS,
            True,
            SORA_PRICES,
            notes="Use the v1 API base URL and the resource's key; the model is the deployment name.",
        ),
        Preset(
            "litellm",
            "LiteLLM proxy",
            "http://127.0.0.1:4000/v1",
            SORA_MODELS,
            SORA_SIZES,
            SORA_SECONDS,
            False,
            SORA_PRICES,
            frozenset({OPAQUE_IDS, DETAIL_ERRORS}),
            notes="Model names are the proxy's aliases. Later shots continue from the last frame: remix through "
            "LiteLLM 1.106 returns ids that cannot be polled. Set num_retries: 0 for video models, or a failed "
            "parse re-creates (and re-bills) the job.",
        ),
        Preset(
            "sglang",
            "SGLang diffusion (self-hosted)",
            "http://127.0.0.1:30000/v1",
            ("Wan-AI/Wan2.2-T2V-A14B-Diffusers", "Wan-AI/Wan2.2-I2V-A14B-Diffusers"),
            WAN_SIZES,
            ("5",),
            False,
            None,
            frozenset({SECONDS_INT, JSON_TEXT_ONLY, DETAIL_ERRORS, ODD_STATUSES}),
            notes='No remix: later shots continue from the last frame. Integer seconds, {"detail"} errors.',
        ),
        Preset(
            "vllm_omni",
            "vLLM-Omni (self-hosted)",
            "http://127.0.0.1:8000/v1",
            ("Wan-AI/Wan2.2-T2V-A14B-Diffusers", "Lightricks/LTX-2", "tencent/HunyuanVideo"),
            WAN_SIZES,
            ("4", "5", "8"),
            False,
            None,
            frozenset({DETAIL_ERRORS, ODD_STATUSES, DELETE_RETURNS_OBJECT}),
            notes="No remix: later shots continue from the last frame.",
        ),
    )
}


def active(settings: StudioSettings) -> Preset:
    """Return the preset in force: PROVIDER if set, else what the key and base URL imply."""
    if settings.provider:
        return PRESETS[settings.provider]  # checked against PRESETS when the settings were read
    if not settings.openai_api_key and not settings.openai_base_url:
        return PRESETS["local_engine"]
    if not settings.openai_base_url or "api.openai.com" in settings.openai_base_url:
        return PRESETS["openai"]
    return PRESETS["openai_compatible"]


def effective(settings: StudioSettings, preset: Preset | None = None) -> StudioSettings:
    """Return the settings with the default model, size and duration moved onto choices the preset offers.

    `preset` is the active one as offered now (its models from the server: backend/providers/catalog.py).
    """
    preset = preset or active(settings)
    moved = {}
    for name, offered in (
        ("default_model", preset.models),
        ("default_size", preset.sizes),
        ("default_seconds", preset.durations),
    ):
        if getattr(settings, name) not in offered:
            moved[name] = offered[0]
    return settings.model_copy(update=moved) if moved else settings
