"""Small, shared media helpers: the ffmpeg binary, running it, and probing files.

The engine's renderer, the stitcher and the tests all need the same two things: the
ffmpeg that `imageio-ffmpeg` ships (so nothing depends on a system ffmpeg) and an
honest description of a media file (read with PyAV, not by parsing ffmpeg's log).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import av
import imageio_ffmpeg


class MediaError(Exception):
    """A media file could not be read or an ffmpeg run failed."""


@cache
def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg binary shipped by imageio-ffmpeg."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(args: list[str], timeout: float = 300) -> None:
    """Run ffmpeg quietly with `args`; raise MediaError with its last log lines on failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"ffmpeg timed out after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise MediaError("ffmpeg failed: " + " | ".join(tail))


@dataclass(frozen=True)
class StreamInfo:
    """What a stitcher or a test needs to know about one media file."""

    duration: float
    video_codec: str | None = None
    width: int = 0
    height: int = 0
    fps: Fraction | None = None
    time_base: Fraction | None = None
    pix_fmt: str | None = None
    audio_codec: str | None = None
    sample_rate: int = 0
    channels: int = 0

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


def probe(path: str | Path) -> StreamInfo:
    """Describe the first video and audio stream of `path`; raise MediaError if unreadable."""
    try:
        with av.open(str(path)) as container:
            video = next(iter(container.streams.video), None)
            audio = next(iter(container.streams.audio), None)
            duration = float(container.duration / av.time_base) if container.duration else 0.0
            info = {"duration": duration}
            if video is not None:
                ctx = video.codec_context
                info.update(
                    video_codec=ctx.name,
                    width=ctx.width,
                    height=ctx.height,
                    fps=video.average_rate,
                    time_base=video.time_base,
                    pix_fmt=ctx.pix_fmt,
                )
            if audio is not None:
                ctx = audio.codec_context
                info.update(audio_codec=ctx.name, sample_rate=ctx.sample_rate, channels=ctx.channels)
            return StreamInfo(**info)
    except (av.error.FFmpegError, OSError, StopIteration) as exc:
        raise MediaError(f"cannot read {Path(path).name}: {exc}") from exc
