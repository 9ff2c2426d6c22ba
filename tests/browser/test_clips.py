"""Single clips in the page: make one with a template, watch and download it, remix it from the library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.playback import check_download, check_video

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

SECONDS = 4
PROMPT = "A paper boat drifts down a rain-filled gutter at dusk; low tracking shot, streetlights bloom."
REMIX_PROMPT = "The same paper boat at dawn, the rain has stopped and mist rises from the gutter."

# Track the clip's progress bar and status line while it renders.
WATCH_CLIP = """() => {
  window.__seen = { progress: [], texts: [] };
  const box = document.querySelector("[data-clip]");
  new MutationObserver(() => {
    const bar = box.querySelector('[aria-label="Clip progress"]');
    if (bar) window.__seen.progress.push(Number(bar.getAttribute("aria-valuenow")));
    const line = box.querySelector("[data-status-text]");
    if (line) window.__seen.texts.push(line.textContent);
  }).observe(box, { childList: true, subtree: true });
}"""


@pytest.fixture(scope="module")
def start_png(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("images") / "start.png"
    image = Image.new("RGB", (360, 640), (30, 44, 70))
    ImageDraw.Draw(image).rectangle((60, 380, 300, 600), fill=(214, 120, 70))
    image.save(path)
    return path


def wait_for_clip(page: Page, status: str = "completed") -> str:
    clip = page.locator("[data-clip-id]")
    expect(clip).to_have_attribute("data-status", status, timeout=60_000)
    return clip.get_attribute("data-clip-id")


def check_seen_progress(page: Page) -> None:
    seen = page.evaluate("() => window.__seen")
    assert any(0 < value < 100 for value in seen["progress"]), seen["progress"]
    assert any(text.startswith("Rendering") for text in seen["texts"]), seen["texts"]


def test_single_clip_with_a_template_then_a_remix_from_the_library(studio, page_and_console, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    tabs = page.get_by_role("tablist", name="What to make")
    expect(tabs.get_by_role("tab", name="Sequence")).to_have_attribute("aria-selected", "true")
    # The tabs work from the keyboard; the sequence's shot list stays where it was.
    tabs.get_by_role("tab", name="Sequence").focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.get_by_role("tab", name="Single clip")).to_be_focused()
    expect(tabs.get_by_role("tab", name="Single clip")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-shot-list]")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"#clip$"))

    form = page.locator("[data-clip-form]")
    expect(form.locator("[data-clip-estimate]")).to_contain_text("free: local engine")
    form.get_by_role("button", name="Generate clip").click()
    prompt = form.get_by_label("Prompt")
    expect(prompt).to_be_focused()
    expect(prompt).to_have_attribute("aria-invalid", "true")
    expect(form.locator('[data-error-for="prompt"]')).to_contain_text("Write a prompt")

    prompt.fill(PROMPT)
    expect(form.locator('[data-error-for="prompt"]')).to_be_hidden()
    form.get_by_label("Template").select_option(label="Film noir")
    expect(form.locator("[data-style-help]")).to_contain_text("black and white")
    form.get_by_label("Frame size").select_option("1280x720")
    form.get_by_label("Duration").select_option(str(SECONDS))
    expect(form.locator("[data-clip-estimate]")).to_contain_text(f"{SECONDS} s of storyboard animatic")
    page.evaluate(WATCH_CLIP)
    form.get_by_role("button", name="Generate clip").click()

    clip_id = wait_for_clip(page)
    check_seen_progress(page)
    expect(form.get_by_role("button", name="Generate clip")).to_be_enabled()
    clip = page.locator(f'[data-clip-id="{clip_id}"]')
    expect(clip.locator("[data-clip-text]")).to_have_text(PROMPT)
    expect(clip.locator(".meta")).to_have_text(f"{SECONDS} s · 1280 × 720 · sora-2 · Film noir")
    expect(clip.locator("[data-spend]")).to_have_text("Spent: free")
    check_video(page, "[data-clip-video]", SECONDS)
    check_download(page, "Download clip", ".mp4", tmp_path)
    made = studio.api("GET", f"/api/v1/videos/{clip_id}")
    assert made["kind"] == "clip" and made["size"] == "1280x720" and made["seconds"] == str(SECONDS)
    assert made["prompt"].startswith(PROMPT) and "Film noir" in made["prompt"]

    item = page.locator(f'[data-clip-item="{clip_id}"]')
    expect(item).to_have_attribute("data-status", "completed")
    remix_button = item.get_by_role("button", name="Remix clip")
    remix_button.click()
    dialog = page.locator("[data-remix-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Keeps {SECONDS} s · 1280 × 720 · sora-2")
    new_prompt = dialog.get_by_label("New prompt")
    expect(new_prompt).to_be_focused()
    dialog.get_by_role("button", name="Remix", exact=True).click()
    expect(dialog.locator('[data-error-for="prompt"]')).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(remix_button).to_be_focused()

    remix_button.click()
    new_prompt.fill(REMIX_PROMPT)
    page.evaluate(WATCH_CLIP)
    dialog.get_by_role("button", name="Remix", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-remix-of]")).to_have_attribute("data-remix-of", clip_id)
    remix_id = wait_for_clip(page)
    assert remix_id != clip_id
    check_seen_progress(page)
    expect(page.locator("[data-clip-text]")).to_have_text(REMIX_PROMPT)
    expect(page.locator("[data-remix-of]")).to_contain_text("A paper boat drifts")
    check_video(page, "[data-clip-video]", SECONDS)
    remixed = studio.api("GET", f"/api/v1/videos/{remix_id}")
    assert remixed["remixed_from"] == clip_id and remixed["method"] == "remix"

    # A reload comes back to the remix in the clip mode; the library keeps both clips with their spend.
    page.reload()
    expect(tabs.get_by_role("tab", name="Single clip")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f'[data-clip-id="{remix_id}"]')).to_be_visible()
    for video_id in (remix_id, clip_id):
        item = page.locator(f'[data-clip-item="{video_id}"]')
        expect(item).to_have_attribute("data-status", "completed")
        expect(item.locator("[data-spend]")).to_have_text("Spent: free")
        thumbnail = item.locator("img.thumb")
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    expect(page.locator(f'[data-clip-item="{remix_id}"]')).to_contain_text("Remix of “A paper boat drifts")
    order = page.locator("[data-clip-item]").evaluate_all("(items) => items.map((i) => i.dataset.clipItem)")
    assert order[:2] == [remix_id, clip_id]
    assert console.errors == []


def test_library_shows_spend_and_deletes_a_clip(studio, page_and_console):
    page, console = page_and_console
    shot = {"character": "A lighthouse keeper in a grey wool coat", "environment": "a stormy cliff top"}
    sequence_id = studio.api("POST", "/api/generate", json={"shots": [shot], "seconds": str(SECONDS)})["sequence_id"]
    clip_id = studio.api("POST", "/api/v1/videos/generate", json={"prompt": "A kite", "seconds": str(SECONDS)})["id"]
    studio.wait(sequence_id)
    page.goto(studio.url + "/")
    sequence = page.locator(f'[data-library-item="{sequence_id}"]')
    expect(sequence.locator("[data-spend]")).to_have_text("Spent: free")

    # A clip opened from the library switches to the clip mode.
    item = page.locator(f'[data-clip-item="{clip_id}"]')
    item.get_by_role("button", name="Open clip").click()
    expect(page.get_by_role("tab", name="Single clip")).to_have_attribute("aria-selected", "true")
    wait_for_clip(page)
    expect(item).to_have_attribute("data-status", "completed")
    expect(item.locator("[data-spend]")).to_have_text("Spent: free")

    item.get_by_role("button", name="Delete clip").click()
    confirm = page.locator("[data-confirm-dialog]")
    expect(confirm).to_contain_text("Delete this clip?")
    confirm.get_by_role("button", name="Delete").click()
    expect(item).to_have_count(0)
    expect(page.locator("[data-clip-id]")).to_have_count(0)
    assert clip_id not in [v["id"] for v in studio.api("GET", "/api/v1/videos")["data"]]
    # Opening a sequence from the library goes back to the sequence mode.
    sequence.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("tab", name="Sequence")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f'[data-sequence-id="{sequence_id}"]')).to_be_visible()
    assert console.errors == []


def test_clip_from_a_starting_image_at_phone_width(studio, phone_page_and_console, tmp_path, start_png):
    page, console = phone_page_and_console
    page.goto(studio.url + "/#clip")
    form = page.locator("[data-clip-form]")
    expect(form.locator("[data-clip-estimate]")).to_contain_text("free: local engine")
    form.get_by_label("Prompt").fill("A fox in a green scarf trots through a snowy birch forest; tracking shot.")
    form.get_by_label("Duration").select_option(str(SECONDS))

    # A file that only claims to be a PNG: the studio refuses it and names the field.
    fake = tmp_path / "not-really.png"
    fake.write_bytes(b"this is not an image")
    image = form.locator('[data-field="image"]')
    image.set_input_files(fake)
    console.allow(400, "/api/v1/videos/generate")
    form.get_by_role("button", name="Generate clip").click()
    expect(form.locator('[data-error-for="input_reference"]')).to_be_visible()
    expect(image).to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Remove the starting image").click()
    expect(image).to_be_focused()
    expect(form.locator('[data-error-for="input_reference"]')).to_be_hidden()

    image.set_input_files(start_png)
    expect(form.locator("[data-file-preview] img")).to_be_visible()
    form.get_by_label("Prompt").press("Control+Enter")
    clip_id = wait_for_clip(page)
    check_video(page, "[data-clip-video]", SECONDS)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert len([v for v in studio.api("GET", "/api/v1/videos")["data"] if v["id"] == clip_id]) == 1
    assert console.errors == []
