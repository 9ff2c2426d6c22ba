"""What the studio can do: health, capabilities, templates, cost estimates, and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from backend.api.context import db, offered, provider, settings
from backend.api.openapi import document, operation
from backend.api.validation import optional_body, validate
from backend.models.fields import CONTINUITY
from backend.models.requests import EstimateIn
from backend.models.responses import Capabilities, Defaults, Estimate, Health, OpenApiDocument, Template, TemplateList
from backend.providers import presets, pricing
from backend.providers.connection import connection, describe
from backend.providers.connection import presets as all_presets
from backend.store import ledger
from utils.prompt_templates import template_list

bp = Blueprint("about", __name__)


@bp.get("/health")
@operation("Is the studio up, and does its provider answer (public; nothing of the owner's)", {200: Health})
def health():
    probe = current_app.extensions["provider_probe"]
    return Health(provider=presets.active(settings()).id, provider_reachable=probe.answers(provider))


@bp.get("/api/capabilities")
@operation("The active provider: models, sizes, durations, remix, prices, limits and presets", {200: Capabilities})
def capabilities():
    current = settings()
    preset = offered(current)  # its models are the server's own where it lists them
    config = presets.effective(current, preset)
    learned = connection(config, current_app.extensions["provider_forms"]).quirks
    return Capabilities(
        **describe(config).model_dump(),
        models=list(preset.models),
        sizes=list(preset.sizes),
        durations=list(preset.durations),
        continuity_modes=list(CONTINUITY),
        max_shots=config.max_shots,
        max_file_size=config.max_file_size,
        remix=preset.remix,
        quirks=sorted(learned),  # the preset's and those learned from this base URL's answers
        notes=preset.notes,
        prices_usd_per_second=preset.prices,
        max_sequence_cost=config.max_sequence_cost,
        monthly_budget=config.monthly_budget,
        defaults=Defaults(model=config.default_model, size=config.default_size, seconds=config.default_seconds),
        presets=all_presets(),
    )


@bp.get("/api/templates")
@operation("The style presets", {200: TemplateList})
def templates():
    return TemplateList(data=[Template(**template) for template in template_list()])


@bp.post("/api/estimate")
@operation(
    "Price a sequence or clip, say what is left of the monthly budget, warn of dialog too long",
    {200: Estimate},
    errors=(400,),
    body=EstimateIn,
)
def estimate():
    current = settings()
    spec = validate(EstimateIn, optional_body(request.get_json(silent=True)))
    return pricing.estimate(current, spec, offered(current), ledger.month_spent(db()))


@bp.get("/api/openapi.json")
@operation("This document, generated from the routes and their models", {200: OpenApiDocument})
def openapi():
    return document(current_app)
