"""Shared fixtures: a real local engine over HTTP, the real SDK, and a studio app pointed at it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import openai
import pytest

from backend.app import create_app
from backend.local_engine import EngineSettings, create_engine_app
from tests.servers import ThreadServer

TEST_KEY = "sk-test-secret-key-0123456789abcdef"
# Engines render their animatics at a draft rate in the tests, and the clips keep the size and length the
# API promised. Rendering is the largest share of the suite's CPU (ffmpeg took 370 of its 870 CPU seconds at
# 24 fps) and a render's CPU follows its frames (bench/engine_render.py: 0.6 to 0.7 at 8 fps). Tests that
# count frames at the default rate render at it on purpose (test_render.py, test_exports.py). The environment
# carries the rate to every engine, studio and worker a test starts as a process;
# `LOCAL_ENGINE_FPS=24 ./test.sh` runs the whole suite at the default.
DRAFT_FPS = 8
os.environ.setdefault("LOCAL_ENGINE_FPS", str(DRAFT_FPS))


def start_engine(data_dir: Path, **settings) -> tuple[ThreadServer, object]:
    knobs = {f"local_engine_{name}": value for name, value in {"latency": 0.4, **settings}.items()}
    app = create_engine_app(EngineSettings(data_dir=data_dir, **knobs))
    return ThreadServer(app), app


@pytest.fixture
def engine(tmp_path):
    """A standalone local engine on a free port; yields its /v1 base URL."""
    server, app = start_engine(tmp_path / "engine")
    yield f"{server.url}/v1"
    server.stop()
    app.extensions["local_engine"].worker.shutdown()


@pytest.fixture
def sdk(engine):
    return openai.OpenAI(base_url=engine, api_key="unused", max_retries=0)


def current(app):
    """The studio's settings now (the provider choice may have changed since it started)."""
    return app.extensions["settings"].get()


def make_studio(tmp_path: Path, engine_url: str, **overrides):
    config = {
        "VIDEO_STORAGE_PATH": str(tmp_path / "output"),
        "CONFIG_FILE": str(tmp_path / "config.json"),
        "OPENAI_BASE_URL": engine_url,
        "OPENAI_API_KEY": TEST_KEY,
        "MOUNT_ENGINE": False,
        "IGNORE_ENV": True,
        "MAX_POLL_TIMEOUT": 60.0,
        **overrides,
    }
    return create_app(config)


@pytest.fixture
def app(tmp_path, engine):
    studio = make_studio(tmp_path, engine)
    yield studio
    studio.extensions["jobs"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


def wait_for(client, sequence_id: str, states=("completed", "failed"), timeout: float = 60) -> dict:
    """Poll the studio until the sequence reaches one of `states`; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/sequences/{sequence_id}").get_json()
        if data["status"] in states:
            return data
        time.sleep(0.1)
    raise TimeoutError(f"sequence {sequence_id} still {data['status']} after {timeout} s: {data}")


SHOTS = [
    {
        "character": "Mara, a courier in a yellow raincoat with a red scarf",
        "environment": "a neon-lit night market",
        "lighting_camera": "wide shot, slow push in, neon rim light",
        "dialog": "Mara: We leave at dawn.",
    },
    {
        "character": "Mara, a courier in a yellow raincoat with a red scarf",
        "environment": "a neon-lit night market",
        "lighting_camera": "close-up, static",
        "dialog": "Jo: Not without the map.",
    },
    {
        "character": "Mara, a courier in a yellow raincoat with a red scarf",
        "environment": "a neon-lit night market",
        "lighting_camera": "medium shot, pan left",
        "dialog": "",
    },
]


def pytest_collection_modifyitems(items):
    """Name each fuzzed operation in its test's id; run the files with slow tests first.

    pytest 9 builds an item's id from its original name and parameters, which schemathesis's items do not
    carry, so every operation test_fuzz.py fuzzes had the same id; pytest-xdist keys the tests it hands out
    by id, and ran one of them only. It hands out whole files in this order (test.sh): the slow files, which
    wait on real processes, go first, so the many short ones fill in at the end instead of one long file.
    """
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and "[" not in item.nodeid:
            item._id = item._id.with_params(label)  # pytest 9's structured id: nodeid is read from it
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file's tests keep their order
