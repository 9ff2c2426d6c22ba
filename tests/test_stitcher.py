"""The stitcher on real clips: durations, streams, clean and in-step joins, letterboxing, errors."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from backend.media.probe import StreamInfo, probe, run_ffmpeg
from backend.stitcher import StitchError, _encode, compatible, stitch
from tests.media_fixtures import SAMPLE_RATE, TONE_AMPLITUDE, decode_audio, frame_at, make_clip

FRAME = 1 / 24
TONES = (440, 660, 880)  # one per shot, so the moment the sound changes is measurable
COLOURS = ((255, 0, 0), (0, 128, 0), (0, 0, 255))  # ffmpeg's red, green, blue


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("shots")
    return [
        make_clip(folder / f"shot{n}.mp4", 320, 240, 1, color=colour, tone_hz=tone)
        for n, (colour, tone) in enumerate(zip(("red", "green", "blue"), TONES, strict=True), 1)
    ]


@pytest.fixture(scope="module")
def sequence(shots: list[Path], tmp_path_factory: pytest.TempPathFactory):
    return stitch(shots, tmp_path_factory.mktemp("out") / "sequence.mp4")


def join_defects(samples: np.ndarray, rate: int, join: float, max_hz: float) -> list[str]:
    """Describe any gap or click in the ±50 ms around `join` of a tone of amplitude TONE_AMPLITUDE."""
    mono = samples[0, max(0, round((join - 0.05) * rate)) : round((join + 0.05) * rate)]
    defects = []
    window = round(0.005 * rate)
    rms = [math.sqrt(float(np.mean(mono[i : i + window] ** 2))) for i in range(0, len(mono) - window, window // 2)]
    if min(rms) < 0.5 * TONE_AMPLITUDE / math.sqrt(2):
        defects.append(f"gap: 5 ms RMS fell to {min(rms):.3f}")
    # A sine can move at most A·2πf/rate between samples; allow half as much again for coding noise.
    step, allowed = float(np.abs(np.diff(mono)).max()), 1.5 * TONE_AMPLITUDE * 2 * math.pi * max_hz / rate
    if step > allowed:
        defects.append(f"click: a step of {step:.3f} (a tone allows {allowed:.3f})")
    return defects


def dominant_switch(samples: np.ndarray, rate: int, join: float, before: float, after: float) -> float:
    """Return when, near `join`, the tone at `after` Hz first outweighs the one at `before` Hz."""
    window, step = round(0.010 * rate), round(0.001 * rate)
    start = round((join - 0.06) * rate)
    t = np.arange(window) / rate
    for at in range(start, start + round(0.12 * rate), step):
        chunk = samples[0, at : at + window]
        if abs(chunk @ np.exp(-2j * np.pi * after * t)) > abs(chunk @ np.exp(-2j * np.pi * before * t)):
            return (at + window / 2) / rate
    raise AssertionError(f"the tone never changed near {join} s")


def test_copy_path_keeps_the_video_and_lasts_the_sum(shots: list[Path], sequence) -> None:
    info = probe(sequence.path)
    assert sequence.method == "copy"
    assert sequence.duration == pytest.approx(3.0, abs=FRAME)
    assert info.duration == pytest.approx(3.0, abs=FRAME)
    assert (info.video_codec, info.width, info.height, info.fps, info.pix_fmt) == ("h264", 320, 240, 24, "yuv420p")
    assert (info.audio_codec, info.sample_rate, info.channels) == ("aac", SAMPLE_RATE, 2)
    samples, rate = decode_audio(sequence.path)
    assert samples.shape[1] / rate == pytest.approx(3.0, abs=FRAME)


def test_joins_have_no_gap_or_click_and_stay_in_step(sequence) -> None:
    samples, rate = decode_audio(sequence.path)
    for n, join in enumerate((1.0, 2.0), 1):
        assert join_defects(samples, rate, join, max(TONES)) == []
        # The sound changes with the picture: within 10 ms of the cut, a quarter of a frame.
        assert dominant_switch(samples, rate, join, TONES[n - 1], TONES[n]) == pytest.approx(join, abs=0.010)
        assert frame_at(sequence.path, join - FRAME / 2)[120, 160] == pytest.approx(COLOURS[n - 1], abs=12)
        assert frame_at(sequence.path, join + FRAME / 2)[120, 160] == pytest.approx(COLOURS[n], abs=12)


def test_the_join_detector_catches_a_naive_stream_copy(shots: list[Path], tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"file '{shot}'\n" for shot in shots))
    naive = tmp_path / "naive.mp4"
    run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(naive)])
    samples, rate = decode_audio(naive)
    assert any(join_defects(samples, rate, join, max(TONES)) for join in (1.0, 2.0))


def test_the_join_detector_flags_a_gap_and_a_click() -> None:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    tone = TONE_AMPLITUDE * np.sin(2 * np.pi * 440 * t)
    gap = tone.copy()
    gap[24000:24480] = 0  # 10 ms of silence
    click = np.concatenate([tone[:24027], -tone[24027:]])  # half a cycle out of phase, near a crest
    assert join_defects(tone[None, :], SAMPLE_RATE, 0.5, 440) == []
    assert join_defects(gap[None, :], SAMPLE_RATE, 0.5, 440)[0].startswith("gap")
    assert any(d.startswith("click") for d in join_defects(click[None, :], SAMPLE_RATE, 0.5, 440))


def test_a_shot_without_audio_gets_exactly_its_length_of_silence(shots: list[Path], tmp_path: Path) -> None:
    mute = make_clip(tmp_path / "mute.mp4", 320, 240, 1, audio=False, color="green")
    result = stitch([shots[0], mute, shots[2]], tmp_path / "sequence.mp4")
    assert result.method == "copy"
    samples, rate = decode_audio(result.path)
    assert samples.shape[1] / rate == pytest.approx(3.0, abs=FRAME)

    def rms(a: float, b: float) -> float:
        return math.sqrt(float(np.mean(samples[:, round(a * rate) : round(b * rate)] ** 2)))

    assert rms(0.1, 0.99) > 0.3 and rms(2.01, 2.9) > 0.3
    assert rms(1.01, 1.99) < 0.01
    # Shot 3's tone starts when its picture does, not where shot 2's missing sound ended.
    assert rms(1.96, 1.99) < 0.01 and rms(2.01, 2.04) > 0.3


def test_sound_at_another_rate_is_resampled_without_a_seam(shots: list[Path], tmp_path: Path) -> None:
    cd_rate = make_clip(tmp_path / "44k.mp4", 320, 240, 1, color="green", tone_hz=660, sample_rate=44100)
    result = stitch([shots[0], cd_rate, shots[2]], tmp_path / "sequence.mp4")
    assert (result.method, probe(result.path).sample_rate) == ("copy", SAMPLE_RATE)
    samples, rate = decode_audio(result.path)
    for n, join in enumerate((1.0, 2.0), 1):
        assert join_defects(samples, rate, join, max(TONES)) == []
        assert dominant_switch(samples, rate, join, TONES[n - 1], TONES[n]) == pytest.approx(join, abs=0.010)


def test_shots_without_any_sound_make_a_silent_sequence(tmp_path: Path) -> None:
    mute = [make_clip(tmp_path / f"mute{n}.mp4", 320, 240, 1, audio=False) for n in (1, 2)]
    result = stitch(mute, tmp_path / "sequence.mp4")
    info = probe(result.path)
    assert (result.method, info.has_audio) == ("copy", False)
    assert info.duration == pytest.approx(2.0, abs=FRAME)


def test_clips_of_another_size_are_letterboxed_not_stretched(tmp_path: Path) -> None:
    portrait = make_clip(tmp_path / "portrait.mp4", 180, 320, 1, color="red")
    landscape = make_clip(tmp_path / "landscape.mp4", 320, 180, 1, color="blue", tone_hz=660)
    result = stitch([portrait, landscape], tmp_path / "sequence.mp4")
    info = probe(result.path)
    assert result.method == "reencode"
    assert (info.width, info.height, info.fps) == (180, 320, 24)
    assert info.duration == pytest.approx(2.0, abs=2 * FRAME)
    frame = frame_at(result.path, 1.5)
    # 320x180 fitted into 180 wide is about 180x102: bars of ~109 rows above and below.
    assert frame[:100].max() < 20 and frame[-100:].max() < 20
    assert frame[160, 90] == pytest.approx((0, 0, 255), abs=16)
    assert frame[160, 2] == pytest.approx((0, 0, 255), abs=16)  # full width: fitted, not pillarboxed


def test_crossfade_shortens_the_sequence_by_each_overlap(shots: list[Path], tmp_path: Path) -> None:
    result = stitch(shots, tmp_path / "sequence.mp4", transition="crossfade", crossfade=0.25)
    assert result.method == "reencode"
    assert result.duration == pytest.approx(3 - 2 * 0.25, abs=FRAME)
    assert probe(result.path).duration == pytest.approx(2.5, abs=2 * FRAME)
    # Halfway through the first fade the picture is half red, half green.
    red, green, _ = frame_at(result.path, 0.75 + 0.125)[120, 160]
    assert 80 < red < 180 and 30 < green < 100


def test_a_corrupt_shot_is_named_and_the_previous_sequence_survives(shots: list[Path], tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(np.random.default_rng(2).bytes(50_000))
    output = tmp_path / "sequence.mp4"
    output.write_bytes(b"the previous sequence")
    with pytest.raises(StitchError) as caught:
        stitch([shots[0], garbage, shots[2]], output)
    assert caught.value.shot_number == 2
    assert "shot 2" in str(caught.value).lower()
    assert output.read_bytes() == b"the previous sequence"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.mp4", "sequence.mp4"]


def test_a_truncated_shot_is_named(shots: list[Path], tmp_path: Path) -> None:
    whole = make_clip(tmp_path / "whole.mp4", 320, 240, 2, moving=True)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 6 // 10])
    with pytest.raises(StitchError) as caught:
        stitch([shots[0], shots[1], cut], tmp_path / "sequence.mp4")
    assert caught.value.shot_number == 3
    assert "shot 3" in caught.value.message.lower()


BASE = StreamInfo(3.0, "h264", 720, 1280, Fraction(24), Fraction(1, 12288), "yuv420p", "aac", 48000, 2)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"audio_codec": None, "sample_rate": 44100}, True),  # sound is re-encoded anyway
        ({"width": 1280, "height": 720}, False),
        ({"fps": Fraction(30)}, False),
        ({"video_codec": "hevc"}, False),
        ({"pix_fmt": "yuv444p"}, False),
        ({"time_base": Fraction(1, 15360)}, False),
        ({"video_codec": None}, False),
    ],
)
def test_compatible(changes: dict, expected: bool) -> None:
    other = StreamInfo(**{**BASE.__dict__, **changes})
    assert compatible([BASE, other]) is expected


@pytest.mark.parametrize(("transition", "crossfade"), [("wipe", 0.5), ("crossfade", 0.0), ("crossfade", 0.8)])
def test_impossible_transitions_are_refused(shots: list[Path], tmp_path: Path, transition, crossfade) -> None:
    with pytest.raises(StitchError):
        stitch(shots, tmp_path / "sequence.mp4", transition=transition, crossfade=crossfade)
    assert not (tmp_path / "sequence.mp4").exists()


@pytest.mark.parametrize("chunks", [1, 3])
def test_audio_encoded_in_parallel_chunks_has_no_seams(chunks: int) -> None:
    seconds, rate = 6, SAMPLE_RATE
    t = np.arange(seconds * rate) / rate
    tone = np.stack([TONE_AMPLITUDE * np.sin(2 * np.pi * 440 * t)] * 2).astype(np.float32)
    packets, extradata = _encode(tone, rate, "stereo", 128_000, chunks=chunks)
    decoder = av.CodecContext.create("aac", "r")
    decoder.extradata = extradata
    decoded = np.zeros_like(tone)
    for packet in packets:
        for frame in decoder.decode(packet):
            if 0 <= frame.pts < decoded.shape[1]:  # the first packet is the encoder's priming
                decoded[:, frame.pts : frame.pts + frame.samples] = frame.to_ndarray()[
                    :, : decoded.shape[1] - frame.pts
                ]
    error = np.abs(decoded - tone)[0]
    seams = [round(seconds * rate * i / 3) // 1024 * 1024 for i in (1, 2)]  # where 3 chunks meet
    near = np.zeros(error.shape, dtype=bool)
    for seam in seams:
        assert join_defects(decoded, rate, seam / rate, 440) == []
        near[seam - 4096 : seam + 4096] = True
    near_seams, elsewhere = error[near].max(), error[~near][rate:-rate].max()
    # A seam is as clean as the rest: a chunk that starts cold (no warm-up) errs by 0.35 here.
    assert near_seams <= 2 * elsewhere + 0.01, (near_seams, elsewhere)
