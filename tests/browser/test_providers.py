"""Provider presets in the page: choose one, save it, and the choices, the estimate and the notices follow.

Saving a provider does not call it, so a base URL where nothing listens is enough: the studio stores
the choice (in the test studio's own config file) and describes it back.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

KEY = "sk-test-provider-key-7f3a9c21"
DEAD_URL = "http://127.0.0.1:9/v1"  # the discard port: nothing answers there
SGLANG = "SGLang diffusion (self-hosted)"
LOCAL = "Local engine (animatics, free, offline)"


def open_settings(page: Page) -> Locator:
    page.get_by_role("button", name="Provider settings").click()
    dialog = page.locator("[data-settings-dialog]")
    expect(dialog).to_be_visible()
    return dialog


def save(dialog: Locator) -> None:
    dialog.get_by_role("button", name="Save provider").click()
    expect(dialog).to_be_hidden()


def test_presets_change_the_choices_warn_of_a_shut_down_provider_and_go_back(studio, page_and_console):
    page, console = page_and_console
    page.goto(studio.url + "/")
    pill = page.locator("[data-provider-status]")
    notice = page.locator("[data-provider-notice]")
    estimate = page.locator("[data-estimate]")
    form = page.locator("[data-generate-form]")
    seconds = form.get_by_label("Duration per shot")
    expect(pill).to_contain_text("Local engine")
    expect(estimate).to_contain_text("free: local engine")
    expect(notice).to_be_hidden()

    dialog = open_settings(page)
    provider = dialog.get_by_label("Provider", exact=True)
    key = dialog.get_by_label("API key")
    base_url = dialog.get_by_label("Base URL")
    about = dialog.locator("[data-preset-about]")
    expect(provider).to_be_focused()
    expect(provider).to_have_value("local_engine")
    expect(key).to_be_disabled()

    # A template with a part to replace is not saved as it is.
    provider.select_option(label="Azure OpenAI")
    expect(base_url).to_have_value("https://<resource>.openai.azure.com/openai/v1")
    expect(about).to_contain_text("deployment name")
    dialog.get_by_role("button", name="Save provider").click()
    expect(dialog.locator('[data-error-for="base_url"]')).to_contain_text("Replace")

    provider.select_option(label=SGLANG)
    expect(base_url).to_have_value("http://127.0.0.1:30000/v1")
    expect(dialog.locator('[data-error-for="base_url"]')).to_be_hidden()
    expect(about).to_contain_text("No remix: later shots continue from the last frame")
    expect(about).to_contain_text("Prices unknown")
    base_url.fill(DEAD_URL)
    expect(key).to_have_attribute("type", "password")
    key.fill(KEY)
    save(dialog)

    expect(pill).to_contain_text("SGLang diffusion")
    expect(pill).to_contain_text(f"127.0.0.1:9 · key …{KEY[-4:]}")
    expect(seconds.locator("option")).to_have_text(["5 seconds"])
    expect(form.get_by_label("Frame size").locator('option[value="832x480"]')).to_have_count(1)
    expect(form.get_by_label("Model")).to_have_value("Wan-AI/Wan2.2-T2V-A14B-Diffusers")
    expect(estimate).to_contain_text("Price unknown")
    expect(page.locator("[data-continuity-help]")).to_contain_text("No remix at this provider")
    expect(form.get_by_label("Continuity").locator('option[value="remix"]')).to_contain_text("no remix here")
    page.get_by_role("tab", name="Single clip").click()
    expect(page.locator("[data-clip-estimate]")).to_contain_text("Price unknown")
    expect(page.locator("[data-clip-form]").get_by_label("Duration").locator("option")).to_have_text(["5 seconds"])
    page.get_by_role("tab", name="Sequence").click()
    assert KEY not in page.content()
    caps = studio.api("GET", "/api/capabilities")
    assert (caps["provider"], caps["base_url"], caps["key_configured"]) == ("sglang", DEAD_URL, True)

    # Opened again: the provider and its address are kept, the key is not shown.
    dialog = open_settings(page)
    expect(provider).to_have_value("sglang")
    expect(base_url).to_have_value(DEAD_URL)
    expect(key).to_have_value("")
    expect(dialog.locator("[data-key-help]")).to_contain_text(f"A key is stored (…{KEY[-4:]})")

    # Automatic with a key and no base URL is OpenAI's own API, which is shut down.
    provider.select_option("")
    base_url.fill("")
    key.fill(KEY)
    save(dialog)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("2026-09-24")
    expect(pill).to_contain_text("OpenAI")
    expect(pill).to_have_attribute("data-tone", "warn")
    expect(seconds.locator("option")).to_have_text(["4 seconds", "8 seconds", "12 seconds"])
    expect(page.locator("[data-continuity-help]")).not_to_contain_text("No remix")
    assert KEY not in page.content()

    # The notice leads to the dialog; the local engine needs no key and clears both fields.
    notice.get_by_role("button", name="Change provider").click()
    expect(dialog).to_be_visible()
    expect(provider).to_have_value("openai")
    provider.select_option(label=LOCAL)
    expect(key).to_be_disabled()
    expect(base_url).to_have_value("")
    expect(about).to_contain_text("Free")
    save(dialog)
    expect(pill).to_contain_text("Local engine")
    expect(pill).to_have_attribute("data-tone", "ok")
    expect(notice).to_be_hidden()
    expect(estimate).to_contain_text("free: local engine")
    caps = studio.api("GET", "/api/capabilities")
    assert (caps["provider"], caps["key_configured"], caps["notice"]) == ("local_engine", False, None)
    assert console.errors == []
