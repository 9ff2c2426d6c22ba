"""Time the local engine's animatic renderer at every size and length it accepts.

Run: .venv/bin/python bench/engine_render.py

The prompt is a typical director prompt with two lines of dialog and no camera words, so
every render takes the default slow push (the resampling path, the dearer one) and voices
its lines when espeak-ng is installed. The goal: a 12 s 1792x1024 animatic in at most 4 s.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.local_engine.render import RenderSpec, render_animatic  # noqa: E402
from backend.local_engine.speech import espeak_path  # noqa: E402

SIZES = [(720, 1280), (1280, 720), (1024, 1792), (1792, 1024)]
LENGTHS = [4, 8, 12]
GOAL = ((1792, 1024), 12, 4.0)  # size, clip seconds, most render seconds allowed
PROMPT = """Mara, a courier in a red coat, waits on a rain-soaked harbour pier at night.
Cinematography: medium shot, 35mm lens, shallow depth of field, cool moonlight with warm sodium lamps.
Action: she checks her watch, looks up as a figure approaches.
Dialogue:
- Mara: "We leave at dawn."
- Jo: "Not without the map."
Sound: rain on the water, a distant foghorn."""


def cpu_seconds() -> float:
    """Return the CPU time used so far by this process and its finished children (ffmpeg, espeak-ng).

    Printed beside the wall time because other work on a shared machine stretches the wall time.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    """Render once per size and length, print a table, and say whether the goal was met."""
    print(f"espeak-ng: {espeak_path() or 'not installed (pad only)'}")
    print(f"{'size':>10} {'clip s':>7} {'render s':>9} {'render/clip':>12} {'cpu s':>6}")
    timings: dict[tuple[tuple[int, int], int], float] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-engine-render-"))
    try:
        for width, height in SIZES:
            for seconds in LENGTHS:
                spec = RenderSpec(PROMPT, width, height, seconds, PROMPT, label="video_bench")
                start, cpu = time.perf_counter(), cpu_seconds()
                render_animatic(spec, work / f"{width}x{height}-{seconds}")
                took, cpu = time.perf_counter() - start, cpu_seconds() - cpu
                timings[(width, height), seconds] = took
                print(f"{width}x{height:<5} {seconds:>7} {took:>9.2f} {took / seconds:>12.2f} {cpu:>6.2f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size, seconds, limit = GOAL
    took = timings[size, seconds]
    verdict = "met" if took <= limit else "MISSED"
    print(f"goal: {seconds} s {size[0]}x{size[1]} in <= {limit:.0f} s: {verdict} ({took:.2f} s)")
    return 0 if took <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
