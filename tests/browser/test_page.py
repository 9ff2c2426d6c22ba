"""The page in headless Chromium against a live studio on the local engine: served and opened from disk."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import pair
from tests.browser.playback import check_download, check_video

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

SECONDS = 4  # per shot: the shortest clip keeps the suite quick

# Track the overall progress bar and the shot status lines while a sequence runs.
WATCH_PROGRESS = """() => {
  window.__seen = { progress: [], texts: [] };
  const box = document.querySelector("[data-sequence]");
  new MutationObserver(() => {
    const bar = box.querySelector('[aria-label="Sequence progress"]');
    if (bar) window.__seen.progress.push(Number(bar.getAttribute("aria-valuenow")));
    for (const line of box.querySelectorAll("[data-status-text]")) window.__seen.texts.push(line.textContent);
  }).observe(box, { childList: true, subtree: true });
}"""


def fill_shot(page: Page, index: int, character: str, environment: str, dialog: str = "") -> None:
    card = page.locator("[data-shot-list] > li").nth(index)
    card.get_by_label("Character").fill(character)
    card.get_by_label("Environment").fill(environment)
    card.get_by_label("Lighting & camera").fill("medium shot, slow push in, warm key light")
    if dialog:
        card.get_by_label("Dialog").fill(dialog)


def choose_settings(page: Page, seconds: int = SECONDS, continuity: str = "remix") -> None:
    page.get_by_label("Duration per shot").select_option(str(seconds))
    page.get_by_label("Continuity").select_option(continuity)


def fill_two_shots(page: Page) -> None:
    fill_shot(page, 0, "Mara, a courier in a yellow raincoat and red scarf", "a neon-lit night market", "Mara: Go.")
    page.get_by_role("button", name="+ Add shot").click()
    fill_shot(page, 1, "Mara, a courier in a yellow raincoat and red scarf", "the same night market, rain easing")
    choose_settings(page)


def wait_for_sequence(page: Page, status: str = "completed", timeout: float = 90_000) -> str:
    sequence = page.locator("[data-sequence-id]")
    expect(sequence).to_have_attribute("data-status", status, timeout=timeout)
    return sequence.get_attribute("data-sequence-id")


def test_form_validates_estimates_and_edits_shots(studio, page_and_console, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    expect(page.locator("[data-provider-status]")).to_contain_text("Local engine")
    expect(page.locator("[data-estimate]")).to_contain_text("free: local engine")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
              .filter((c) => c.type !== "hidden" && c.labels.length === 0).map((c) => c.outerHTML)"""
    )
    assert unlabelled == []

    # A folded card with a message about it opens again, so the message and its field can be seen.
    card = page.locator("[data-shot-list] > li").first
    card.locator('[data-action="toggle"]').click()
    expect(card.get_by_label("Character")).to_be_hidden()
    page.get_by_role("button", name="Generate").click()
    expect(card.locator('[data-error-for="shots[0].character"]')).to_contain_text("Describe the character")
    expect(card.locator('[data-error-for="shots[0].environment"]')).to_be_visible()
    expect(card.get_by_label("Character")).to_be_focused()
    expect(card.get_by_label("Character")).to_have_attribute("aria-invalid", "true")
    card.get_by_label("Character").fill("Mara")
    expect(card.locator('[data-error-for="shots[0].character"]')).to_be_hidden()

    card.get_by_label("Dialog").fill("Mara: " + "we leave at dawn and never look back " * 4)
    expect(card.locator('[data-warning-for="shots[0].dialog"]')).to_contain_text("words")

    shots = page.locator("[data-shot-list] > li")
    add = page.locator('[data-action="add-shot"]')
    add.click()
    add.click()
    expect(shots).to_have_count(3)
    expect(page.locator("[data-estimate]")).to_contain_text("3 × 8 s = 24 s")
    shots.nth(1).get_by_label("Character").fill("Jo")
    page.get_by_role("button", name="Move shot 2 up").click()
    expect(shots.first.get_by_label("Character")).to_have_value("Jo")
    expect(page.get_by_role("button", name="Move shot 1 down")).to_be_focused()

    # Twelve at most (the studio's MAX_SHOTS): the button says so, and where the limit comes from.
    for _ in range(9):
        add.click()
    expect(shots).to_have_count(12)
    expect(add).to_be_disabled()
    expect(add).to_have_text("12 shots at most: the studio's MAX_SHOTS setting")
    expect(page.locator("[data-shot-count]")).to_contain_text("12 of 12 shots")
    expect(page.locator("[data-estimate]")).to_contain_text("12 × 8 s = 96 s")
    page.get_by_role("button", name="Remove shot 12").click()
    expect(add).to_be_enabled()
    expect(add).to_have_text("+ Add shot")
    for number in range(11, 1, -1):
        page.get_by_role("button", name=f"Remove shot {number}").click()
    expect(shots).to_have_count(1)
    expect(page.get_by_role("button", name="Remove shot 1")).to_be_disabled()

    # A file that only claims to be a PNG: the studio refuses it and names the field.
    fill_shot(page, 0, "Jo", "a rooftop")
    fake = tmp_path / "not-really.png"
    fake.write_bytes(b"this is not an image")
    page.get_by_label("Reference image").set_input_files(fake)
    expect(page.locator("[data-file-preview]")).to_be_visible()
    console.allow(400, "/api/generate")
    page.get_by_role("button", name="Generate").click()
    slot = page.locator('[data-error-for="reference_1"]')
    expect(slot).to_be_visible()
    assert slot.text_content().strip()
    page.get_by_role("button", name="Remove the reference image of shot 1").click()
    expect(page.locator("[data-file-preview]")).to_have_count(0)
    assert studio.api("GET", "/api/sequences")["data"] == []
    assert console.errors == []


def test_removing_a_refused_reference_image_clears_its_error(studio, page_and_console, tmp_path):
    """The shared image picker: "Remove image" drops the image and the message about it, as the clip's did."""
    page, console = page_and_console
    page.goto(studio.url + "/")
    fill_shot(page, 0, "Jo", "a rooftop")
    fake = tmp_path / "not-really.png"
    fake.write_bytes(b"this is not an image")
    picker = page.locator("[data-shot-list] > li").first.locator('[data-field="image"]')
    picker.set_input_files(fake)
    console.allow(400, "/api/generate")
    page.get_by_role("button", name="Generate").click()
    slot = page.locator('[data-error-for="reference_1"]')
    expect(slot).to_be_visible()
    expect(picker).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Remove the reference image of shot 1").click()
    expect(page.locator("[data-file-preview]")).to_have_count(0)
    expect(slot).to_be_hidden()
    expect(picker).not_to_have_attribute("aria-invalid", "true")
    expect(picker).to_be_focused()
    assert console.errors == []


def test_two_shots_generate_play_download_and_stay_in_library(studio, page_and_console, reference_png, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    fill_two_shots(page)
    page.locator("[data-shot-list] > li").first.get_by_label("Reference image").set_input_files(reference_png)
    expect(page.locator("[data-file-preview] img")).to_be_visible()
    page.evaluate(WATCH_PROGRESS)

    # A double click must not start the same sequence twice.
    page.evaluate("() => { const b = document.querySelector('[data-generate]'); b.click(); b.click(); }")
    expect(page.get_by_role("button", name="Generate")).to_be_disabled()
    sequence_id = wait_for_sequence(page)
    assert len(studio.api("GET", "/api/sequences")["data"]) == 1

    seen = page.evaluate("() => window.__seen")
    assert any(0 < value < 100 for value in seen["progress"]), seen["progress"]
    assert seen["progress"][-1] == 100
    assert any(text.startswith("Rendering") for text in seen["texts"]), seen["texts"]
    expect(page.get_by_role("button", name="Generate")).to_be_enabled()

    expect(page.locator('[data-shot-result="1"] [data-method]')).to_have_text("Generated from your reference image")
    expect(page.locator('[data-shot-result="1"] [data-continuity-note]')).to_have_text("Created: the first shot.")
    expect(page.locator('[data-shot-result="2"] [data-continuity-note]')).to_contain_text("Remix of shot 1: shares")
    expect(page.locator('[data-shot-result="2"] [data-method]')).to_have_count(0)  # as planned: the note says it
    check_video(page, '[data-shot-video="1"]', SECONDS)
    check_video(page, '[data-shot-video="2"]', SECONDS)
    check_video(page, "[data-sequence-video]", 2 * SECONDS)
    check_download(page, "Download shot 1", "_shot1.mp4", tmp_path)
    check_download(page, "Download sequence", ".mp4", tmp_path)

    page.reload()
    item = page.locator(f'[data-library-item="{sequence_id}"]')
    expect(item).to_be_visible()
    expect(item).to_have_attribute("data-status", "completed")
    expect(item.locator(".pill")).to_have_text("Completed")
    thumbnail = item.locator("img.thumb")
    expect(thumbnail).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    # The address remembers the open sequence, so the reload shows it again.
    expect(page.locator(f'[data-sequence-id="{sequence_id}"]')).to_be_visible()
    assert console.errors == []


def test_fallback_note_is_shown(studio, page_and_console):
    """Where the provider refused remix, the shot says it continued from the last frame.

    The local engine always accepts remix, so the studio's answer for one real sequence is edited
    on its way to the page: the videos and everything else stay real.
    """
    page, console = page_and_console
    shots = [
        {"character": "A fox in a green scarf", "environment": "a snowy birch forest"},
        {"character": "A fox in a green scarf", "environment": "a snowy birch forest at dusk"},
    ]
    sequence_id = studio.api("POST", "/api/generate", json={"shots": shots, "seconds": str(SECONDS)})["sequence_id"]
    sequence = studio.wait(sequence_id)
    note = "The provider refused remix (not supported); this shot continues from the last frame of shot 1 instead."
    sequence["shots"][1].update(method="last_frame", note=note)
    page.route(f"{studio.url}/api/sequences/{sequence_id}", lambda route: route.fulfill(json=sequence))
    page.goto(f"{studio.url}/#sequence={sequence_id}")
    shot = page.locator('[data-shot-result="2"]')
    expect(shot.locator("[data-note]")).to_have_text(note)
    expect(shot.locator("[data-method]")).to_have_text("Continued from the last frame of shot 1")
    check_video(page, '[data-shot-video="2"]', SECONDS)
    assert console.errors == []


def test_library_opens_and_deletes_with_confirmation(studio, page_and_console):
    page, console = page_and_console
    shot = {"character": "A lighthouse keeper in a grey wool coat", "environment": "a stormy cliff top"}
    created = studio.api("POST", "/api/generate", json={"shots": [shot], "seconds": str(SECONDS)})
    sequence_id = created["sequence_id"]
    page.goto(studio.url + "/")
    item = page.locator(f'[data-library-item="{sequence_id}"]')
    expect(item).to_be_visible()
    item.get_by_role("button", name="Open", exact=True).click()
    expect(page.locator(f'[data-sequence-id="{sequence_id}"]')).to_be_visible()
    wait_for_sequence(page)
    expect(item).to_have_attribute("data-status", "completed")

    delete = item.get_by_role("button", name="Delete sequence")
    delete.click()
    dialog = page.locator("[data-confirm-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("lighthouse keeper")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(item).to_be_visible()
    expect(delete).to_be_focused()

    delete.click()
    dialog.get_by_role("button", name="Delete").click()
    expect(item).to_have_count(0)
    expect(page.locator("[data-sequence-id]")).to_have_count(0)
    assert sequence_id not in [s["sequence_id"] for s in studio.api("GET", "/api/sequences")["data"]]
    assert console.errors == []


def test_failed_shot_shows_the_message_and_retry_heals_it(faulty_studio, page_and_console):
    page, console = page_and_console
    page.goto(faulty_studio.url + "/")
    fill_two_shots(page)
    page.get_by_role("button", name="Generate").click()

    wait_for_sequence(page, "failed")
    failed = page.locator('[data-shot-result="2"]')
    expect(failed).to_have_attribute("data-status", "failed")
    expect(failed.locator("[data-shot-error]")).to_contain_text("Video generation failed")
    expect(page.locator('[data-shot-result="1"]')).to_have_attribute("data-status", "completed")
    expect(page.locator("[data-sequence-video]")).to_have_count(0)

    failed.get_by_role("button", name="Retry shot 2").click()
    wait_for_sequence(page, "completed")
    expect(failed.locator("[data-shot-error]")).to_have_count(0)
    check_video(page, '[data-shot-video="2"]', SECONDS)
    check_video(page, "[data-sequence-video]", 2 * SECONDS)
    assert console.errors == []


def test_opened_from_disk_pairs_once_then_talks_to_the_studio(studio, page_and_console, disk_url):
    page, console = page_and_console
    page.goto(disk_url(studio))
    # A page from a file looks like any other web page to the studio: it asks for the studio token once.
    dialog = page.locator("[data-unlock-dialog]")
    expect(dialog).to_contain_text("opened from a file")
    dialog.get_by_label("Studio token").fill("not-the-token")
    dialog.get_by_role("button", name="Pair").click()
    expect(dialog.locator('[data-error-for="token"]')).to_contain_text("did not accept")
    pair(page, studio, console)
    expect(page.locator("[data-provider-status]")).to_contain_text("Local engine")
    expect(page.locator("[data-estimate]")).to_contain_text("free: local engine")
    fill_two_shots(page)
    choose_settings(page, continuity="last_frame")
    page.get_by_role("button", name="Generate").click()
    sequence_id = wait_for_sequence(page)
    note = page.locator('[data-shot-result="2"] [data-continuity-note]')
    expect(note).to_contain_text("Continues from the last frame of shot 1")
    check_video(page, '[data-shot-video="2"]', SECONDS)
    check_video(page, "[data-sequence-video]", 2 * SECONDS)
    expect(page.locator(f'[data-library-item="{sequence_id}"]')).to_be_visible()

    # Re-stitch with a crossfade: the player loads the new, shorter file.
    page.get_by_label("Transition").select_option("crossfade")
    page.get_by_role("button", name="Re-stitch").click()
    expect(page.locator("[data-stitch-note]")).to_contain_text("crossfade", timeout=60_000)
    check_video(page, "[data-sequence-video]", 2 * SECONDS - 0.5)

    # The studio address set in the dialog is remembered for the page opened without ?api=.
    page.get_by_role("button", name="Provider settings").click()
    page.get_by_label("Studio address").fill(studio.url)
    page.get_by_role("button", name="Connect").click()
    page.goto(disk_url(studio).split("?")[0])
    expect(page.locator(f'[data-library-item="{sequence_id}"]')).to_be_visible()  # still paired
    expect(page.locator("[data-unlock-dialog]")).to_be_hidden()
    assert console.errors == []


def test_progress_falls_back_to_polling_without_event_source(studio, page_and_console):
    page, console = page_and_console
    page.add_init_script("delete window.EventSource;")
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/api/sequences/" in request.url else None)
    page.goto(studio.url + "/")
    fill_shot(page, 0, "A lighthouse keeper in a grey wool coat", "a stormy cliff top")
    choose_settings(page)
    page.get_by_role("button", name="Generate").click()
    wait_for_sequence(page)
    assert len(polls) >= 2
    assert not any(url.endswith("/events") for url in polls)
    check_video(page, '[data-shot-video="1"]', SECONDS)
    assert console.errors == []


def test_phone_width_keyboard_and_provider_dialog(studio, phone_page_and_console):
    page, console = phone_page_and_console
    page.goto(studio.url + "/")
    expect(page.locator("[data-provider-status]")).to_contain_text("Local engine")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0

    # Keyboard only: the skip link, then the settings dialog.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the shot list")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Provider settings")).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.locator("[data-settings-dialog]")
    expect(dialog).to_be_visible()
    provider = dialog.get_by_label("Provider", exact=True)
    expect(provider).to_be_focused()
    expect(provider).to_have_value("local_engine")
    # "Automatic" lets the key and base URL decide; the local engine needs neither.
    provider.select_option("")
    key = dialog.get_by_label("API key")
    expect(key).to_be_enabled()
    expect(key).to_have_attribute("type", "password")
    expect(key).to_have_value("")
    dialog.get_by_role("button", name="Save provider").click()
    expect(dialog.locator('[data-error-for="api_key"]')).to_be_visible()
    # The studio refuses this base URL before storing anything, and says which field is wrong.
    dialog.get_by_label("Base URL").fill("ftp://example.com/v1")
    key.fill("sk-never-shown-again-123456")
    console.allow(400, "/api/set-key")
    dialog.get_by_role("button", name="Save provider").click()
    expect(dialog.locator('[data-error-for="base_url"]')).to_contain_text("http")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Provider settings").press("Enter")
    expect(key).to_have_value("")
    # The served page shows the token that pairs a page opened from disk; it has no address to change.
    expect(dialog.get_by_label("Studio token")).to_have_value(studio.token)
    expect(dialog.get_by_label("Studio address")).to_be_hidden()
    page.keyboard.press("Escape")
    assert console.errors == []
