"""Schemathesis against /api/openapi.json: every operation, generated inputs, no 5xx, answers as documented.

The job runner is stopped, so generated sequences stay queued: this fuzzes the HTTP layer, not the engine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_studio

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 40  # at most, per operation; operations with few inputs get fewer
CASES: list[str] = []


STORAGE = tempfile.TemporaryDirectory(prefix="fuzz-")
APP = make_studio(Path(STORAGE.name), "http://127.0.0.1:9/v1", MAX_POLL_TIMEOUT=1.0)
APP.extensions["jobs"].stop.set()  # sequences are accepted and stored, never sent anywhere


def loopback(environ, start_response):
    """Arrive as a real server delivers a call from this machine (werkzeug's client names no address)."""
    environ.setdefault("REMOTE_ADDR", "127.0.0.1")
    return APP(environ, start_response)


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", loopback)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    APP.extensions["jobs"].shutdown()
    STORAGE.cleanup()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_holds_its_contract(case):
    CASES.append(f"{case.operation.method.upper()} {case.operation.path}")
    case.call_and_validate(checks=CHECKS)


def test_enough_cases_were_generated():
    """Runs after the fuzzing above (same module, defined later): the bound the issue sets."""
    print(f"\nfuzzed {len(CASES)} cases over {len(set(CASES))} operations")
    document = APP.test_client().get("/api/openapi.json").get_json()
    operations = {
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert len(CASES) >= 500
    # Schemathesis leaves out the operation that serves the document itself.
    assert set(CASES) == operations - {"GET /api/openapi.json"}, "every other operation was fuzzed"
