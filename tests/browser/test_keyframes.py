"""Keyframes first in the page: the approval switch and the estimate's stills, the storyboard strip of stills that
wait for approval, a re-roll with a note, a picture of your own in place of a still, the approval, and the
clips that follow, each from its still."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Studio, pair
from tests.browser.playback import check_video

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

SECONDS = 4
SHOTS = [
    ("Mara, a courier in a yellow raincoat", "a neon night market"),
    ("Mara, a courier in a yellow raincoat", "a neon night market, by the noodle stall"),
    ("Jo, a fixer in a green parka", "a windy rooftop at dawn"),
]
APPROVE = "Approve 3 stills and make the clips"
NOTE = "closer, from the left"
# Whether an <img> has loaded a real picture (a refused or broken one has no natural size).
LOADED = "(img) => img.complete && img.naturalWidth > 0"
# The colour at the middle of the top edge of a loaded <img>, drawn on a canvas.
TOP_COLOUR = """(img) => {
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  return Array.from(context.getImageData(Math.floor(canvas.width / 2), 4, 1, 1).data.slice(0, 3));
}"""


def still(page: Page, n: int) -> Locator:
    return page.locator(f'[data-still="{n}"]')


def expect_loaded(image: Locator) -> None:
    expect(image).to_be_visible()
    image.page.wait_for_function(LOADED, arg=image.element_handle())


def write_shot_list(page: Page) -> None:
    """Three shots of 4 s, keyframes first; the approval switch is on by default, and says why."""
    page.get_by_label("Duration per shot").select_option(str(SECONDS))
    approve = page.get_by_role("switch", name="Let me approve the stills before paying for clips")
    expect(approve).to_be_hidden()  # only keyframes first draws stills
    page.get_by_label("Continuity").select_option("keyframes")
    expect(approve).to_be_checked()
    expect(approve).to_have_accessible_description(re.compile(r"^On: the studio stops once the stills are drawn"))
    cards = page.locator("[data-shot-list] > li")
    for index, (character, environment) in enumerate(SHOTS):
        if index:
            page.get_by_role("button", name="+ Add shot").click()
        cards.nth(index).get_by_label("Character").fill(character)
        cards.nth(index).get_by_label("Environment").fill(environment)
    # The estimate prices the three stills apart from the clips.
    expect(page.locator("[data-estimate-split]")).to_have_text("3 stills free · clips free")


def sequence_of(studio: Studio, page: Page) -> dict:
    sequence_id = page.locator("[data-sequence-id]").get_attribute("data-sequence-id")
    return studio.api("GET", f"/api/sequences/{sequence_id}")


def test_stills_wait_for_approval_a_reroll_takes_a_note_then_the_clips_come(studio, page_and_console, disk_url):
    page, console = page_and_console
    # Opened from disk: every still the strip shows must carry the studio token to load at all.
    page.goto(disk_url(studio))
    pair(page, studio, console)
    write_shot_list(page)
    with page.expect_request("**/api/generate") as sent:
        page.get_by_role("button", name="Generate", exact=True).click()
    body = sent.value.post_data_json
    assert body["continuity"] == "keyframes" and body["approve_keyframes"] is True

    # The stills, each ready at version 1, and nothing paid for a clip.
    strip = page.locator("[data-keyframes-board]")
    expect(page.get_by_role("button", name=APPROVE)).to_be_visible()
    expect(strip).to_have_attribute("data-keyframes-board", "stills")
    expect(page.locator("[data-sequence-id]")).to_have_attribute("data-status", "awaiting_approval")
    expect(page.locator("[data-summary]")).to_contain_text("3 stills ready: approve them to make the clips")
    expect(page.locator("[data-approve-cost]")).to_have_text("The clips are free on the local engine.")
    expect(page.locator("[data-shot-result]")).to_have_count(0)  # the clips wait under the strip
    for n in (1, 2, 3):
        expect(still(page, n).locator("[data-still-status]")).to_have_text("Ready")
        image = still(page, n).get_by_role("img", name=f"Still for shot {n} (version 1)")
        expect_loaded(image)
        assert "token=" in image.get_attribute("src")
    waiting = sequence_of(studio, page)
    assert waiting["status"] == "awaiting_approval" and not waiting["approved"]
    assert [shot["video_id"] for shot in waiting["shots"]] == [None] * 3

    # Re-roll shot 2 with a note: a new version, a new picture, the note kept by the studio.
    two = still(page, 2)
    before = two.locator("img").get_attribute("src")
    two.get_by_label("What to change in shot 2").fill(NOTE)
    two.get_by_role("button", name="Re-roll the still of shot 2").click()
    expect(two.locator("[data-still-version]")).to_have_text("Version 2")
    image = two.get_by_role("img", name="Still for shot 2 (version 2)")
    expect_loaded(image)
    assert image.get_attribute("src") != before
    expect(two.locator("[data-still-note-shown]")).to_have_text(f"Drawn with the note “{NOTE}”")
    expect(two.get_by_label("What to change in shot 2")).to_have_value("")
    expect(still(page, 1).locator("[data-still-version]")).to_have_text("Version 1")
    rerolled = sequence_of(studio, page)
    assert rerolled["status"] == "awaiting_approval"
    assert [shot["keyframe_version"] for shot in rerolled["shots"]] == [1, 2, 1]
    assert rerolled["shots"][1]["keyframe_note"] == NOTE
    assert [shot["video_id"] for shot in rerolled["shots"]] == [None] * 3, "a re-roll pays for no clip"

    # Approve: every clip is made from its still; the strip stays, small, above them.
    page.get_by_role("button", name=APPROVE).click()
    expect(page.get_by_role("button", name=APPROVE)).to_have_count(0)
    expect(strip).to_have_attribute("data-keyframes-board", "clips")
    expect(page.locator("[data-sequence-id]")).to_have_attribute("data-status", "completed", timeout=120_000)
    expect(page.locator("[data-summary]")).to_contain_text("Done: all 3 shots and the sequence are ready.")
    expect(strip.locator("[data-still]")).to_have_count(3)
    expect_loaded(strip.get_by_role("img", name="Still for shot 2 (version 2)"))
    expect(strip.get_by_role("button")).to_have_count(0)  # nothing left to change
    for n in (1, 2, 3):
        expect(page.locator(f'[data-shot-result="{n}"] [data-status="completed"]')).to_be_visible()
    check_video(page, '[data-shot-video="2"]', SECONDS)
    done = sequence_of(studio, page)
    assert done["status"] == "completed" and done["approved"]
    assert [shot["method"] for shot in done["shots"]] == ["keyframe"] * 3
    assert [shot["keyframe_version"] for shot in done["shots"]] == [1, 2, 1]
    assert console.errors == []


def test_a_still_replaced_by_your_own_picture(studio, page_and_console, reference_png, tmp_path):
    page, _ = page_and_console
    shots = [{"character": character, "environment": place} for character, place in SHOTS]
    answer = studio.api(
        "POST",
        "/api/generate",
        json={"shots": shots, "seconds": str(SECONDS), "continuity": "keyframes", "approve_keyframes": True},
    )
    # Opened by its address while it waits: the page follows it live.
    page.goto(f"{studio.url}/#sequence={answer['sequence_id']}")
    three = still(page, 3)
    expect(page.get_by_role("button", name=APPROVE)).to_be_visible()
    expect_loaded(three.get_by_role("img", name="Still for shot 3 (version 1)"))

    # Not a picture: the page says so and sends nothing.
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    with page.expect_file_chooser() as chooser:
        three.get_by_role("button", name="Replace the still of shot 3 with your own picture…").click()
    chooser.value.set_files(text)
    expect(three.locator("[data-still-error]")).to_have_text("Choose a PNG, JPEG or WebP image.")

    with page.expect_file_chooser() as chooser:
        three.get_by_role("button", name="Replace the still of shot 3 with your own picture…").click()
    chooser.value.set_files(reference_png)
    image = three.get_by_role("img", name="Still for shot 3 (version 2)")
    expect_loaded(image)
    expect(three.locator("[data-still-error]")).to_have_count(0)
    # It is the picture: reference_png's dark blue sky at the top, not the engine's drawing.
    red, green, blue = image.evaluate(TOP_COLOUR)
    assert abs(red - 38) < 12 and abs(green - 56) < 12 and abs(blue - 104) < 12, (red, green, blue)
    replaced = studio.api("GET", f"/api/sequences/{answer['sequence_id']}")
    assert replaced["status"] == "awaiting_approval"
    assert [shot["keyframe_version"] for shot in replaced["shots"]] == [1, 1, 2]
