"""Benchmark: the site for the whole package, and the weight of a plan page.

Usage: python benchmarks/bench_site.py [OUTPUT] [--shots DIR]
  OUTPUT   an output folder with the package's media (default: output/, as `./run.sh build` makes it;
           if it holds no storyboard yet, the media are built first with --draft and tiny videos, which
           the site's timing and the page weight do not depend on)
  --shots  also save screenshots of a Persian plan page on a phone (390 px) and a desktop (1366 px)

Budgets: every site job of the package (all storyboards x fa, en + package-wide jobs) in <= 5 s, forced,
one process; a plan page's own weight (HTML, CSS, JS, fonts; media and images excluded) <= 400 KB,
measured as the bytes the browser receives (Debian's chromium), and from the files the page names.
"""
from __future__ import annotations

import gzip
import os
import re
import sys
import time
from pathlib import Path

SITE_BUDGET_S = 5.0
WEIGHT_BUDGET_KB = 400.0
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def storyboards() -> list[Path]:
    return sorted(p for p in (ROOT / "storyboards").glob("*.yaml") if p.name != "package.yaml")


def ensure_media(out: Path) -> None:
    if any(out.glob("*/*/manifest.json")):
        return
    from media import builders
    from media.build import build
    from media.options import BuildOptions

    print(f"{out}: no media yet; building them first (--draft, 320x180 videos)", flush=True)
    os.environ.setdefault("MEDIA_VIDEO_SIZE", "320x180@10")
    kinds = [k for k in builders.names() if k != "site"]
    build(storyboards(), ("fa", "en"), kinds, out, BuildOptions(draft=True), jobs=os.cpu_count() or 1)


def static_weight(page: Path) -> dict[str, int]:
    """The files a page itself names (stylesheets, scripts, preloaded fonts) and the fonts its CSS names."""
    html = page.read_text(encoding="utf-8")
    files = {page.resolve()}
    for ref in re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+)"', html):
        target = (page.parent / ref).resolve()
        if target.suffix in (".css", ".js", ".woff2") and target.is_file():
            files.add(target)
    for css in [f for f in files if f.suffix == ".css"]:
        for ref in re.findall(r'url\("?([^")]+)"?\)', css.read_text(encoding="utf-8")):
            target = (css.parent / ref).resolve()
            if target.is_file():
                files.add(target)
    out: dict[str, int] = {}
    for f in files:
        kind = {".html": "html", ".css": "css", ".js": "js", ".woff2": "fonts"}[f.suffix]
        out[kind] = out.get(kind, 0) + f.stat().st_size
        out[kind + "_gzip"] = out.get(kind + "_gzip", 0) + len(gzip.compress(f.read_bytes(), 9))
    return out


def browser_weight(out: Path, pages: list[str], shots: Path | None) -> dict[str, dict[str, int]]:
    from playwright.sync_api import sync_playwright

    from media.site.serve import start
    from tests.site_support import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        return {}
    server = start(out, port=0)
    result: dict[str, dict[str, int]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in pages:
                ctx = browser.new_context(viewport={"width": 1366, "height": 900})
                page = ctx.new_page()
                other: list[str] = []
                page.on("request", lambda r, other=other: other.append(r.url) if not r.url.startswith(server.url) else None)
                page.goto(server.url + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                if other:
                    raise SystemExit(f"{path}: requests to other hosts: {other}")
                # what the browser received, by the Resource Timing API (body bytes, before decoding)
                entries = page.evaluate("""() => [performance.getEntriesByType('navigation')[0],
                    ...performance.getEntriesByType('resource')].map(e => [e.name, e.encodedBodySize])""")
                got: dict[str, int] = {}
                for url, size in entries:
                    ext = Path(url.split("?")[0]).suffix or ".html"
                    kind = {".html": "html", ".css": "css", ".js": "js", ".woff2": "fonts"}.get(ext)
                    if kind:
                        got[kind] = got.get(kind, 0) + int(size)
                result[path] = got
                ctx.close()
            if shots is not None:
                shots.mkdir(parents=True, exist_ok=True)
                for name, width, height in (("site-fa-phone", 390, 844), ("site-fa-desktop", 1366, 900)):
                    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                    page = ctx.new_page()
                    page.goto(server.url + pages[0], wait_until="networkidle")
                    page.wait_for_timeout(400)
                    raw = shots / f"{name}.raw.png"
                    page.screenshot(path=str(raw))
                    ctx.close()
                    from PIL import Image

                    with Image.open(raw) as im:  # a palette PNG: a tenth of the size, for the README
                        im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
                            shots / f"{name}.png", optimize=True)
                    raw.unlink()
                    print(f"screenshot: {shots / (name + '.png')} ({(shots / (name + '.png')).stat().st_size / 1000:.0f} KB)")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shots = None
    if "--shots" in sys.argv:
        i = sys.argv.index("--shots")
        shots = Path(sys.argv[i + 1])
        args = [a for a in args if a != sys.argv[i + 1]]
    out = Path(args[0]) if args else ROOT / "output"
    ensure_media(out)
    from media.build import build
    from media.options import BuildOptions

    files = storyboards()
    build(files, ("fa", "en"), ["site"], out, BuildOptions())  # warm: imports, records
    started = time.perf_counter()
    report = build(files, ("fa", "en"), ["site"], out, BuildOptions(), force=True, jobs=1)
    elapsed = time.perf_counter() - started
    print(f"site, whole package ({len(files)} storyboards x fa, en): {len(report.built)} jobs in {elapsed:.2f} s "
          f"(engine {report.seconds:.2f} s; budget {SITE_BUDGET_S:.0f} s)")
    ok = elapsed <= SITE_BUDGET_S

    plan_pages = sorted(str(p.relative_to(out)) for p in out.glob("*/*/index.html")
                        if p.parent.parent.name not in ("assets", "data"))
    worst = 0.0
    for rel in plan_pages:
        w = static_weight(out / rel)
        total = sum(v for k, v in w.items() if not k.endswith("_gzip"))
        gz = sum(v for k, v in w.items() if k.endswith("_gzip"))
        worst = max(worst, total / 1000)
        parts = ", ".join(f"{k} {w[k] / 1000:.0f}" for k in ("html", "css", "js", "fonts") if k in w)
        print(f"  {rel}: {total / 1000:.0f} KB ({parts}); gzip {gz / 1000:.0f} KB")
    fa = [p for p in plan_pages if "/fa/" in p]
    en = [p for p in plan_pages if "/en/" in p]
    shown = next((p for p in fa if p.startswith("plan-12/")), fa[0])  # the screenshots show this one
    heaviest_fa = max(fa, key=lambda p: (out / p).stat().st_size)
    heaviest_en = max(en, key=lambda p: (out / p).stat().st_size)
    measured = browser_weight(out, list(dict.fromkeys([shown, heaviest_fa, heaviest_en])), shots)
    for path, got in measured.items():
        total = sum(got.values())
        worst = max(worst, total / 1000)
        print(f"  {path} in chromium: {total / 1000:.0f} KB received "
              f"({', '.join(f'{k} {v / 1000:.0f}' for k, v in sorted(got.items()))})")
    print(f"heaviest plan page: {worst:.0f} KB (budget {WEIGHT_BUDGET_KB:.0f} KB)")
    ok = ok and worst <= WEIGHT_BUDGET_KB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
