"""What a clip costs, from a per-second price table (DESIGN.md); the local engine is free."""

from __future__ import annotations

LARGE_SIZES = {"1024x1792", "1792x1024"}
# US dollars per second of video, as OpenAI priced Sora; providers that resell it priced alike.
PRICES = {"sora-2": 0.10, "sora-2-pro": 0.30}
PRO_LARGE = 0.50


def price_per_second(model: str, size: str, free: bool = False) -> float | None:
    """Return the per-second price, 0 on the local engine, None when unknown."""
    if free:
        return 0.0
    family = "sora-2-pro" if model.startswith("sora-2-pro") else "sora-2" if model.startswith("sora-2") else None
    if family is None:
        return None
    if family == "sora-2-pro" and size in LARGE_SIZES:
        return PRO_LARGE
    return PRICES[family]


def clip_cost(model: str, size: str, seconds: int, free: bool = False) -> float | None:
    price = price_per_second(model, size, free)
    return None if price is None else round(price * seconds, 4)
