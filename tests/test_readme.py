"""The README's curl walk-through runs as written against a live studio (only host and port swapped)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from backend.media.probe import probe
from tests.servers import ROOT, studio_process

pytestmark = pytest.mark.slow  # real processes end to end: ./test.sh runs them, plain pytest skips them

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_block(after: str) -> str:
    """Return the first ```bash block that follows the sentence `after`."""
    tail = README[README.index(after) :]
    return re.search(r"```bash\n(.*?)```", tail, re.S).group(1)


def test_start_follow_and_download_as_the_readme_shows(tmp_path):
    script = readme_block("Start a sequence, follow it, download it")
    studio = studio_process(
        tmp_path / "out",
        tmp_path / "studio.log",
        LOCAL_ENGINE_LATENCY="1",
        STUDIO_CONFIG_FILE=str(tmp_path / "c.json"),
        OPENAI_API_KEY="",
        OPENAI_BASE_URL="",
    ).start()
    host = studio.health_url.removeprefix("http://").removesuffix("/health")
    try:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace("localhost:8080", host)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        studio.stop()
    assert done.returncode == 0, done.stderr
    events = [json.loads(line[6:]) for line in done.stdout.splitlines() if line.startswith("data: {")]
    assert events[0]["status"] in ("queued", "running") and events[-1]["status"] == "completed"
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["status"] == "completed" and [s["method"] for s in state["shots"]] == ["create", "remix"]
    for name, seconds in (("shot_1.mp4", 4), ("shot_2.mp4", 4), ("sequence.mp4", 8)):
        assert abs(probe(tmp_path / name).duration - seconds) < 0.1, name
