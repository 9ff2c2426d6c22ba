"""Live progress as Server-Sent Events, served on the event loop so that an open page holds no thread.

A stream sends the sequence whenever it changes, a comment every HEARTBEAT seconds so proxies keep the
connection, and closes once the sequence is completed or failed (after sending that final state) or
deleted. However many pages follow one sequence, each change is read from the database once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from backend.api import security
from backend.api.openapi import File, Operation
from backend.errors import error_body
from backend.jobs import Changes
from backend.library.sequences import SEQUENCE_ID
from backend.library.views import sequence_view
from backend.store import Database

HEARTBEAT = 15.0
FINAL = ("completed", "failed")
ROUTE = "/api/sequences/<sequence_id>/events"
OPERATION = Operation(
    "Follow a sequence live (Server-Sent Events: `sequence` events, then the stream ends once it is done)",
    {200: File("text/event-stream", ranges=False)},
    errors=(404,),
)
Send = Callable[[dict], Awaitable[None]]
Receive = Callable[[], Awaitable[dict]]


class Snapshots:
    """The newest JSON of each followed sequence, read once per change however many streams ask."""

    KEEP = 512

    def __init__(self, db: Database) -> None:
        self._db = db
        self._latest: OrderedDict[str, tuple[int, asyncio.Future]] = OrderedDict()

    def get(self, sequence_id: str, version: int) -> Awaitable[str | None]:
        """Return the sequence as JSON text at (or after) `version`; None once it is gone."""
        known = self._latest.get(sequence_id)
        if known is None or known[0] != version or known[1].cancelled():
            known = (version, asyncio.ensure_future(asyncio.to_thread(self._read, sequence_id)))
            self._latest[sequence_id] = known
        self._latest.move_to_end(sequence_id)
        while len(self._latest) > self.KEEP:
            self._latest.popitem(last=False)
        return asyncio.shield(known[1])

    def _read(self, sequence_id: str) -> str | None:
        data = sequence_view(self._db, sequence_id)
        return None if data is None else data.model_dump_json()


class ProgressStreams:
    """The ASGI handler of GET /api/sequences/<id>/events."""

    def __init__(self, db: Database, changes: Changes, policy: security.Policy) -> None:
        self._changes = changes
        self._policy = policy
        self._snapshots = Snapshots(db)

    async def __call__(self, scope: dict, receive: Receive, send: Send, sequence_id: str) -> None:
        call = security.call_of_scope(scope)
        refusal = security.decide(self._policy, call)
        headers = {**security.SECURITY_HEADERS, **security.cors_headers(self._policy, call, refusal is None)}
        if refusal is not None:
            return await _json(send, refusal.status, error_body(refusal.code, refusal.message), headers)
        text = None
        if SEQUENCE_ID.fullmatch(sequence_id):  # nothing else comes near the database
            text = await self._snapshots.get(sequence_id, self._changes.version(sequence_id))
        if text is None:
            body = error_body("not_found", f"No sequence {sequence_id!r}.", "sequence_id")
            return await _json(send, 404, body, headers)
        headers.update({"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        await send({"type": "http.response.start", "status": 200, "headers": _encode(headers)})
        if scope["method"] == "HEAD":
            return await send({"type": "http.response.body", "body": b""})
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            with contextlib.suppress(OSError):  # the page went away mid-write
                await self._follow(sequence_id, send, gone)
                await send({"type": "http.response.body", "body": b""})
        finally:
            gone.cancel()

    async def _follow(self, sequence_id: str, send: Send, gone: asyncio.Future) -> None:
        await _chunk(send, "retry: 2000\n\n")
        last = None
        while True:
            version = self._changes.version(sequence_id)
            text = await self._snapshots.get(sequence_id, version)
            if text is None:
                return await _chunk(send, "event: deleted\ndata: {}\n\n")
            if text != last:
                last = text
                await _chunk(send, f"event: sequence\ndata: {text}\n\n")
            if json.loads(text)["status"] in FINAL:
                return
            waiting = asyncio.ensure_future(self._changes.wait(sequence_id, version, HEARTBEAT))
            await asyncio.wait({waiting, gone}, return_when=asyncio.FIRST_COMPLETED)
            if gone.done():
                waiting.cancel()
                return
            if waiting.result() == version:
                await _chunk(send, ": heartbeat\n\n")


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _chunk(send: Send, text: str) -> None:
    await send({"type": "http.response.body", "body": text.encode("utf-8"), "more_body": True})


async def _json(send: Send, status: int, body: dict, headers: dict[str, str]) -> None:
    data = json.dumps(body).encode("utf-8")
    headers = {**headers, "Content-Type": "application/json", "Content-Length": str(len(data))}
    await send({"type": "http.response.start", "status": status, "headers": _encode(headers)})
    await send({"type": "http.response.body", "body": data})


def _encode(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
