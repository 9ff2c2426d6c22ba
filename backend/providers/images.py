"""Stills through the OpenAI Images API shape: /v1/images/generations and /v1/images/edits.

Keyframes come from here: a generation for a shot that starts from nothing, an edit of a cast member's,
a location's or an earlier keyframe's picture for one that should look like it. An image call is answered
at once (there is no job to look for afterwards), so a failed or cut-off call is never re-sent on its own:
the shot's still is marked failed and the user re-rolls it, which is one more call, knowingly.
"""

from __future__ import annotations

import base64
import io

from backend.providers.client import Provider
from backend.providers.errors import RejectedError

STANDARD_SIZES = {"portrait": "1024x1536", "landscape": "1536x1024", "square": "1024x1024"}


class NoImagesApi(RejectedError):
    code = "no_images_api"


def request_size(frame: str, exact: bool) -> str:
    """The size to ask for: the frame itself where the provider draws any size, else the nearest standard one."""
    if exact:
        return frame
    width, height = (int(n) for n in frame.split("x"))
    return STANDARD_SIZES["portrait" if height > width else "landscape" if width > height else "square"]


class ImagesProvider(Provider):
    """The images half of a provider (or a separate images service): one PNG per call."""

    def generate(self, prompt: str, model: str, size: str) -> bytes:
        """Make one still from a prompt."""
        answer = self._images(lambda: self.client.images.generate(model=model, prompt=prompt, size=size, n=1))
        return _png(answer)

    def edit(self, pictures: list[bytes], prompt: str, model: str, size: str) -> bytes:
        """Make one still from the given pictures (the first is the one to keep closest) and a prompt."""
        files = [(f"input_{n}.png", io.BytesIO(picture), "image/png") for n, picture in enumerate(pictures, 1)]
        answer = self._images(lambda: self.client.images.edit(model=model, image=files, prompt=prompt, size=size, n=1))
        return _png(answer)

    def _images(self, action):
        try:
            # Paid and answered at once: re-sent only when surely not received (429, no connection).
            return self._call(action, paid=True)
        except RejectedError as exc:
            if exc.status in (404, 405, 501):
                raise NoImagesApi(
                    f"The provider at {self.connection.base_url} has no images API ({exc.message}). Keyframes need "
                    "one: set IMAGES_BASE_URL (the local engine draws storyboard stills), or choose another "
                    "continuity mode.",
                    status=exc.status,
                ) from exc
            raise


def _png(answer) -> bytes:
    """Read the one image of an ImagesResponse (base64, as b64_json)."""
    data = getattr(answer, "data", None) or []
    encoded = getattr(data[0], "b64_json", None) if data else None
    if not encoded:
        raise RejectedError("The images API answered without an image (b64_json).", "no_image")
    return base64.b64decode(encoded)
