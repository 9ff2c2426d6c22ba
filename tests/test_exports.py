"""Exports read back by the libraries that define them: OTIO and its EDL / FCP 7 XML adapters, srt,
webvtt-py; captions to the frame of the director's dialog plan; a storyboard's round trip."""

from __future__ import annotations

import io
import zipfile

import opentimelineio as otio
import pytest
import srt
import webvtt

from backend.media.probe import probe
from tests.conftest import current, make_studio, start_engine, wait_for
from utils.director import dialogue_cues, dialogue_lines

FPS = 24  # the engine's default rate, not the suite's draft one: the timelines below count its frames
SHOTS = [
    {"cast": ["mara"], "location": "market", "lighting_camera": "wide shot", "dialog": "Mara: We leave at dawn.",
     "seconds": "4"},
    {"cast": ["jo"], "location": "dock", "dialog": "Jo: Not without the map.\nMara: Then bring it.", "seconds": "8"},
    {"cast": ["mara", "jo"], "location": "market", "lighting_camera": "close-up, static", "seconds": "4"},
]  # fmt: skip
BOARD = {
    "storyboard": 1,
    "title": "The map",
    "cast": [
        {"id": "mara", "name": "Mara", "description": "a courier in a yellow raincoat and a red scarf"},
        {"id": "jo", "name": "Jo", "description": "a tall mechanic in blue overalls and a grey cap"},
    ],
    "locations": [
        {"id": "market", "name": "Night market", "description": "a neon-lit night market in the rain"},
        {"id": "dock", "name": "The dock", "description": "a foggy harbour dock at dawn"},
    ],
    "shots": SHOTS,
}


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exports")
    server, engine_app = start_engine(tmp / "engine", latency=0.2, fps=FPS)
    app = make_studio(tmp, f"{server.url}/v1")
    client = app.test_client()
    sequence = wait_for(client, client.post("/api/generate", json=BOARD).get_json()["sequence_id"], timeout=120)
    assert sequence["status"] == "completed", sequence
    yield app, client, sequence
    app.extensions["jobs"].shutdown()
    server.stop()
    engine_app.extensions["local_engine"].worker.shutdown()


def get(client, sequence, fmt) -> bytes:
    with client.get(f"/api/sequences/{sequence['sequence_id']}/export?format={fmt}") as answer:
        assert answer.status_code == 200, (fmt, answer.get_data(as_text=True)[:300])
        return answer.get_data()


def planned(sequence) -> list[tuple[float, float, str]]:
    """The director's plan for every line, offset by where each shot starts."""
    start, cues = 0.0, []
    for shot in sequence["shots"]:
        for cue in dialogue_cues(dialogue_lines(shot["dialog"]), int(shot["seconds"])):
            cues.append((start + cue.start, start + cue.end, f"{cue.speaker}: {cue.text}"))
        start += int(shot["seconds"])
    return cues


def test_captions_read_back_to_the_frame(finished):
    _, client, sequence = finished
    expected = planned(sequence)
    subtitles = list(srt.parse(get(client, sequence, "srt").decode()))
    vtt = webvtt.from_buffer(io.StringIO(get(client, sequence, "vtt").decode()))
    assert len(subtitles) == len(vtt.captions) == len(expected) == 3
    for sub, cue, (start, end, text) in zip(subtitles, vtt.captions, expected, strict=True):
        assert abs(sub.start.total_seconds() - start) <= 1 / FPS and abs(sub.end.total_seconds() - end) <= 1 / FPS
        stamp = cue.start_time  # webvtt-py's whole-second start_in_seconds would hide the milliseconds
        vtt_start = stamp.hours * 3600 + stamp.minutes * 60 + stamp.seconds + stamp.milliseconds / 1000
        assert abs(vtt_start - start) <= 1 / FPS and sub.content == text
        assert f"{cue.voice}: {cue.text}" == text
    assert subtitles[1].start.total_seconds() > 4, "shot 2's lines start after shot 1 in the sequence"


def test_the_otio_timeline_has_a_clip_per_shot_to_the_frame_and_markers(finished):
    app, client, sequence = finished
    timeline = otio.adapters.read_from_string(get(client, sequence, "otio").decode(), "otio_json")
    video = timeline.video_tracks()[0]
    folder = current(app).video_storage_path / sequence["sequence_id"]
    assert [clip.name for clip in video] == ["Shot 1", "Shot 2", "Shot 3"]
    for clip, shot in zip(video, sequence["shots"], strict=True):
        frames = round(probe(folder / f"shot_{shot['shot_number']}.mp4").duration * FPS)
        assert clip.source_range.duration.to_frames() == frames == int(shot["seconds"]) * FPS
        assert clip.media_reference.target_url.endswith(f"shot_{shot['shot_number']}.mp4")
        assert clip.markers[0].metadata["shot_studio"]["prompt"] == shot["prompt"]
    assert timeline.duration().to_frames() == 16 * FPS
    assert [m.metadata["shot_studio"]["caption"] for m in timeline.tracks.markers] == [
        "We leave at dawn.", "Not without the map.", "Then bring it."
    ]  # fmt: skip


@pytest.mark.parametrize(("fmt", "adapter"), [("edl", "cmx_3600"), ("fcp7xml", "fcp_xml")])
def test_edl_and_fcp_xml_read_back_through_otios_adapters(finished, fmt, adapter):
    _, client, sequence = finished
    options = {"rate": FPS} if fmt == "edl" else {}
    timeline = otio.adapters.read_from_string(get(client, sequence, fmt).decode(), adapter, **options)
    clips = list(timeline.video_tracks()[0].find_clips())
    assert [clip.source_range.duration.to_frames() for clip in clips] == [96, 192, 96]
    assert timeline.duration().to_frames() == 16 * FPS


def test_clips_at_a_rate_timecode_cannot_count_export_timelines_at_24(tmp_path):
    """An 8 fps draft animatic (or a 16 fps Wan clip): EDL and FCP 7 XML have no timecode at such a rate."""
    server, engine_app = start_engine(tmp_path / "engine", latency=0.2, fps=8)
    app = make_studio(tmp_path, f"{server.url}/v1")
    client = app.test_client()
    try:
        made = client.post("/api/generate", json={**BOARD, "shots": [SHOTS[0], {**SHOTS[2], "seconds": "8"}]})
        sequence = wait_for(client, made.get_json()["sequence_id"], timeout=120)
        assert sequence["status"] == "completed", sequence
        folder = current(app).video_storage_path / sequence["sequence_id"]
        assert probe(folder / "shot_1.mp4").fps == 8
        for fmt, adapter in (("otio", "otio_json"), ("edl", "cmx_3600"), ("fcp7xml", "fcp_xml")):
            options = {"rate": 24} if fmt == "edl" else {}
            timeline = otio.adapters.read_from_string(get(client, sequence, fmt).decode(), adapter, **options)
            clips = list(timeline.video_tracks()[0].find_clips())
            assert [clip.source_range.duration.to_frames() for clip in clips] == [96, 192], fmt
            assert timeline.duration().rate == 24, fmt
    finally:
        app.extensions["jobs"].shutdown()
        server.stop()
        engine_app.extensions["local_engine"].worker.shutdown()


def test_the_otioz_bundle_carries_the_media(finished):
    _, client, sequence = finished
    names = zipfile.ZipFile(io.BytesIO(get(client, sequence, "otioz"))).namelist()
    assert "content.otio" in names and sum(name.endswith(".mp4") for name in names) == 3


@pytest.mark.slow
def test_captions_burned_in_on_request(finished):
    app, client, sequence = finished
    burned = get(client, sequence, "captioned")
    path = current(app).video_storage_path / sequence["sequence_id"] / "exports" / "burned.mp4"
    path.write_bytes(burned)
    assert abs(probe(path).duration - 16) < 0.2 and probe(path).has_audio


def test_a_storyboard_round_trip_plans_the_same_prompts(finished):
    _, client, sequence = finished
    board = client.get(f"/api/sequences/{sequence['sequence_id']}/storyboard").get_json()
    assert board["storyboard"] == 1 and board["title"] == "The map"
    assert [shot["seconds"] for shot in board["shots"]] == ["4", "8", "4"]
    again = client.post("/api/preview", json=board).get_json()
    assert [shot["prompt"] for shot in again["shots"]] == [shot["prompt"] for shot in sequence["shots"]]
    schema = client.get("/api/storyboard.schema.json").get_json()
    assert schema["properties"]["storyboard"]["const"] == 1 and "shots" in schema["required"]


def test_an_unfinished_sequence_cannot_be_exported(tmp_path, engine):
    app = make_studio(tmp_path, engine)
    app.extensions["jobs"].stop.set()
    client = app.test_client()
    sequence_id = client.post(
        "/api/generate", json={"shots": SHOTS[:1], **{k: BOARD[k] for k in ("cast", "locations")}}
    )
    answer = client.get(f"/api/sequences/{sequence_id.get_json()['sequence_id']}/export?format=otio")
    assert answer.status_code == 409 and "not made yet" in answer.get_json()["error"]["message"]
    bad = client.get(f"/api/sequences/{sequence_id.get_json()['sequence_id']}/export?format=mov")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "format"
    app.extensions["jobs"].shutdown()
