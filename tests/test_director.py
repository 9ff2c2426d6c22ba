"""The director's prompts: scene first, who and where word for word, one cinematography block, dialogue."""

from __future__ import annotations

from utils.director import Anchor, ShotBrief, build_prompt, dialog_warning, dialogue_lines

MARA = Anchor("Mara", "a courier in a yellow raincoat with a red scarf")
MARKET = Anchor("Night market", "a neon-lit night market, wet cobblestones, paper lanterns")


def test_prompt_has_scene_camera_dialogue_and_style():
    brief = ShotBrief(
        1,
        3,
        8,
        character="Mara, a courier in a yellow raincoat",
        environment="a neon night market",
        lighting_camera="wide shot, slow push in",
        dialog="Mara: We leave at dawn.\nNot without the map.",
        style="Film noir look",
    )
    prompt = build_prompt(brief)
    lines = prompt.splitlines()
    assert lines[0] == "Scene: Mara, a courier in a yellow raincoat. Setting: a neon night market."
    assert lines[1] == "Shot 1 of 3, 8 seconds."
    assert "Cinematography: wide shot, slow push in." in prompt
    assert 'Dialogue:\n- Mara: "We leave at dawn."\n- Character: "Not without the map."' in prompt
    assert "Style: Film noir look." in prompt and "Continuity" not in prompt and "Cast:" not in prompt


def test_cast_and_location_anchors_are_restated_word_for_word():
    brief = ShotBrief(3, 4, 4, character="Mara hands over the map", people=(MARA,), place=MARKET, continues_from=1,
                      shared=("Mara", "the night market"))  # fmt: skip
    prompt = build_prompt(brief)
    assert "- Mara: a courier in a yellow raincoat with a red scarf." in prompt
    assert "Location: Night market: a neon-lit night market, wet cobblestones, paper lanterns." in prompt
    assert "Continuity: continues shot 1. Keep Mara and the night market exactly as established" in prompt
    assert prompt.startswith("Scene: Mara hands over the map. Setting: Night market.")


def test_a_shot_with_its_cast_only_names_them():
    prompt = build_prompt(ShotBrief(2, 2, 8, people=(MARA, Anchor("Jo", "a tall mechanic in blue overalls")),
                                    place=MARKET))  # fmt: skip
    assert prompt.startswith("Scene: Mara and Jo. Setting: Night market.")
    assert "no dialogue" in prompt


def test_dialog_warning_only_when_it_cannot_fit():
    assert dialog_warning("Mara: We leave at dawn.", 4) is None
    warning = dialog_warning(" ".join(["word"] * 40), 8)
    assert warning and "40 words" in warning and "20" in warning


def test_dialogue_lines_strip_quotes_and_bullets():
    assert dialogue_lines('- Jo: "Hold on."\n\n  plain line ') == [("Jo", "Hold on."), ("Character", "plain line")]
