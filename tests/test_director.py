"""The director's prompts: scene first, one cinematography block, attributed dialogue, continuity anchors."""

from __future__ import annotations

from utils.director import ShotText, build_prompt, dialog_warning, dialogue_lines

FIRST = ShotText(
    "Mara, a courier in a yellow raincoat",
    "a neon night market",
    "wide shot, slow push in",
    "Mara: We leave at dawn.\nNot without the map.",
)


def test_prompt_has_scene_camera_dialogue_and_style():
    prompt = build_prompt(FIRST, 1, 3, FIRST, "Film noir look", 8)
    lines = prompt.splitlines()
    assert lines[0].startswith("Scene: Mara, a courier in a yellow raincoat.")
    assert "Cinematography: wide shot, slow push in." in prompt
    assert 'Dialogue:\n- Mara: "We leave at dawn."\n- Character: "Not without the map."' in prompt
    assert "Style: Film noir look." in prompt and "Continuity" not in prompt


def test_later_shots_repeat_shot_ones_anchors_word_for_word():
    later = ShotText("Mara", "the market gate", "close-up, static")
    prompt = build_prompt(later, 2, 3, FIRST, None, 8)
    assert "Continuity with shot 1" in prompt
    assert "Mara, a courier in a yellow raincoat." in prompt and "a neon night market." in prompt
    assert "no dialogue" in prompt


def test_dialog_warning_only_when_it_cannot_fit():
    assert dialog_warning("Mara: We leave at dawn.", 4) is None
    warning = dialog_warning(" ".join(["word"] * 40), 8)
    assert warning and "40 words" in warning and "20" in warning


def test_dialogue_lines_strip_quotes_and_bullets():
    assert dialogue_lines('- Jo: "Hold on."\n\n  plain line ') == [("Jo", "Hold on."), ("Character", "plain line")]
