"""GET /metrics in Prometheus' text format, read from the database at each scrape.

Counting from the job rows (not from counters in one process's memory) gives the same figures from
any web process or worker, across restarts, and for a one-process studio alike.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.registry import Collector

from backend.store import Database, dialect, ledger, tables

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class JobRows(Collector):
    """Sequences and shots by state, provider jobs started, their latency, failures, spend and workers."""

    def __init__(self, db: Database, monthly_budget: float | None = None) -> None:
        self.db = db
        self.monthly_budget = monthly_budget

    def collect(self) -> Iterator:
        seqs, shots = tables.sequences, tables.shots
        by_state = GaugeMetricFamily("studio_sequences", "Sequences and clips by state", labels=["status"])
        for row in self.db.query(sa.select(seqs.c.status, sa.func.count().label("count")).group_by(seqs.c.status)):
            by_state.add_metric([row["status"]], row["count"])
        yield by_state
        shot_states = GaugeMetricFamily("studio_shots", "Shots by state", labels=["status"])
        for row in self.db.query(sa.select(shots.c.status, sa.func.count().label("count")).group_by(shots.c.status)):
            shot_states.add_metric([row["status"]], row["count"])
        yield shot_states
        paid = self.db.first(sa.select(sa.func.count().label("count")).where(shots.c.video_id.is_not(None)))
        yield CounterMetricFamily("studio_provider_jobs", "Provider (paid) video jobs started", value=paid["count"])
        done = shots.c.completed_at - shots.c.started_at
        latency = self.db.first(
            sa.select(sa.func.count().label("n"), sa.func.coalesce(sa.func.sum(done), 0).label("total")).where(
                shots.c.status == "completed", shots.c.started_at.is_not(None), shots.c.completed_at.is_not(None)
            )
        )
        yield SummaryMetricFamily(
            "studio_provider_job_seconds",
            "Time from a provider job's start to its file on disk",
            count_value=latency["n"],
            sum_value=float(latency["total"]),
        )
        failures = CounterMetricFamily("studio_shot_failures", "Failed shots by error code", labels=["code"])
        failed = sa.select(
            sa.func.coalesce(shots.c.error_code, "unknown").label("code"), sa.func.count().label("count")
        )
        for row in self.db.query(failed.where(shots.c.status == "failed").group_by("code")):
            failures.add_metric([row["code"]], row["count"])
        yield failures
        spent = self.db.first(sa.select(sa.func.coalesce(sa.func.sum(seqs.c.spent_usd), 0).label("usd")))
        yield CounterMetricFamily("studio_spent_usd", "Spent at the provider, in US dollars", value=spent["usd"])
        # The ledger charges each call before it is sent; this is what MONTHLY_BUDGET is checked against.
        month = ledger.month_spent(self.db)
        yield GaugeMetricFamily(
            "studio_month_spent_usd", "Charged this calendar month (UTC), in US dollars", value=month
        )
        if self.monthly_budget is not None:
            yield GaugeMetricFamily(
                "studio_monthly_budget_usd", "MONTHLY_BUDGET, in US dollars", value=self.monthly_budget
            )
        workers = tables.workers
        if not dialect.is_sqlite(self.db.engine):
            recent = workers.c.beat_at >= sa.func.extract("epoch", sa.func.now()) - 5
            alive = self.db.first(sa.select(sa.func.count().label("count")).where(recent))["count"]
            yield GaugeMetricFamily("studio_workers_alive", "Team workers that beat in the last 5 s", value=alive)
            held = self.db.first(sa.select(sa.func.count().label("n")).where(tables.job_slots.c.holder.is_not(None)))
            yield GaugeMetricFamily("studio_job_slots_in_use", "Provider job slots held, cluster-wide", value=held["n"])


def render(db: Database, monthly_budget: float | None = None) -> bytes:
    """The metrics page."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(JobRows(db, monthly_budget))
    return generate_latest(registry)
