"""Make small, exactly-timed test clips with the ffmpeg that imageio-ffmpeg ships.

Shared by the stitcher's tests and its benchmark; other tests may import it too.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from backend.media.probe import run_ffmpeg

SAMPLE_RATE = 48000
TONE_AMPLITUDE = 0.5


def make_clip(
    path: str | Path,
    width: int,
    height: int,
    seconds: float,
    fps: int = 24,
    audio: bool = True,
    color: str = "red",
    tone_hz: float = 440,
    moving: bool = False,
    grain: int = 0,
    sample_rate: int = SAMPLE_RATE,
) -> Path:
    """Write an H.264/AAC mp4 of a flat colour (or a moving test pattern) and a stereo sine tone.

    A whole number of seconds and an integer `tone_hz` end the tone on a whole cycle, so
    clips of the same tone joined end to end form one continuous sine: any click or gap
    found at a join was made by the stitcher, not by the fixture. `moving` draws
    ffmpeg's testsrc2 instead of a flat colour, and `grain` (0-100) adds moving noise
    like a camera's: benchmarks need an encoder load closer to real footage.
    """
    path = Path(path)
    size = f"{width}x{height}"
    source = f"testsrc2=s={size}:r={fps}" if moving else f"color=c={color}:s={size}:r={fps}"
    texture = f",noise=alls={grain}:allf=t" if grain else ""
    args = ["-f", "lavfi", "-i", f"{source}:d={seconds}{texture}"]
    if audio:
        wave = f"{TONE_AMPLITUDE}*sin(2*PI*{tone_hz}*t)"
        args += ["-f", "lavfi", "-i", f"aevalsrc={wave}|{wave}:s={sample_rate}:d={seconds}"]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", str(fps)]
    if audio:
        args += ["-c:a", "aac", "-b:a", "128k"]  # ffmpeg's own default for stereo AAC
    run_ffmpeg([*args, "-t", str(seconds), "-movflags", "+faststart", str(path)])
    return path


def decode_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """Return the first audio stream of `path` as float32 samples (channels x n) and its rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        chunks = [frame.to_ndarray() for frame in container.decode(stream)]
    samples = np.concatenate(chunks, axis=1).astype(np.float32)
    return samples, rate


def frame_at(path: str | Path, seconds: float) -> np.ndarray:
    """Return the RGB frame shown at `seconds` (height x width x 3, uint8)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        shown = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > seconds + 1e-6:
                break
            shown = frame
        if shown is None:
            raise ValueError(f"no frame at {seconds} s in {path}")
        return shown.to_ndarray(format="rgb24")
