"""A sequence end to end: the studio drives the local engine over HTTP through the real SDK."""

from __future__ import annotations

import json

import pytest
import requests
from werkzeug.wrappers import Request, Response

from backend.media.probe import probe
from tests.conftest import SHOTS, current, make_studio, wait_for
from tests.servers import ThreadServer


def engine_ids(engine_url: str) -> list[str]:
    return [video["id"] for video in requests.get(f"{engine_url}/videos?limit=100", timeout=5).json()["data"]]


@pytest.mark.parametrize(
    ("continuity", "methods"),
    [
        ("remix", ["create", "remix", "remix"]),
        ("chain", ["create", "remix", "remix"]),
        ("last_frame", ["create", "last_frame", "last_frame"]),
        ("independent", ["create", "create", "create"]),
    ],
)
def test_three_shots_in_each_continuity_mode(client, app, engine, continuity, methods):
    answer = client.post(
        "/api/generate", json={"shots": SHOTS, "seconds": "4", "size": "1280x720", "continuity": continuity}
    )
    assert answer.status_code == 202, answer.get_json()
    started = answer.get_json()
    assert [shot["status"] for shot in started["shots"]] == ["queued"] * 3
    done = wait_for(client, started["sequence_id"])
    assert done["status"] == "completed", done
    assert [shot["method"] for shot in done["shots"]] == methods
    assert all(shot["status"] == "completed" and shot["progress"] == 100 for shot in done["shots"])
    folder = str(current(app).video_storage_path / done["sequence_id"])
    info = probe(folder + "/sequence.mp4")
    assert (info.width, info.height) == (1280, 720) and abs(info.duration - 12) < 0.2
    assert len(engine_ids(engine)) == 3, "one provider job per shot"
    if continuity in ("remix", "chain"):
        videos = {v["id"]: v for v in requests.get(f"{engine}/videos", timeout=5).json()["data"]}
        sources = [videos[shot["video_id"]]["remixed_from_video_id"] for shot in done["shots"]]
        first, second = done["shots"][0]["video_id"], done["shots"][1]["video_id"]
        assert sources == [None, first, first if continuity == "remix" else second]


class NoRemix:
    """A provider shaped like SGLang or vLLM-Omni: everything but remix, which answers 404."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.endswith("/remix"):
            body = json.dumps({"detail": "Not Found"})
            return Response(body, 404, content_type="application/json")(environ, start_response)
        answer = requests.request(
            request.method,
            self.upstream + request.full_path.removeprefix("/v1").rstrip("?"),
            data=request.get_data(),
            headers={"Content-Type": request.content_type or ""},
            timeout=30,
        )
        headers = [(k, v) for k, v in answer.headers.items() if k.lower() in ("content-type", "openai-poll-after-ms")]
        return Response(answer.content, answer.status_code, headers)(environ, start_response)


def test_remix_refused_falls_back_to_last_frame(tmp_path, engine):
    proxy = ThreadServer(NoRemix(engine))
    studio = make_studio(tmp_path, f"{proxy.url}/v1")
    client = studio.test_client()
    try:
        answer = client.post("/api/generate", json={"shots": SHOTS, "seconds": "4", "size": "720x1280"})
        done = wait_for(client, answer.get_json()["sequence_id"])
        assert done["status"] == "completed", done
        assert [shot["method"] for shot in done["shots"]] == ["create", "last_frame", "last_frame"]
        for shot in done["shots"][1:]:
            assert "refused remix" in shot["note"] and "Not Found" in shot["note"]
        assert len(engine_ids(engine)) == 3
    finally:
        studio.extensions["jobs"].shutdown()
        proxy.stop()


def test_reference_image_shot_is_created_with_it(client, app, engine):
    from tests.test_engine import png

    payload = {"shots": SHOTS[:2], "seconds": "4", "size": "720x1280"}
    answer = client.post(
        "/api/generate",
        data={"payload": json.dumps(payload), "reference_2": (__import__("io").BytesIO(png(300, 200)), "r.png")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 202, answer.get_json()
    done = wait_for(client, answer.get_json()["sequence_id"])
    assert [shot["method"] for shot in done["shots"]] == ["create", "create"]
    assert done["shots"][1]["has_reference"] and not done["shots"][0]["has_reference"]


def test_downloads_support_range_and_name_the_file(client):
    sequence_id = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}).get_json()["sequence_id"]
    done = wait_for(client, sequence_id)
    url = done["shots"][0]["download_url"]
    with client.get(url) as whole:
        assert whole.status_code == 200 and whole.mimetype == "video/mp4"
        body = whole.data
    with client.get(url, headers={"Range": "bytes=100-199"}) as part:
        assert part.status_code == 206 and part.data == body[100:200]
        assert part.headers["Content-Range"] == f"bytes 100-199/{len(body)}"
    with client.get(done["sequence_url"] + "?attachment=1") as saved:
        assert saved.status_code == 200 and f"{sequence_id}.mp4" in saved.headers["Content-Disposition"]
    with client.get(done["shots"][0]["thumbnail_url"]) as thumb:
        assert thumb.mimetype == "image/webp"
    status = client.get(f"/api/status/{done['shots'][0]['video_id']}").get_json()
    assert status == {"video_id": done["shots"][0]["video_id"], "status": "completed", "progress": 100, "error": None}


def test_stitch_endpoint_recuts_with_a_crossfade(client, app):
    sequence_id = client.post(
        "/api/generate", json={"shots": SHOTS[:2], "seconds": "4", "size": "1280x720"}
    ).get_json()["sequence_id"]
    done = wait_for(client, sequence_id)
    path = current(app).video_storage_path / sequence_id / "sequence.mp4"
    assert abs(probe(path).duration - 8) < 0.1, "the automatic stitch is a cut"
    for body, field in (
        ({"transition": "wipe"}, "transition"),
        ({"transition": "crossfade", "duration": 9}, "duration"),
        ({"duration": "long"}, "duration"),
    ):
        answer = client.post(f"/api/stitch/{sequence_id}", json=body)
        assert answer.status_code == 400 and answer.get_json()["error"]["field"] == field
    answer = client.post(f"/api/stitch/{sequence_id}", json={"transition": "crossfade", "duration": 0.5})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["sequence_url"] == done["sequence_url"]
    info = probe(path)
    assert abs(info.duration - 7.5) < 0.1 and (info.width, info.height) == (1280, 720) and info.has_audio
    assert client.post("/api/stitch/20261121-000000-abcd", json={}).status_code == 404
