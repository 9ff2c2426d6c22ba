"""What work costs, from a per-second price table (DESIGN.md), and the budget cap.

The local engine is free; an unknown model's price is unknown (None) unless PRICE_PER_SECOND is set.
"""

from __future__ import annotations

from typing import Any

from backend.api.errors import BadRequest
from backend.providers.connection import is_local_engine
from backend.providers.presets import active, effective
from utils.director import dialog_warning

LARGE_SIZES = {"1024x1792", "1792x1024"}
# US dollars per second of video, as OpenAI priced Sora; providers that resell it priced alike.
PRICES = {"sora-2": 0.10, "sora-2-pro": 0.30}
PRO_LARGE = 0.50


def table_price(model: str, size: str) -> float | None:
    """Return the table's per-second price for a model and size, or None when not listed."""
    family = "sora-2-pro" if model.startswith("sora-2-pro") else "sora-2" if model.startswith("sora-2") else None
    if family is None:
        return None
    return PRO_LARGE if family == "sora-2-pro" and size in LARGE_SIZES else PRICES[family]


def price_per_second(config: dict[str, Any], model: str, size: str) -> float | None:
    """A configured price wins; then the active preset's table (free on the local engine)."""
    if config.get("PRICE_PER_SECOND") is not None:
        return float(config["PRICE_PER_SECOND"])
    preset = active(config)
    if preset.prices is None:
        return None
    if preset.prices and not any(preset.prices.values()):
        return 0.0
    return table_price(model, size)


def cost(config: dict[str, Any], model: str, size: str, seconds: int) -> float | None:
    """Return the cost of `seconds` of video, or None when the price is unknown."""
    price = price_per_second(config, model, size)
    return None if price is None else round(price * seconds, 4)


def check_budget(config: dict[str, Any], estimate: float | None, field: str) -> None:
    """Refuse, before any job starts, work that would exceed MAX_SEQUENCE_COST."""
    cap = config.get("MAX_SEQUENCE_COST")
    if cap is None:
        return
    if estimate is None:
        raise BadRequest(
            "The price at this provider is unknown, so MAX_SEQUENCE_COST cannot be enforced; "
            "set PRICE_PER_SECOND or remove the cap.",
            field=field,
            code="over_budget",
        )
    if estimate > float(cap):
        raise BadRequest(
            f"This would cost about ${estimate:.2f}, above the MAX_SEQUENCE_COST of ${float(cap):.2f}. "
            "Use fewer or shorter shots, a cheaper model, or raise the cap.",
            field=field,
            code="over_budget",
        )


def estimate(
    config: dict[str, Any], model: str | None, size: str | None, seconds: str | None, shots: object
) -> dict[str, Any]:
    """Price a sequence (one entry per shot) or a clip, check the cap, and warn of dialog too long to fit."""
    shots = shots if isinstance(shots, list) and shots else [{}]
    config = effective(config)
    model = model or config["DEFAULT_MODEL"]
    size = size or config["DEFAULT_SIZE"]
    clip_seconds = int(seconds or config["DEFAULT_SECONDS"])
    total = cost(config, model, size, clip_seconds * len(shots))
    cap = config.get("MAX_SEQUENCE_COST")
    warnings = []
    for index, shot in enumerate(shots):
        dialog = shot.get("dialog") if isinstance(shot, dict) else None
        if isinstance(dialog, str) and (text := dialog_warning(dialog, clip_seconds)):
            warnings.append({"field": f"shots[{index}].dialog", "message": text})
    return {
        "estimated_usd": total,
        "free": total == 0 and is_local_engine(config),
        "seconds": clip_seconds * len(shots),
        "model": model,
        "size": size,
        "max_usd": cap,
        "within_budget": None if cap is None or total is None else total <= float(cap),
        "warnings": warnings,
    }
