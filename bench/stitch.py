"""Time the stitcher against a plain MoviePy concatenation of the same three 12 s clips.

Run: .venv/bin/python bench/stitch.py [--seconds 12] [--runs 3]

Each method runs in a fresh child process of this script, which times only the stitch
call and reports its own peak RSS (RUSAGE_SELF) and the largest peak RSS of the ffmpeg
processes it started (RUSAGE_CHILDREN: the largest one, not their sum), and the CPU
seconds of both, which a busy machine disturbs less than wall time. The fast path
starts no ffmpeg at all (PyAV works in-process), so its figure is the whole cost.
MoviePy runs several ffmpeg readers and a writer at once, so its real footprint is
larger than either of its two columns.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The clip maker lives with the tests, which are not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.media.probe import run_ffmpeg  # noqa: E402
from backend.stitcher import stitch  # noqa: E402
from tests.media_fixtures import make_clip  # noqa: E402

RSS_GOAL_MB = 100
SPEED_GOAL = 60


def run_method(method: str, clips: list[Path], output: Path) -> None:
    """Stitch once with `method` in this (child) process and print timings as JSON."""
    if method == "moviepy":
        from moviepy import VideoFileClip, concatenate_videoclips

    before = resource.getrusage(resource.RUSAGE_SELF)  # the imports' CPU is not the method's
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    if method == "copy":
        assert stitch(clips, output).method == "copy"
    elif method == "crossfade":
        stitch(clips, output, transition="crossfade", crossfade=0.5)
    elif method == "streamcopy":
        listing = output.with_suffix(".txt")
        listing.write_text("".join(f"file '{clip}'\n" for clip in clips))
        run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(output)])
    elif method == "moviepy":
        sources = [VideoFileClip(str(clip)) for clip in clips]
        final = concatenate_videoclips(sources)
        final.write_videofile(
            str(output),
            codec="libx264",
            audio_codec="aac",
            temp_audiofile=str(output.with_suffix(".m4a")),
            logger=None,
        )
        for clip in [final, *sources]:
            clip.close()
    wall = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(u.ru_utime + u.ru_stime for u in (own, children)) - cpu_before
    print(
        json.dumps(
            {"wall": wall, "cpu": cpu, "python_mb": own.ru_maxrss / 1024, "ffmpeg_mb": children.ru_maxrss / 1024}
        )
    )


def measure(method: str, clips: list[Path], folder: Path, runs: int) -> dict:
    """Run `method` in `runs` fresh children; return the median wall time and the highest peaks."""
    results = []
    for run in range(runs):
        output = folder / f"{method}-{run}.mp4"
        command = [sys.executable, __file__, "--child", method, str(output), *map(str, clips)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "cpu": statistics.median(r["cpu"] for r in results),
        "python_mb": max(r["python_mb"] for r in results),
        "ffmpeg_mb": max(r["ffmpeg_mb"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="runs of each fast method (median reported)")
    parser.add_argument(
        "--grain", type=int, default=0, help="moving noise over the test pattern (0-100), like real footage"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        method, output, *clips = args.child
        run_method(method, [Path(c) for c in clips], Path(output))
        return

    with tempfile.TemporaryDirectory(prefix="bench-stitch-") as tmp:
        folder = Path(tmp)
        clips = [
            make_clip(folder / f"shot{n}.mp4", 720, 1280, args.seconds, tone_hz=tone, moving=True, grain=args.grain)
            for n, tone in enumerate((440, 660, 880), 1)
        ]
        megabits = sum(clip.stat().st_size for clip in clips) * 8 / 1e6 / (3 * args.seconds)
        print(
            f"3 x {args.seconds} s 720x1280 24 fps H.264 + AAC 128k stereo clips: testsrc2, grain {args.grain}, "
            f"{megabits:.1f} Mbit/s"
        )
        rows = [
            ("stitch() fast path: video copied, audio encoded once", measure("copy", clips, folder, args.runs)),
            ("ffmpeg concat -c copy (reference: clicks at joins)", measure("streamcopy", clips, folder, args.runs)),
            ("stitch() crossfade 0.5 s (MoviePy path)", measure("crossfade", clips, folder, 1)),
            ("MoviePy concatenate_videoclips + write_videofile", measure("moviepy", clips, folder, 1)),
        ]
    baseline = rows[-1][1]["wall"]
    print(f"\n{'method':<54}{'wall s':>8}{'CPU s':>8}{'python MB':>11}{'ffmpeg MB':>11}{'vs MoviePy':>12}")
    for name, row in rows:
        ffmpeg = f"{row['ffmpeg_mb']:.0f}" if row["ffmpeg_mb"] > 1 else "-"
        ratio = baseline / row["wall"]
        print(f"{name:<54}{row['wall']:>8.2f}{row['cpu']:>8.2f}{row['python_mb']:>11.0f}{ffmpeg:>11}{ratio:>11.1f}x")
    fast = rows[0][1]
    speed = baseline / fast["wall"]
    peak = fast["python_mb"] + fast["ffmpeg_mb"]
    print(
        f"\nfast path: {speed:.0f}x faster than MoviePy (goal >= {SPEED_GOAL}x: "
        f"{'met' if speed >= SPEED_GOAL else 'NOT met'}); peak RSS {peak:.0f} MB "
        f"(goal < {RSS_GOAL_MB} MB: {'met' if peak < RSS_GOAL_MB else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
