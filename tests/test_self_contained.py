"""A fresh clone has nothing beside it: no file of the project may reach outside its own tree."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.servers import ROOT

# Places a developer's machine has and a user's clone does not.
OUTSIDE = re.compile(r"\.\./shared|/work/(main|shared)|\bshared/openai-")
# Path(__file__) climbed with .parents[N] or a chain of .parent.
PARENTS_INDEX = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent)+)\b")
SKIP_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".mp4", ".ico", ".gz", ".zip"}


def project_files() -> list[Path]:
    """The files a clone holds: git's list where there is a repository, else the tree minus caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
        return [ROOT / name for name in listed if name and (ROOT / name).is_file()]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", ".venv-litellm", "node_modules", "__pycache__", "test-artifacts"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def escapes(path: Path, text: str) -> list[str]:
    """Say where a Python file climbs above the project root from its own location."""
    depth = len(path.relative_to(ROOT).parts)  # parents[depth - 1] (or depth x .parent) is the root
    found = [f"parents[{n}]" for n in map(int, PARENTS_INDEX.findall(text)) if n >= depth]
    found += [f"{chain}" for chain in PARENT_CHAIN.findall(text) if chain.count(".parent") > depth]
    return found


def test_no_file_refers_to_a_path_outside_the_repository():
    offenders = []
    for path in project_files():
        if path.suffix in SKIP_SUFFIXES or path.name == "test_self_contained.py":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(ROOT)
        offenders += [f"{rel}: {match.group(0)}" for match in OUTSIDE.finditer(text)]
        if path.suffix == ".py":
            offenders += [f"{rel}: Path(__file__)...{hit}" for hit in escapes(path, text)]
    assert not offenders, "files that reach outside the repository:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "rel, text, bad",
    [
        ("tests/test_x.py", 'Path(__file__).resolve().parents[2] / "shared"', True),
        ("tests/test_x.py", "Path(__file__).resolve().parents[1]", False),
        ("backend/api/x.py", "Path(__file__).parent.parent.parent", False),
        ("backend/x.py", "Path(__file__).parent.parent.parent", True),
    ],
)
def test_the_climb_detector_tells_inside_from_outside(rel, text, bad):
    assert bool(escapes(ROOT / rel, text)) is bad
