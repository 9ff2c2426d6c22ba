"""Join a sequence's shots by re-encoding them with MoviePy: the slow path of `backend.stitcher.stitch`.

Used for a crossfade, or for clips whose video differs in size, rate or codec: each clip
is brought to the first clip's size (letterboxed, never stretched) and frame rate. Kept
apart from the stream-copy path so that path never loads MoviePy (nor its memory).
"""

from __future__ import annotations

from pathlib import Path

from moviepy import CompositeVideoClip, VideoFileClip, afx, concatenate_videoclips, vfx

from backend.stitcher import StitchError, _blame, _Clip


def reencode(clips: list[_Clip], partial: Path, crossfade: float) -> float:
    """Render the clips with MoviePy at the first clip's size and rate, with an optional crossfade."""
    size = (clips[0].info.width, clips[0].info.height)
    voiced = [c for c in clips if c.audio_layout]
    rate = voiced[0].info.sample_rate if voiced else 48000
    opened: list = []
    try:
        parts = []
        for clip in clips:
            fit = _fit(clip.info.width, clip.info.height, *size)
            with _blame(clip.shot, clip.path):
                part = VideoFileClip(str(clip.path), audio_fps=rate, target_resolution=fit)
            opened.append(part)
            if fit != size:  # letterbox: centred on black, never stretched
                part = CompositeVideoClip([part.with_position("center")], size=size, bg_color=(0, 0, 0))
                opened.append(part)
            parts.append(part)
        if crossfade:
            parts = _crossfaded(parts, crossfade, size)
        final = concatenate_videoclips(parts)
        opened.append(final)
        final.write_videofile(
            str(partial),
            fps=float(clips[0].info.fps or 24),
            codec="libx264",
            preset="veryfast",
            audio=bool(voiced),
            audio_codec="aac",
            audio_fps=rate,
            audio_bitrate="192k",
            temp_audiofile=str(partial.with_suffix(".m4a")),
            ffmpeg_params=["-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
            logger=None,
        )
        return float(final.duration)
    except (OSError, ValueError, RuntimeError) as exc:
        raise StitchError(f"The sequence could not be re-encoded: {exc}") from exc
    finally:
        for clip in reversed(opened):
            _close(clip)
        partial.with_suffix(".m4a").unlink(missing_ok=True)


def _crossfaded(parts: list, fade: float, size: tuple[int, int]) -> list:
    """Split the clips into plain stretches and short blended overlaps, so only overlaps pay for blending."""
    pieces = []
    for index, part in enumerate(parts):
        head = fade if index > 0 else 0
        tail = part.duration - fade if index < len(parts) - 1 else part.duration
        pieces.append(part.subclipped(head, tail))
        if index < len(parts) - 1:
            leaving = part.subclipped(tail).with_effects([afx.AudioFadeOut(fade)])
            arriving = parts[index + 1].subclipped(0, fade)
            arriving = arriving.with_effects([vfx.CrossFadeIn(fade), afx.AudioFadeIn(fade)])
            pieces.append(CompositeVideoClip([leaving, arriving], size=size, bg_color=(0, 0, 0)))
    return pieces


def _close(clip) -> None:
    """Close a MoviePy clip and the pipes MoviePy 2.x leaks when its ffmpeg already exited (moviepy#2491)."""
    audio = getattr(clip, "audio", None)
    for reader in (getattr(clip, "reader", None), getattr(audio, "reader", None)):
        process = getattr(reader, "proc", None)
        if process is not None and process.poll() is not None:
            for pipe in (process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()
    clip.close()


def _fit(width: int, height: int, box_width: int, box_height: int) -> tuple[int, int]:
    """Return the largest even size with the clip's aspect that fits inside the box."""
    scale = min(box_width / width, box_height / height)
    return (
        min(box_width, max(2, round(width * scale / 2) * 2)),
        min(box_height, max(2, round(height * scale / 2) * 2)),
    )
