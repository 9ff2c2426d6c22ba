"""`shot-studio` as a user runs it: a subprocess, its exit codes, the files it writes, and a storyboard that
goes in through the command, comes out through the API and goes in again with the very same prompts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import openai
import opentimelineio as otio
import pytest
import srt
from PIL import Image

from backend.media.probe import probe
from tests.servers import ROOT, engine_process, free_port, studio_process

pytestmark = pytest.mark.slow  # real processes end to end: ./test.sh runs them, plain pytest skips them

BOARD = {
    "storyboard": 1,
    "title": "Harbour",
    "seconds": "4",
    "cast": [
        {"id": "ines", "name": "Ines", "description": "a harbour pilot in an orange jacket and a white cap",
         "reference": "ines.png"},
        {"id": "tomas", "name": "Tomas", "description": "a fisherman in a green sweater with a grey beard"},
    ],
    "locations": [{"id": "quay", "name": "The quay", "description": "a stone quay at dawn, fishing boats, fog"}],
    "shots": [
        {"cast": ["ines"], "location": "quay", "lighting_camera": "wide shot, slow push in",
         "dialog": "Ines: Fog again."},
        {"cast": ["tomas"], "location": "quay", "dialog": "Tomas: It lifts by noon."},
        {"cast": ["ines", "tomas"], "location": "quay", "lighting_camera": "two-shot, static"},
    ],
}  # fmt: skip


def shot_studio(*args: str, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run the installed console script's code as a user would (from the tree under test)."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    command = [sys.executable, "-m", "backend.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environ, cwd=ROOT)


@pytest.fixture
def board(tmp_path):
    Image.new("RGB", (300, 400), (222, 120, 40)).save(tmp_path / "ines.png")  # beside the file, by relative path
    path = tmp_path / "board.json"
    path.write_text(json.dumps(BOARD))
    return path


def test_run_on_a_fresh_machine_writes_playable_files(tmp_path, board):
    storage = {"VIDEO_STORAGE_PATH": str(tmp_path / "store"), "STUDIO_CONFIG_FILE": str(tmp_path / "c.json")}
    out = tmp_path / "out"
    done = shot_studio("run", str(board), "--out", str(out), "--json", env=storage)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed" and result["title"] == "Harbour"
    assert abs(probe(out / "sequence.mp4").duration - 12) < 0.2
    for number in (1, 2, 3):
        assert abs(probe(out / f"shot_{number}.mp4").duration - 4) < 0.1
    timeline = otio.adapters.read_from_file(str(out / "timeline.otio"))
    assert [clip.media_reference.target_url for clip in timeline.video_tracks()[0]] == [
        (out / f"shot_{n}.mp4").resolve().as_uri() for n in (1, 2, 3)
    ]
    assert [s.content for s in srt.parse((out / "captions.srt").read_text())] == [
        "Ines: Fog again.",
        "Tomas: It lifts by noon.",
    ]
    assert json.loads((out / "storyboard.json").read_text())["cast"][0]["reference"].startswith("data:image/png")


def test_a_bad_storyboard_names_the_field_and_exits_2(tmp_path, board):
    missing = tmp_path / "elsewhere" / "board.json"
    missing.parent.mkdir()
    missing.write_text(board.read_text())  # its picture is not beside it
    done = shot_studio("run", str(missing), "--server", "http://127.0.0.1:9")
    assert done.returncode == 2 and "cast[0].reference: no picture at" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**BOARD, "shots": [{"cast": ["ines"], "location": "quay", "seconds": 4.5}]}))
    done = shot_studio("run", str(broken), "--server", "http://127.0.0.1:9")
    assert done.returncode == 2 and "shots[0].seconds" in done.stderr
    (tmp_path / "notjson.json").write_text("{ storyboard: 1 ")
    done = shot_studio("estimate", str(tmp_path / "notjson.json"), "--server", "http://127.0.0.1:9")
    assert done.returncode == 2 and "not valid JSON" in done.stderr


def test_an_unreachable_server_exits_3(board):
    done = shot_studio("run", str(board), "--server", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 3 and "No studio answers" in done.stderr


def test_round_trip_through_the_command_and_the_api_sends_identical_prompts(tmp_path, board):
    engine = engine_process(tmp_path / "engine", tmp_path / "engine.log", LOCAL_ENGINE_LATENCY="0.2").start()
    engine_url = engine.health_url.split("/videos")[0]
    studio = studio_process(
        tmp_path / "store", tmp_path / "studio.log", OPENAI_BASE_URL=engine_url, OPENAI_API_KEY="sk-test-key-1234",
        STUDIO_CONFIG_FILE=str(tmp_path / "c.json"),
    ).start()  # fmt: skip
    base = studio.health_url.removesuffix("/health")
    try:
        first = shot_studio("run", str(board), "--server", base, "--json")
        assert first.returncode == 0, first.stderr
        sequence_id = json.loads(first.stdout)["sequence_id"]
        exported = tmp_path / "exported.json"
        got = shot_studio("list", "--server", base, "--json")
        assert sequence_id in got.stdout
        import requests

        exported.write_text(requests.get(f"{base}/api/sequences/{sequence_id}/storyboard", timeout=30).text)
        second = shot_studio("run", str(exported), "--server", base, "--json")
        assert second.returncode == 0, second.stderr
        jobs = openai.OpenAI(base_url=engine_url, api_key="unused").videos.list(limit=100).data
        by_id = {job.id: job.prompt for job in jobs}
        prompts = [[by_id[shot["video_id"]] for shot in json.loads(run.stdout)["shots"]] for run in (first, second)]
        assert prompts[0] == prompts[1] and len(prompts[0]) == 3
        assert len(jobs) == 6
    finally:
        studio.stop()
        engine.stop()
