"""Helpers for the browser tests: play and seek a <video>, and download a file through a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

# Play a video muted for a moment, then seek to its middle; report what the element says.
PLAY_AND_SEEK = """async (video) => {
  const wait = (target, name, ms) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(name + " timed out")), ms);
    target.addEventListener(name, () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  video.muted = true;
  await video.play();
  const started = performance.now();
  while (video.currentTime < 0.3 && performance.now() - started < 10000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  video.pause();
  const played = video.currentTime;
  const readyState = video.readyState;
  const seeked = wait(video, "seeked", 10000);
  video.currentTime = video.duration / 2;
  await seeked;
  return { readyState, played, duration: video.duration, position: video.currentTime,
           seekableEnd: video.seekable.length ? video.seekable.end(0) : 0 };
}"""


def check_video(page: Page, selector: str, duration: float) -> None:
    """Play the video, seek to its middle, and check it is ready, seekable and `duration` long."""
    video = page.locator(selector)
    expect(video).to_be_visible()
    state = video.evaluate(PLAY_AND_SEEK)
    assert state["readyState"] >= 2, state
    assert state["played"] > 0.2, state
    assert state["duration"] == pytest.approx(duration, abs=0.25), state
    assert state["seekableEnd"] == pytest.approx(duration, abs=0.25), state
    assert state["position"] == pytest.approx(duration / 2, abs=0.3), state


def check_download(page: Page, link_name: str, suffix: str, tmp_path: Path) -> None:
    """Click the link, save what it downloads, and check it is an MP4 whose name ends with `suffix`."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.suggested_filename.endswith(suffix)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[4:8] == b"ftyp"
