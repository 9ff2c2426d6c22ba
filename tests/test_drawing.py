"""The local engine draws the story: each cast member the same in every shot, each location the same plate.

Real renders throughout: the director's prompts for the cast and places of test_story.py, rendered to
video and read back frame by frame. Where a person stands comes from the engine's own layout
(plates.standing), so the samples follow the drawing rather than a copy of its geometry.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backend.local_engine.figures import Placement, Subject, read_subject
from backend.local_engine.look import choose_look
from backend.local_engine.plates import paint_plate, standing
from backend.local_engine.render import RenderSpec, camera_move, render_animatic
from tests.test_engine import finish
from tests.test_render import frame_at
from tests.test_story import CAST, PLACES
from utils.director import Anchor, ShotBrief, build_prompt

PORTRAIT = (720, 1280)  # close-ups keep the head well clear of the caption card in the top corner
PEOPLE = {member["id"]: Anchor(member["name"], member["description"]) for member in CAST}
WHERE = {place["id"]: Anchor(place["name"], place["description"]) for place in PLACES}
# Regions in figure units (pen.py: the head's top is y=0, the feet y=1, the centre line x=0).
HEADWEAR = (-0.03, -0.004, 0.03, 0.008)  # a fedora's crown, a bandana's knot-tied top
COAT = (-0.085, 0.25, -0.045, 0.29)  # the chest beside the lapel, the near side's arm clear of it
FACE = (-0.03, 0.075, 0.03, 0.1)  # cheeks, nose and mouth


def shot(cast: list[str], place: str, camera: str, character: str = "", dialog: str = "", number: int = 1) -> str:
    """Write the prompt the director sends for a shot of `cast` in `place`."""
    brief = ShotBrief(
        number, 4, 4, character=character, lighting_camera=camera, dialog=dialog,
        people=tuple(PEOPLE[c] for c in cast), place=WHERE[place],
    )  # fmt: skip
    return build_prompt(brief)


def render(tmp_path: Path, name: str, prompt: str, size: tuple[int, int] = PORTRAIT) -> np.ndarray:
    """Render a 4 s animatic of `prompt` and return its frame at 2 s."""
    render_animatic(RenderSpec(prompt, *size, 4, prompt), tmp_path / name)
    return frame_at(tmp_path / name / "video.mp4", 2.0)


def placed(prompt: str, size: tuple[int, int] = PORTRAIT) -> list[Placement]:
    return standing(choose_look(prompt), read_subject(prompt), size)


def crop(frame: np.ndarray, at: Placement, area: tuple[float, float, float, float]) -> np.ndarray:
    """Return the pixels of `area` (figure units) of the person placed `at`."""
    x0, y0, x1, y1 = area
    rows = slice(round(at.top + y0 * at.h), round(at.top + y1 * at.h) + 1)
    cols = slice(round(at.cx + x0 * at.h), round(at.cx + x1 * at.h) + 1)
    return frame[rows, cols].reshape(-1, 3)


def median(frame: np.ndarray, at: Placement, area: tuple[float, float, float, float]) -> np.ndarray:
    return np.median(crop(frame, at, area), axis=0)


def same_colour(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two sampled colours are one paint: the same hue and saturation, and a brightness the lens's
    vignette (darker towards the frame's edges) keeps within a quarter."""
    hue = np.abs(a / max(a.sum(), 1) - b / max(b.sum(), 1)).max()
    return bool(hue < 0.02 and 0.75 < (a.sum() + 1) / (b.sum() + 1) < 1.33)


def luminance(pixels: np.ndarray) -> float:
    return float((pixels.reshape(-1, 3) @ np.array([0.299, 0.587, 0.114])).mean())


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory) -> dict[str, tuple[np.ndarray, Placement]]:
    """Ray and Ana, each wide and close, in the sunny kitchen: frames and where each stands."""
    tmp = tmp_path_factory.mktemp("kitchen")
    found = {}
    for who in ("ray", "ana"):
        for camera in ("Wide shot, static", "Close-up, static"):
            prompt = shot([who], "kitchen", camera)
            found[f"{who} {camera.split(',')[0]}"] = (render(tmp, f"{who}-{camera[:4]}", prompt), placed(prompt)[0])
    return found


def test_the_same_cast_line_is_drawn_the_same_wide_and_close(kitchen):
    for who in ("ray", "ana"):
        (wide, w_at), (close, c_at) = kitchen[f"{who} Wide shot"], kitchen[f"{who} Close-up"]
        assert c_at.h > 5 * w_at.h  # the close-up really is a close-up: the same drawing, far larger
        for area in (COAT, HEADWEAR):
            far, near = median(wide, w_at, area), median(close, c_at, area)
            assert same_colour(far, near), (who, area, far, near)


def test_two_cast_members_are_clearly_different(kitchen):
    (ray, ray_at), (ana, ana_at) = kitchen["ray Close-up"], kitchen["ana Close-up"]
    coat = np.abs(median(ray, ray_at, COAT) - median(ana, ana_at, COAT)).sum()
    assert coat > 120, coat  # a grey trench coat, a white chef's jacket
    hat = median(ray, ray_at, HEADWEAR), median(ana, ana_at, HEADWEAR)
    assert not same_colour(*hat) and np.abs(hat[0] - hat[1]).sum() > 60, hat  # a brown fedora, a red bandana
    (wide_ray, wr), (wide_ana, wa) = kitchen["ray Wide shot"], kitchen["ana Wide shot"]
    assert np.abs(median(wide_ray, wr, COAT) - median(wide_ana, wa, COAT)).sum() > 120


def test_a_close_up_face_is_lit_not_a_black_blob(tmp_path, kitchen):
    night = shot(["ray"], "street", "Close-up, static", dialog="Ray Cole: We leave at dawn.")
    frame, at = render(tmp_path, "night", night), placed(night)[0]
    assert luminance(crop(frame, at, FACE)) > 80  # a rainy street at night: the old silhouette's head was about 15
    frame, at = kitchen["ana Close-up"]
    assert luminance(crop(frame, at, FACE)) > 60  # the darkest skin tone of the range, in daylight
    # The face has features: the whites of the eyes and the pupils are its brightest and darkest spots.
    eyes = np.sort(crop(frame, at, (-0.03, 0.06, 0.03, 0.072)) @ np.array([0.299, 0.587, 0.114]))
    assert eyes[-5:].mean() - eyes[:5].mean() > 120


def cells(frame: np.ndarray) -> np.ndarray:
    """Downscale a frame to a 9 x 16 grid of mean colours."""
    img = Image.fromarray(frame.astype(np.uint8)).resize((9, 16) if frame.shape[0] > frame.shape[1] else (16, 9),
                                                        Image.Resampling.BOX)  # fmt: skip
    return np.asarray(img).astype(np.int16)


def plate_distance(a: np.ndarray, b: np.ndarray) -> float:
    """How far apart two frames' plates are: the median cell, so people and cards in a few cells don't count."""
    return float(np.median(np.abs(cells(a) - cells(b)).sum(axis=-1)))


def test_a_location_is_the_same_plate_in_every_shot_and_another_differs(tmp_path):
    size = (1280, 720)
    first = shot(["ray"], "street", "Wide shot, static")
    again = shot(["ana"], "street", "Medium shot, static", character="Ana waits in the rain", number=3,
                 dialog='Ana: "Late again."')  # fmt: skip
    elsewhere = shot(["ray"], "kitchen", "Wide shot, static")
    assert choose_look(first) == choose_look(again) != choose_look(elsewhere)
    empty = Subject(None, 0)
    plates = [paint_plate(choose_look(prompt), empty, size, size).tobytes() for prompt in (first, again)]
    assert plates[0] == plates[1]
    frames = {name: render(tmp_path, name, prompt, size) for name, prompt in
              (("first", first), ("again", again), ("elsewhere", elsewhere))}  # fmt: skip
    assert plate_distance(frames["first"], frames["again"]) < 6
    assert plate_distance(frames["first"], frames["elsewhere"]) > 60
    sea = paint_plate(choose_look(shot(["ana"], "sea", "Wide shot")), empty, size, size)
    assert plate_distance(np.asarray(sea).astype(np.int16), frames["elsewhere"]) > 60


def thumbnail(sdk, video_id: str) -> np.ndarray:
    data = sdk.videos.download_content(video_id, variant="thumbnail").content
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(np.int16)


def test_a_remix_into_a_new_location_shows_its_plate(sdk):
    kitchen = shot(["ana"], "kitchen", "Wide shot, static")
    sea = shot(["ana"], "sea", "Wide shot, static", number=4)
    source = sdk.videos.create(prompt=kitchen, size="1280x720", seconds="4")
    assert finish(sdk, source.id, timeout=120).status == "completed"
    moved = sdk.videos.remix(source.id, prompt=sea)
    stayed = sdk.videos.remix(source.id, prompt="Ana turns to the window, static camera.")
    fresh = sdk.videos.create(prompt=sea, size="1280x720", seconds="4")
    for video in (moved, stayed, fresh):
        assert finish(sdk, video.id, timeout=120).status == "completed"
    source_frame, moved_frame = thumbnail(sdk, source.id), thumbnail(sdk, moved.id)
    # The remix into the open sea shows the sea's plate, as a fresh shot there does, not the kitchen's.
    assert plate_distance(moved_frame, thumbnail(sdk, fresh.id)) < 6
    assert plate_distance(moved_frame, source_frame) > 60
    # Without a Location line a remix keeps its source's look, as it always has.
    assert plate_distance(thumbnail(sdk, stayed.id), source_frame) < 6


def test_people_are_read_from_the_cast_lines_and_drawn_from_their_words_alone():
    two = shot(["ray", "ana"], "kitchen", "Medium two shot, static", character="Ray Cole hands Ana a note")
    subject = read_subject(two)
    assert (subject.kind, subject.count, subject.framing) == ("people", 2, "medium")
    ray, ana = subject.people
    assert (ray.top, ray.hat, ana.top, ana.hat) == ("trench", "fedora", "tunic", "bandana")
    # The same words give the same person in any shot, however the scene line or the framing changes.
    alone = read_subject(shot(["ray"], "street", "Close-up", character="Ray Cole checks his watch"))
    assert alone.people == (ray,) and alone.framing == "close"
    # A free-text character restated word for word in a later shot's Cast line is the same person too.
    first = build_prompt(ShotBrief(1, 3, 4, character="A lighthouse keeper in a grey wool coat", environment="a cliff"))
    later = build_prompt(
        ShotBrief(2, 3, 4, character="The same lighthouse keeper, soaked", environment="a lamp room",
                  people=(Anchor("A lighthouse keeper in a grey wool coat", ""),))
    )  # fmt: skip
    assert read_subject(first).people == read_subject(later).people
    assert read_subject(first).people[0].top == "coat"
    # More than three in the cast: three are drawn.
    crowd = "Cast:\n" + "\n".join(f"- P{n}: a person in a red coat." for n in range(5)) + "\nCinematography: wide."
    assert read_subject(crowd).count == 3


def test_descriptions_do_not_direct_the_camera():
    kitchen = shot(["ana"], "kitchen", "Close-up")  # the kitchen has "copper pans"
    assert camera_move(kitchen) == "push in" and read_subject(kitchen).framing == "close"
    assert camera_move(shot(["ana"], "kitchen", "Wide shot, slow pan left")) == "pan left"
