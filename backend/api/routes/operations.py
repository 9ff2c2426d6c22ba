"""For whoever runs the studio: is this process ready, and its metrics for Prometheus."""

from __future__ import annotations

from flask import Blueprint, Response

from backend.api.context import db, settings
from backend.api.openapi import File, operation
from backend.models.responses import Readiness
from backend.team import metrics, readiness

bp = Blueprint("operations", __name__)


@bp.get("/ready")
@operation(
    "Can this process serve now: its database answers (team web: and a worker is alive)",
    {200: Readiness, 503: Readiness},
)
def ready():
    answer = readiness.check(db(), settings().studio_role)
    return answer, 200 if answer.ready else 503


@bp.get("/metrics")
@operation(
    "Jobs by state, provider latency, paid jobs, failures, spend and budget (Prometheus text format)",
    {200: File("text/plain")},
)
def prometheus():
    return Response(metrics.render(db(), settings().monthly_budget), content_type=metrics.CONTENT_TYPE)
