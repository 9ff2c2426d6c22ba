"""Render an honest animatic of a prompt: a painted plate, a camera move, captions, subtitles, speech.

Pillow paints one still plate (look.py, plates.py) and a few small text cards (cards.py); one ffmpeg
run then moves the camera over the plate, lays the cards on at their times, mixes the
soundtrack and encodes the video, and a second one decodes a dozen of its keyframes for
the thumbnail and the spritesheet. No Python runs per frame.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from backend.local_engine import cards, speech
from backend.local_engine.anchors import directions
from backend.local_engine.figures import Subject, read_subject
from backend.local_engine.look import Look, choose_look
from backend.local_engine.plates import paint_plate
from backend.local_engine.slates import clear_still_slate
from backend.media.probe import MediaError, run_ffmpeg

FPS = 24  # the default frame rate; LOCAL_ENGINE_FPS can lower it for drafts (render cost follows frames)
PUSH = 0.1  # how far a push or pull travels: a gentle 10 %
PAN_MARGIN = 1.16  # plate overscan a pan or tilt travels across


@dataclass(frozen=True)
class RenderSpec:
    prompt: str  # the job's prompt: caption, dialog and camera words come from it
    width: int
    height: int
    seconds: int
    look_prompt: str  # palette and setting; a remix passes its source's, so it keeps the look
    reference_image: Path | None = None  # a PNG of exactly width x height, used as the plate
    label: str = ""  # short id shown small in a corner
    fps: int = FPS


@dataclass(frozen=True)
class RenderedFiles:
    video: Path
    thumbnail: Path
    spritesheet: Path


# Camera words, most specific first: on a tie of position the earlier entry wins.
MOVES = {
    "push in": r"(push(es|ing)?|dolly|dollies|dollying|zoom(s|ing)?|track(s|ing)?|mov(e|es|ing)|creep(s|ing)?)[ -]in\b"
    r"|slow push",
    "pull out": r"(pull(s|ing)?|dolly|dollies|dollying|track(s|ing)?)[ -](out|back)\b|zoom(s|ing)?[ -]out\b",
    "pan left": r"pan(s|ning)?( slowly| gently)?( to the)? left\b",
    "pan right": r"pan(s|ning)?( slowly| gently)?( to the)? right\b",
    "tilt up": r"tilt(s|ing)?( slowly| gently)? up\b",
    "tilt down": r"tilt(s|ing)?( slowly| gently)? down\b",
    "static": r"static|locked[ -]off|lock[ -]off|tripod|still camera|no camera move",
    "pan right ": r"pan(s|ning)?\b",  # a pan with no direction
    "tilt up ": r"tilt(s|ing)?\b",
}


def camera_move(prompt: str) -> str:
    """Return the camera move the prompt asks for first; a gentle push when it names none.

    The Cinematography line is read first; the people's and places' descriptions are never read.
    """
    for text in directions(prompt):
        text = text.lower()
        moves = (
            (m.start(), n, move) for n, (move, rx) in enumerate(MOVES.items()) if (m := re.search(rf"\b({rx})", text))
        )
        best = min(moves, default=None)
        if best:
            return best[2].strip()
    return "push in"


@dataclass(frozen=True)
class Motion:
    plate: tuple[int, int]  # size of the plate to paint
    filter: str  # ffmpeg filter turning the looped plate into the moving frame ("" when static)


def motion(move: str, frame: tuple[int, int], frames: int, reference: bool, fps: int = FPS) -> Motion:
    """Plan the plate size and the ffmpeg filter for a camera move over `frames` frames at `fps`."""
    w, h = frame
    centre, overscan = (0.5, 0.5), PAN_MARGIN
    direction = {"pan left": (0.0, 0.5), "pan right": (1.0, 0.5), "tilt up": (0.5, 0.0), "tilt down": (0.5, 1.0)}
    if move == "static":
        return Motion(frame, "")
    if move in direction and not reference:
        # A painted plate can be wider than the frame: slide a window across it, no resampling.
        horizontal = move.startswith("pan")
        plate = (cards.even(w * overscan), h) if horizontal else (w, cards.even(h * overscan))
        start = tuple(1 - a for a in direction[move])
        ax, ay = (_lerp(s, e, _smooth(frames, fps)) for s, e in zip(start, direction[move], strict=True))
        return Motion(plate, f"crop={w}:{h}:x='(iw-ow)*({ax})':y='(ih-oh)*({ay})':exact=1")
    # Zoom by rescaling the whole plate each frame and cropping the frame out of it. The crop's offset
    # is worked out from the same even size as the scale's, so a centred push stays exactly centred;
    # zoompan rounds its crop window and position separately, and edges visibly jitter.
    zoom, anchor, ease = {
        "push in": ((1.0, 1.0 + PUSH), (centre, centre), _linear(frames, fps)),
        "pull out": ((1.0 + PUSH, 1.0), (centre, centre), _linear(frames, fps)),
    }.get(move, ((1.0, overscan), (centre, direction.get(move, centre)), _smooth(frames, fps)))
    k = _lerp(*zoom, ease)
    sw, sh = f"2*trunc({w}*{k}/2)", f"2*trunc({h}*{k}/2)"
    ax, ay = (_lerp(s, e, ease) for s, e in zip(*anchor, strict=True))
    return Motion(
        frame,
        f"scale=w='{sw}':h='{sh}':eval=frame:flags=bilinear,"
        f"crop={w}:{h}:x='({sw}-{w})*{ax}':y='({sh}-{h})*{ay}':exact=1",
    )


def _linear(frames: int, fps: int) -> str:
    """Progress 0 to 1 over the clip, from the timestamp: crop and scale count frames `n` one apart."""
    return f"(t*{fps}/{max(1, frames - 1)})"


def _smooth(frames: int, fps: int) -> str:
    """Ease in and out (smoothstep), the way an operator starts and stops a pan."""
    p = _linear(frames, fps)
    return f"({p}*{p}*(3-2*{p}))"


def _lerp(a: float, b: float, t: str) -> str:
    return f"{a:.4f}" if a == b else f"({a:.4f}+{b - a:.4f}*{t})"


def render_animatic(spec: RenderSpec, out_dir: Path) -> RenderedFiles:
    """Render the animatic of `spec` as video.mp4, thumbnail.webp and spritesheet.jpg in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = RenderedFiles(out_dir / "video.mp4", out_dir / "thumbnail.webp", out_dir / "spritesheet.jpg")
    tag = secrets.token_hex(4)
    parts = [p.with_name(f".{p.name}.{tag}.part") for p in (final.video, final.thumbnail, final.spritesheet)]
    stills = Stills.plan(spec)
    try:
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".render-") as work:
            run_ffmpeg(_video_command(spec, Path(work), stills, parts[0]))
        run_ffmpeg(stills.command(parts[0], parts[1], parts[2]))
        for part, target in zip(parts, (final.video, final.thumbnail, final.spritesheet), strict=True):
            os.replace(part, target)
    except OSError as exc:
        raise MediaError(f"cannot write the animatic: {exc}") from exc
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return final


@dataclass(frozen=True)
class Stills:
    """The frames the thumbnail and the spritesheet show; the video gets a keyframe at each of them."""

    thumb: int
    tiles: tuple[int, ...]
    columns: int
    tile_size: tuple[int, int]
    fps: int = FPS

    @classmethod
    def plan(cls, spec: RenderSpec) -> Stills:
        """Pick the middle frame and 4 x n evenly spaced ones, n = seconds / 4 (at least 2)."""
        frames = spec.seconds * spec.fps
        count = 4 * max(2, spec.seconds // 4)
        tile_w = 256 if spec.width >= spec.height else 144
        return cls(
            thumb=frames // 2,
            tiles=tuple(int((i + 0.5) * frames / count) for i in range(count)),
            columns=4,
            tile_size=(tile_w, cards.even(tile_w * spec.height / spec.width)),
            fps=spec.fps,
        )

    def keyframes(self) -> str:
        """Return x264's forced keyframe times, a quarter frame early so rounding cannot skip one."""
        return ",".join(f"{(f - 0.25) / self.fps:.5f}" for f in sorted({self.thumb, *self.tiles}))

    def command(self, video: Path, thumb: Path, sheet: Path) -> list[str]:
        """Return the ffmpeg command that decodes only the keyframes and writes the two stills.

        Splitting the main render's output into these stills held hundreds of frames in memory
        while ffmpeg waited for the stills' late timestamps; decoding a dozen keyframes is cheap.
        """

        def at(frames: tuple[int, ...]) -> str:
            return "+".join(f"between(t,{(f - 0.5) / self.fps:.5f},{(f + 0.5) / self.fps:.5f})" for f in frames)

        w, h = self.tile_size
        rows = len(self.tiles) // self.columns
        graph = (
            f"[0:v]split[a][b];[a]select='{at((self.thumb,))}'[thumb];"
            f"[b]select='{at(self.tiles)}',scale={w}:{h},tile={self.columns}x{rows}[sheet]"
        )
        return [
            "-skip_frame", "nokey", "-i", str(video), "-filter_complex", graph,
            "-map", "[thumb]", "-frames:v", "1", "-c:v", "libwebp", "-quality", "82", "-f", "webp", str(thumb),
            "-map", "[sheet]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "3", "-f", "mjpeg", str(sheet),
        ]  # fmt: skip


def read_shot(prompt: str, look_prompt: str) -> tuple[list[speech.Line], Look, Subject]:
    """Read a shot's dialog, its look and who stands in it, as its animatic and its still both draw them."""
    lines = speech.parse_dialog(prompt)
    return lines, choose_look(look_prompt), read_subject(prompt, speech.speakers(lines))


def _video_command(spec: RenderSpec, work: Path, stills: Stills, video: Path) -> list[str]:
    """Paint the plate and cards into `work` and return the one ffmpeg command that assembles them."""
    frame, fps = (spec.width, spec.height), spec.fps
    frames = spec.seconds * fps
    lines, look, subject = read_shot(spec.prompt, spec.look_prompt)
    move = camera_move(spec.prompt)
    plan = motion(move, frame, frames, spec.reference_image is not None, fps)
    pace = speech.pace_for(lines, spec.seconds)
    cues, voiced = speech.plan(lines, spec.seconds, speech.synthesize(lines, pace, work))

    plate = _plate(spec, look, subject, plan.plate)
    (work / "plate.rgb").write_bytes(plate.tobytes())
    inputs = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{plate.width}x{plate.height}", "-framerate", str(fps)]
    inputs += ["-i", str(work / "plate.rgb")]
    chain = ["format=yuv420p", f"loop=loop={frames - 1}:size=1:start=0", f"setpts=N/{fps}/TB", plan.filter or "null"]
    graph = [f"[0:v]{','.join(chain)}[v0]"]
    overlays = _cards(spec, work, subject.framing, move, cues, speech.speakers(lines))
    for n, (card, (x, y), when) in enumerate(overlays, start=1):
        inputs += ["-i", str(card)]
        enable = f":enable='{when}'" if when else ""
        graph.append(f"[v{n - 1}][{n}:v]overlay=x={x}:y={y}:eof_action=repeat{enable}[v{n}]")
    graph.append(f"[v{len(overlays)}]{timecode_filter(frame, fps) or 'null'}[vout]")
    voice_inputs, audio = speech.audio_graph(look.light, spec.seconds, voiced, len(overlays) + 1)
    inputs += voice_inputs
    graph.append(audio)
    return [
        *inputs,
        "-filter_complex", ";".join(graph),
        "-map", "[vout]", "-map", "[aout]",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p", "-r", str(fps),
        "-g", str(10 * fps), "-force_key_frames", stills.keyframes(),
        "-c:a", "aac", "-b:a", "128k", "-ar", str(speech.SAMPLE_RATE), "-ac", "2",
        "-t", str(spec.seconds), "-movflags", "+faststart", "-f", "mp4", str(video),
    ]  # fmt: skip


def _cards(
    spec: RenderSpec, work: Path, framing: str, move: str, cues: list[speech.Cue], cast: list[str]
) -> list[tuple[Path, tuple[int, int], str]]:
    """Draw every text card into `work`; return each file, its position and when it shows ("" = always)."""
    frame = (spec.width, spec.height)
    drawn = [(*cards.caption_card(spec.prompt, framing, move, spec.seconds, frame), "")]
    if spec.label:
        drawn.append((*cards.label_card(spec.label, frame), ""))
    for cue in cues:
        card, at = cards.subtitle_card(cue.speaker, cast.index(cue.speaker) if cue.speaker else 0, cue.text, frame)
        drawn.append((card, at, f"between(t,{cue.start:.3f},{cue.end:.3f})"))
    return [(_save(card, work / f"card{n}.png"), at, when) for n, (card, at, when) in enumerate(drawn)]


def _plate(spec: RenderSpec, look: Look, subject: Subject, size: tuple[int, int]) -> Image.Image:
    """Use the reference image as the plate when there is one, else paint it."""
    if spec.reference_image is None:
        return paint_plate(look, subject, size, (spec.width, spec.height))
    try:
        with Image.open(spec.reference_image) as ref:
            # A keyframe still as the plate: its slate gives way to the animatic's own caption.
            return clear_still_slate(ref).resize(size, Image.Resampling.LANCZOS)
    except OSError as exc:
        raise MediaError(f"cannot read the reference image: {exc}") from exc


def _save(card: Image.Image, path: Path) -> Path:
    card.save(path, compress_level=1)
    return path


def timecode_filter(frame: tuple[int, int], fps: int = FPS) -> str:
    """Return a drawtext filter burning in a running timecode, or "" where no font file exists."""
    font = cards.FONT_DIR / "DejaVuSansMono.ttf"
    if not font.exists():
        return ""
    base, m = min(frame), cards.margin(frame)
    size, pad = round(base * 0.019), round(base * 0.01)
    return (
        f"drawtext=fontfile='{font}':timecode='00\\:00\\:00\\:00':rate={fps}:fontsize={size}:"
        f"fontcolor=white@0.9:box=1:boxcolor=black@0.6:boxborderw={pad}:"
        f"x=w-tw-{m + pad}:y=h-th-{round(m * 0.6) + pad}"
    )
