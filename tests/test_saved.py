"""The library of cast members and locations: save, list, replace, pictures, delete, and what it refuses."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from backend.library import saved
from backend.media.store import MediaStore
from tests.conftest import current

RAY = {"name": "Ray Cole", "description": "a detective in a grey trench coat and a brown fedora"}


def data_url(size=(300, 200), colour=(200, 40, 40), kind="PNG") -> str:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return f"data:image/{kind.lower()};base64," + base64.b64encode(out.getvalue()).decode()


def picture(client, url: str) -> Image.Image:
    with client.get(url) as answer:  # closed, so the stored file is too
        assert answer.status_code == 200 and answer.mimetype == "image/png"
        return Image.open(io.BytesIO(answer.data))


@pytest.mark.parametrize(("kind", "prefix"), [("cast", "cast"), ("locations", "location")])
def test_save_list_replace_and_delete(client, app, kind, prefix):
    assert client.get(f"/api/{kind}").get_json() == {"data": []}
    answer = client.put(f"/api/{kind}/ray-cole", json={**RAY, "reference": data_url()})
    assert answer.status_code == 200, answer.get_json()
    item = answer.get_json()
    assert (item["id"], item["name"], item["has_reference"]) == ("ray-cole", "Ray Cole", True)
    assert item["reference_url"] == f"/api/{kind}/ray-cole/reference"
    # Kept in its own proportions (a sequence fits it to its frame later), under the storage folder.
    assert picture(client, item["reference_url"]).size == (300, 200)
    stored = current(app).video_storage_path / "library" / f"{prefix}_ray-cole.png"
    assert stored.is_file()

    # Left out, the picture stays; a second item sorts by name.
    client.put(f"/api/{kind}/ana", json={"name": "ana", "description": "a chef"})
    answer = client.put(f"/api/{kind}/ray-cole", json={"name": "Ray Cole", "description": "now in a blue suit"})
    assert answer.get_json()["description"] == "now in a blue suit" and answer.get_json()["has_reference"]
    listed = client.get(f"/api/{kind}").get_json()["data"]
    assert [entry["id"] for entry in listed] == ["ana", "ray-cole"]

    # null removes it, file and all.
    answer = client.put(f"/api/{kind}/ray-cole", json={**RAY, "reference": None})
    assert answer.get_json()["has_reference"] is False and answer.get_json()["reference_url"] is None
    assert not stored.exists()
    missing = client.get(f"/api/{kind}/ray-cole/reference")
    assert missing.status_code == 404 and missing.get_json()["error"]["field"] == "id"

    client.put(f"/api/{kind}/ray-cole", json={**RAY, "reference": data_url()})
    answer = client.delete(f"/api/{kind}/ray-cole")
    assert answer.get_json() == {"id": "ray-cole", "deleted": True}
    assert not stored.exists()
    assert [entry["id"] for entry in client.get(f"/api/{kind}").get_json()["data"]] == ["ana"]
    assert client.delete(f"/api/{kind}/ray-cole").status_code == 404


def test_a_large_picture_is_scaled_down_and_turned_upright(client):
    out = io.BytesIO()
    image = Image.new("RGB", (2400, 1200), (20, 90, 160))
    exif = image.getexif()
    exif[saved.EXIF_ORIENTATION] = 6  # stored on its side: shown 1200 wide and 2400 high
    image.save(out, "JPEG", exif=exif)
    url = "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
    item = client.put("/api/locations/tall", json={"name": "Tall", "reference": url}).get_json()
    assert picture(client, item["reference_url"]).size == (896, 1792)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Ray", "description": 5}, "description"),
        ({"name": "Ray", "reference": "http://example.com/a.png"}, "reference"),
        ({"name": "Ray", "reference": "data:image/png;base64,%%%"}, "reference"),
        ({"name": "Ray", "reference": "data:image/png;base64," + base64.b64encode(b"not a picture").decode()},
         "reference"),
        ("Ray", "body"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(client, body, field):
    answer = client.put("/api/cast/ray", json=body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["field"] == field
    assert client.get("/api/cast").get_json()["data"] == [], "nothing was stored"


def test_a_picture_over_the_size_limit_is_refused(tmp_path, engine):
    from tests.conftest import make_studio

    app = make_studio(tmp_path, engine, MAX_FILE_SIZE=2048)
    client = app.test_client()
    noisy = Image.effect_noise((200, 200), 60).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    url = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    answer = client.put("/api/cast/ray", json={"name": "Ray", "reference": url})
    assert answer.status_code == 413 and answer.get_json()["error"]["field"] == "reference"
    app.extensions["jobs"].shutdown()


@pytest.mark.parametrize("item_id", ["Ray", "-ray", "ray.png", "..", "r" * 41, "ray%20cole", "%2E%2E"])
def test_ids_are_slugs_and_never_reach_a_path(client, app, item_id):
    put = client.put(f"/api/cast/{item_id}", json={**RAY, "reference": data_url()})
    assert put.status_code == 400 and put.get_json()["error"]["field"] == "id"
    for method in ("get", "delete"):
        path = f"/api/cast/{item_id}" + ("/reference" if method == "get" else "")
        answer = getattr(client, method)(path)
        assert answer.status_code == 404 and answer.get_json()["error"]["field"] == "id"
    library = current(app).video_storage_path / "library"
    assert not library.exists() or list(library.iterdir()) == []


@pytest.mark.parametrize("path", ["/api/cast/../studio.db", "/api/cast/a/b", "/api/locations/%2E%2E%2Fstudio.db"])
def test_paths_that_leave_the_folder_are_not_routes(client, path):
    for answer in (client.put(path, json=RAY), client.get(path + "/reference"), client.delete(path)):
        assert answer.status_code in (404, 405) and "error" in answer.get_json()


def test_the_library_is_shared_by_both_kinds_but_kept_apart(client):
    client.put("/api/cast/harbour", json={"name": "Harbour", "description": "a dock worker"})
    client.put("/api/locations/harbour", json={"name": "Harbour", "description": "a foggy harbour at dawn"})
    client.delete("/api/cast/harbour")
    assert client.get("/api/cast").get_json()["data"] == []
    assert client.get("/api/locations").get_json()["data"][0]["description"] == "a foggy harbour at dawn"


def test_functions_work_without_http(app, tmp_path):
    database, media = app.extensions["db"], MediaStore(tmp_path)
    item = saved.save_item(database, media, "cast", "mara", "Mara", "a courier in a yellow raincoat")
    assert item.has_reference is False and saved.get_item(database, "cast", "mara").name == "Mara"
    saved.delete_item(database, media, "cast", "mara")
    assert saved.list_items(database, "cast").data == []
    with pytest.raises(saved.NotFound):
        saved.picture_path(database, media, "cast", "../x")
