"""Join a sequence's shots into one mp4.

* **copy**, when the clips' video streams match: the video packets are copied untouched
  and the sound is decoded and encoded once across the whole timeline, because copied AAC
  clicks or gaps at every join (each clip starts with encoder priming). Each clip's sound
  is cut or padded with silence to exactly its video's length, so picture and sound stay
  in step at every join. The encode runs in parallel chunks that warm up before their
  first kept packet, so the chunks join as cleanly as one long encode.
* **reencode**, with MoviePy (stitch_reencode.py): a crossfade, or clips that differ in
  size, rate or codec, brought to the first clip's size (letterboxed, never stretched)
  and frame rate.

The result is written beside `output` and renamed into place: a failed stitch leaves the
previous file as it was.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from pathlib import Path
from uuid import uuid4

import av
import numpy as np

from backend.media.probe import MediaError, StreamInfo, probe

AAC_FRAME = 1024  # samples per AAC packet
# Packets a chunk's encoder sees before its first kept one: its rate control needs
# about 8 to settle (measured on tone and noise: 4 left a 0.2 amplitude error after the seam).
PRE_ROLL = 32
POST_ROLL = 2  # the last kept packet's window reaches one frame past it
MIN_CHUNK_SECONDS = 4.0  # shorter chunks spend more on warm-up than they save
MIN_AUDIO_BIT_RATE = 128_000  # re-encoding below the source's rate adds loss
MAX_AUDIO_BIT_RATE = 320_000


class StitchError(Exception):
    """Carries `shot_number` (1-based index of the clip at fault, or None) and a message a person understands."""

    def __init__(self, message: str, shot_number: int | None = None):
        super().__init__(message)
        self.message = message
        self.shot_number = shot_number


@dataclass(frozen=True)
class StitchResult:
    """What stitch() made: where, how long, and by which path."""

    path: Path
    duration: float
    method: str  # "copy" (fast path) or "reencode" (MoviePy)


@dataclass(frozen=True)
class _Clip:
    """One readable shot and the exact extent of its video, in its own time base."""

    path: Path
    shot: int
    info: StreamInfo
    start: int  # first video pts
    length: int  # from the first frame's start to the last frame's end
    extradata: bytes | None
    audio_layout: str | None
    audio_bit_rate: int


def compatible(infos: list[StreamInfo]) -> bool:
    """Tell whether the clips' video can be joined by stream copy: same codec, size, rate, time base, pixels."""
    if not infos or any(info.video_codec is None for info in infos):
        return False
    keys = {(i.video_codec, i.width, i.height, i.fps, i.time_base, i.pix_fmt) for i in infos}
    return len(keys) == 1


def stitch(clips: list[Path], output: Path, transition: str = "cut", crossfade: float = 0.5) -> StitchResult:
    """Join `clips` into `output` with a cut or a crossfade; raise StitchError naming a bad shot."""
    if not clips:
        raise StitchError("There are no shots to stitch.")
    if transition not in ("cut", "crossfade"):
        raise StitchError(f"Unknown transition {transition!r}: use 'cut' or 'crossfade'.")
    scanned = [_scan(Path(path), shot) for shot, path in enumerate(clips, 1)]
    fade = transition == "crossfade" and len(scanned) > 1
    if fade:
        shortest = min(clip.info.duration for clip in scanned)
        if not 0 < crossfade <= shortest / 2:
            raise StitchError(
                f"A crossfade must last more than 0 s and at most half the shortest shot "
                f"({shortest / 2:.2f} s); {crossfade} s was asked for."
            )
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Same folder as the output, so the final rename is atomic; ".mp4" so ffmpeg knows the format.
    partial = output.with_name(f".{output.stem}.{uuid4().hex[:8]}.part.mp4")
    try:
        copyable = compatible([c.info for c in scanned]) and len({c.extradata for c in scanned}) == 1
        if copyable and not fade:
            duration, method = _copy(scanned, partial), "copy"
        else:
            # Imported here: MoviePy pulls in much that the copy path never needs (and its memory).
            from backend.media.reencode import reencode

            duration, method = reencode(scanned, partial, crossfade if fade else 0.0), "reencode"
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return StitchResult(path=output, duration=duration, method=method)


@contextmanager
def _blame(shot: int, path: Path) -> Iterator[None]:
    """Turn a read failure inside the block into a StitchError that names the shot (details stay chained)."""
    try:
        yield
    except (av.FFmpegError, MediaError, OSError, ValueError, EOFError) as exc:
        missing = isinstance(exc, FileNotFoundError) or not path.exists()
        why = "the file is missing" if missing else "it is damaged or not a video"
        raise StitchError(f"Shot {shot} could not be read ({path.name}): {why}.", shot) from exc


def _scan(path: Path, shot: int) -> _Clip:
    """Probe one clip and walk its packets, so a truncated file is caught before anything is written."""
    with _blame(shot, path):
        info = probe(path)
        if info.video_codec is None:
            raise StitchError(f"Shot {shot} has no video stream.", shot)
        with av.open(str(path)) as container:
            video = container.streams.video[0]
            audio = next(iter(container.streams.audio), None)
            tick = round(1 / (info.fps * video.time_base)) if info.fps else 1
            # (start, end, corrupt) of every packet; the packets themselves are let go at once.
            spans = [
                (p.pts, p.pts + (p.duration or tick), p.is_corrupt) for p in container.demux(video) if p.pts is not None
            ]
            if not spans or any(corrupt for *_, corrupt in spans):
                raise StitchError(f"Shot {shot} is damaged: its video frames are missing or corrupt.", shot)
            first, end = min(s[0] for s in spans), max(s[1] for s in spans)
            if video.duration and end - first < video.duration - tick:
                raise StitchError(f"Shot {shot} is incomplete: the file ends before its video does.", shot)
            layout, bit_rate = (audio.layout.name, audio.bit_rate or 0) if audio else (None, 0)
            return _Clip(path, shot, info, first, end - first, video.codec_context.extradata, layout, bit_rate)


def _copy(clips: list[_Clip], partial: Path) -> float:
    """Copy every clip's video packets back to back and lay one freshly encoded audio track under them."""
    time_base = clips[0].info.time_base
    offsets = [sum(c.length for c in clips[:i]) for i in range(len(clips) + 1)]
    voiced = [c for c in clips if c.audio_layout]
    packets: list[av.Packet] = []
    if voiced:
        rate, layout = voiced[0].info.sample_rate, voiced[0].audio_layout
        bit_rate = min(MAX_AUDIO_BIT_RATE, max(MIN_AUDIO_BIT_RATE, *(c.audio_bit_rate for c in voiced)))
        bounds = [round(offset * time_base * rate) for offset in offsets]
        timeline = np.zeros((av.AudioLayout(layout).nb_channels, bounds[-1]), dtype=np.float32)
        for clip, lo, hi in zip(clips, bounds, bounds[1:], strict=False):
            if clip.audio_layout:
                _decode_into(timeline, clip, lo, hi, rate, layout)
        packets, extradata = _encode(timeline, rate, layout, bit_rate)
    with av.open(str(partial), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        with av.open(str(clips[0].path)) as template:
            vout = out.add_stream_from_template(template.streams.video[0])
        vout.time_base = time_base
        if voiced:
            aout = out.add_stream("aac", rate=rate, layout=layout)
            aout.time_base, aout.codec_context.bit_rate = Fraction(1, rate), bit_rate
            aout.codec_context.extradata = extradata
            for packet in packets:
                packet.stream = aout
        # Interleaved by time, so a browser playing the file as it downloads needs no long seeks.
        video = _shifted_video(clips, offsets, vout)
        for packet in heapq.merge(packets, video, key=lambda p: p.dts * p.time_base):
            out.mux(packet)
    return float(offsets[-1] * time_base)


def _shifted_video(clips: list[_Clip], offsets: list[int], stream: av.VideoStream) -> Iterator[av.Packet]:
    """Yield every clip's video packets, each clip's timestamps moved to start where the last one ended."""
    last_dts = None
    for clip, offset in zip(clips, offsets, strict=False):
        # Only reading happens in here: a failure to write is not blamed on a shot.
        with _blame(clip.shot, clip.path), av.open(str(clip.path)) as container:
            for packet in container.demux(container.streams.video[0]):
                if packet.dts is None:
                    continue
                packet.dts += offset - clip.start
                packet.pts = packet.dts if packet.pts is None else packet.pts + offset - clip.start
                if last_dts is not None and packet.dts <= last_dts:  # the muxer wants strictly rising dts
                    packet.dts = last_dts + 1
                    packet.pts = max(packet.pts, packet.dts)
                last_dts, packet.stream = packet.dts, stream
                yield packet


def _decode_into(timeline: np.ndarray, clip: _Clip, lo: int, hi: int, rate: int, layout: str) -> None:
    """Decode a clip's sound into timeline[lo:hi], placed where its video starts; silence fills the rest."""
    start_time = clip.start * clip.info.time_base
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
    position = None
    with _blame(clip.shot, clip.path), av.open(str(clip.path)) as container:
        stream = container.streams.audio[0]
        for frame in chain(container.decode(stream), [None]):
            if position is None:
                if frame is None:
                    return  # no sound at all: the timeline's silence stays
                # Sound that starts after (or before) the picture keeps that offset.
                position = lo + round((Fraction(frame.pts or 0) * frame.time_base - start_time) * rate)
            for chunk in resampler.resample(frame):
                samples = chunk.to_ndarray()
                a, b = max(position, lo), min(position + samples.shape[1], hi)
                if a < b:
                    timeline[:, a:b] = samples[:, a - position : b - position]
                position += samples.shape[1]


def _encode(
    timeline: np.ndarray, rate: int, layout: str, bit_rate: int, chunks: int | None = None
) -> tuple[list[av.Packet], bytes]:
    """Encode the timeline to AAC in parallel chunks whose packets join into one seamless stream."""
    total = timeline.shape[1]
    chunks = chunks or max(1, min(os.cpu_count() or 1, int(total // (MIN_CHUNK_SECONDS * rate))))
    cuts = [0, *((total * i // chunks) // AAC_FRAME * AAC_FRAME for i in range(1, chunks)), total]

    def span(i: int) -> tuple[list[av.Packet], bytes]:
        return _encode_span(timeline, cuts[i], cuts[i + 1], i == 0, i == chunks - 1, rate, layout, bit_rate)

    with ThreadPoolExecutor(max_workers=chunks) as pool:  # libavcodec encodes without the GIL
        parts = list(pool.map(span, range(chunks)))
    return [packet for packets, _ in parts for packet in packets], parts[0][1]


def _encode_span(
    timeline: np.ndarray, lo: int, hi: int, first: bool, last: bool, rate: int, layout: str, bit_rate: int
) -> tuple[list[av.Packet], bytes]:
    """Encode timeline[lo:hi] with warm-up before and after; keep only the packets that cover the span."""
    encoder = av.CodecContext.create("aac", "w")
    encoder.sample_rate, encoder.layout, encoder.format = rate, layout, "fltp"
    encoder.bit_rate, encoder.time_base = bit_rate, Fraction(1, rate)
    encoder.open()
    begin, stop = max(0, lo - PRE_ROLL * AAC_FRAME), min(timeline.shape[1], hi + POST_ROLL * AAC_FRAME)
    packets: list[av.Packet] = []
    for at in range(begin, stop, AAC_FRAME):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(timeline[:, at : min(at + AAC_FRAME, stop)]), format="fltp", layout=layout
        )
        frame.sample_rate, frame.pts = rate, at
        packets.extend(encoder.encode(frame))
    packets.extend(encoder.encode(None))
    # A packet stamped p decodes to samples [p, p + 1024); the first chunk keeps its priming.
    kept = [p for p in packets if (first or p.pts >= lo) and (last or p.pts < hi)]
    return kept, bytes(encoder.extradata or b"")
