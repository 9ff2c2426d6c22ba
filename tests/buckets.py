"""An S3-compatible bucket for tests: moto's S3 server on a free loopback port, spoken to over real HTTP."""

from __future__ import annotations

import boto3
from moto.server import ThreadedMotoServer

from tests.servers import free_port

# moto accepts any credentials; boto3 wants some, and must not find a developer's real ones.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing-key-id",
    "AWS_SECRET_ACCESS_KEY": "testing-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_MAX_ATTEMPTS": "1",  # a bucket that is down answers at once
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
}


class Bucket:
    """A running S3 server with one bucket; `objects()` lists what it holds under a prefix."""

    def __init__(self, name: str = "studio-media", port: int | None = None) -> None:
        self.name = name
        port = port or free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.server.start()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        )
        self.client.create_bucket(Bucket=name)

    def objects(self, prefix: str = "") -> dict[str, bytes]:
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix):
            for item in page.get("Contents", []):
                found[item["Key"]] = self.client.get_object(Bucket=self.name, Key=item["Key"])["Body"].read()
        return found

    def stop(self) -> None:
        self.server.stop()
