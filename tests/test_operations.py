"""What an operator reads: readiness, Prometheus metrics, JSON log lines with the sequence id, and role
settings that refuse to start a half-configured team."""

from __future__ import annotations

import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from backend import config, logs
from tests.conftest import wait_for

SHOTS = [
    {"character": "A lighthouse keeper in a grey coat", "environment": "a rocky shore"},
    {"character": "The same lighthouse keeper", "environment": "a rocky shore", "lighting_camera": "close-up"},
]


def metric(families: dict, name: str, **labels) -> float:
    for sample in families[name].samples:
        if sample.labels == labels and sample.name in (name, f"{name}_total"):
            return sample.value
    raise KeyError((name, labels))


def test_ready_and_metrics_count_what_the_jobs_did(client):
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.get_json() == {"ready": True, "role": "all", "database": True, "workers_alive": None, "reason": None}
    answer = client.post("/api/generate", json={"shots": SHOTS, "seconds": "4"})
    assert wait_for(client, answer.get_json()["sequence_id"])["status"] == "completed"
    scraped = client.get("/metrics")
    assert scraped.status_code == 200 and scraped.mimetype == "text/plain"
    families = {family.name: family for family in text_string_to_metric_families(scraped.get_data(as_text=True))}
    assert metric(families, "studio_sequences", status="completed") == 1
    assert metric(families, "studio_shots", status="completed") == 2
    assert metric(families, "studio_provider_jobs") == 2
    latency = {sample.name: sample.value for sample in families["studio_provider_job_seconds"].samples}
    assert latency["studio_provider_job_seconds_count"] == 2 and latency["studio_provider_job_seconds_sum"] > 0


def test_metrics_are_guarded_like_the_api(client):
    """They count the owner's jobs and spend: a foreign page may not read them."""
    assert client.get("/metrics", headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.get("/ready", headers={"Origin": "https://evil.example"}).status_code == 200  # nothing private


def test_json_logs_carry_the_sequence_being_driven(capsys):
    logs.configure("json", "worker")
    try:
        token = logs.sequence_id.set("20261201-101010-abcd")
        logging.getLogger("backend.generator").info("shot %d: %s -> %s", 2, "queued", "in_progress")
        logs.sequence_id.reset(token)
        logging.getLogger("backend.generator").warning("outside any sequence")
    finally:
        logging.getLogger().handlers.clear()
    first, second = (json.loads(line) for line in capsys.readouterr().err.strip().splitlines())
    assert first["sequence_id"] == "20261201-101010-abcd" and first["role"] == "worker"
    assert first["message"] == "shot 2: queued -> in_progress" and first["level"] == "INFO"
    assert second["sequence_id"] is None and second["level"] == "WARNING"


@pytest.mark.parametrize("role", ["web", "worker"])
def test_a_team_role_needs_postgresql(tmp_path, role):
    with pytest.raises(config.ConfigError, match="STUDIO_ROLE.*DATABASE_URL=postgresql"):
        config.load(tmp_path / "none.json", {"STUDIO_ROLE": role}, {})
    with pytest.raises(config.ConfigError, match="STUDIO_ROLE"):
        config.load(tmp_path / "none.json", {"STUDIO_ROLE": role, "DATABASE_URL": "sqlite:////tmp/x.db"}, {})
    assert config.load(tmp_path / "none.json", {"STUDIO_ROLE": role, "DATABASE_URL": "postgresql://h/db"}, {})
