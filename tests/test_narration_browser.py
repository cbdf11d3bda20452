"""Recording in a real browser: Debian's chromium (Playwright) with its fake microphone playing a known WAV
records units through the recording page of `media serve`; the build then uses those takes: the film's and
the podcast's audio at the unit's start is the source (cross-correlation >= 0.9) and the unit's captions
last as long as the take."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from media import audio
from media.narration.record import Recorder
from tests.narration_support import best_correlation, project, voice_like
from tests.site_support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed (run.sh installs it)")
SCREENSHOT = os.environ.get("MEDIA_RECORD_SCREENSHOT")  # docs/record-fa.png is made by setting this


def _cue_start(vtt: str, text: str) -> tuple[float, float]:
    def sec(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    for block in vtt.split("\n\n"):
        lines = block.strip().splitlines()
        stamps = [ln for ln in lines if "-->" in ln]
        if stamps and any(text in re.sub(r"<[^>]+>", "", ln) for ln in lines):
            a, b = re.findall(r"\d+:\d\d:\d\d\.\d\d\d", stamps[0])
            return sec(a), sec(b)
    raise AssertionError(f"no caption for {text!r}")


def test_record_in_the_browser_then_build(tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    from media.build import run_build
    from media.options import BuildOptions
    from media.site.serve import start

    path = project(tmp_path)
    source = voice_like(4.0, seed=42)
    wav = audio.write_wav(tmp_path / "voice.wav", source)
    out = tmp_path / "output"
    out.mkdir()
    recorder = Recorder([path], ("fa",))
    server = start(out, port=0, recorder=recorder)
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
            context = browser.new_context(viewport={"width": 1024, "height": 768})  # a tablet, landscape
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{recorder.url(server.url)}&unit=scene-why".replace("/#", "/talk/fa/#"))
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert page.locator("#uid").inner_text() == "scene-why"
            assert "توکن ارزش ثابتی" in page.locator("#current").inner_text()
            assert "زنجیره تتا" in page.locator("#before").inner_text()  # the text before and after
            assert "آگاهی بیشتر" in page.locator("#after").inner_text()
            assert page.locator("#state").inner_text() == "ضبط‌نشده"
            page.click("#record")
            page.wait_for_selector("body.recording")
            page.wait_for_timeout(3500)
            page.click("#record")
            page.wait_for_selector("body[data-saved=\'scene-why:1\']", state="attached", timeout=30000)
            assert page.locator("#state").inner_text().startswith("ضبط‌شده")
            if SCREENSHOT:
                page.screenshot(path=SCREENSHOT)
            # the keyboard: N goes on, R records and stops; the podcast's guest line
            for _ in range(2):
                page.keyboard.press("n")
            assert page.locator("#uid").inner_text() == "podcast-001"
            page.keyboard.press("n")
            assert page.locator("#uid").inner_text() == "podcast-002"
            assert page.locator("#speaker").inner_text() == "مهمان"
            page.keyboard.press("r")
            page.wait_for_selector("body.recording")
            page.wait_for_timeout(3500)
            page.keyboard.press("r")
            page.wait_for_selector("body[data-saved=\'podcast-002:1\']", state="attached", timeout=30000)
            # listening plays the stored take from the server
            page.click("#listen")
            page.wait_for_selector("#player[src*='podcast-002.flac']", state="attached")
            page.wait_for_timeout(500)
            assert page.locator("#player").evaluate("a => a.readyState") >= 1  # the stored take decoded
            # re-recording keeps the first take
            page.keyboard.press("r")
            page.wait_for_selector("body.recording")
            page.wait_for_timeout(3000)
            page.keyboard.press("r")
            page.wait_for_selector("body[data-saved=\'podcast-002:2\']", state="attached", timeout=30000)
            assert not errors
            for width, height in ((768, 1024), (1366, 768)):  # a tablet upright, a laptop: nothing overflows
                view = browser.new_context(viewport={"width": width, "height": height}).new_page()
                view.goto(recorder.url(server.url).replace("/#", "/talk/fa/#"))
                assert view.locator("html").evaluate("e => e.scrollWidth <= e.clientWidth"), width
                assert view.locator("#record").is_visible() and view.locator("#next").is_visible()
                view.context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    folder = path.parent / "recordings" / "talk" / "fa"
    assert (folder / "takes" / "podcast-002" / "001.flac").is_file() and (folder / "takes" / "podcast-002" / "001-original.webm").is_file()

    monkeypatch.setenv("MEDIA_VIDEO_SIZE", "320x180@10")
    run_build([path], ("fa",), ["video", "podcast"], out, BuildOptions(), jobs=1)
    film = audio.load(out / "talk" / "fa" / "video" / "video.mp4")
    pod = audio.load(out / "talk" / "fa" / "podcast.mp3")
    for uid, text, sound, vtt in [("scene-why", "توکن ارزش ثابتی", film, out / "talk" / "fa" / "video" / "video.vtt"),
                                  ("podcast-002", "این زنجیره بدهی‌ها", pod, out / "talk" / "fa" / "podcast.vtt")]:
        meta = json.loads((folder / f"{uid}.json").read_text(encoding="utf-8"))
        start_s, end_s = _cue_start(vtt.read_text(encoding="utf-8"), text)
        assert abs((end_s - start_s) - meta["duration_s"]) < 0.2, (uid, start_s, end_s, meta["duration_s"])
        window = sound[int((start_s + 0.1) * audio.SR): int((start_s + 1.6) * audio.SR)]
        score = best_correlation(window, source)
        assert score >= 0.9, (uid, score)
        before = sound[int((start_s - 1.6) * audio.SR): int((start_s - 0.1) * audio.SR)]
        assert best_correlation(before, source) < 0.5  # the oracle can fail: what precedes is not the take
