"""Continuity that follows the story, seen from the provider's side: the engine's own job list shows what
each shot was sent, what it was made from, and which shots ran at the same time."""

from __future__ import annotations

import openai
import pytest

from backend.media.probe import probe
from tests.conftest import current, make_studio, start_engine, wait_for
from tests.test_story import CAST, PLACES, STORY

RAY, ANA = (f"{m['name']}: {m['description']}." for m in CAST)
STREET, KITCHEN, SEA = (f"{p['name']}: {p['description']}." for p in PLACES)
FREE_STORY = [
    {"character": "Detective Ray Cole in a grey trench coat and a brown fedora", "environment": "a rainy street"},
    {"character": "Ana, a chef in a white jacket and a red bandana", "environment": "a sunny kitchen"},
    {"character": "Detective Ray Cole in a grey trench coat and a brown fedora", "environment": "a rainy street"},
    {"character": "Ana, a chef in a white jacket and a red bandana", "environment": "the deck of a boat at sea"},
]


@pytest.fixture
def studio_and_engine(tmp_path):
    server, engine_app = start_engine(tmp_path / "engine", latency=1.0)
    url = f"{server.url}/v1"
    app = make_studio(tmp_path, url, MAX_CONCURRENT_JOBS=4)
    yield app, openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    app.extensions["jobs"].shutdown()
    server.stop()
    engine_app.extensions["local_engine"].worker.shutdown()


def run(app, body: dict, timeout: float = 120) -> dict:
    """Generate and wait; return the finished sequence."""
    client = app.test_client()
    answer = client.post("/api/generate", json={"seconds": "4", **body})
    assert answer.status_code == 202, answer.get_json()
    return wait_for(client, answer.get_json()["sequence_id"], timeout=timeout)


def engine_jobs(sdk) -> dict:
    return {video.id: video for video in sdk.videos.list(limit=100).data}


def ran_together(a, b) -> bool:
    """Whether job b was created before job a had finished (whole seconds, as the API gives them)."""
    return b.created_at < a.completed_at and a.created_at < b.completed_at


@pytest.mark.parametrize("free_text", [False, True], ids=["cast-and-locations", "free-text"])
def test_four_shots_cutting_between_two_people_and_three_places(studio_and_engine, free_text):
    app, sdk = studio_and_engine
    body = {"shots": FREE_STORY} if free_text else {"shots": STORY, "cast": CAST, "locations": PLACES}
    done = run(app, body)
    assert done["status"] == "completed", done
    jobs = engine_jobs(sdk)
    one, two, three, four = (jobs[shot["video_id"]] for shot in done["shots"])
    assert len(jobs) == 4, "one provider job per shot"
    # Shot 2 shares nothing with shot 1: made fresh, and its prompt holds nothing of Ray or the street.
    assert two.remixed_from_video_id is None
    for word in ("Ray", "trench", "fedora", "rainy", "street"):
        assert word not in two.prompt
    # Shot 3 is Ray in the street again: a remix of shot 1 restating both word for word.
    assert three.remixed_from_video_id == one.id
    ray, street = (FREE_STORY[0]["character"], "a rainy street") if free_text else (RAY, STREET)
    assert ray in three.prompt and street in three.prompt
    # Shot 4 is Ana somewhere new: from shot 2, with her anchors and nothing of the kitchen or the street.
    assert four.remixed_from_video_id == two.id
    assert (FREE_STORY[1]["character"] if free_text else ANA) in four.prompt
    for word in ("kitchen", "rainy", "Ray"):
        assert word not in four.prompt
    # What did not depend on each other ran at the same time.
    assert ran_together(one, two) and ran_together(three, four)
    notes = [shot["continuity_note"] for shot in done["shots"]]
    assert notes[2].startswith("Remix of shot 1: shares") and notes[3].startswith("Remix of shot 2: shares")


def test_one_keeper_in_three_places_is_one_create_and_two_remixes_of_shot_one(studio_and_engine):
    app, sdk = studio_and_engine
    keeper = [
        {"character": "A lighthouse keeper in a grey wool coat", "environment": "a stormy cliff top"},
        {"character": "The same lighthouse keeper", "environment": "a cramped lamp room"},
        {"character": "The same lighthouse keeper", "environment": "a harbour at dawn"},
    ]
    done = run(app, {"shots": keeper})
    assert done["status"] == "completed"
    jobs = engine_jobs(sdk)
    first, *later = (jobs[shot["video_id"]] for shot in done["shots"])
    assert first.remixed_from_video_id is None
    assert [job.remixed_from_video_id for job in later] == [first.id, first.id]
    assert ran_together(later[0], later[1])


@pytest.mark.slow
def test_twelve_shots_with_their_own_lengths_stitch_to_their_sum(studio_and_engine):
    app, sdk = studio_and_engine
    lengths = ["4", "8", "4", "4", "12", "4", "4", "8", "4", "4", "4", "4"]
    shots = [
        {"character": f"Mara, a courier in a yellow raincoat, beat {n}", "environment": "a night market",
         "seconds": seconds}
        for n, seconds in enumerate(lengths, start=1)
    ]  # fmt: skip
    done = run(app, {"shots": shots, "continuity": "independent"}, timeout=300)
    assert done["status"] == "completed", done
    assert [shot["seconds"] for shot in done["shots"]] == lengths
    assert {job.seconds for job in engine_jobs(sdk).values()} == set(lengths)
    stitched = probe(current(app).video_storage_path / done["sequence_id"] / "sequence.mp4")
    assert abs(stitched.duration - sum(map(int, lengths))) < 0.2
