"""The story in the page: a cast and locations, who and where each shot is, the exact prompt before paying,
a prompt edited by hand, and after generating, each shot's continuity note and the people it drew."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.playback import check_video

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

RAY = ("Ray Cole", "ray-cole", "a detective in a red trench coat and a brown fedora, silver stubble")
ANA = ("Ana", "ana", "a chef in a blue jacket and a white bandana, short black hair")
STREET = ("Rainy street", "rainy-street", "a narrow city street at night, wet cobblestones, neon signs")
KITCHEN = ("Sunny kitchen", "sunny-kitchen", "a bright kitchen at noon with copper pans and white tiles")
EDITED = "Ana, in her blue jacket, stirs a copper pan while Ray Cole watches from the counter. Medium shot."
# The director's prompt of shot 4: its scene, its place, then where it stands in the sequence.
DIRECTORS_FOUR = re.compile(r"^Scene: Ray Cole sits at the counter while Ana cooks\. Setting: Sunny kitchen\.\nShot 4 ")
NOTES = [
    "Created: the first shot.",
    "Remix of shot 1: shares the rainy street.",
    "Created fresh: a new scene, as chosen.",
    "Continues from the last frame of shot 3 (shares Ana and the sunny kitchen): a remix keeps its source's 4 s, "
    "this shot is 8 s.",
]

# The frame at the middle of a shot's video, drawn on a canvas; the mean colour of the region below its centre,
# where a figure in a medium shot wears its coat.
COAT_COLOUR = """async (video) => {
  const once = (name) => new Promise((resolve) => video.addEventListener(name, resolve, { once: true }));
  if (video.readyState < 1) await once("loadedmetadata");
  const seeked = once("seeked");
  video.currentTime = video.duration / 2;
  await seeked;
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  context.drawImage(video, 0, 0);
  const [x, y, w, h] = [0.3, 0.55, 0.5, 0.3].map((f, i) => Math.round(f * (i % 2 ? canvas.height : canvas.width)));
  const pixels = context.getImageData(x, y, w, h).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < pixels.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += pixels[i + c];
  return sum.map((total) => total / (pixels.length / 4));
}"""


def story_item(page: Page, kind: str, item: tuple[str, str, str], picture: Path | None = None) -> None:
    """Add a cast member or a location in the panel: its name, description and picture."""
    name, slug, description = item
    section = page.locator(f'[data-story-kind="{kind}"]')
    section.locator('[data-action="add-story"]').click()
    editor = section.locator(".story-item.editing")
    expect(editor.get_by_label("Name")).to_be_focused()
    editor.get_by_label("Name").fill(name)
    expect(editor.locator("[data-slug]")).to_have_text(f"Its id: {slug}")
    editor.get_by_label("Description").fill(description)
    if picture is not None:
        editor.get_by_label("Picture").set_input_files(picture)
        expect(editor.locator("[data-file-preview] img")).to_be_visible()
    editor.get_by_role("button", name="Done").click()
    line = section.locator(f'[data-story-id="{slug}"]')
    expect(line).to_contain_text(description)
    expect(section.get_by_role("button", name=f"Edit {name}")).to_be_focused()


def shot_card(page: Page, index: int) -> Locator:
    return page.locator("[data-shot-list] > li").nth(index)


def cast_shot(page: Page, index: int, who: list[str], where: str, action: str) -> Locator:
    """Pick who and where a shot is (a new shot starts with the people and place of the one before)."""
    card = shot_card(page, index)
    for name in (RAY[0], ANA[0]):
        card.get_by_role("checkbox", name=name, exact=True).set_checked(name in who)
    card.get_by_label("Location").select_option(label=where)
    card.get_by_label("Character").fill(action)
    card.get_by_label("Lighting & camera").fill("medium shot, slow push in")
    return card


def test_a_story_of_two_people_in_two_places_previews_generates_and_draws_them(studio, page_and_console, reference_png):
    page, console = page_and_console
    page.goto(studio.url + "/")
    story_item(page, "cast", RAY)
    story_item(page, "cast", ANA)
    story_item(page, "locations", STREET)
    story_item(page, "locations", KITCHEN, reference_png)
    expect(page.locator("[data-story-count]")).to_have_text("2 people · 2 places")
    page.get_by_label("Duration per shot").select_option("4")

    one = cast_shot(page, 0, [RAY[0]], STREET[0], "Ray Cole waits under the neon")
    # With cast and a location picked, the shot's own words are optional, and say why.
    expect(one.locator("label", has_text="Character")).to_contain_text("optional")
    expect(one.get_by_label("Character")).to_have_accessible_description(
        "Ray Cole is described in the cast: add what happens, or leave it empty."
    )
    expect(one.locator("[data-preview-note]")).to_have_text(NOTES[0])
    expect(one.locator("[data-prompt-text]")).to_contain_text(f"Ray Cole: {RAY[2]}.")

    add = page.get_by_role("button", name="+ Add shot")
    add.click()
    two = cast_shot(page, 1, [ANA[0]], STREET[0], "Ana hurries past with an umbrella")
    expect(two.locator("[data-preview-note]")).to_have_text(NOTES[1])
    # "Automatic" says what it picks now.
    expect(two.get_by_label("Continue from")).to_have_accessible_description("Automatic picks shot 1 now.")
    add.click()
    three = cast_shot(page, 2, [ANA[0]], KITCHEN[0], "Ana tastes the sauce")
    # Continuing from a shot that shares nothing is allowed, with a warning; a new scene starts fresh.
    three.get_by_label("Continue from").select_option(label="Shot 1 · Ray Cole · Rainy street")
    expect(three.locator("[data-preview-warning]")).to_contain_text("shares no one and no place")
    three.get_by_role("switch", name="New scene").check()
    expect(three.get_by_label("Continue from")).to_be_disabled()
    expect(three.locator("[data-preview-note]")).to_have_text(NOTES[2])
    expect(three.locator("[data-preview-warning]")).to_have_count(0)
    add.click()
    four = cast_shot(page, 3, [RAY[0], ANA[0]], KITCHEN[0], "Ray Cole sits at the counter while Ana cooks")
    four.get_by_label("Duration").select_option("8")
    expect(four.locator("[data-preview-note]")).to_have_text(NOTES[3])
    expect(page.locator("[data-estimate]")).to_contain_text("3 × 4 s + 1 × 8 s = 20 s")

    # Edit shot 4's prompt by hand: marked, checked against its cast, and undone back to the director's.
    four.get_by_role("button", name="Edit prompt of shot 4").click()
    prompt = four.get_by_label("Prompt of shot 4, edited")
    expect(prompt).to_be_focused()
    expect(prompt).to_have_value(DIRECTORS_FOUR)  # it starts from the director's text
    expect(four.locator("[data-edited-mark]")).to_be_visible()
    prompt.fill("Ana stirs a copper pan while a tired man watches.")
    expect(four.locator("[data-preview-warning]")).to_contain_text("does not name Ray Cole")
    four.get_by_role("button", name="Back to the director's prompt").click()
    expect(four.locator("[data-edited-mark]")).to_have_count(0)
    expect(four.locator("[data-prompt-text]")).to_contain_text("Shot 4 of 4, 8 seconds.")
    four.get_by_role("button", name="Edit prompt of shot 4").click()
    four.get_by_label("Prompt of shot 4, edited").fill(EDITED)
    expect(four.locator("[data-preview-warning]")).to_have_count(0)

    # Collapsed, a card is one line: its number, who, where and how long.
    three.locator('[data-action="toggle"]').click()
    expect(three.locator('[data-action="toggle"]')).to_have_attribute("aria-expanded", "false")
    expect(three.locator(".shot-body")).to_be_hidden()
    expect(three.locator("[data-shot-summary]")).to_have_text("Ana · Sunny kitchen · 4 s")

    page.get_by_role("button", name="Generate", exact=True).click()
    sequence = page.locator("[data-sequence-id]")
    expect(sequence).to_have_attribute("data-status", "completed", timeout=120_000)
    for n, note in enumerate(NOTES, start=1):
        expect(page.locator(f'[data-shot-result="{n}"] [data-continuity-note]')).to_have_text(note)
    results = page.locator("[data-shot-facts]")
    expect(results.nth(0)).to_have_text("4 s · Ray Cole · Rainy street")
    expect(results.nth(3)).to_have_text("8 s · Ray Cole, Ana · Sunny kitchen · prompt edited by hand")
    check_video(page, '[data-shot-video="4"]', 8)

    # What the studio stored is what the page showed: the edited prompt, the kitchen's picture.
    made = studio.api("GET", f"/api/sequences/{sequence.get_attribute('data-sequence-id')}")
    assert (made["shots"][3]["prompt"], made["shots"][3]["prompt_edited"]) == (EDITED, True)
    assert made["shots"][2]["has_reference"] and not made["shots"][1]["has_reference"]
    assert [item["id"] for item in made["cast"]] == [RAY[1], ANA[1]]
    assert [shot["continuity_note"] for shot in made["shots"]] == NOTES

    # Shots 1 and 2 share the street (2 is a remix of 1) but not the person: the two are drawn apart.
    ray = page.locator('[data-shot-video="1"]').evaluate(COAT_COLOUR)
    ana = page.locator('[data-shot-video="2"]').evaluate(COAT_COLOUR)
    distance = sum((a - b) ** 2 for a, b in zip(ray, ana, strict=True)) ** 0.5
    assert distance > 40, f"Ray {ray} and Ana {ana} look alike"
    # ...each in the colour of their own coat: Ray's red trench coat, Ana's blue jacket.
    assert ray[0] > ray[2] and ana[2] > ana[0], (ray, ana)
    assert console.errors == []


def test_cast_and_locations_go_to_the_library_and_into_another_sequence(studio, page_and_console, reference_png):
    page, console = page_and_console
    page.goto(studio.url + "/")
    story_item(page, "cast", RAY)
    story_item(page, "locations", KITCHEN, reference_png)
    cast = page.locator('[data-story-kind="cast"]')
    places = page.locator('[data-story-kind="locations"]')
    cast.get_by_role("button", name="Save to library: Ray Cole").click()
    expect(cast.locator(f'[data-story-id="{RAY[1]}"] [data-saved-state]')).to_have_text("✓ In the library")
    places.get_by_role("button", name="Save to library: Sunny kitchen").click()
    expect(places.locator("[data-saved-state]")).to_be_visible()
    saved_cast = studio.api("GET", "/api/cast")["data"]
    assert [(item["id"], item["description"], item["has_reference"]) for item in saved_cast] == [
        (RAY[1], RAY[2], False)
    ]
    assert studio.api("GET", "/api/locations")["data"][0]["has_reference"] is True

    # Changed after saving: the page says the library holds an older version.
    cast.get_by_role("button", name="Edit Ray Cole").click()
    cast.get_by_label("Description").fill(RAY[2] + ", soaked to the bone")
    cast.get_by_role("button", name="Done").click()
    expect(cast.get_by_role("button", name="Update in library: Ray Cole")).to_be_visible()

    # Another sequence: a fresh page has no cast; the library brings both back, the picture too.
    page.reload()
    expect(cast.locator("[data-story-list] > li")).to_have_count(0)
    cast.get_by_role("button", name="Add Ray Cole from the library").click()
    expect(cast.locator(f'[data-story-id="{RAY[1]}"]')).to_contain_text(RAY[2])
    expect(cast.locator("[data-saved-state]")).to_have_text("✓ In the library")
    expect(cast.get_by_role("button", name="Ray Cole: already in this sequence")).to_be_disabled()
    places.get_by_role("button", name="Add Sunny kitchen from the library").click()
    face = places.locator(f'[data-story-id="{KITCHEN[1]}"] img.story-face')
    expect(face).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=face.element_handle())
    card = shot_card(page, 0)
    card.get_by_role("checkbox", name=RAY[0], exact=True).check()
    card.get_by_label("Location").select_option(label=KITCHEN[0])
    expect(card.locator("[data-prompt-text]")).to_contain_text(f"Sunny kitchen: {KITCHEN[2]}.")

    # Deleting from the library asks first, and this sequence keeps its own copy.
    cast.get_by_role("button", name="Delete Ray Cole from the library").click()
    dialog = page.locator("[data-confirm-dialog]")
    expect(dialog).to_contain_text("keep their own copy")
    dialog.get_by_role("button", name="Delete").click()
    expect(cast.locator("[data-saved-item]")).to_have_count(0)
    expect(cast.get_by_role("button", name="Save to library: Ray Cole")).to_be_visible()
    assert studio.api("GET", "/api/cast")["data"] == []
    assert console.errors == []
