"""Storyboards in and out of the page: open a .json storyboard (picker or drop) into the draft, save the draft
as one, refuse a bad one without touching the draft, and a finished sequence's captions on its player and its
exports beside it."""

from __future__ import annotations

import base64
import copy
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from backend.models.storyboard import Storyboard
from tests.browser.conftest import pair
from tests.browser.playback import check_video

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it


def png_data_url(colour: tuple[int, int, int]) -> str:
    """A small picture as the data: URL a storyboard carries."""
    buffer = io.BytesIO()
    Image.new("RGB", (48, 64), colour).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


BOARD = {
    "storyboard": 1,
    "title": "Harbour at dawn",
    "seconds": "4",
    "continuity": "chain",
    "style": "noir",
    "cast": [
        {"id": "ines", "name": "Ines", "description": "a harbour pilot in an orange jacket, grey braid",
         "reference": png_data_url((220, 120, 40))},
        {"id": "tom", "name": "Tom Reyes", "description": "a fisherman in a green sweater and a wool cap"},
    ],
    "locations": [
        {"id": "quay", "name": "The quay", "description": "a stone quay at dawn, fishing boats, fog",
         "reference": png_data_url((60, 80, 110))},
    ],
    "shots": [
        {"cast": ["ines"], "location": "quay", "character": "Ines checks the mooring lines",
         "lighting_camera": "wide shot, slow pan", "dialog": "Ines: Fog again.", "seconds": "8"},
        {"cast": ["ines", "tom"], "location": "quay", "character": "Tom hands Ines a thermos",
         "dialog": "Tom: Coffee first.", "continue_from": 1},
        {"cast": ["tom"], "location": "quay", "continuity": "new_scene", "seconds": "4",
         "prompt": "Tom Reyes, in his green sweater, coils a rope on the quay as the fog lifts. Close-up."},
    ],
}  # fmt: skip


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def open_board(page: Page, path: Path) -> None:
    """Open a storyboard the way a person does: the button, then the file picker."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open storyboard…").click()
    chooser.value.set_files(str(path))


def drop_file(page: Page, name: str, text: str) -> None:
    """Drop a file on the shot list, as a drag from the desktop does."""
    transfer = page.evaluate_handle(
        """([name, text]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([text], name, { type: "application/json" }));
          return transfer;
        }""",
        [name, text],
    )
    target = page.locator("[data-shot-list]")
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(page.locator("[data-generate-form]")).to_have_class("compose-stack dropping")
    target.dispatch_event("drop", {"dataTransfer": transfer})


def card(page: Page, index: int):
    return page.locator("[data-shot-list] > li").nth(index)


def expect_board_in_draft(page: Page) -> None:
    """The page shows BOARD: title, settings, cast and place with pictures, every shot's every choice."""
    expect(page.get_by_label("Title")).to_have_value(BOARD["title"])
    expect(page.get_by_label("Duration per shot")).to_have_value("4")
    expect(page.get_by_label("Continuity", exact=True)).to_have_value("chain")
    expect(page.get_by_label("Style template")).to_have_value("noir")
    expect(page.locator("[data-story-count]")).to_have_text("2 people · 1 place")
    cast = page.locator('[data-story-kind="cast"]')
    expect(cast.locator('[data-story-id="ines"]')).to_contain_text(BOARD["cast"][0]["description"])
    expect(cast.locator('[data-story-id="ines"] img.story-face')).to_be_visible()
    expect(cast.locator('[data-story-id="tom"]')).to_contain_text("Tom Reyes")
    expect(page.locator('[data-story-kind="locations"] [data-story-id="quay"] img.story-face')).to_be_visible()
    expect(page.locator("[data-shot-list] > li")).to_have_count(3)
    one, two, three = card(page, 0), card(page, 1), card(page, 2)
    expect(one.get_by_role("checkbox", name="Ines", exact=True)).to_be_checked()
    expect(one.get_by_role("checkbox", name="Tom Reyes", exact=True)).not_to_be_checked()
    expect(one.get_by_label("Location").locator("option:checked")).to_have_text("The quay")
    expect(one.get_by_label("Character")).to_have_value("Ines checks the mooring lines")
    expect(one.get_by_label("Lighting & camera")).to_have_value("wide shot, slow pan")
    expect(one.get_by_label("Dialog")).to_have_value("Ines: Fog again.")
    expect(one.get_by_label("Duration")).to_have_value("8")
    expect(two.get_by_role("checkbox", name="Tom Reyes", exact=True)).to_be_checked()
    expect(two.get_by_label("Continue from").locator("option:checked")).to_contain_text("Shot 1")
    expect(two.get_by_label("Duration")).to_have_value("")
    expect(three.get_by_role("switch", name="New scene")).to_be_checked()
    expect(three.get_by_label("Prompt of shot 3, edited")).to_have_value(BOARD["shots"][2]["prompt"])


def preview_of(studio, board: dict) -> list[str]:
    """The studio's own plan of a storyboard: each shot's exact prompt."""
    body = copy.deepcopy(board)
    pictures = [f"cast:{m['id']}" for m in body["cast"] if m.get("reference")]
    pictures += [f"location:{p['id']}" for p in body["locations"] if p.get("reference")]
    for item in body["cast"] + body["locations"]:
        item.pop("reference", None)
    answer = studio.api("POST", "/api/preview", json={**body, "pictures": pictures})
    return [shot["prompt"] for shot in answer["shots"]]


def test_open_a_storyboard_fills_the_draft_and_its_prompts_match_the_studios(studio, page_and_console, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    open_board(page, write(tmp_path, "harbour.json", BOARD))
    expect(page.locator("[data-storyboard-note]")).to_have_text(
        "Opened harbour.json: 3 shots, 2 cast members, 1 location."
    )
    expect_board_in_draft(page)
    # The prompt each card previews is the one the studio plans for the file itself.
    planned = preview_of(studio, BOARD)
    for index in (0, 1):
        expect(card(page, index).locator("[data-prompt-text]")).to_have_text(planned[index])
    assert planned[2] == BOARD["shots"][2]["prompt"]
    assert "Ines: a harbour pilot in an orange jacket, grey braid." in planned[0]
    expect(page.locator("[data-storyboard-error]")).to_be_hidden()
    assert console.errors == []


def test_save_storyboard_gives_back_the_document_that_was_opened(studio, page_and_console, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    open_board(page, write(tmp_path, "harbour.json", BOARD))
    expect(page.locator("[data-shot-list] > li")).to_have_count(3)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save storyboard").click()
    assert download.value.suggested_filename == "harbour-at-dawn.storyboard.json"
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    Storyboard.model_validate(saved)  # the studio's own model of the document takes it
    assert {k: saved[k] for k in ("storyboard", "title", "seconds", "continuity", "style")} == {
        k: BOARD[k] for k in ("storyboard", "title", "seconds", "continuity", "style")
    }
    for kind in ("cast", "locations"):
        assert [(i["id"], i["name"], i["description"], i.get("reference")) for i in saved[kind]] == [
            (i["id"], i["name"], i["description"], i.get("reference")) for i in BOARD[kind]
        ]
    for mine, theirs in zip(saved["shots"], BOARD["shots"], strict=True):
        for field in ("character", "environment", "lighting_camera", "dialog"):
            assert mine[field] == theirs.get(field, ""), field
        assert mine["cast"] == theirs["cast"] and mine["location"] == theirs["location"]
        assert mine["seconds"] == theirs.get("seconds")
        assert mine["continuity"] == theirs.get("continuity", "auto")
        assert mine["continue_from"] == theirs.get("continue_from")
        assert mine["prompt"] == theirs.get("prompt")
    # Saved and opened again, the studio plans the same prompts.
    assert preview_of(studio, saved) == preview_of(studio, BOARD)

    # A change in the page is in the next save; a renamed cast member takes the id of the new name.
    page.get_by_label("Title").fill("Harbour, take two")
    cast = page.locator('[data-story-kind="cast"]')
    cast.get_by_role("button", name="Edit Tom Reyes").click()
    cast.get_by_label("Name").fill("Tomas")
    cast.get_by_role("button", name="Done").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save storyboard").click()
    again = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename == "harbour-take-two.storyboard.json"
    assert [m["id"] for m in again["cast"]] == ["ines", "tomas"]
    assert again["shots"][2]["cast"] == ["tomas"]
    assert console.errors == []


BAD = [
    ("not-json.json", "{ shots: oops", "Cannot open not-json.json. It is not valid JSON"),
    ("version.json", {**BOARD, "storyboard": 2}, "storyboard: version 2 is unknown"),
    ("seconds.json", {**BOARD, "shots": [BOARD["shots"][0], {**BOARD["shots"][1], "seconds": "eight"}]},
     'shots[1].seconds: must be a whole number of seconds such as "8" (it is "eight")'),
    ("who.json", {**BOARD, "shots": [{**BOARD["shots"][0], "cast": ["nobody"]}]},
     'shots[0].cast: no cast member "nobody" in this storyboard'),
    ("picture.json", {**BOARD, "cast": [{**BOARD["cast"][0], "reference": "ines.png"}, BOARD["cast"][1]]},
     "cast[0].reference: must be a picture as a data: URL"),
]  # fmt: skip


def test_a_bad_storyboard_is_refused_by_name_and_the_draft_stays(studio, page_and_console, tmp_path):
    page, console = page_and_console
    page.goto(studio.url + "/")
    page.get_by_label("Title").fill("My own draft")
    card(page, 0).get_by_label("Character").fill("A lighthouse keeper climbs the stairs")
    page.get_by_role("button", name="+ Add shot").click()
    error = page.locator("[data-storyboard-error]")
    for name, document, message in BAD:
        open_board(page, write(tmp_path, name, document))
        expect(error).to_be_visible()
        expect(error).to_contain_text(message)
        expect(error).to_contain_text(f"Cannot open {name}.")
        expect(error).to_contain_text("Your draft is unchanged.")
        expect(page.locator("[data-shot-list] > li")).to_have_count(2)
        expect(page.get_by_label("Title")).to_have_value("My own draft")
        expect(card(page, 0).get_by_label("Character")).to_have_value("A lighthouse keeper climbs the stairs")
        expect(page.locator("[data-story-count]")).to_have_text("0 people · 0 places")

    # Dropped on the shot list: a bad one is refused the same way, a good one opens and clears the message.
    drop_file(page, "dropped.json", json.dumps({**BOARD, "storyboard": "one"}))
    expect(error).to_contain_text('Cannot open dropped.json. storyboard: version "one" is unknown')
    expect(page.locator("[data-shot-list] > li")).to_have_count(2)
    drop_file(page, "dropped.json", json.dumps(BOARD))
    expect(error).to_be_hidden()
    expect_board_in_draft(page)
    assert console.errors == []


CUES = """async (video) => {
  const track = video.textTracks[0];
  track.mode = "showing";
  const started = performance.now();
  while ((!track.cues || track.cues.length === 0) && performance.now() - started < 15000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { kind: track.kind, label: track.label, language: track.language,
           cues: Array.from(track.cues || []).map((cue) => [cue.startTime, cue.endTime, cue.text]) };
}"""


def check_captions(page: Page) -> list:
    """The stitched player's captions track loads, and its cues say each shot's dialog in order."""
    video = page.locator("[data-sequence-video]")
    expect(video.locator('track[kind="captions"][srclang="en"][label="English"]')).to_have_count(1)
    # The local engine draws each line into the picture: the track waits behind the CC button, not doubled.
    assert video.locator("track").get_attribute("default") is None
    track = video.evaluate(CUES)
    assert (track["kind"], track["label"], track["language"]) == ("captions", "English", "en")
    texts = " ".join(text for _, _, text in track["cues"])
    assert "Fog again." in texts and "Coffee first." in texts, track
    first_tom = next(start for start, _, text in track["cues"] if "Coffee first." in text)
    assert first_tom >= 8 - 0.1, track  # shot 2 starts after shot 1's 8 s
    return track["cues"]


@pytest.fixture(scope="module")
def made(studio) -> str:
    """BOARD made by the studio (posted as the document it is)."""
    sequence_id = studio.api("POST", "/api/generate", json=BOARD)["sequence_id"]
    assert studio.wait(sequence_id, timeout=180)["status"] == "completed"
    return sequence_id


def test_a_finished_sequence_plays_with_captions_and_offers_its_exports(studio, page_and_console, made):
    page, console = page_and_console
    page.goto(f"{studio.url}/#sequence={made}")
    expect(page.locator("[data-sequence-id]")).to_have_attribute("data-status", "completed")
    expect(page.get_by_role("button", name=f"Open sequence: {BOARD['title']}, Completed")).to_be_visible()
    check_captions(page)
    check_video(page, "[data-sequence-video]", 16)

    exports = page.get_by_role("group", name="Export")
    for name in ("SRT captions", "VTT captions", "OTIO timeline", "EDL timeline", "FCP XML timeline"):
        expect(exports.get_by_role("link", name=name)).to_be_visible()
    with page.expect_download() as download:
        exports.get_by_role("link", name="SRT captions").click()
    srt = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"{made}.srt"
    assert "Fog again." in srt and "Coffee first." in srt
    with page.expect_download() as download:
        exports.get_by_role("link", name="Storyboard JSON").click()
    assert download.value.suggested_filename == "harbour-at-dawn.storyboard.json"
    board = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [shot["dialog"] for shot in board["shots"]] == [s.get("dialog", "") for s in BOARD["shots"]]
    assert console.errors == []


def test_the_page_opened_from_disk_shows_the_captions_with_its_token(studio, page_and_console, disk_url, made):
    page, console = page_and_console
    page.goto(f"{disk_url(studio)}#sequence={made}")
    pair(page, studio, console)
    page.goto(f"{disk_url(studio)}#sequence={made}")
    page.reload()  # paired now: the address opens the sequence
    expect(page.locator("[data-sequence-id]")).to_have_attribute("data-status", "completed")
    check_captions(page)
    check_video(page, "[data-sequence-video]", 16)  # the player loads through CORS too
    src = page.locator("[data-sequence-video] track").get_attribute("src")
    assert src.startswith(studio.url) and "token=" in src
    with page.expect_download() as download:
        page.get_by_role("link", name="Storyboard JSON").click()
    assert json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["title"] == BOARD["title"]
    assert console.errors == []


def test_a_sequence_without_dialog_has_no_empty_captions(studio, page_and_console):
    page, console = page_and_console
    board = {**BOARD, "shots": [{**shot, "dialog": ""} for shot in BOARD["shots"][:1]]}
    sequence_id = studio.api("POST", "/api/generate", json=board)["sequence_id"]
    assert studio.wait(sequence_id, timeout=120)["status"] == "completed"
    page.goto(f"{studio.url}/#sequence={sequence_id}")
    expect(page.locator("[data-sequence-video]")).to_be_visible()
    expect(page.locator("[data-sequence-video] track")).to_have_count(0)
    exports = page.get_by_role("group", name="Export")
    expect(exports.get_by_role("link", name="OTIO timeline")).to_be_visible()
    expect(exports.get_by_role("link", name="SRT captions")).to_have_count(0)
    assert console.errors == []
