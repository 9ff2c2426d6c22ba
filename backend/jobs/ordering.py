"""Run numbered pieces of work in parallel, each once the piece it starts from has succeeded.

Shots wait for the shot they continue from, stills for the still they are edited from; a piece whose
source failed is not run and counts as failed too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextvars import copy_context  # the work's log lines carry the sequence id of its driver


def run_after_sources(
    pool: Executor,
    sources: dict[int, int | None],
    work: Callable[[int], bool],
    done: Iterable[int] = (),
    failed: Iterable[int] = (),
) -> tuple[set[int], set[int]]:
    """Run `work(number)` for every number not already done or failed; return (succeeded, failed).

    `sources[number]` is the number it waits for, or None. A `Stopped` raised by the work comes out of
    here (the rows stay resumable); work still running on the pool finishes on its own.
    """
    made, stuck = set(done), set(failed)
    waiting = set(sources) - made - stuck
    running: dict[Future, int] = {}
    while waiting or running:
        for number in sorted(waiting):
            source = sources[number]
            if source in stuck:
                waiting.discard(number)
                stuck.add(number)
            elif source is None or source in made:
                waiting.discard(number)
                running[pool.submit(copy_context().run, work, number)] = number
        if not running:
            break
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            number = running.pop(future)
            (made if future.result() else stuck).add(number)
    return made, stuck
