"""What work costs, from a per-second price table (DESIGN.md), and the two caps checked at submission:
MAX_SEQUENCE_COST per sequence or clip, and what is left of MONTHLY_BUDGET (charged per call: store/ledger.py).

The local engine is free; an unknown model's price is unknown (None) unless PRICE_PER_SECOND is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.errors import BadRequest
from backend.models.requests import EstimateIn
from backend.models.responses import Estimate, EstimateWarning
from backend.providers.presets import Preset, active, effective
from utils.director import dialog_warning

if TYPE_CHECKING:
    from backend.config import StudioSettings

LARGE_SIZES = {"1024x1792", "1792x1024"}
# US dollars per second of video, as OpenAI priced Sora; providers that resell it priced alike.
PRICES = {"sora-2": 0.10, "sora-2-pro": 0.30}
PRO_LARGE = 0.50
# A still from an images service priced like OpenAI's gpt-image-1 at medium quality, 1024x1536.
IMAGE_PRICE = 0.063


def table_price(model: str, size: str) -> float | None:
    """Return the table's per-second price for a model and size, or None when not listed."""
    family = "sora-2-pro" if model.startswith("sora-2-pro") else "sora-2" if model.startswith("sora-2") else None
    if family is None:
        return None
    return PRO_LARGE if family == "sora-2-pro" and size in LARGE_SIZES else PRICES[family]


def price_per_second(settings: StudioSettings, model: str, size: str) -> float | None:
    """A configured price wins; then the active preset's table (free on the local engine)."""
    if settings.price_per_second is not None:
        return settings.price_per_second
    preset = active(settings)
    if preset.prices is None:
        return None
    if preset.prices and not any(preset.prices.values()):
        return 0.0
    return table_price(model, size)


def cost(settings: StudioSettings, model: str, size: str, seconds: int) -> float | None:
    """Return the cost of `seconds` of video, or None when the price is unknown."""
    price = price_per_second(settings, model, size)
    return None if price is None else round(price * seconds, 4)


def image_price(settings: StudioSettings) -> float | None:
    """What one still costs: a configured price, free on the local engine, unknown on self-hosted servers."""
    if settings.price_per_image is not None:
        return settings.price_per_image
    if settings.images_base_url == "local_engine":
        return 0.0
    if settings.images_base_url:
        return IMAGE_PRICE
    preset = active(settings)
    if preset.prices is None:
        return None
    return 0.0 if preset.prices and not any(preset.prices.values()) else IMAGE_PRICE


def work_cost(settings: StudioSettings, model: str, size: str, seconds: int, stills: int) -> tuple:
    """Return (total, clips, stills) in US dollars, each None when a price is unknown."""
    clips = cost(settings, model, size, seconds)
    each = image_price(settings) if stills else 0.0
    still_cost = None if each is None else round(each * stills, 4)
    total = None if clips is None or still_cost is None else round(clips + still_cost, 4)
    return total, clips, still_cost


def check_budget(settings: StudioSettings, estimate: float | None, field: str, spent: float = 0.0) -> None:
    """Refuse, before any job starts, work above MAX_SEQUENCE_COST or above what MONTHLY_BUDGET has left.

    `spent` is what the studio has charged this month (backend/store/ledger.py); free work always passes.
    """
    cap, budget = settings.max_sequence_cost, settings.monthly_budget
    named = [name for name, value in (("MAX_SEQUENCE_COST", cap), ("MONTHLY_BUDGET", budget)) if value is not None]
    if not named or estimate == 0:
        return
    if estimate is None:
        raise BadRequest(
            f"The price at this provider is unknown, so {' and '.join(named)} cannot be enforced; "
            "set PRICE_PER_SECOND or remove the cap.",
            field=field,
            code="over_budget",
        )
    if cap is not None and estimate > float(cap):
        raise BadRequest(
            f"This would cost about ${estimate:.2f}, above the MAX_SEQUENCE_COST of ${float(cap):.2f}. "
            "Use fewer or shorter shots, a cheaper model, or raise the cap.",
            field=field,
            code="over_budget",
        )
    if budget is not None and round(estimate, 6) > (left := budget_left(budget, spent)):
        raise BadRequest(
            f"This would cost about ${estimate:.2f}, and ${left:.2f} is left of this month's MONTHLY_BUDGET of "
            f"${float(budget):.2f} (the whole studio's spend, counted per calendar month in UTC). Use fewer or "
            "shorter shots, a cheaper model, or raise MONTHLY_BUDGET.",
            field=field,
            code="over_budget",
        )


def budget_left(budget: float, spent: float) -> float:
    """What is left of a monthly budget after `spent`, never below 0."""
    return max(0.0, round(float(budget) - spent, 6))


def estimate(
    settings: StudioSettings, request: EstimateIn, offered: Preset | None = None, spent: float = 0.0
) -> Estimate:
    """Price a sequence (one entry per shot) or a clip, check both caps, and warn of dialog too long to fit.

    `spent` is what the studio has charged this month (backend/store/ledger.py)."""
    shots = request.shots or [None]
    settings = effective(settings, offered)
    model = request.model or settings.default_model
    size = request.size or settings.default_size
    default = request.seconds or settings.default_seconds
    lengths = [int((shot.seconds if shot is not None else None) or default) for shot in shots]
    stills = len(shots) if request.continuity == "keyframes" else 0
    total, clips, still_cost = work_cost(settings, model, size, sum(lengths), stills)
    cap, budget = settings.max_sequence_cost, settings.monthly_budget
    left = None if budget is None else round(budget_left(budget, spent), 4)
    warnings = []
    for index, (shot, seconds) in enumerate(zip(shots, lengths, strict=True)):
        if shot is not None and shot.dialog and (text := dialog_warning(shot.dialog, seconds)):
            warnings.append(EstimateWarning(field=f"shots[{index}].dialog", message=text))
    return Estimate(
        estimated_usd=total,
        clips_usd=clips,
        stills_usd=still_cost,
        free=total == 0 and active(settings).id == "local_engine",
        seconds=sum(lengths),
        model=model,
        size=size,
        max_usd=cap,
        monthly_budget_usd=budget,
        budget_left_usd=left,
        within_budget=None
        if (cap is None and budget is None) or total is None
        else (cap is None or total <= cap) and (left is None or total <= left),
        warnings=warnings,
    )
