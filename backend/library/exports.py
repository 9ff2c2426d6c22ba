"""Export a sequence for an editor or a player: captions (SRT, WebVTT), timelines (OTIO, OTIOZ, EDL, FCP 7
XML), and the stitched sequence with its captions burned in. Made from the files and rows as they are."""

from __future__ import annotations

from pathlib import Path

from backend.errors import Conflict
from backend.exports.captions import Caption, sequence_captions, to_srt, to_vtt
from backend.exports.timeline import FORMATS, ShotMedia, build_timeline, timeline_rate, write
from backend.library.sequences import require_sequence
from backend.media.probe import MediaError, probe, run_ffmpeg
from backend.media.store import MediaStore
from backend.store import Database, records
from utils.downloader import save_bytes

TEXT_FORMATS = {"srt": "application/x-subrip", "vtt": "text/vtt"}
ALL_FORMATS = (*TEXT_FORMATS, *FORMATS, "captioned")


def shot_media(db: Database, media_store: MediaStore, sequence_id: str) -> tuple[list[ShotMedia], float]:
    """Every shot's file, length to the frame, prompt and dialog, and the frame rate; all shots must be made."""
    sequence = require_sequence(db, sequence_id)
    missing = [shot.shot_number for shot in sequence.shots if shot.status != "completed"]
    if missing:
        raise Conflict(f"Shot {missing[0]} is not made yet; export once every shot is completed.", field="sequence_id")
    media, fps = [], 24.0
    for row in records.shot_rows(db, sequence_id):
        path = media_store.fetch(media_store.folder(sequence_id) / row["video_file"])
        try:
            info = probe(path)
        except MediaError as exc:
            raise Conflict(f"Shot {row['shot_number']}'s file cannot be read: {exc}", field="sequence_id") from exc
        fps = timeline_rate(info.fps or fps)
        media.append(ShotMedia(row["shot_number"], path, round(info.duration * fps), row["prompt"], row["dialog"]))
    return media, fps


def captions_for(media: list[ShotMedia], fps: float) -> list[Caption]:
    """The sequence's captions: each shot's dialog offset by where the shot starts (to the frame)."""
    start, timed = 0.0, []
    for shot in media:
        length = shot.frames / fps
        timed.append((start, length, shot.dialog))
        start += length
    return sequence_captions(timed)


def export(db: Database, store: MediaStore, sequence_id: str, fmt: str, media_url=None) -> Path:
    """Write the export into the sequence's exports/ folder and return its path."""
    media, fps = shot_media(db, store, sequence_id)
    captions = captions_for(media, fps)
    folder = store.folder(sequence_id) / "exports"
    folder.mkdir(exist_ok=True)
    if fmt in TEXT_FORMATS:
        text = to_srt(captions) if fmt == "srt" else to_vtt(captions)
        save_bytes(text.encode("utf-8"), folder / f"{sequence_id}.{fmt}")
        return folder / f"{sequence_id}.{fmt}"
    if fmt == "captioned":
        return _burn(store, sequence_id, captions, folder)
    title = records.sequence_row(db, sequence_id)["title"] or f"Shot Studio {sequence_id}"
    url = media_url or (lambda shot: shot.file.resolve().as_uri())
    timeline = build_timeline(title, fps, media, captions, url)
    return write(timeline, fmt, folder / sequence_id)


def _burn(store: MediaStore, sequence_id: str, captions: list[Caption], folder: Path) -> Path:
    """The stitched sequence with its captions drawn in (ffmpeg's subtitles filter, libass)."""
    stitched = store.fetch(store.folder(sequence_id) / "sequence.mp4")
    if not stitched.is_file():
        raise Conflict(f"Sequence {sequence_id} is not stitched yet.", field="sequence_id")
    subtitles = folder / "burn.srt"
    save_bytes(to_srt(captions).encode("utf-8"), subtitles)
    out = folder / f"{sequence_id}_captioned.mp4"
    part = folder / f".{out.name}.part.mp4"
    style = "FontName=DejaVu Sans,FontSize=11,Outline=1.5,BorderStyle=1,MarginV=28"  # in libass 384x288 units
    escaped = str(subtitles).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    run_ffmpeg(["-i", str(stitched), "-vf", f"subtitles='{escaped}':force_style='{style}'", "-c:a", "copy",
                "-movflags", "+faststart", str(part)])  # fmt: skip
    part.replace(out)  # whole or not at all, like every file the studio serves
    return out
