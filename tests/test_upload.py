"""Upload kits (issue 24): `upload.txt` beside each film passes the video platforms' chapter rules as an
independent parser reads them (`M:SS Title`, ASCII digits, the first at 0:00, at least three, each at least
10 s), or says why there is no list; the thumbnail is a 1280x720 JPEG under 2 MB whose title tesseract
reads. And `--aspect 4:5`: a 1080x1350 cut whose reflowed heading tesseract reads."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from media.builders import BuildOptions
from media.builders.video import VideoBuilder
from media.content.upload import platform_chapters, timestamp, upload_text
from media.storyboard import load_storyboard
from media.text import localize
from media.video.render import frame_spec
from tests.ocr import levenshtein, normalize, ocr, ocr_lang, require_tesseract

ROOTS = Path(__file__).resolve().parent / "roots"
# three scenes long enough to be chapters, two too short (they fold into the chapter before them)
DURATIONS = (11.0, 10.5, 2.5, 10.0, 2.5)
STAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d\d) (\S.*)$")


def _long_fixture(root: Path) -> Path:
    shutil.copytree(ROOTS / "video", root / "video")
    path = root / "video" / "storyboards" / "tiny.yaml"
    text = path.read_text(encoding="utf-8")
    it = iter(DURATIONS)
    path.write_text(re.sub(r"duration_s: [\d.]+", lambda m: f"duration_s: {next(it)}", text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    root = tmp_path_factory.mktemp("upload")
    sb = load_storyboard(_long_fixture(root), ("fa", "en"))
    out = {}
    for lang in ("fa", "en"):
        arts = VideoBuilder(BuildOptions(cache_dir=root / "cache"), frame_override="256x144@5").build(
            sb, lang, root / "out" / lang)
        out[lang] = {a.kind: a for a in arts}
    return sb, out


def parse_chapters(text: str) -> list[tuple[int, str]]:
    """(start in seconds, title) of every timestamp line, as a platform reads a description."""
    found = []
    for line in text.splitlines():
        m = STAMP.match(line)
        if m:
            h, mi, s, title = m.groups()
            found.append((int(h or 0) * 3600 + int(mi) * 60 + int(s), title))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_upload_text_passes_the_platform_rules(kits, lang):
    sb, out = kits
    text = out[lang]["upload"].path.read_text(encoding="utf-8")
    assert text.isascii() or lang == "fa"
    chapters = parse_chapters(text)
    duration = out[lang]["video"].extra["duration_s"]
    assert len(chapters) >= 3 and chapters[0][0] == 0
    ends = [s for s, _ in chapters[1:]] + [int(duration)]
    assert all(b - a >= 10 for (a, _), b in zip(chapters, ends)), chapters
    stamps = [ln.split(" ", 1)[0] for ln in text.splitlines() if STAMP.match(ln)]
    assert all(s.isascii() and s.replace(":", "").isdigit() for s in stamps)
    titles = [t for _, t in chapters]
    assert titles == [localize(sb.model.scenes[i].heading.get(lang), lang) for i in (0, 1, 3)]
    # the description's other parts, from the content layer
    assert localize(sb.model.summary.get(lang), lang) in text
    assert f"{sb.settings.base_url}/{sb.id}/{lang}/" in text
    assert sb.settings.sources["rfp"].title.get(lang) in text
    assert ("پیش‌نویس؛ مجوز انتشار ندارد" if lang == "fa" else "Draft, not approved for publication") in text


def test_chapter_rules_fold_or_refuse():
    # a short chapter joins the one before it; the first takes in what follows it
    assert platform_chapters([("T", 0, 4), ("A", 4, 20), ("B", 20, 35), ("C", 35, 50)], 50) == [
        ("T", 0), ("B", 20), ("C", 35)]
    assert platform_chapters([("A", 0, 20), ("B", 20, 25), ("C", 25, 40)], 40) == []  # two remain
    assert [timestamp(s) for s in (0, 65, 3723)] == ["0:00", "1:05", "1:02:03"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_upload_text_says_why_there_is_no_list(lang):
    sb = load_storyboard(ROOTS / "video" / "storyboards" / "tiny.yaml", (lang,))
    text = upload_text(sb, lang, [("a", 0.0, 2.0), ("b", 2.0, 4.5), ("c", 4.5, 12.0)], 12.0)
    assert parse_chapters(text) == []
    assert ("یوتیوب و آپارات" if lang == "fa" else "YouTube and Aparat need at least three chapters") in text


def _best_edits(expected: str, text: str) -> int:
    lines = [ln for ln in (normalize(x) for x in text.splitlines()) if ln]
    return min((levenshtein(normalize(expected), c) for c in lines + [f"{a} {b}" for a, b in zip(lines, lines[1:])]),
               default=len(expected))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_thumbnail_size_and_title(kits, lang):
    require_tesseract()
    sb, out = kits
    path = out[lang]["thumbnail"].path
    assert path.stat().st_size < 2 * 1024 * 1024 and path.read_bytes()[:2] == b"\xff\xd8"
    img = Image.open(path)
    assert img.format == "JPEG" and img.size == (1280, 720)
    title = localize(sb.model.scenes[0].heading.get(lang), lang)
    tess = ocr_lang(lang, title)
    edits = _best_edits(title, ocr(img, tess, psm=11))
    if edits > 2:  # light text on the brand colour: give the reader dark-on-light too
        edits = min(edits, _best_edits(title, ocr(ImageOps.invert(img.convert("RGB")), tess, psm=11)))
    assert edits <= 2, edits


@pytest.mark.slow
def test_four_by_five_cut_reads(tmp_path):
    require_tesseract()
    assert (frame_spec("4:5").width, frame_spec("4:5").height) == (1080, 1350)
    shutil.copytree(ROOTS / "video", tmp_path / "video")
    sb = load_storyboard(tmp_path / "video" / "storyboards" / "tiny.yaml", ("fa",))
    fps = 5
    arts = VideoBuilder(BuildOptions(cache_dir=tmp_path / "cache", aspects=("4:5",)), frame_override=f"576x720@{fps}").build(
        sb, "fa", tmp_path / "out")
    video = next(a for a in arts if a.kind == "video")
    assert video.path.name == "video-4x5.mp4" and video.extra["aspect"] == "4:5"
    assert (tmp_path / "out" / "video" / "upload-4x5.txt").is_file()
    import imageio_ffmpeg

    scene = 2  # bullets: "why tokens"; read after every reveal, just before the cut
    t = sum(s.duration_s for s in sb.model.scenes[:scene + 1]) - 0.4
    raw = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{t:.2f}", "-i", str(video.path),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    frame = Image.fromarray(np.frombuffer(raw, np.uint8).reshape(720, 576, 3))
    heading = localize(sb.model.scenes[scene].heading.get("fa"), "fa")
    assert _best_edits(heading, ocr(frame, ocr_lang("fa", heading), psm=6)) <= 2
