"""The page against axe-core's WCAG 2.1 A and AA rules, at desktop and phone width, in every state that matters.

axe-core comes from npm (tests/browser/package.json; ./test.sh runs `npm ci` for it). The studio's
Content-Security-Policy allows no inline or foreign script, so axe goes in as an init script, which the
browser runs before the page's own scripts and outside its policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_page

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SECONDS = "4"
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return {
    passes: results.passes.map((rule) => rule.id),
    violations: results.violations.map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      help: rule.help,
      targets: rule.nodes.map((node) => node.target.join(" ")),
    })),
  };
}"""


@pytest.fixture(scope="module")
def finished(studio) -> dict[str, str]:
    """A finished two-shot sequence and a finished clip, made through the API."""
    shots = [
        {"character": "Mara, a courier in a yellow raincoat", "environment": "a night market", "dialog": "Go."},
        {"character": "Mara, a courier in a yellow raincoat", "environment": "the same market, rain easing"},
    ]
    sequence_id = studio.api("POST", "/api/generate", json={"shots": shots, "seconds": SECONDS})["sequence_id"]
    clip = studio.api("POST", "/api/v1/videos/generate", json={"prompt": "A paper boat at dusk", "seconds": SECONDS})
    assert studio.wait(sequence_id)["status"] == "completed"
    assert studio.wait(clip["sequence_id"])["status"] == "completed"
    # One saved cast member, so the library's chips are on the page too.
    studio.api("PUT", "/api/cast/jo", json={"name": "Jo", "description": "a fixer in a green parka"})
    return {"sequence": sequence_id, "clip": clip["id"]}


@pytest.fixture(params=[(1280, 900), (375, 812)], ids=["1280px", "375px"])
def sized_page(browser, request):
    width, height = request.param
    yield from open_page(browser, request, width=width, height=height)


@pytest.fixture(scope="module")
def small_png(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("a11y") / "plate.png"
    Image.new("RGB", (64, 96), (40, 70, 120)).save(path)
    return path


def check(page: Page, where: str) -> None:
    """Run axe on the page as it stands; fail listing every violation with its impact and elements."""
    results = page.evaluate(RUN_AXE, TAGS)
    # A page where axe did not really run would pass every time: it must have checked something.
    assert len(results["passes"]) >= 10, f"{where}: axe reported only {results['passes']}"
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"]) for v in results["violations"]
    ]
    assert not lines, f"{where}: {len(lines)} axe violation(s)\n" + "\n".join(lines)


def test_both_modes_and_the_settings_dialog_pass_axe(studio, finished, sized_page, small_png):
    page, console = sized_page
    assert AXE.exists(), f"{AXE} is missing: run `npm ci --prefix tests/browser` (./test.sh does)"
    page.emulate_media(reduced_motion="reduce")  # no colour caught halfway through a transition
    page.add_init_script(path=str(AXE))

    # Sequence mode with a finished sequence, a reference image, a dialog warning and the form's errors.
    page.goto(f"{studio.url}/#sequence={finished['sequence']}")
    expect(page.locator(f'[data-sequence-id="{finished["sequence"]}"]')).to_have_attribute("data-status", "completed")
    expect(page.locator(f'[data-library-item="{finished["sequence"]}"]')).to_be_visible()
    card = page.locator("[data-shot-list] > li").first
    card.get_by_label("Reference image").set_input_files(small_png)
    expect(page.locator("[data-file-preview] img")).to_be_visible()
    card.get_by_label("Dialog").fill("Mara: " + "we leave at dawn and never look back " * 4)
    expect(card.locator('[data-warning-for="shots[0].dialog"]')).to_be_visible()
    page.get_by_role("button", name="Generate", exact=True).click()
    expect(card.locator('[data-error-for="shots[0].character"]')).to_be_visible()
    check(page, "sequence mode")

    # The story: a cast member and a location (its fields still open) picked by the shots, the prompts the
    # provider gets, one edited by hand, a card folded to its one line.
    story = page.locator("[data-story-panel]")
    story.locator('[data-story-kind="cast"] [data-action="add-story"]').click()
    story.get_by_label("Name").fill("Mara")
    story.get_by_label("Description").fill("a courier in a yellow raincoat and a red scarf")
    story.get_by_role("button", name="Done").click()
    story.locator('[data-story-kind="locations"] [data-action="add-story"]').click()
    story.get_by_label("Name").fill("Night market")
    card.get_by_role("checkbox", name="Mara").check()
    card.get_by_label("Location").select_option(label="Night market")
    page.locator('[data-action="add-shot"]').click()
    second = page.locator("[data-shot-list] > li").nth(1)
    expect(second.locator("[data-preview-note]")).to_contain_text("Remix of shot 1")
    second.get_by_role("button", name="Edit prompt of shot 2").click()
    expect(second.locator("[data-edited-mark]")).to_be_visible()
    card.locator('[data-action="toggle"]').click()
    expect(card.locator("[data-preview]")).to_be_hidden()
    expect(second.locator("[data-preview]")).to_have_attribute("data-state", "current")
    check(page, "sequence mode with cast, locations and prompts")

    page.get_by_role("button", name="Provider settings").click()
    dialog = page.locator("[data-settings-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Studio token")).not_to_have_value("")
    check(page, "provider settings dialog")
    page.keyboard.press("Escape")

    # Clip mode with a finished clip, and its form's errors.
    page.goto(f"{studio.url}/#clip={finished['clip']}")
    page.reload()  # only the address's hash changed: load the page anew, as a visitor would
    expect(page.locator(f'[data-clip-id="{finished["clip"]}"]')).to_have_attribute("data-status", "completed")
    page.get_by_role("button", name="Generate clip").click()
    expect(page.locator('[data-clip-form] [data-error-for="prompt"]')).to_be_visible()
    check(page, "clip mode")
    assert console.errors == []


def test_the_storyboard_strip_passes_axe_awaiting_approval_and_after(studio, sized_page):
    """Keyframes first: the approval switch in the form, the strip of stills that wait (one re-rolled with a note,
    one with a message), the approve bar; then the small stills above the finished clips."""
    page, console = sized_page
    page.emulate_media(reduced_motion="reduce")
    page.add_init_script(path=str(AXE))
    shots = [
        {"character": "Mara, a courier in a yellow raincoat", "environment": "a night market"},
        {"character": "Mara, a courier in a yellow raincoat", "environment": "the same market, rain easing"},
    ]
    body = {"shots": shots, "seconds": SECONDS, "continuity": "keyframes", "approve_keyframes": True}
    sequence_id = studio.api("POST", "/api/generate", json=body)["sequence_id"]
    page.goto(f"{studio.url}/#sequence={sequence_id}")
    approve = page.get_by_role("button", name="Approve 2 stills and make the clips")
    expect(approve).to_be_visible()
    page.get_by_label("Continuity").select_option("keyframes")
    expect(page.get_by_role("switch", name="Let me approve the stills before paying for clips")).to_be_checked()
    two = page.locator('[data-still="2"]')
    two.get_by_label("What to change in shot 2").fill("closer")
    two.get_by_role("button", name="Re-roll the still of shot 2").click()
    expect(two.locator("[data-still-note-shown]")).to_be_visible()
    expect(approve).to_be_enabled()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Replace the still of shot 1 with your own picture…").click()
    chooser.value.set_files({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"})
    expect(page.locator("[data-still-error]")).to_be_visible()
    check(page, "storyboard strip awaiting approval")

    approve.click()
    expect(page.locator(f'[data-sequence-id="{sequence_id}"]')).to_have_attribute("data-status", "completed")
    expect(page.locator('[data-keyframes-board="clips"]')).to_be_visible()
    check(page, "storyboard strip above the finished clips")
    assert console.errors == []
