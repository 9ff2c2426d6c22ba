"""Browser fixtures: a live studio on the local engine (as its own process), headless Chromium, a page.

Chromium is Debian's /usr/bin/chromium (`.ci/run` installs it); Playwright's own browsers are never
downloaded. On a failed test the page is saved to test-artifacts/<test>.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from PIL import Image, ImageDraw
from playwright.sync_api import expect, sync_playwright

from tests.servers import ROOT, Process, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
# Two cores, a studio, an engine and a browser: give each expectation time on a loaded machine.
expect.set_options(timeout=15_000)
INDEX_HTML = ROOT / "frontend" / "index.html"
# With only `fail` set, the engine draws once per job it creates: with seed 10 the draws say
# ok (shot 1), fail (shot 2), ok (the retry of shot 2).
FAULTS = "fail=0.5,seed=10"


@dataclass
class Studio:
    """A running studio: its address and the process behind it."""

    url: str
    process: Process

    @property
    def token(self) -> str:
        """The studio token, as the owner reads it from the studio's own page (or its start-up line)."""
        return self.api("GET", "/api/pairing")["token"]

    def api(self, method: str, path: str, **kwargs) -> dict:
        response = requests.request(method, self.url + path, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def wait(self, sequence_id: str, timeout: float = 60) -> dict:
        """Poll until the sequence is completed or failed; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sequence = self.api("GET", f"/api/sequences/{sequence_id}")
            if sequence["status"] in ("completed", "failed"):
                return sequence
            time.sleep(0.2)
        raise TimeoutError(f"sequence {sequence_id} did not finish within {timeout} s")


def start_studio(tmp_path_factory: pytest.TempPathFactory, name: str, faults: str = "", **extra: str) -> Studio:
    """Start `python backend/app.py` on a free port with its own storage; wait for /health."""
    folder = tmp_path_factory.mktemp(name)
    port = free_port()
    env = {
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "VIDEO_STORAGE_PATH": str(folder / "output"),
        "LOCAL_ENGINE_LATENCY": "1",
        "LOCAL_ENGINE_FAULTS": faults,
        # Empty values beat backend/config.json, so a key saved there never reaches the tests;
        # and a key saved from a test goes to the studio's own file, never to the repo's.
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
        "PROVIDER": "",
        "STUDIO_CONFIG_FILE": str(folder / "config.json"),
        **extra,
    }
    url = f"http://127.0.0.1:{port}"
    process = Process(["backend/app.py"], env, f"{url}/health", folder / "studio.log").start()
    return Studio(url, process)


@pytest.fixture(scope="module")
def studio(tmp_path_factory) -> Iterator[Studio]:
    """A studio on the local engine with a one-second latency."""
    running = start_studio(tmp_path_factory, "studio")
    yield running
    running.process.stop()


@pytest.fixture(scope="module")
def faulty_studio(tmp_path_factory) -> Iterator[Studio]:
    """A studio whose local engine fails the second job it creates (see FAULTS)."""
    running = start_studio(tmp_path_factory, "faulty", FAULTS)
    yield running
    running.process.stop()


@pytest.fixture(scope="module")
def reference_png(tmp_path_factory) -> Path:
    """A small picture to attach: a shot's reference image, a location's picture."""
    path = tmp_path_factory.mktemp("images") / "reference.png"
    image = Image.new("RGB", (360, 640), (38, 56, 104))
    draw = ImageDraw.Draw(image)
    draw.ellipse((110, 150, 250, 290), fill=(236, 184, 84))
    draw.rectangle((90, 320, 270, 600), fill=(204, 92, 64))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Console:
    """Everything the page reported as an error: console.error calls, failed loads, uncaught exceptions.

    Chromium logs every answer >= 400 as "Failed to load resource"; a test that provokes one on
    purpose names it with `allow`, and only that line is forgiven.
    """

    logged: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def on_message(self, message) -> None:
        if message.type == "error":
            self.logged.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.logged.append(f"pageerror: {error}")

    def allow(self, status: int, path: str) -> None:
        """Forgive the browser's log line for one expected error answer."""
        self.allowed.append(re.compile(rf"status of {status} .*\(https?://[^/]+{re.escape(path)}\)$"))

    @property
    def errors(self) -> list[str]:
        return [line for line in self.logged if not any(p.search(line) for p in self.allowed)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def open_page(browser, request, width: int = 1280, height: int = 900) -> Iterator[tuple[object, Console]]:
    """Yield a fresh page and its console; screenshot it if the test failed; insist on a clean console."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = Console()
    page.on("console", console.on_message)
    page.on("pageerror", console.on_page_error)
    yield page, console
    report = getattr(request.node, "report_call", None)
    try:
        if report is None or report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    if report is not None and report.passed:
        assert console.errors == [], "the page logged errors"


@pytest.fixture
def page_and_console(browser, request):
    yield from open_page(browser, request)


@pytest.fixture
def phone_page_and_console(browser, request):
    yield from open_page(browser, request, width=375, height=812)


def pair(page, studio: Studio, console: Console) -> None:
    """Answer the pairing question a page opened from disk asks once, as its owner would."""
    for path in ("/api/capabilities", "/api/templates", "/api/check-key"):
        console.allow(403, path)  # the refusals that make the page ask
    dialog = page.locator("[data-unlock-dialog]")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Studio token").fill(studio.token)
    dialog.get_by_role("button", name="Pair").click()
    expect(dialog).to_be_hidden()


@pytest.fixture
def disk_url():
    """The page opened from disk, pointed at a studio with ?api=."""

    def build(studio: Studio) -> str:
        return INDEX_HTML.as_uri() + "?api=" + studio.url

    return build
