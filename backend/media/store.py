"""Where the studio's media lives: a folder (the default, shared by every role), or a folder plus a bucket.

Every file the studio keeps (pictures, shot videos, stills, the stitched sequence) is written under one
local folder, VIDEO_STORAGE_PATH, and read from there: ffmpeg, the stitcher and Flask's Range downloads
all want a path. With MEDIA_BUCKET_URL=s3://bucket/prefix that folder becomes each process's working
copy: a file is published to the bucket as soon as it is written, and fetched from it when a process that
did not write it needs it. So a team's web processes and workers need no shared filesystem.

A file can be replaced under the same name (a re-stitch, a regenerated shot, a new picture), so a fetch
asks the bucket for the object's ETag and downloads again when it is not the copy this process holds.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

from backend.errors import StudioError
from utils.downloader import save_bytes, save_stream


class MediaStoreError(StudioError):
    """The bucket did not answer; nothing was lost, the same step can run again."""

    status, code = 503, "media_store_unavailable"


class MediaStore:
    """Media in one folder: on a single machine, or on a filesystem every process mounts."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, sequence_id: str) -> Path:
        return self.root / sequence_id

    def fetch(self, path: Path) -> Path:
        """Make sure this process sees the current copy of `path` (which may not exist); return it."""
        return path

    def publish(self, path: Path) -> None:
        """Make a file just written under the folder visible to every process."""

    def save(self, data: bytes, path: Path) -> None:
        """Write a whole file atomically and publish it."""
        save_bytes(data, path)
        self.publish(path)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def remove_folder(self, sequence_id: str) -> None:
        shutil.rmtree(self.folder(sequence_id), ignore_errors=True)


class BucketStore(MediaStore):
    """The folder as a working copy of an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph...)."""

    def __init__(self, root: Path, url: str, client) -> None:
        super().__init__(root)
        parts = urlsplit(url)
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        self.client = client
        self._held: dict[str, str] = {}  # key -> ETag of the copy in the folder, as this process knows it
        self._lock = threading.Lock()

    def key(self, path: Path) -> str:
        relative = path.relative_to(self.root).as_posix()
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def fetch(self, path: Path) -> Path:
        key = self.key(path)
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except Exception as exc:
            if _missing(exc):
                return path  # not published (yet, or ever): only a local file, if any, can be it
            raise _unavailable(exc) from exc
        if path.is_file() and self._etag(key) == head["ETag"]:
            return path
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
            save_stream(answer["Body"].iter_chunks(1 << 20), path)
        except Exception as exc:
            if _missing(exc):  # deleted between the two calls
                return path
            raise _unavailable(exc) from exc
        self._remember(key, answer["ETag"])
        return path

    def publish(self, path: Path) -> None:
        key = self.key(path)
        with path.open("rb") as handle:
            try:
                answer = self.client.put_object(Bucket=self.bucket, Key=key, Body=handle)
            except Exception as exc:
                raise _unavailable(exc) from exc
        self._remember(key, answer["ETag"])

    def remove(self, path: Path) -> None:
        super().remove(path)
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.key(path))
        except Exception as exc:
            raise _unavailable(exc) from exc

    def remove_folder(self, sequence_id: str) -> None:
        super().remove_folder(sequence_id)
        prefix = self.key(self.folder(sequence_id)) + "/"
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            for page in pages:
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
        except Exception as exc:
            raise _unavailable(exc) from exc

    def _etag(self, key: str) -> str | None:
        with self._lock:
            return self._held.get(key)

    def _remember(self, key: str, etag: str) -> None:
        with self._lock:
            self._held[key] = etag


def _missing(exc: Exception) -> bool:
    """True for the bucket's "no such object" (404 on HEAD, NoSuchKey on GET)."""
    response = getattr(exc, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")


def _unavailable(exc: Exception) -> MediaStoreError:
    """A bucket failure, said without credentials or URLs that carry them."""
    kind = type(exc).__name__
    code = (getattr(exc, "response", None) or {}).get("Error", {}).get("Code")
    detail = f"{kind} {code}" if code else kind
    return MediaStoreError(f"The media bucket did not answer ({detail}); try again once it is reachable.")


def open_store(root: Path, bucket_url: str | None, endpoint_url: str | None = None) -> MediaStore:
    """The store the settings describe; boto3 loads only when a bucket is set."""
    root.mkdir(parents=True, exist_ok=True)
    if not bucket_url:
        return MediaStore(root)
    import boto3  # credentials, region (and AWS_ENDPOINT_URL) come from boto3's usual places: AWS_*, ~/.aws

    client = boto3.client("s3", endpoint_url=endpoint_url or None)
    return BucketStore(root, bucket_url, client)
