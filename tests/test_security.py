"""The guard in front of every request: Host allow-list, Origin and fetch-site checks, tokens, headers.

The rules are a plain function (`decide`), checked here as a table; then the same rules through the
real app, where a refused request must leave no trace. Real browsers attack it in tests/browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend import config as settings
from backend.api.security import Call, build_policy, decide, host_name
from backend.app import create_app, exposure_warnings
from tests.conftest import SHOTS, TEST_KEY, current, make_studio, wait_for
from tests.servers import ROOT, free_port

STUDIO_TOKEN = "studio-token-for-tests-0123"
ADMIN = "admin-token-for-tests-4567"


def policy(**overrides):
    return build_policy(
        settings.load(Path("/nonexistent/config.json"), {"STUDIO_TOKEN": STUDIO_TOKEN, **overrides}, {})
    )


def call(method="GET", path="/api/sequences", host="127.0.0.1:8080", remote="127.0.0.1", **facts):
    return Call(method=method, path=path, host=host, remote_addr=remote, **facts)


OWN = "http://127.0.0.1:8080"
EVIL = "http://127.0.0.1:9999"  # another port on the same machine: same-site, never same-origin


@pytest.mark.parametrize(
    ("request_", "refused"),
    [
        # Who may do what on a studio bound to loopback.
        (call(), None),  # curl on this machine: no Origin, no Sec-Fetch-Site
        (call("POST", "/api/generate"), None),
        (call("POST", "/api/generate", origin=OWN), None),  # the studio's own page
        (call("POST", "/api/generate", host="localhost:8080", origin="http://localhost:8080"), None),
        (call(fetch_site="same-origin"), None),  # the page's own GET (browsers send no Origin on it)
        (call(fetch_site="none"), None),  # the owner typed the address
        (call("POST", "/api/generate", origin=EVIL), "pairing_required"),  # cross-site form or script
        (call("POST", "/api/set-key", origin="null"), "pairing_required"),  # sandboxed iframe, or a file
        (call("DELETE", "/api/sequences/x", origin="null"), "pairing_required"),
        (call(origin="null"), "pairing_required"),  # reading the library
        (call(fetch_site="cross-site"), "pairing_required"),  # <img>/<video>/<script> from another site
        (call(fetch_site="same-site"), "pairing_required"),  # ... or from another port here
        (call("POST", "/api/set-key", origin="null", bearer=STUDIO_TOKEN), None),  # the paired disk page
        (call(origin="null", query_token=STUDIO_TOKEN), None),  # its <video> and EventSource
        (call("POST", "/api/generate", origin="null", query_token=STUDIO_TOKEN), "pairing_required"),
        (call("POST", "/api/generate", origin="null", bearer="wrong"), "pairing_required"),
        (call("POST", "/api/generate", remote="203.0.113.9"), "forbidden"),  # only via a proxy
        # What anyone may read: the page and the public endpoints; a preflight changes nothing.
        (call(path="/", fetch_site="cross-site"), None),
        (call(path="/health", origin=EVIL), None),
        (call(path="/api/openapi.json", origin="null"), None),
        (call("OPTIONS", "/api/generate", origin="null"), None),
        (call("POST", "/", origin=EVIL), "pairing_required"),  # a write is a write, on any path
        # The mounted local engine is guarded like the API.
        (call("POST", "/v1/videos", origin=EVIL), "pairing_required"),
        (call("GET", "/v1/videos", fetch_site="cross-site"), "pairing_required"),
        # DNS rebinding: a foreign name is not served, whatever else the request carries.
        (call(host="evil.example:8080"), "host_not_allowed"),
        (call("POST", "/api/generate", host="evil.example", bearer=STUDIO_TOKEN), "host_not_allowed"),
        (call(path="/", host="127.0.0.1.evil.example:8080"), "host_not_allowed"),
        (call(host="[::1]:8080"), None),
        (call(host="localhost"), None),
    ],
)
def test_the_rules_on_a_loopback_studio(request_, refused):
    refusal = decide(policy(), request_)
    assert (refusal.code if refusal else None) == refused


def test_beyond_loopback_every_call_needs_a_token():
    shared = policy(HOST="0.0.0.0", ADMIN_TOKEN=ADMIN)
    assert decide(shared, call(host="192.168.1.20:8080", remote="192.168.1.7")).code == "sign_in_required"
    assert decide(shared, call(remote="127.0.0.1")).code == "sign_in_required"  # loopback too
    assert decide(shared, call(host="192.168.1.20:8080", remote="192.168.1.7", bearer=ADMIN)) is None
    assert decide(shared, call(path="/", host="192.168.1.20:8080", remote="192.168.1.7")) is None
    assert decide(shared, call(path="/health", host="[fd00::5]:8080", remote="192.168.1.7")) is None
    assert decide(shared, call(host="studio.evil.example:8080", bearer=ADMIN)).code == "host_not_allowed"
    named = policy(HOST="0.0.0.0", ADMIN_TOKEN=ADMIN, ALLOWED_HOSTS="studio.lan, Edit-Bay.local:8080")
    assert decide(named, call(host="edit-bay.local:8080", bearer=ADMIN)) is None
    assert decide(named, call(host="STUDIO.lan:8080", bearer=ADMIN)) is None
    opened = policy(HOST="0.0.0.0", ALLOW_UNAUTHENTICATED=True)
    assert decide(opened, call(host="192.168.1.20:8080", remote="192.168.1.7")) is None
    assert decide(opened, call("POST", "/api/generate", origin="null")).code == "pairing_required"


@pytest.mark.parametrize(
    ("host", "name"),
    [("127.0.0.1:8080", "127.0.0.1"), ("[::1]:8080", "::1"), ("Studio.LAN", "studio.lan"), ("::1", "::1")],
)
def test_host_names_are_read_without_their_port(host, name):
    assert host_name(host) == name


@pytest.fixture
def guarded(tmp_path, engine):
    app = make_studio(tmp_path, engine, STUDIO_TOKEN=STUDIO_TOKEN)
    yield app
    app.extensions["jobs"].shutdown()


def fingerprint(app) -> tuple:
    """What a refused request must not change: the sequences, the provider settings, config.json."""
    client = app.test_client()
    sequences = [s["sequence_id"] for s in client.get("/api/sequences").get_json()["data"]]
    path = app.extensions["settings"].config_file
    stored = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    now = current(app)
    return sequences, now.secret("openai_api_key"), now.openai_base_url, stored


def test_refused_requests_leave_no_trace(guarded):
    client = guarded.test_client()
    done = wait_for(client, client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}).json["sequence_id"])
    saved = client.post("/api/set-key", json={"api_key": TEST_KEY, "base_url": current(guarded).openai_base_url})
    assert saved.status_code == 200
    before = fingerprint(guarded)
    attacks = [
        ("POST", "/api/generate", {"Origin": EVIL}, {"json": {"shots": SHOTS[:1]}}),
        ("POST", "/api/generate", {"Origin": "null"}, {"data": {"payload": json.dumps({"shots": SHOTS[:1]})}}),
        ("POST", "/api/set-key", {"Origin": "null"}, {"json": {"base_url": "http://attacker.example/v1"}}),
        ("DELETE", f"/api/sequences/{done['sequence_id']}", {"Origin": "null"}, {}),
        ("POST", "/api/generate", {"Host": "attacker.example"}, {"json": {"shots": SHOTS[:1]}}),
        ("POST", "/api/set-key", {"Host": "attacker.example:8080"}, {"json": {"api_key": "sk-attacker"}}),
        ("GET", "/api/sequences", {"Sec-Fetch-Site": "cross-site"}, {}),
        ("GET", "/api/check-key", {"Origin": "null"}, {}),
    ]
    for method, path, headers, body in attacks:
        answer = client.open(path, method=method, headers=headers, **body)
        assert answer.status_code in (403, 421), (method, path, headers)
        error = answer.get_json()["error"]
        assert error["code"] in ("pairing_required", "host_not_allowed") and error["message"]
        assert set(answer.get_json()) == {"error"}  # a refusal carries nothing of the owner's
    assert fingerprint(guarded) == before


def test_the_paired_page_and_the_own_page_may_do_everything(guarded):
    client = guarded.test_client()
    paired = {"Origin": "null", "Authorization": f"Bearer {STUDIO_TOKEN}"}
    answer = client.post("/api/generate", json={"shots": SHOTS[:1], "seconds": "4"}, headers=paired)
    assert answer.status_code == 202
    assert answer.headers["Access-Control-Allow-Origin"] == "null"  # the disk page may read its answers
    sequence_id = answer.get_json()["sequence_id"]
    wait_for(client, sequence_id)
    url = f"/api/download/{sequence_id}/1"
    with client.get(url, headers={"Sec-Fetch-Site": "cross-site"}) as refused:
        assert refused.status_code == 403  # another site's <video> without the token
    with client.get(f"{url}?token={STUDIO_TOKEN}", headers={"Sec-Fetch-Site": "cross-site"}) as video:
        assert video.status_code == 200 and video.mimetype == "video/mp4"
    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}  # the test client's Host is localhost
    assert client.delete(f"/api/sequences/{sequence_id}", headers=own).status_code == 200
    preflight = client.options("/api/generate", headers={"Origin": "null", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    evil = client.options("/api/generate", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in evil.headers
    assert client.get("/api/pairing").get_json() == {"token": STUDIO_TOKEN}
    assert client.get("/api/pairing", headers={"Origin": "null"}).status_code == 403


def test_configured_origins_are_trusted_and_null_never_is(tmp_path, engine):
    app = make_studio(tmp_path, engine, CORS_ORIGINS="http://127.0.0.1:5173, null")
    client = app.test_client()
    try:
        dev = client.get("/api/capabilities", headers={"Origin": "http://127.0.0.1:5173"})
        assert dev.status_code == 200 and dev.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"
        assert client.get("/api/capabilities", headers={"Origin": "null"}).status_code == 403
        evil = client.get("/api/capabilities", headers={"Origin": "http://127.0.0.1:5173.evil.example"})
        assert evil.status_code == 403 and "Access-Control-Allow-Origin" not in evil.headers
    finally:
        app.extensions["jobs"].shutdown()


def test_every_answer_carries_the_security_headers(guarded):
    client = guarded.test_client()
    for path in ("/", "/js/api.js", "/api/capabilities", "/health", "/api/nope"):
        with client.get(path) as answer:
            headers = answer.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_health_is_public_and_says_nothing_of_the_owner(guarded):
    answer = guarded.test_client().get("/health", headers={"Origin": "null"})
    assert answer.status_code == 200
    assert set(answer.get_json()) == {"status", "service", "provider", "provider_reachable"}


def test_the_mounted_engine_is_guarded_and_the_studio_still_uses_it(tmp_path):
    app = create_app(
        {
            "VIDEO_STORAGE_PATH": str(tmp_path / "out"),
            "CONFIG_FILE": str(tmp_path / "config.json"),
            "IGNORE_ENV": True,
            "LOCAL_ENGINE_LATENCY": 0.2,
            "RESUME_ON_START": False,
        }
    )
    client = app.test_client()
    try:
        assert client.get("/v1/videos", headers={"Origin": "null"}).status_code == 403
        refused = client.post("/v1/videos", data={"prompt": "x"}, headers={"Origin": EVIL})
        assert refused.status_code == 403 and refused.get_json()["error"]["type"] == "invalid_request_error"
        assert client.get("/v1/videos", headers={"Host": "evil.example"}).status_code == 421
        token = current(app).secret("studio_token")
        paired = client.get("/v1/videos", headers={"Authorization": f"Bearer {token}", "Origin": "null"})
        assert paired.status_code == 200
        assert oct((tmp_path / "out" / "studio-token").stat().st_mode & 0o777) == "0o600"
    finally:
        app.extensions["jobs"].shutdown()


def test_a_key_saved_for_another_address_is_not_sent_to_this_one(tmp_path):
    path = tmp_path / "config.json"
    settings.save_key(TEST_KEY, "https://provider-a.example/v1", path)
    assert settings.load(path, environ={}).secret("openai_api_key") == TEST_KEY
    data = json.loads(path.read_text())
    data["openai_base_url"] = "https://attacker.example/v1"  # edited by hand, or by an older release's hole
    path.write_text(json.dumps(data))
    assert settings.load(path, environ={}).openai_api_key is None
    # The environment sets the pair: a key saved in the file never travels to a base URL from the environment.
    settings.save_key(TEST_KEY, "https://provider-a.example/v1", path)
    assert settings.load(path, environ={"OPENAI_BASE_URL": "https://other.example/v1"}).openai_api_key is None


def test_refuses_to_start_beyond_loopback_without_a_token(tmp_path):
    base = {"VIDEO_STORAGE_PATH": str(tmp_path / "out"), "CONFIG_FILE": str(tmp_path / "c.json"), "IGNORE_ENV": True}
    with pytest.raises(settings.ConfigError, match="ADMIN_TOKEN"):
        create_app({**base, "HOST": "0.0.0.0"})
    app = create_app({**base, "HOST": "0.0.0.0", "ALLOW_UNAUTHENTICATED": True, "RESUME_ON_START": False})
    assert "ALLOW_UNAUTHENTICATED" in exposure_warnings(current(app))[0]
    app.extensions["jobs"].shutdown()
    env = {**os.environ, "HOST": "0.0.0.0", "PORT": str(free_port()), "VIDEO_STORAGE_PATH": str(tmp_path / "out")}
    env["STUDIO_CONFIG_FILE"] = str(tmp_path / "c.json")
    env["PYTHONPATH"] = str(ROOT)  # the tree under test, whichever checkout the venv was installed from
    started = subprocess.run(
        [sys.executable, "backend/app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert started.returncode != 0
    assert "ADMIN_TOKEN" in started.stderr and "Traceback" not in started.stderr


def test_beyond_loopback_with_a_token_every_call_needs_it(tmp_path, engine):
    app = make_studio(tmp_path, engine, HOST="0.0.0.0", ADMIN_TOKEN=ADMIN)
    client = app.test_client()
    lan = {"REMOTE_ADDR": "192.168.1.7"}
    try:
        answer = client.get("/api/sequences", environ_base=lan, headers={"Host": "192.168.1.20:8080"})
        assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "sign_in_required"
        assert client.post("/api/generate", json={"shots": SHOTS[:1]}).status_code == 401  # loopback too
        signed = {"Authorization": f"Bearer {ADMIN}", "Host": "192.168.1.20:8080"}
        assert client.get("/api/sequences", environ_base=lan, headers=signed).status_code == 200
        with client.get("/", environ_base=lan, headers={"Host": "192.168.1.20:8080"}) as page:
            assert page.status_code == 200
    finally:
        app.extensions["jobs"].shutdown()
