"""Style presets: a look the director appends to every prompt of a clip or a sequence."""

from __future__ import annotations

TEMPLATES: dict[str, dict[str, str]] = {
    "cinematic": {
        "name": "Cinematic",
        "description": "Feature-film polish: anamorphic framing, motivated light, shallow focus.",
        "style": "Cinematic feature-film look: 2.39:1 composition sensibility, anamorphic lens character, "
        "shallow depth of field, motivated practical lighting, soft halation, subtle 35mm grain, "
        "rich but natural colour grade.",
    },
    "documentary": {
        "name": "Documentary",
        "description": "Observational handheld, natural light, honest colour.",
        "style": "Observational documentary style: handheld camera with gentle sway, available natural light, "
        "true-to-life colour, candid moments, no glamour lighting, ambient location sound.",
    },
    "noir": {
        "name": "Film noir",
        "description": "High-contrast black and white, hard shadows, rain-slick streets.",
        "style": "Film noir: high-contrast black and white, hard key light with venetian-blind shadows, "
        "low angles, smoke and wet reflective streets, moody jazz undertone.",
    },
    "anime": {
        "name": "Anime",
        "description": "Hand-drawn 2D animation with painted backgrounds.",
        "style": "Japanese 2D anime style: clean line art, cel shading, hand-painted watercolour backgrounds, "
        "expressive eyes, dynamic framing, vivid sky gradients.",
    },
    "product": {
        "name": "Product shot",
        "description": "Studio tabletop: seamless backdrop, controlled reflections, slow orbit.",
        "style": "Premium studio product shot: seamless gradient backdrop, softbox key with crisp rim light, "
        "controlled reflections, macro detail, slow orbiting camera, no visible brand marks.",
    },
    "vintage": {
        "name": "Vintage 16mm",
        "description": "Home-movie warmth: 16mm grain, faded colour, gate weave.",
        "style": "Vintage 16mm film: visible grain, gentle gate weave, faded warm colours, soft vignetting, "
        "slightly overexposed highlights, nostalgic mood.",
    },
    "scifi": {
        "name": "Sci-fi neon",
        "description": "Neon-lit future city, haze, cyan and magenta.",
        "style": "Science-fiction neon aesthetic: cyan and magenta practical lights, atmospheric haze, "
        "holographic signage without readable brands, reflective wet surfaces, synth score.",
    },
    "nature": {
        "name": "Nature documentary",
        "description": "Long-lens wildlife look, golden hour, patient camera.",
        "style": "Nature documentary: long telephoto lens, golden-hour light, patient locked-off or slow "
        "tracking camera, crisp detail, natural ambient sound.",
    },
    "stopmotion": {
        "name": "Stop-motion",
        "description": "Handmade miniatures, felt and clay textures, slightly stepped motion.",
        "style": "Stop-motion animation: handmade clay and felt miniatures, visible fingerprints and fabric "
        "texture, tiny practical lights, motion at 12 frames per second.",
    },
}


def template_list() -> list[dict[str, str]]:
    """Return the presets for the page's picker."""
    return [{"id": key, **value} for key, value in TEMPLATES.items()]


def style_text(style: str | None) -> str | None:
    """Return a preset's style text, or None for no style."""
    return TEMPLATES[style]["style"] if style else None
