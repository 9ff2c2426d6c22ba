"""Write a finished sequence into a folder: its shots, the stitched file, the storyboard, captions and
editor timelines pointing at the files beside them (built here, with the studio's own export code)."""

from __future__ import annotations

import json
from pathlib import Path

from backend.cli.client import StudioClient
from backend.exports.captions import sequence_captions, to_srt, to_vtt
from backend.exports.timeline import ShotMedia, build_timeline, timeline_rate, write
from backend.media.probe import probe

TIMELINES = ("otio", "edl", "fcp7xml")


def write_outputs(client: StudioClient, sequence: dict, out: Path) -> list[Path]:
    """Download and export everything into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    sid = sequence["sequence_id"]
    media, start, timed = [], 0.0, []
    fps = 24.0
    for shot in sequence["shots"]:
        path = client.download(shot["download_url"], out / f"shot_{shot['shot_number']}.mp4")
        info = probe(path)
        fps = timeline_rate(info.fps or fps)
        frames = round(info.duration * fps)
        media.append(ShotMedia(shot["shot_number"], path, frames, shot["prompt"], shot["dialog"]))
        timed.append((start, frames / fps, shot["dialog"]))
        start += frames / fps
        written.append(path)
    if sequence["sequence_url"]:
        written.append(client.download(sequence["sequence_url"], out / "sequence.mp4"))
    board = client.call("GET", f"/api/sequences/{sid}/storyboard")
    (out / "storyboard.json").write_text(json.dumps(board, indent=2), encoding="utf-8")
    written.append(out / "storyboard.json")
    captions = sequence_captions(timed)
    for suffix, text in (("srt", to_srt(captions)), ("vtt", to_vtt(captions))):
        (out / f"captions.{suffix}").write_text(text, encoding="utf-8")
        written.append(out / f"captions.{suffix}")
    title = sequence.get("title") or f"Shot Studio {sid}"
    timeline = build_timeline(title, fps, media, captions, lambda shot: shot.file.resolve().as_uri())
    written += [write(timeline, fmt, out / "timeline") for fmt in TIMELINES]
    return written
