"""Running sequences in the background: drivers, provider job slots, change signals."""

from backend.jobs.changes import Changes
from backend.jobs.runner import Jobs

__all__ = ["Changes", "Jobs"]
