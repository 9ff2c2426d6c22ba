"""The local engine's animatic renderer: real files, the right look, dialog when it is due."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from backend.local_engine import cards, speech
from backend.local_engine import render as render_module
from backend.local_engine.cards import summarize
from backend.local_engine.figures import read_subject
from backend.local_engine.look import choose_look
from backend.local_engine.plates import paint_plate
from backend.local_engine.render import RenderSpec, camera_move, render_animatic
from backend.media.probe import MediaError, probe
from utils.director import ShotBrief, build_prompt, dialogue_cues, dialogue_lines

FRAME = 1 / 24
DIRECTOR_PROMPT = """Mara, a courier in a red coat, waits on a rain-soaked pier at night.
Cinematography: medium shot, locked-off camera, 35mm lens, cool moonlight.
Dialogue:
- Mara: "We leave at dawn."
- Jo: "Not without the map."
Sound: rain on the water."""
LOCKED_OFF = "A man waits at a bus stop, locked-off camera."


def render(tmp_path: Path, name: str = "out", **fields) -> Path:
    """Render a small, short animatic with `fields` overriding a plain default spec."""
    spec = {"prompt": "A lighthouse keeper walks along a cliff.", "width": 720, "height": 1280, "seconds": 4}
    spec |= fields
    spec.setdefault("look_prompt", spec["prompt"])
    render_animatic(RenderSpec(**spec), tmp_path / name)
    return tmp_path / name


def frame_at(video: Path, t: float) -> np.ndarray:
    """Decode the frame shown at `t` seconds as an RGB array."""
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time + FRAME / 2 >= t:
                return frame.to_ndarray(format="rgb24").astype(np.int16)
    raise AssertionError(f"no frame at {t}s")


def stream_seconds(video: Path, fps: int = 24) -> tuple[float, float]:
    """Return how long the video (of `fps` frames a second) and the audio streams each last."""
    with av.open(str(video)) as container:
        frames = sum(1 for p in container.demux(video=0) if p.size)
    with av.open(str(video)) as container:
        audio = container.streams.audio[0]
        samples = sum(f.samples for f in container.decode(audio))
        return frames / fps, samples / audio.sample_rate


@pytest.fixture(scope="module")
def talking(tmp_path_factory) -> Path:
    """A 4 s portrait animatic with two lines of dialog, shared by the tests that only read it."""
    return render(tmp_path_factory.mktemp("talking"), prompt=DIRECTOR_PROMPT, label="video_1")


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> Path:
    """An 8 s landscape animatic of the same prompt."""
    return render(tmp_path_factory.mktemp("wide"), prompt=DIRECTOR_PROMPT, width=1280, height=720, seconds=8)


@pytest.fixture(scope="module")
def locked_off(tmp_path_factory) -> Path:
    """A 4 s animatic with no dialog and a camera that does not move."""
    return render(tmp_path_factory.mktemp("locked"), prompt=LOCKED_OFF)


@pytest.mark.parametrize(("clip", "size", "seconds"), [("talking", (720, 1280), 4), ("landscape", (1280, 720), 8)])
def test_renders_an_h264_aac_mp4_of_the_exact_size_and_length(request, clip, size, seconds):
    video = request.getfixturevalue(clip) / "video.mp4"
    info = probe(video)
    assert (info.video_codec, info.pix_fmt, (info.width, info.height)) == ("h264", "yuv420p", size)
    assert info.fps == 24
    assert info.audio_codec == "aac" and info.sample_rate == 48000 and info.channels == 2
    assert abs(info.duration - seconds) <= FRAME
    video_s, audio_s = stream_seconds(video)
    assert video_s == seconds
    assert abs(audio_s - seconds) <= FRAME
    head = video.read_bytes()[:4096]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart: index first


@pytest.fixture(scope="module")
def pushing(tmp_path_factory) -> Path:
    """A 4 s animatic with no camera words (so a slow push in), at the default rate."""
    return render(tmp_path_factory.mktemp("push"))


def first_and_last(video: Path) -> tuple[np.ndarray, np.ndarray]:
    """Decode a video's first and last frames as RGB arrays."""
    with av.open(str(video)) as container:
        frames = [frame.to_ndarray(format="rgb24").astype(np.int16) for frame in container.decode(video=0)]
    return frames[0], frames[-1]


@pytest.mark.parametrize("fps", [6, 8, 12])
def test_a_draft_rate_changes_only_the_number_of_frames(tmp_path, pushing, fps):
    """LOCAL_ENGINE_FPS, the draft rate the test suite renders at: the same size, length, sound, move and stills."""
    video = render(tmp_path, fps=fps) / "video.mp4"
    info = probe(video)
    assert (info.video_codec, info.pix_fmt, (info.width, info.height)) == ("h264", "yuv420p", (720, 1280))
    assert info.fps == fps
    assert info.audio_codec == "aac" and info.sample_rate == 48000 and info.channels == 2
    assert abs(info.duration - 4) <= FRAME
    video_s, audio_s = stream_seconds(video, fps)
    assert video_s == 4 and abs(audio_s - 4) <= FRAME
    with Image.open(video.parent / "thumbnail.webp") as thumb:
        assert thumb.format == "WEBP" and thumb.size == (720, 1280)
    with Image.open(video.parent / "spritesheet.jpg") as sheet:
        assert sheet.format == "JPEG" and sheet.size == (4 * 144, 2 * 256)
    # The push spans the whole clip at any rate: it starts and ends on the same picture as at 24 fps.
    band = slice(300, 700)  # the plate, clear of every card
    (first, last), (first_24, last_24) = first_and_last(video), first_and_last(pushing / "video.mp4")
    assert np.abs(first - last)[band].mean() > 5.0
    assert np.abs(first - first_24)[band].mean() < 1.0 and np.abs(last - last_24)[band].mean() < 1.0


def test_thumbnail_is_webp_and_spritesheet_is_a_jpeg_grid(talking):
    with Image.open(talking / "thumbnail.webp") as thumb:
        assert thumb.format == "WEBP" and thumb.size == (720, 1280)
    with Image.open(talking / "spritesheet.jpg") as sheet:
        assert sheet.format == "JPEG"
        assert sheet.width == 4 * 144 and sheet.height % 256 == 0 and sheet.height >= 2 * 256


def test_leaves_only_the_three_files_behind(talking):
    assert sorted(p.name for p in talking.iterdir()) == ["spritesheet.jpg", "thumbnail.webp", "video.mp4"]


def test_a_failed_render_raises_media_error_and_leaves_nothing(tmp_path):
    with pytest.raises(MediaError):
        render(tmp_path, reference_image=tmp_path / "missing.png")
    assert list((tmp_path / "out").iterdir()) == []


def test_reference_image_is_the_plate(tmp_path):
    Image.new("RGB", (720, 1280), (220, 20, 20)).save(tmp_path / "red.png")
    out = render(tmp_path, reference_image=tmp_path / "red.png")
    middle = frame_at(out / "video.mp4", 2.0)
    red = (middle[..., 0] > 170) & (middle[..., 1] < 70) & (middle[..., 2] < 70)
    assert red.mean() > 0.7


def mean_colour(video: Path, t: float = 2.0) -> np.ndarray:
    return frame_at(video, t).reshape(-1, 3).mean(axis=0)


def test_look_words_choose_the_palette_and_a_remix_keeps_it(tmp_path):
    night = mean_colour(render(tmp_path, "night", look_prompt="a neon city street at night") / "video.mp4")
    desert = mean_colour(render(tmp_path, "desert", look_prompt="sand dunes in the desert at noon") / "video.mp4")
    remix = render(
        tmp_path, "remix", prompt="Same street; she turns and pulls out.", look_prompt="a neon city street at night"
    )
    assert np.abs(night - desert).sum() > 150
    assert np.abs(night - mean_colour(remix / "video.mp4")).sum() < 30


def test_same_look_prompt_paints_the_same_plate():
    look = choose_look("Foggy harbour at dawn")
    subject = read_subject("a fisherman")
    first = paint_plate(look, subject, (720, 1280), (720, 1280))
    assert first.tobytes() == paint_plate(look, subject, (720, 1280), (720, 1280)).tobytes()
    assert choose_look("Foggy harbour at dawn") == choose_look("  foggy HARBOUR at dawn ")


def test_subtitles_show_only_while_their_line_is_due(tmp_path, locked_off):
    quiet = locked_off / "video.mp4"
    talk = render(tmp_path, "talk", prompt=f'{LOCKED_OFF}\nDialogue:\n- Ray: "Late again."', look_prompt=LOCKED_OFF)
    lower = slice(800, 1200)  # the subtitle band of a 720x1280 frame

    def changed(t: float) -> float:
        """Return the share of the band's pixels that the subtitle visibly changes."""
        diff = np.abs(frame_at(talk / "video.mp4", t)[lower] - frame_at(quiet, t)[lower]).sum(axis=-1)
        return float((diff > 60).mean())

    assert changed(0.1) < 0.001  # before the line
    assert changed(2.0) > 0.03  # while it is spoken
    assert changed(3.95) < 0.001  # after it


def test_renders_silently_without_espeak(tmp_path, monkeypatch, talking):
    spoken = talking / "video.mp4"
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on this PATH
    assert speech.espeak_path() is None
    silent = render(tmp_path, "silent", prompt=DIRECTOR_PROMPT) / "video.mp4"
    info = probe(silent)
    assert info.audio_codec == "aac" and abs(info.duration - 4) <= FRAME

    def loudness(video: Path) -> float:
        with av.open(str(video)) as container:
            samples = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)
        return float(np.sqrt((samples**2).mean()))

    assert loudness(silent) < 0.03 < loudness(spoken)


def test_camera_words_move_the_frame(tmp_path, locked_off):
    still = locked_off / "video.mp4"
    pan = render(tmp_path, "pan", prompt=LOCKED_OFF.replace("locked-off camera", "pan right"), look_prompt=LOCKED_OFF)
    band = slice(300, 700)  # sky and skyline, clear of every card
    assert np.abs(frame_at(still, 0.0)[band] - frame_at(still, 3.9)[band]).mean() < 1.0
    assert np.abs(frame_at(pan / "video.mp4", 0.0)[band] - frame_at(pan / "video.mp4", 3.9)[band]).mean() > 5.0


@pytest.mark.parametrize(
    ("prompt", "move"),
    [
        ("Slow dolly in on her face.", "push in"),
        ("The camera pulls back to reveal the city.", "pull out"),
        ("Pan left across the bay, then tilt up.", "pan left"),
        ("Tilt down to the street.", "tilt down"),
        ("Locked-off wide shot.", "static"),
        ("A quiet street at dawn.", "push in"),
    ],
)
def test_camera_words(prompt, move):
    assert camera_move(prompt) == move


def test_dialog_block_and_quoted_lines_are_found_in_order():
    assert speech.parse_dialog(DIRECTOR_PROMPT) == [
        speech.Line("Mara", "We leave at dawn."),
        speech.Line("Jo", "Not without the map."),
    ]
    assert speech.parse_dialog('She says "Hello there" and he answers “Go away.”') == [
        speech.Line(None, "Hello there"),
        speech.Line(None, "Go away."),
    ]


DIALOGS = [
    ("Mara: We leave at dawn.\nJo: Not without the map.", 4),
    ("Mara: We leave at dawn.\nJo: Not without the map.", 12),
    # A line too long for one subtitle, and more words than the clip holds at 2.5 a second: squeezed.
    (
        "Ray Cole: I have walked this street every night for eleven years. Tonight it looks different. "
        "Someone moved the lamps.\nAna: Or you finally noticed them.\nRay Cole: Maybe.",
        8,
    ),
    ("Hello there.", 4),  # unattributed: the director gives it to the character
]


@pytest.mark.parametrize(("dialog", "seconds"), DIALOGS)
def test_subtitles_follow_the_studios_caption_plan(dialog, seconds):
    prompt = build_prompt(ShotBrief(1, 1, seconds, character="Two people on a pier", dialog=dialog))
    lines = speech.parse_dialog(prompt)
    cues, _ = speech.plan(lines, seconds, [None] * len(lines))
    planned = dialogue_cues(dialogue_lines(dialog), seconds)
    assert [(c.start, c.end, c.speaker, c.text) for c in cues] == [(c.start, c.end, c.speaker, c.text) for c in planned]


def test_the_rendered_subtitles_are_the_studios_captions(tmp_path):
    dialog, seconds = DIALOGS[2]
    prompt = build_prompt(ShotBrief(1, 1, seconds, character="Two people on a pier", dialog=dialog))
    spec = RenderSpec(prompt, 720, 1280, seconds, prompt)
    command = render_module._video_command(spec, tmp_path, render_module.Stills.plan(spec), tmp_path / "out.mp4")
    graph = command[command.index("-filter_complex") + 1]
    shown = [(float(a), float(b)) for a, b in re.findall(r"between\(t,([\d.]+),([\d.]+)\)", graph)]
    assert shown == [(c.start, c.end) for c in dialogue_cues(dialogue_lines(dialog), seconds)]
    assert len(shown) == 4  # the long line shows as two subtitles


def test_each_voice_starts_with_its_first_cue_and_ends_with_its_last(tmp_path):
    lines = [speech.Line("A", "one two three"), speech.Line("B", "four five six seven eight nine ten")]
    wavs = [(tmp_path / "a.wav", 0.8), (tmp_path / "b.wav", 9.0)]  # B's voice runs far longer than its cue
    cues, voiced = speech.plan(lines, 8, wavs)
    assert [v.start for v in voiced] == [cues[0].start, cues[1].start]
    assert [round(v.start + v.length, 3) for v in voiced] == [cues[0].end, cues[1].end]
    assert voiced[0].tempo == 1.0 and voiced[1].tempo == speech.MAX_TEMPO
    _, graph = speech.audio_graph("day", 8, voiced, 3)
    assert f"[4:a]atempo={speech.MAX_TEMPO:.4f},atrim=0:{voiced[1].length:.3f}," in graph  # sped up, then cut
    assert "[3:a]atrim=0:" in graph and graph.endswith("apad=whole_dur=8,atrim=0:8[aout]")


def test_caption_is_the_scene_not_the_technical_blocks():
    assert summarize(DIRECTOR_PROMPT) == "Mara, a courier in a red coat, waits on a rain-soaked pier at night."


def test_a_director_prompt_gives_caption_camera_and_dialog():
    shot = ShotBrief(
        2,
        3,
        8,
        character="Mara, a courier in a red coat",
        environment="A rain-soaked pier at night",
        lighting_camera="Wide shot, slow pan left",
        dialog="Mara: Go.",
        continues_from=1,
        shared=("Mara, a courier in a red coat",),
    )
    prompt = build_prompt(shot)
    assert summarize(prompt) == "Mara, a courier in a red coat. A rain-soaked pier at night."
    assert camera_move(prompt) == "pan left"
    assert speech.parse_dialog(prompt) == [speech.Line("Mara", "Go.")]
    assert choose_look(prompt).env == "ocean" and choose_look(prompt).light == "night"
    assert read_subject(prompt).kind == "people"


def test_cards_fall_back_to_pillows_font_where_dejavu_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(cards, "FONT_DIR", tmp_path)  # no fonts in here
    card, (x, y) = cards.caption_card(DIRECTOR_PROMPT, "medium", "push in", 4, (720, 1280))
    assert card.getbbox() is not None and x + card.width <= 720 and y + card.height <= 1280
    card, (x, y) = cards.subtitle_card("Mara", 0, "We leave at dawn.", (720, 1280))
    assert card.getbbox() is not None and x + card.width <= 720 and y + card.height <= 1280
    assert render_module.timecode_filter((720, 1280)) == ""  # no burnt-in timecode without a font file
