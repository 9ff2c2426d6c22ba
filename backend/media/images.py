"""Reference images and last frames, fitted to a provider's exact frame size."""

from __future__ import annotations

import io
from pathlib import Path

import av
from PIL import Image, ImageOps

# Refuse images whose pixel count suggests a decompression bomb (Pillow raises above this).
Image.MAX_IMAGE_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}


class ImageRejected(ValueError):
    """The upload is not an image the studio can use; the message says why."""


def open_upload(data: bytes) -> Image.Image:
    """Verify an uploaded JPEG, PNG or WebP and return it upright (EXIF rotation applied), in RGB."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except Image.DecompressionBombError as exc:
        raise ImageRejected("The image has too many pixels to be safe to open.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("The file is not a readable image (use JPEG, PNG or WebP).") from exc
    if kind not in FORMATS:
        raise ImageRejected(f"{kind} images are not accepted; use JPEG, PNG or WebP.")
    return upright


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def fit_reference(data: bytes, size: str) -> bytes:
    """Verify an upload, apply its EXIF rotation and cover-crop it to `size`; return PNG bytes."""
    width, height = (int(n) for n in size.split("x"))
    fitted = ImageOps.fit(open_upload(data), (width, height), method=Image.Resampling.LANCZOS)
    return png_bytes(fitted)


def last_frame(video: Path, size: str) -> bytes:
    """Decode the final frame of `video` and fit it to `size`, for last-frame continuity."""
    frame = None
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        if container.duration and container.duration > 2 * av.time_base:
            # Jump near the end (to a keyframe at or before it) instead of decoding the whole clip.
            container.seek(container.duration - av.time_base, backward=True)
        for frame in container.decode(stream):  # noqa: B007 - we want the last one
            pass
    if frame is None:
        raise ImageRejected(f"{video.name} has no video frames.")
    return fit_reference(png_bytes(frame.to_image()), size)


def is_image(path: Path) -> bool:
    """Whether a downloaded preview really is a picture (not, say, the video sent back again)."""
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True
