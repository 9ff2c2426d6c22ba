"""MEDIA_BUCKET_URL: every media file is published to an S3-compatible bucket (moto's S3 server over real
HTTP) and read back from it by a studio that has none of it in its own folder."""

from __future__ import annotations

import base64
import io
import json

import pytest
import requests
from PIL import Image

from backend.media.store import BucketStore, MediaStore, MediaStoreError, open_store
from tests.buckets import CREDENTIALS, Bucket
from tests.conftest import SHOTS, make_studio, wait_for
from tests.servers import free_port
from tests.test_engine import png


@pytest.fixture
def bucket(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    running = Bucket()
    yield running
    running.stop()


def studio_on(tmp_path, engine, bucket, folder: str, **settings):
    return make_studio(
        tmp_path / folder,
        engine,
        VIDEO_STORAGE_PATH=str(tmp_path / folder / "media"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.db'}",  # one database, two folders: as a team has
        MEDIA_BUCKET_URL="s3://studio-media/team-a",
        MEDIA_ENDPOINT_URL=bucket.endpoint,
        **settings,
    )


def test_a_studio_with_none_of_the_files_serves_them_from_the_bucket(tmp_path, engine, bucket):
    maker = studio_on(tmp_path, engine, bucket, "maker")
    reader = studio_on(tmp_path, engine, bucket, "reader", RESUME_ON_START=False)
    try:
        payload = {"shots": SHOTS[:2], "seconds": "4", "size": "720x1280", "continuity": "last_frame"}
        form = {"payload": json.dumps(payload), "reference_1": (io.BytesIO(png(300, 200)), "r.png")}
        answer = maker.test_client().post("/api/generate", data=form, content_type="multipart/form-data")
        assert answer.status_code == 202, answer.get_json()
        sequence_id = answer.get_json()["sequence_id"]
        done = wait_for(maker.test_client(), sequence_id)
        assert done["status"] == "completed", done

        stored = bucket.objects(f"team-a/{sequence_id}/")
        names = {key.rsplit("/", 1)[1] for key in stored}
        assert {"reference_1.png", "shot_1.mp4", "shot_2.mp4", "sequence.mp4"} <= names, names
        maker_folder = tmp_path / "maker" / "media" / sequence_id
        for key, blob in stored.items():
            assert (maker_folder / key.rsplit("/", 1)[1]).read_bytes() == blob, key

        reader_folder = tmp_path / "reader" / "media" / sequence_id
        assert not reader_folder.exists()
        client = reader.test_client()
        with client.get(f"/api/download-sequence/{sequence_id}") as whole:
            assert whole.status_code == 200 and whole.data == stored[f"team-a/{sequence_id}/sequence.mp4"]
        with client.get(done["shots"][1]["download_url"], headers={"Range": "bytes=100-299"}) as part:
            assert part.status_code == 206 and part.data == stored[f"team-a/{sequence_id}/shot_2.mp4"][100:300]

        # A re-stitch by the maker replaces sequence.mp4 under the same name: the reader's copy is now old.
        stitched = maker.test_client().post(f"/api/stitch/{sequence_id}", json={"transition": "crossfade"})
        assert stitched.status_code == 200, stitched.get_json()
        new = bucket.objects(f"team-a/{sequence_id}/sequence.mp4")[f"team-a/{sequence_id}/sequence.mp4"]
        assert new != stored[f"team-a/{sequence_id}/sequence.mp4"]
        with client.get(f"/api/download-sequence/{sequence_id}") as again:
            assert again.data == new

        # Exports and storyboards read the shots and pictures too; the reader fetches what it lacks.
        board = client.get(f"/api/sequences/{sequence_id}/storyboard").get_json()
        assert board["shots"][0]["reference"].startswith("data:image/png;base64,")
        with client.get(f"/api/sequences/{sequence_id}/export?format=srt") as srt:
            assert srt.status_code == 200 and b"We leave at dawn" in srt.data

        assert client.delete(f"/api/sequences/{sequence_id}").status_code == 200
        assert bucket.objects(f"team-a/{sequence_id}/") == {}
    finally:
        maker.extensions["jobs"].shutdown()
        reader.extensions["jobs"].shutdown()


def test_saved_pictures_live_in_the_bucket_and_a_new_one_replaces_the_old(tmp_path, engine, bucket):
    maker = studio_on(tmp_path, engine, bucket, "maker", RESUME_ON_START=False)
    reader = studio_on(tmp_path, engine, bucket, "reader", RESUME_ON_START=False)
    try:
        for colour in ((200, 40, 40), (40, 40, 200)):
            picture = io.BytesIO()
            Image.new("RGB", (64, 96), colour).save(picture, "PNG")
            url = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
            spec = {"name": "Mara", "description": "a courier", "reference": url}
            put = maker.test_client().put("/api/cast/mara", json=spec)
            assert put.status_code == 200, put.get_json()
            with reader.test_client().get("/api/cast/mara/reference") as served:
                assert served.status_code == 200
                assert Image.open(io.BytesIO(served.data)).convert("RGB").getpixel((10, 10)) == colour
        assert list(bucket.objects("team-a/library/")) == ["team-a/library/cast_mara.png"]
        assert reader.test_client().delete("/api/cast/mara").status_code == 200
        assert bucket.objects("team-a/library/") == {}
    finally:
        maker.extensions["jobs"].shutdown()
        reader.extensions["jobs"].shutdown()


def test_a_bucket_that_does_not_answer_is_a_clear_503_not_a_500(tmp_path, engine, bucket):
    maker = studio_on(tmp_path, engine, bucket, "maker")
    try:
        sequence_id = maker.test_client().post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"})
        sequence_id = sequence_id.get_json()["sequence_id"]
        assert wait_for(maker.test_client(), sequence_id)["status"] == "completed"
    finally:
        maker.extensions["jobs"].shutdown()
    away = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    reader = make_studio(
        tmp_path / "reader",
        "http://127.0.0.1:9/v1",
        VIDEO_STORAGE_PATH=str(tmp_path / "reader" / "media"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.db'}",
        MEDIA_BUCKET_URL="s3://studio-media/team-a",
        MEDIA_ENDPOINT_URL=away,
        RESUME_ON_START=False,
    )
    try:
        answer = reader.test_client().get(f"/api/download-sequence/{sequence_id}")
        assert answer.status_code == 503
        error = answer.get_json()["error"]
        assert error["code"] == "media_store_unavailable" and "bucket did not answer" in error["message"]
        assert CREDENTIALS["AWS_SECRET_ACCESS_KEY"] not in answer.get_data(as_text=True)
    finally:
        reader.extensions["jobs"].shutdown()


def test_a_shot_whose_file_could_not_be_published_is_retried_without_paying_again(tmp_path, engine, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    port = free_port()  # the bucket's address; nothing answers there yet
    studio = make_studio(
        tmp_path,
        engine,
        MEDIA_BUCKET_URL="s3://studio-media/team-a",
        MEDIA_ENDPOINT_URL=f"http://127.0.0.1:{port}",
    )
    client, bucket = studio.test_client(), None
    try:
        sequence_id = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}).get_json()["sequence_id"]
        failed = wait_for(client, sequence_id)
        shot = failed["shots"][0]
        assert failed["status"] == "failed" and shot["error"]["code"] == "media_store_unavailable", failed
        assert len(engine_jobs(engine)) == 1

        bucket = Bucket(port=port)  # the bucket is back
        assert client.post(f"/api/sequences/{sequence_id}/shots/1/retry").status_code == 202
        done = wait_for(client, sequence_id)
        assert done["status"] == "completed", done
        assert done["shots"][0]["video_id"] == shot["video_id"] and len(engine_jobs(engine)) == 1  # paid once
        assert f"team-a/{sequence_id}/sequence.mp4" in bucket.objects("team-a/")
    finally:
        studio.extensions["jobs"].shutdown()
        if bucket is not None:
            bucket.stop()


def engine_jobs(engine: str) -> list[dict]:
    return requests.get(f"{engine}/videos?limit=100", timeout=10).json()["data"]


def test_without_a_bucket_the_folder_is_the_store(tmp_path):
    store = open_store(tmp_path / "media", None)
    assert type(store) is MediaStore
    store.save(b"abc", store.folder("s1") / "a.bin")
    assert store.fetch(store.folder("s1") / "a.bin").read_bytes() == b"abc"
    store.remove_folder("s1")
    assert not store.folder("s1").exists()


def test_the_bucket_store_keys_files_under_its_prefix(tmp_path, bucket):
    store = open_store(tmp_path / "media", "s3://studio-media/a/b", bucket.endpoint)
    assert isinstance(store, BucketStore)
    store.save(b"one", store.folder("s1") / "x.png")
    assert bucket.objects("a/b/") == {"a/b/s1/x.png": b"one"}
    other = open_store(tmp_path / "other", "s3://studio-media/a/b", bucket.endpoint)
    assert other.fetch(other.folder("s1") / "x.png").read_bytes() == b"one"
    assert not other.fetch(other.folder("s1") / "never.png").exists()  # missing is missing, not an error
    with pytest.raises(MediaStoreError):
        open_store(tmp_path / "third", "s3://no-such-bucket", bucket.endpoint).save(b"x", tmp_path / "third" / "y")
