"""The site fixture shared by the site tests: tests/roots/site built once per test run (whichever xdist
worker gets there first builds it, the others wait on a lock), in two builds as people make them:
`teta` with every builder (tiny renders), then `hostile` and `approved` with the site builder only,
so the home page, feeds and data must also cover `teta`, which the second build did not plan."""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

ROOTS = Path(__file__).resolve().parent / "roots"
BASE_URL = "https://example.org/sso-knowledge"
CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, headless, as root, on a machine without network: no first-run, no background
# requests to other hosts (they would be refused and retried), a fresh profile per launch.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--mute-audio", "--autoplay-policy=no-user-gesture-required"]


def build_site(base: Path) -> Path:
    """Build the fixture under `base` (once per `base`); returns the output folder."""
    base.mkdir(parents=True, exist_ok=True)
    out = base / "site" / "output"
    with open(base / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (base / "site.done").is_file():
                return out
            from media import builders
            from media.build import build
            from media.options import BuildOptions

            shutil.rmtree(base / "site", ignore_errors=True)
            shutil.copytree(ROOTS / "site", base / "site")
            sbs = base / "site" / "storyboards"
            old = os.environ.get("MEDIA_VIDEO_SIZE")
            os.environ["MEDIA_VIDEO_SIZE"] = "320x180@10"
            try:
                options = BuildOptions(aspects=("16:9", "9:16"))
                build([sbs / "teta.yaml"], ("fa", "en"), builders.names(), out, options, jobs=2)
                build([sbs / "approved.yaml"], ("fa", "en"), ["infographics", "site"], out, options)
                build([sbs / "hostile.yaml", sbs / "approved.yaml"], ("fa", "en"), ["site"], out, options)
            finally:
                if old is None:
                    os.environ.pop("MEDIA_VIDEO_SIZE", None)
                else:
                    os.environ["MEDIA_VIDEO_SIZE"] = old
            (base / "site.done").write_text("ok")
            return out
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def site_output(tmp_path_factory) -> Path:
    """The fixture's output folder, built once per test run: xdist workers of one run share it (their
    base folders are siblings, and the run has one id); a plain run keeps it in its own base folder."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = tmp_path_factory.getbasetemp()
    return build_site(base.parent / f"site-fixture-{run}" if run else base / "site-fixture")
