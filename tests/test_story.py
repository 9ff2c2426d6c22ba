"""Planning from the story: who and where each shot is decides what it continues from and what it restates."""

from __future__ import annotations

import pytest

from backend.library.story import plan_story
from backend.models.requests import GenerateIn

CAST = [
    {"id": "ray", "name": "Ray Cole", "description": "a detective in a grey trench coat and a brown fedora"},
    {"id": "ana", "name": "Ana", "description": "a chef in a white jacket and a red bandana"},
]
PLACES = [
    {"id": "street", "name": "Rainy street", "description": "a rainy city street at night under neon signs"},
    {"id": "kitchen", "name": "Sunny kitchen", "description": "a bright kitchen with copper pans at noon"},
    {"id": "sea", "name": "Open sea", "description": "the deck of a sailboat on open sea at noon"},
]
STORY = [  # A in X, B in Y, A in X again, B in a new place Z
    {"cast": ["ray"], "location": "street"},
    {"cast": ["ana"], "location": "kitchen"},
    {"cast": ["ray"], "location": "street", "character": "Ray Cole checks his watch"},
    {"cast": ["ana"], "location": "sea"},
]


def plan(shots, continuity="remix", **extra):
    request = GenerateIn.model_validate(
        {"shots": shots, "continuity": continuity, "cast": CAST, "locations": PLACES, **extra}
    )
    return plan_story(request, "8", None)


def test_continuity_follows_who_and_where():
    one, two, three, four = plan(STORY)
    assert [(p.source, p.method) for p in (one, two, three, four)] == [
        (None, "create"),
        (None, "create"),
        (1, "remix"),
        (2, "remix"),
    ]
    assert "shares no one and no place" in two.reason
    assert three.reason == "Remix of shot 1: shares Ray Cole and the rainy street."
    # Each prompt restates its own people and place word for word, and nothing of anyone else's.
    assert "a detective in a grey trench coat and a brown fedora" in three.prompt
    assert "a rainy city street at night under neon signs" in three.prompt
    for words in ("detective", "fedora", "rainy", "neon", "Ray"):
        assert words not in two.prompt and words not in four.prompt
    assert "a chef in a white jacket and a red bandana" in four.prompt and "kitchen" not in four.prompt
    assert "the deck of a sailboat on open sea at noon" in four.prompt


@pytest.mark.parametrize(
    ("continuity", "expected"),
    [
        ("remix", [(None, "create"), (1, "remix"), (1, "remix")]),
        ("chain", [(None, "create"), (1, "remix"), (2, "remix")]),
        ("last_frame", [(None, "create"), (1, "last_frame"), (2, "last_frame")]),
        ("independent", [(None, "create"), (None, "create"), (None, "create")]),
    ],
)
def test_one_character_in_three_places_keeps_the_original_flows(continuity, expected):
    keeper = [
        {"character": "A lighthouse keeper in a grey wool coat and a yellow sou'wester", "environment": "a cliff top"},
        {"character": "The same lighthouse keeper, now soaked", "environment": "a cramped lamp room"},
        {"character": "The same lighthouse keeper", "environment": "a harbour at dawn"},
    ]
    planned = plan(keeper, continuity)
    assert [(p.source, p.method) for p in planned] == expected
    # Referring back restates the first words about the keeper exactly.
    assert "A lighthouse keeper in a grey wool coat and a yellow sou'wester." in planned[2].prompt


def test_free_text_shares_by_the_same_words():
    shots = [
        {"character": "Detective Ray Cole in a grey trench coat", "environment": "a rainy city street at night"},
        {"character": "A chef in a white jacket", "environment": "a sunny kitchen"},
        {"character": "Detective Ray Cole in a grey trench coat", "environment": "a rainy city street at night"},
        {"character": "A chef in a white jacket", "environment": "the deck of a boat at sea"},
    ]
    planned = plan(shots)
    assert [p.source for p in planned] == [None, None, 1, 2]
    assert "Ray" not in planned[1].prompt and "rainy" not in planned[3].prompt


def test_the_user_overrides_and_warnings():
    shots = [
        {"cast": ["ray"], "location": "street"},
        {"cast": ["ray"], "location": "street", "continuity": "new_scene"},
        {"cast": ["ana"], "location": "kitchen", "continue_from": 1},
        {"cast": ["ray"], "location": "street", "seconds": "4", "dialog": " ".join(["word"] * 30)},
        {"cast": ["ana", "ray"], "location": "kitchen", "prompt": "Ana plates the dish."},
    ]
    one, two, three, four, five = plan(shots)
    assert (two.source, two.method, two.reason) == (None, "create", "Created fresh: a new scene, as chosen.")
    assert (three.source, three.method) == (1, "remix") and "shares no one and no place" in three.warnings[0]
    # A remix keeps its source's length: a shorter shot continues from the last frame instead.
    assert (four.source, four.method, four.seconds) == (2, "last_frame", "4") and "8 s" in four.reason
    assert "30 words" in four.warnings[0]
    assert five.prompt == "Ana plates the dish." and five.prompt_edited
    assert any("Ray Cole" in warning for warning in five.warnings)


def test_pictures_start_fresh_shots_and_a_shots_own_picture_outranks_continuity():
    cast = [{**CAST[0], "reference": "data:image/png;base64,AAAA"}, CAST[1]]
    request = GenerateIn.model_validate(
        {"shots": [{"cast": ["ana"], "location": "kitchen"}, {"cast": ["ray"], "location": "street"},
                   {"cast": ["ana"], "location": "kitchen"}],
         "cast": cast, "locations": PLACES}
    )  # fmt: skip
    one, two, three = plan_story(request, "8", None, frozenset({"shot:3"}))
    assert (one.reference, two.reference) == (None, "cast:ray")
    assert (three.source, three.method, three.reference) == (None, "create", "shot")
