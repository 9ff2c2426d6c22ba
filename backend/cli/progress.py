"""Follow a sequence to its end with a live line per shot (rich), or quietly for --json."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from backend.cli.client import StudioClient

DONE = ("completed", "failed", "awaiting_approval")


def follow(client: StudioClient, sequence_id: str, console: Console, quiet: bool) -> dict:
    """Poll the sequence until it is completed, failed or waiting for approval; return its last state."""
    path = f"/api/sequences/{sequence_id}"
    sequence = client.call("GET", path)
    if quiet:
        while sequence["status"] not in DONE:
            time.sleep(0.5)
            sequence = client.call("GET", path)
        return sequence
    columns = (TextColumn("{task.description}", style="bold"), BarColumn(), TextColumn("{task.fields[status]}"))
    with Progress(*columns, console=console, transient=False) as progress:
        tasks = {
            shot["shot_number"]: progress.add_task(f"Shot {shot['shot_number']}", total=100, status="queued")
            for shot in sequence["shots"]
        }
        stitch = progress.add_task("Sequence", total=1, status=sequence["status"])
        while True:
            for shot in sequence["shots"]:
                label = shot["status"] if not shot["error"] else f"failed: {shot['error']['message'][:60]}"
                progress.update(tasks[shot["shot_number"]], completed=shot["progress"], status=label)
            progress.update(stitch, completed=int(sequence["status"] == "completed"), status=sequence["status"])
            if sequence["status"] in DONE:
                return sequence
            time.sleep(0.5)
            sequence = client.call("GET", path)
