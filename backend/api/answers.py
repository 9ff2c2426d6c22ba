"""A Flask that answers with pydantic models: a route returns `Model(...)` or `(Model(...), status)`."""

from __future__ import annotations

from flask import Flask
from pydantic import BaseModel


class StudioFlask(Flask):
    """Serialise answer models once, here, so routes never build JSON by hand."""

    def make_response(self, rv):
        if isinstance(rv, tuple) and rv and isinstance(rv[0], BaseModel):
            rv = (rv[0].model_dump(mode="json"), *rv[1:])
        elif isinstance(rv, BaseModel):
            rv = rv.model_dump(mode="json")
        return super().make_response(rv)
