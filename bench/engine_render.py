"""Time the local engine's animatic renderer at every size and length it accepts, at 24 fps and a draft rate.

Run: .venv/bin/python bench/engine_render.py [--draft-fps 8]

The prompt is a typical director prompt with two lines of dialog and no camera words, so
every render takes the default slow push (the resampling path, the dearer one) and voices
its lines when espeak-ng is installed. The goal: a 12 s 1792x1024 animatic in at most 4 s (at 24 fps).
Each clip is also rendered at the draft rate (LOCAL_ENGINE_FPS, what the test suite sets), and the
table gives both CPU times and draft / default: the CPU a draft saves, wherever the machine is busy.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.local_engine.render import FPS, RenderSpec, render_animatic  # noqa: E402
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


def render(spec: RenderSpec, out: Path) -> tuple[float, float]:
    """Render `spec` into `out`; return the wall and CPU seconds it took."""
    start, cpu = time.perf_counter(), cpu_seconds()
    render_animatic(spec, out)
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> int:
    """Render once per size and length at each rate, print a table, and say whether the goal was met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft-fps", type=int, default=8, help="the draft frame rate to compare (default 8)")
    draft = parser.parse_args().draft_fps
    print(f"espeak-ng: {espeak_path() or 'not installed (pad only)'}")
    print(f"{'size':>10} {'clip s':>7} {'render s':>9} {'render/clip':>12} {'cpu s':>6}", end="")
    print(f" | {f'{draft} fps s':>9} {'cpu s':>6} {'cpu draft/default':>18}")
    timings: dict[tuple[tuple[int, int], int], float] = {}
    cpu_total = {FPS: 0.0, draft: 0.0}
    work = Path(tempfile.mkdtemp(prefix="bench-engine-render-"))
    try:
        for width, height in SIZES:
            for seconds in LENGTHS:
                spec = RenderSpec(PROMPT, width, height, seconds, PROMPT, label="video_bench")
                took, cpu = render(spec, work / f"{width}x{height}-{seconds}")
                draft_took, draft_cpu = render(replace(spec, fps=draft), work / f"{width}x{height}-{seconds}-draft")
                timings[(width, height), seconds] = took
                cpu_total[FPS] += cpu
                cpu_total[draft] += draft_cpu
                print(f"{width}x{height:<5} {seconds:>7} {took:>9.2f} {took / seconds:>12.2f} {cpu:>6.2f}", end="")
                print(f" | {draft_took:>9.2f} {draft_cpu:>6.2f} {draft_cpu / cpu:>18.2f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"CPU for all {len(timings)} clips: {FPS} fps {cpu_total[FPS]:.1f} s, {draft} fps {cpu_total[draft]:.1f} s "
        f"({cpu_total[draft] / cpu_total[FPS]:.2f})"
    )
    size, seconds, limit = GOAL
    took = timings[size, seconds]
    verdict = "met" if took <= limit else "MISSED"
    print(f"goal: {seconds} s {size[0]}x{size[1]} at {FPS} fps in <= {limit:.0f} s: {verdict} ({took:.2f} s)")
    return 0 if took <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
