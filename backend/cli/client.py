"""The command line's side of the studio's HTTP API: the same endpoints the page uses, over requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests


class StudioUnreachable(Exception):
    """No studio answers at the address."""


class StudioRefused(Exception):
    """The studio answered with an error; `field` names what was wrong, as the API says."""

    def __init__(self, status: int, code: str, message: str, field: str | None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


class StudioClient:
    """Talk to one studio at `base` (the admin token is sent when given)."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request; return its JSON, or raise StudioUnreachable / StudioRefused."""
        try:
            answer = self.session.request(method, self.base + path, timeout=kwargs.pop("timeout", 60), **kwargs)
        except requests.ConnectionError as exc:
            raise StudioUnreachable(f"No studio answers at {self.base}.") from exc
        if answer.status_code >= 400:
            try:
                error = answer.json()["error"]
            except (ValueError, KeyError, TypeError):
                error = {"code": f"http_{answer.status_code}", "message": answer.text[:300] or answer.reason}
            raise StudioRefused(answer.status_code, error.get("code", ""), error.get("message", ""), error.get("field"))
        return answer.json()

    def download(self, path: str, dest: Path) -> Path:
        """Stream a file from the studio to `dest`."""
        try:
            with self.session.get(self.base + path, stream=True, timeout=120) as answer:
                if answer.status_code >= 400:
                    raise StudioRefused(answer.status_code, "download_failed", f"{path}: {answer.reason}", None)
                dest.parent.mkdir(parents=True, exist_ok=True)
                part = dest.with_name(f".{dest.name}.part")
                with part.open("wb") as handle:
                    for chunk in answer.iter_content(1 << 16):
                        handle.write(chunk)
                part.replace(dest)
        except requests.ConnectionError as exc:
            raise StudioUnreachable(f"No studio answers at {self.base}.") from exc
        return dest
