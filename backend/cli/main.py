"""`shot-studio`: run a storyboard to the end, estimate it, list sequences, export one; run a team worker.

Without --server the studio runs inside the command on this machine's storage and engine, so it works on
a fresh clone with nothing started. Exit codes: 0 done; 1 the sequence failed; 2 a bad storyboard or
request (the message names the field); 3 no studio answers at --server; 130 interrupted (the work
resumes the next time a studio starts).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from backend.cli.client import StudioClient, StudioRefused, StudioUnreachable
from backend.cli.documents import BadStoryboard, load
from backend.cli.outputs import write_outputs
from backend.cli.progress import follow

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n\n")[0])
console = Console(stderr=True, soft_wrap=True)  # a message stays on one line for scripts to read
Server = Annotated[str | None, typer.Option(help="A running studio's address; by default one runs in-process.")]
Token = Annotated[str | None, typer.Option(envvar="SHOT_STUDIO_TOKEN", help="The admin token, beyond loopback.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON for scripts.")]


class Failed(Exception):
    """Stop with this exit code and message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def studio(server: str | None, token: str | None):
    """A client for --server, or for a studio started inside this command."""
    if server:
        yield StudioClient(server, token)
        return
    from backend.cli.local import local_studio  # imported here: only this path needs the whole studio

    with local_studio() as url:
        yield StudioClient(url)


def emit(data, as_json: bool, text: str) -> None:
    if as_json:
        print(json.dumps(data, indent=2))
    else:
        console.print(text)


@app.command()
def run(
    board: Annotated[Path, typer.Argument(help="The storyboard JSON file.")],
    out: Annotated[Path | None, typer.Option(help="Write shots, sequence, captions and timelines here.")] = None,
    server: Server = None,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Run a storyboard to the end with live progress, and write what it made into --out."""
    document = _load(board)
    with _guarded(), studio(server, token) as client:
        started = client.call("POST", "/api/generate", json=document)
        if not as_json:
            console.print(f"[bold]{started['sequence_id']}[/bold]: {len(started['shots'])} shots, {client.base}")
        done = follow(client, started["sequence_id"], console, as_json)
        files = write_outputs(client, done, out) if out and done["status"] == "completed" else []
        emit({**done, "files": [str(f) for f in files]}, as_json, _summary(done, files))
        if done["status"] == "failed":
            raise Failed(1, "the sequence failed: " + _first_error(done))


@app.command()
def estimate(board: Annotated[Path, typer.Argument()], server: Server = None, token: Token = None,
             as_json: AsJson = False) -> None:  # fmt: skip
    """Price a storyboard (and see each shot's exact prompt) without paying for anything."""
    document = _load(board)
    with _guarded(), studio(server, token) as client:
        preview = client.call("POST", "/api/preview", json=document)
        cost = preview["estimated_usd"]
        lines = [f"Shot {s['shot_number']} ({s['seconds']} s): {s['continuity_note']}" for s in preview["shots"]]
        price = "unknown" if cost is None else f"${cost:.2f}"
        emit(preview, as_json, "\n".join([*lines, f"{preview['seconds']} s in all, {price}"]))


@app.command(name="list")
def list_sequences(server: Server = None, token: Token = None, as_json: AsJson = False,
                   limit: int = 20) -> None:  # fmt: skip
    """List the studio's sequences, newest first."""
    with _guarded(), studio(server, token) as client:
        page = client.call("GET", f"/api/sequences?limit={limit}")
        rows = [f"{s['sequence_id']}  {s['status']:<18} {len(s['shots'])} shots  {s['title']}" for s in page["data"]]
        emit(page, as_json, "\n".join(rows) or "No sequences yet.")


@app.command()
def export(
    sequence_id: Annotated[str, typer.Argument()],
    fmt: Annotated[str, typer.Option("--format", help="srt, vtt, otio, otioz, edl, fcp7xml or captioned")],
    out: Annotated[Path, typer.Option(help="The folder to write into.")] = Path("."),
    server: Server = None,
    token: Token = None,
) -> None:
    """Export a sequence: captions, an editor timeline, or the sequence with captions burned in."""
    with _guarded(), studio(server, token) as client:
        names = {"fcp7xml": "xml", "captioned": "mp4"}
        dest = out / f"{sequence_id}.{names.get(fmt, fmt)}"
        client.download(f"/api/sequences/{sequence_id}/export?format={fmt}", dest)
        console.print(f"wrote {dest}")


@app.command()
def worker() -> None:
    """Run a team worker: drive queued sequences (needs DATABASE_URL=postgresql://...; docs/DEPLOYMENT.md)."""
    from backend.team.worker import main as run_worker  # loads the queue library only in a worker

    run_worker()


def _load(board: Path) -> dict:
    try:
        return load(board)
    except BadStoryboard as exc:
        console.print(f"[red]bad storyboard[/red]: {exc}")
        raise typer.Exit(2) from None


@contextmanager
def _guarded():
    """Turn what went wrong into a message and an exit code."""
    try:
        yield
    except StudioUnreachable as exc:
        console.print(f"[red]{exc}[/red] Start it (./start.sh) or leave out --server to run one here.")
        raise typer.Exit(3) from None
    except StudioRefused as exc:
        where = f"{exc.field}: " if exc.field and not exc.message.startswith(exc.field) else ""
        console.print(f"[red]refused[/red] ({exc.status} {exc.code}): {where}{exc.message}")
        raise typer.Exit(2 if exc.status < 500 else 1) from None
    except Failed as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(exc.code) from None
    except KeyboardInterrupt:
        console.print("Stopped. Unfinished work resumes the next time a studio starts on the same storage.")
        raise typer.Exit(130) from None


def _summary(sequence: dict, files: list[Path]) -> str:
    text = f"{sequence['sequence_id']}: {sequence['status']}"
    return text + "".join(f"\n  {path}" for path in files)


def _first_error(sequence: dict) -> str:
    for shot in sequence["shots"]:
        if shot["error"]:
            return f"shot {shot['shot_number']}: {shot['error']['message']}"
    return sequence.get("stitch_error") or sequence["status"]


def main() -> None:
    """The console script's entry point."""
    app()


if __name__ == "__main__":
    main()
