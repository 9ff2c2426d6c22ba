"""Streamed, atomic downloads: provider content lands under its final name whole, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def save_stream(chunks: Iterable[bytes], dest: Path) -> int:
    """Write `chunks` to a temporary file beside `dest`, then rename it into place; return the size."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    size = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, dest)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return size


def save_bytes(data: bytes, dest: Path) -> int:
    """Write `data` to `dest` atomically."""
    return save_stream([data], dest)
