"""The disk stays bounded: the engine deletes expired content, and deleting a sequence deletes the provider's copies.

Real parts only: the local engine over HTTP, the official SDK, the studio with its engine mounted at /v1.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
from contextlib import closing
from http import HTTPStatus
from pathlib import Path

import openai
import pytest
import requests

from backend.app import create_app
from backend.local_engine import EngineSettings, create_engine_app
from tests.conftest import DRAFT_FPS, SHOTS, make_studio, start_engine, wait_for
from tests.servers import ThreadServer, free_port
from tests.test_engine import conforms_error, finish, png

RENDERED = ["spritesheet.jpg", "thumbnail.webp", "video.mp4"]

# The engine's table as the previous release (e93fe03) created it, before content_deleted_at.
PREVIOUS_RELEASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS videos (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    seconds TEXT NOT NULL,
    size TEXT NOT NULL,
    prompt TEXT NOT NULL,
    look_prompt TEXT NOT NULL,
    reference TEXT,
    remixed_from_video_id TEXT,
    planned_failure TEXT,
    started_at REAL,
    completed_at INTEGER,
    expires_at INTEGER,
    error_code TEXT,
    error_message TEXT
);
CREATE INDEX IF NOT EXISTS videos_seq ON videos (seq);
"""


def sdk_for(server: ThreadServer) -> openai.OpenAI:
    """Return the official SDK pointed at a standalone engine."""
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def stop(server: ThreadServer, app) -> None:
    """Stop serving a standalone engine and end its worker (and sweeper)."""
    server.stop()
    app.extensions["local_engine"].worker.shutdown()


def content_is_expired(base: str, video_id: str) -> None:
    """Check every variant of a job's content answers 404 video_expired."""
    for variant in ("video", "thumbnail", "spritesheet"):
        answer = requests.get(f"{base}/videos/{video_id}/content", params={"variant": variant}, timeout=10)
        assert conforms_error(answer, 404, "video_id")["code"] == "video_expired", variant


def files_except_databases(storage: Path) -> dict[str, int]:
    """Return the size of every file under `storage`, by relative path, leaving out the two databases."""
    sizes = {}
    for path in sorted(storage.rglob("*")):
        name = path.relative_to(storage).as_posix()
        if path.is_file() and not name.startswith(("studio.db", "engine/engine.db")):
            sizes[name] = path.stat().st_size
    return sizes


def test_expired_content_is_deleted_and_the_video_object_stays(tmp_path):
    # ttl=2, not 1: expires_at is whole seconds, so a 1 s lifetime can end milliseconds after completion,
    # too soon to see the files there first.
    server, app = start_engine(tmp_path / "engine", ttl=2)
    engine = app.extensions["local_engine"]
    base = f"{server.url}/v1"
    try:
        sdk = sdk_for(server)
        made = sdk.videos.create(
            prompt="A red door in the rain", seconds="4", input_reference=("r.png", png(720, 1280), "image/png")
        )
        done = finish(sdk, made.id)
        assert done.status == "completed" and done.expires_at == done.completed_at + 2
        media = tmp_path / "engine" / "media" / made.id
        reference = tmp_path / "engine" / "media" / "references" / f"{made.id}.png"
        assert sorted(p.name for p in media.iterdir()) == RENDERED and reference.is_file()
        assert requests.get(f"{base}/videos/{made.id}/content", timeout=10).status_code == 200

        deadline = done.expires_at + 5
        while media.exists() or reference.exists():
            now = time.time()
            assert now < deadline, f"still on disk {now - done.expires_at:.1f} s after expiry: {list(media.iterdir())}"
            if now < done.expires_at - 0.1:
                assert media.exists() and reference.exists(), "deleted before it expired"
            time.sleep(0.05)
        assert time.time() >= done.expires_at

        again = sdk.videos.retrieve(made.id)
        assert (again.id, again.status, again.expires_at) == (made.id, "completed", done.expires_at)
        assert made.id in [video.id for video in sdk.videos.list().data]
        content_is_expired(base, made.id)
        remix = requests.post(f"{base}/videos/{made.id}/remix", json={"prompt": "the door opens"}, timeout=10)
        assert conforms_error(remix, 404, "video_id")["code"] == "video_expired"
        assert engine.store.get(made.id)["content_deleted_at"] is not None, "marked, so it is not swept again"
    finally:
        stop(server, app)
    assert not engine.worker.sweeper.running, "Worker.shutdown() ends the sweeper"


def test_a_restarted_engine_deletes_what_expired_while_it_was_down(tmp_path):
    data = tmp_path / "engine"
    server, app = start_engine(data)
    try:
        sdk = sdk_for(server)
        old, fresh = (sdk.videos.create(prompt=f"harbour at dusk {n}", seconds="4").id for n in range(2))
        assert finish(sdk, old).status == "completed" and finish(sdk, fresh).status == "completed"
    finally:
        stop(server, app)
        app.extensions["local_engine"].store.close()
    # An hour passes while the engine is down: the first job's content expires.
    with closing(sqlite3.connect(data / "engine.db")) as db, db:
        db.execute("UPDATE videos SET expires_at = ? WHERE id = ?", (int(time.time()) - 60, old))
    assert sorted(p.name for p in (data / "media" / old).iterdir()) == RENDERED

    server, app = start_engine(data)
    try:
        assert not (data / "media" / old).exists(), "swept at start-up, before the first request"
        assert sorted(p.name for p in (data / "media" / fresh).iterdir()) == RENDERED
        base = f"{server.url}/v1"
        assert requests.get(f"{base}/videos/{old}", timeout=10).json()["status"] == "completed"
        content_is_expired(base, old)
        assert requests.get(f"{base}/videos/{fresh}/content", timeout=10).status_code == 200
    finally:
        stop(server, app)


def test_an_engine_db_from_the_previous_release_opens_and_is_swept(tmp_path):
    data = tmp_path / "engine"
    media = data / "media"
    now = int(time.time())
    row = {"seq": 1, "created_at": now - 7200, "status": "completed", "model": "sora-2", "seconds": "4"}
    row |= {"size": "720x1280", "prompt": "p", "look_prompt": "p", "started_at": now - 7200.0}
    expired = {**row, "id": "video_" + "a" * 32, "reference": "references/video_" + "a" * 32 + ".png"}
    expired |= {"completed_at": now - 7190, "expires_at": now - 3590}
    live = {**row, "id": "video_" + "b" * 32, "seq": 2, "completed_at": now - 10, "expires_at": now + 3590}
    data.mkdir()
    with closing(sqlite3.connect(data / "engine.db")) as db, db:
        db.executescript(PREVIOUS_RELEASE_SCHEMA)
        for job in (expired, live):
            names, marks = ", ".join(job), ", ".join("?" * len(job))
            db.execute(f"INSERT INTO videos ({names}) VALUES ({marks})", list(job.values()))
    for job in (expired, live):
        (media / job["id"]).mkdir(parents=True)
        for name in RENDERED:
            (media / job["id"] / name).write_bytes(b"rendered by the previous release")
    (media / "references").mkdir()
    (media / expired["reference"]).write_bytes(png(720, 1280))

    server, app = start_engine(data)
    try:
        base = f"{server.url}/v1"
        listed = requests.get(f"{base}/videos", timeout=10).json()["data"]
        assert [video["id"] for video in listed] == [live["id"], expired["id"]]
        assert not (media / expired["id"]).exists() and not (media / expired["reference"]).exists()
        content_is_expired(base, expired["id"])
        kept = requests.get(f"{base}/videos/{live['id']}/content", timeout=10)
        assert kept.status_code == 200 and kept.content == b"rendered by the previous release"
    finally:
        stop(server, app)
    with closing(sqlite3.connect(data / "engine.db")) as db:
        swept = dict(db.execute("SELECT id, content_deleted_at FROM videos").fetchall())
    assert swept[live["id"]] is None and swept[expired["id"]] >= now


def test_a_failed_job_leaves_no_files(tmp_path):
    server, app = start_engine(tmp_path / "engine", faults="fail=1")
    try:
        sdk = sdk_for(server)
        made = sdk.videos.create(prompt="x", input_reference=("r.png", png(720, 1280), "image/png"))
        reference = tmp_path / "engine" / "media" / "references" / f"{made.id}.png"
        assert reference.is_file()
        assert finish(sdk, made.id).status == "failed"
        assert not reference.exists() and not (tmp_path / "engine" / "media" / made.id).exists()
    finally:
        stop(server, app)


def test_deleting_a_sequence_leaves_the_storage_as_it_was(tmp_path):
    """The studio with its engine mounted: after delete, the storage folder is byte for byte as before."""
    port = free_port()
    storage = tmp_path / "out"
    app = create_app(
        {
            "PORT": port,
            "VIDEO_STORAGE_PATH": str(storage),
            "CONFIG_FILE": str(tmp_path / "config.json"),
            "IGNORE_ENV": True,
            "LOCAL_ENGINE_LATENCY": 0.3,
            "LOCAL_ENGINE_FPS": DRAFT_FPS,  # the environment is ignored here: the suite's draft rate, by hand
            "RESUME_ON_START": True,
        }
    )
    server = ThreadServer(app, port=port)  # the studio calls its mounted engine at http://127.0.0.1:PORT/v1
    client = app.test_client()
    try:
        before = files_except_databases(storage)
        payload = {"shots": SHOTS[:2], "seconds": "4"}
        answer = client.post(
            "/api/generate",
            data={"payload": json.dumps(payload), "reference_1": (io.BytesIO(png(300, 200)), "r.png")},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 202, answer.get_json()
        sequence_id = answer.get_json()["sequence_id"]
        done = wait_for(client, sequence_id)
        assert done["status"] == "completed" and done["sequence_url"], done
        provider_ids = [shot["video_id"] for shot in done["shots"]]
        assert all(provider_ids) and done["shots"][1]["method"] == "remix"

        during = files_except_databases(storage)
        studio_bytes = sum(size for name, size in during.items() if name.startswith(f"{sequence_id}/"))
        engine_bytes = sum(size for name, size in during.items() if name.startswith("engine/media/"))
        for video_id in provider_ids:
            assert {f"engine/media/{video_id}/{name}" for name in RENDERED} <= set(during)
            assert f"engine/media/references/{video_id}.png" in during  # the remix inherits shot one's plate
        print(
            f"\nbefore: {sum(before.values())} B; with the sequence: studio {studio_bytes} B + engine copies "
            f"{engine_bytes} B; ",
            end="",
        )

        gone = client.delete(f"/api/sequences/{sequence_id}")
        assert gone.status_code == 200, gone.get_json()
        assert gone.get_json() == {"sequence_id": sequence_id, "deleted": True, "provider_copies_deleted": 2}
        after = files_except_databases(storage)
        print(f"after delete: {sum(after.values())} B")
        left = {name: size for name, size in after.items() if before.get(name) != size}
        assert after == before, f"left over after delete: {left}; missing: {sorted(set(before) - set(after))}"
        for video_id in provider_ids:
            assert client.get(f"/v1/videos/{video_id}").status_code == 404
    finally:
        server.stop()
        app.extensions["jobs"].shutdown()
        app.extensions["local_engine_app"].extensions["local_engine"].worker.shutdown()


def refusing_delete(engine_app, status: int):
    """Wrap the real engine in a provider that has no delete: it answers `status` to every DELETE."""

    def provider(environ, start_response):
        if environ["REQUEST_METHOD"] != "DELETE":
            return engine_app(environ, start_response)
        message = {"error": {"message": HTTPStatus(status).phrase, "type": "invalid_request_error"}}
        body = json.dumps(message).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    return provider


@pytest.mark.parametrize("answer", [404, 405, 501, "down"])
def test_a_provider_without_delete_does_not_fail_the_delete(tmp_path, answer):
    engine_app = create_engine_app(EngineSettings(data_dir=tmp_path / "engine", local_engine_latency=0.3))
    server = ThreadServer(engine_app if answer == "down" else refusing_delete(engine_app, answer))
    studio = make_studio(tmp_path, f"{server.url}/v1")
    client = studio.test_client()
    try:
        made = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}).get_json()
        done = wait_for(client, made["sequence_id"])
        assert done["status"] == "completed", done
        video_id = done["shots"][0]["video_id"]
        if answer == "down":
            server.stop()
        gone = client.delete(f"/api/sequences/{made['sequence_id']}")
        assert gone.status_code == 200, gone.get_json()
        assert gone.get_json()["provider_copies_deleted"] == 0
        assert client.get(f"/api/sequences/{made['sequence_id']}").status_code == 404
        assert not (tmp_path / "output" / made["sequence_id"]).exists()
        if answer != "down":
            kept = requests.get(f"{server.url}/v1/videos/{video_id}", timeout=10)
            assert kept.status_code == 200, "the provider kept its copy, and the studio said so"
    finally:
        if answer != "down":
            server.stop()
        studio.extensions["jobs"].shutdown()
        engine_app.extensions["local_engine"].worker.shutdown()
