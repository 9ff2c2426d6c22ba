"""The form a create is sent in, and what a provider's refusal says about that form.

A text-only create can go as multipart (what the SDK sends) or as JSON, with `seconds` as a string or an
integer; a create with an image goes as multipart only. Providers disagree on which they read. A 4xx that
says the body could not be read started no job, so the studio may send the same create again in the other
form (backend/providers/client.py) and remember what worked for the base URL (backend/providers/learned.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from backend.providers.presets import JSON_TEXT_ONLY, MULTIPART_TEXT, SECONDS_INT, SECONDS_STR

ENCODING = "encoding"  # the body: multipart or JSON
SECONDS = "seconds"  # `seconds`: "4" or 4

# Each learned flag cancels its opposite, from a preset or learned before: the newest answer wins.
OPPOSITE = {
    SECONDS_INT: SECONDS_STR,
    SECONDS_STR: SECONDS_INT,
    JSON_TEXT_ONLY: MULTIPART_TEXT,
    MULTIPART_TEXT: JSON_TEXT_ONLY,
}
FORM_FLAGS = frozenset(OPPOSITE)

# Validation error kinds that mean "this value has the wrong type", not "this value is not allowed":
# pydantic v2 (int_parsing, int_type, string_type), pydantic v1 (type_error.integer), OpenAI (invalid_type).
TYPE_KINDS = ("int_", "string_type", "str_type", "type_error", "invalid_type")
# The whole body could not be read as the object the endpoint wants (FastAPI given multipart on a JSON route).
WHOLE_BODY_KINDS = ("model_attributes_type", "dict_type", "model_type", "json_type", "type_error.dict")
TYPE_WORDS = re.compile(r"\b(integer|int|string|str|number|type)\b")
ENCODING_WORDS = re.compile(
    r"content[- ]type|media type|multipart|form[- ]data|\bjson\b|pars\w* (the )?(request )?body|urlencoded"
)


@dataclass(frozen=True)
class Form:
    """How one create is sent: a JSON body (text-only) or multipart, and `seconds` as an integer or text."""

    json: bool
    int_seconds: bool

    @classmethod
    def of(cls, quirks: frozenset[str], has_image: bool) -> Form:
        """Return the form the quirk flags ask for; an image always goes as multipart."""
        return cls(json=not has_image and JSON_TEXT_ONLY in quirks, int_seconds=SECONDS_INT in quirks)

    @property
    def sends_int(self) -> bool:
        """Say whether `seconds` goes out as a number (only JSON has numbers; multipart fields are text)."""
        return self.json and self.int_seconds

    def seconds(self, value: str) -> str | int:
        """Return `seconds` as this form sends it."""
        return int(value) if self.sends_int else value


def wrong_part(status: int | None, body: object) -> str | None:
    """Say which part of a create's form a refusal objects to (ENCODING or SECONDS); None if not its form."""
    if status == 415:  # Unsupported Media Type is about the body's encoding and nothing else
        return ENCODING
    if status not in (400, 422):
        # 401/403/404/409/429 and every 5xx say nothing about the form; after a 5xx a job may even exist.
        return None
    items = _validation_items(body)
    if items is not None:
        # Structured errors name the field and the kind: trust them over words. Only when every one is
        # about the form can another form succeed; a bad size beside a string `seconds` fails either way.
        parts = [_item_part(item) for item in items]
        return parts[0] if None not in parts else None
    text = _text(body).lower()
    if "seconds" in text and TYPE_WORDS.search(text):
        return SECONDS
    return ENCODING if ENCODING_WORDS.search(text) else None


def _validation_items(body: object) -> list[dict] | None:
    """Return FastAPI's `detail` list, or an OpenAI-style error naming its `param`, as items; else None."""
    if not isinstance(body, dict):
        return None
    detail = body.get("detail")
    if isinstance(detail, list) and detail and all(isinstance(item, dict) for item in detail):
        return detail
    if isinstance(body.get("param"), str):
        return [{"loc": [body["param"]], "type": body.get("code") or "", "msg": body.get("message") or ""}]
    return None


def _item_part(item: dict) -> str | None:
    loc = [str(part) for part in item.get("loc") or ()]
    kind = str(item.get("type") or "")
    if loc[-1:] == ["seconds"]:
        wrong_type = kind.startswith(TYPE_KINDS) or (not kind and TYPE_WORDS.search(str(item.get("msg", ""))))
        return SECONDS if wrong_type else None
    if kind == "json_invalid" or (loc in ([], ["body"]) and kind.startswith(WHOLE_BODY_KINDS)):
        return ENCODING  # FastAPI's json_invalid names the character it stopped at, not a field
    return None


def _text(body: object) -> str:
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return ""
    return " ".join(str(body[name]) for name in ("detail", "message", "error") if body.get(name))


def corrected(form: Form, part: str | None, has_image: bool) -> Form | None:
    """Return the form to send instead after a refusal of `part`, or None when there is no other."""
    if has_image or part is None:  # an image can only be uploaded as multipart: nothing else to try
        return None
    if part == ENCODING:
        return replace(form, json=not form.json)
    if part == SECONDS:
        # Multipart fields are all text, so a server that wants a number there can only get one in JSON.
        return replace(form, int_seconds=not form.int_seconds) if form.json else Form(json=True, int_seconds=True)
    return None


def changed(before: Form, after: Form) -> set[str]:
    """Return the parts sent differently in `after` than in `before`."""
    parts = set()
    if before.json != after.json:
        parts.add(ENCODING)
    if before.sends_int != after.sends_int:
        parts.add(SECONDS)
    return parts


def learned_flags(before: Form, after: Form) -> frozenset[str]:
    """Return the quirk flags that make the next create go out as `after` rather than `before`."""
    flags = set()
    if before.json != after.json:
        flags.add(JSON_TEXT_ONLY if after.json else MULTIPART_TEXT)
    if before.int_seconds != after.int_seconds:
        flags.add(SECONDS_INT if after.int_seconds else SECONDS_STR)
    return frozenset(flags)


def combine(quirks: frozenset[str], learned: frozenset[str]) -> frozenset[str]:
    """Return the preset's quirks plus the learned ones, each learned flag replacing its opposite."""
    return frozenset(quirks - {OPPOSITE[flag] for flag in learned if flag in OPPOSITE}) | learned
