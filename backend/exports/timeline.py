"""Hand a sequence to an editor: an OpenTimelineIO timeline of its shots, written as OTIO, an OTIO bundle
with the media, a CMX 3600 EDL or FCP 7 XML (Premiere, Resolve) by OpenTimelineIO's own adapters.

One clip per shot on a video track (and its sound on an audio track), its source range to the frame,
a marker on each clip with the shot's prompt and dialog, and the captions as markers over the sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import opentimelineio as otio

from backend.exports.captions import Caption

FORMATS = {  # format: (OpenTimelineIO adapter, file suffix, media type)
    "otio": ("otio_json", "otio", "application/json"),
    "otioz": ("otioz", "otioz", "application/zip"),
    "edl": ("cmx_3600", "edl", "text/plain"),
    "fcp7xml": ("fcp_xml", "xml", "application/xml"),
}


@dataclass(frozen=True)
class ShotMedia:
    number: int
    file: Path
    frames: int  # its length to the frame
    prompt: str
    dialog: str


def timeline_rate(fps: float | None) -> float:
    """Return the rate a timeline counts frames at: the clips' own where timecode can count it, else 24.

    EDL and FCP 7 XML write SMPTE timecode, which has no 8 or 16 fps (a draft animatic, a Wan clip);
    at 24 a shot of whole seconds is still a whole number of frames.
    """
    rate = float(fps or 24)
    return rate if otio.opentime.RationalTime.is_valid_timecode_rate(rate) else 24.0


def build_timeline(
    title: str, fps: float, shots: list[ShotMedia], captions: list[Caption], url: Callable[[ShotMedia], str]
) -> otio.schema.Timeline:
    """Make the timeline; `url` says where each shot's media is for the program that opens it."""
    rate = float(fps)
    timeline = otio.schema.Timeline(name=title, global_start_time=otio.opentime.RationalTime(0, rate))
    video = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="Sound", kind=otio.schema.TrackKind.Audio)
    for shot in shots:
        whole = otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(shot.frames, rate)
        )
        for track in (video, audio):
            clip = otio.schema.Clip(
                name=f"Shot {shot.number}",
                media_reference=otio.schema.ExternalReference(target_url=url(shot), available_range=whole),
                source_range=whole,
            )
            if track is video:
                clip.markers.append(
                    otio.schema.Marker(
                        name=f"Shot {shot.number}",
                        marked_range=otio.opentime.TimeRange(whole.start_time, otio.opentime.RationalTime(1, rate)),
                        color=otio.schema.MarkerColor.BLUE,
                        metadata={"shot_studio": {"prompt": shot.prompt, "dialog": shot.dialog}},
                        comment=shot.dialog.replace("\n", " / ") or shot.prompt.splitlines()[0],
                    )
                )
            track.append(clip)
    timeline.tracks.extend([video, audio])
    for caption in captions:
        start = otio.opentime.RationalTime(round(caption.start * rate), rate)
        length = otio.opentime.RationalTime(max(1, round((caption.end - caption.start) * rate)), rate)
        timeline.tracks.markers.append(
            otio.schema.Marker(
                name=caption.label,
                marked_range=otio.opentime.TimeRange(start, length),
                color=otio.schema.MarkerColor.YELLOW,
                metadata={"shot_studio": {"caption": caption.text, "speaker": caption.speaker}},
            )
        )
    return timeline


def write(timeline: otio.schema.Timeline, fmt: str, dest: Path) -> Path:
    """Write the timeline in one of FORMATS to `dest` (its suffix is the format's)."""
    adapter, suffix, _ = FORMATS[fmt]
    dest = dest.with_suffix(f".{suffix}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "otioz":
        otio.adapters.write_to_file(
            timeline,
            str(dest),
            adapter_name=adapter,
            media_policy=otio.adapters.file_bundle_utils.MediaReferencePolicy.ErrorIfNotFile,
        )
    else:
        dest.write_text(otio.adapters.write_to_string(timeline, adapter), encoding="utf-8")
    return dest
