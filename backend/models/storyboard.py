"""The storyboard document: a shot list with everything needed to make it again, versioned.

It is the body `POST /api/generate` accepts and `GET /api/sequences/<id>/storyboard` gives back, so a
storyboard exported and imported again plans the same prompts. Pictures travel inside it as data: URLs
(the `shot-studio` command also reads paths relative to the file and turns them into data: URLs).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from backend.models.requests import GenerateIn

VERSION = 1


class Storyboard(GenerateIn):
    """A storyboard document (version 1)."""

    storyboard: Literal[1] = Field(description="The document's version")


def schema() -> dict:
    """The published JSON Schema of the document."""
    document = Storyboard.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = "https://shot-studio.local/storyboard.schema.json"
    return document
