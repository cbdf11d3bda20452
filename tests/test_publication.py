"""Nothing published without approval; confidential by default.

One real build (the engine, every builder) of the publication fixture as a draft in both languages and
as an approved copy: every output of the draft carries the draft mark in its language, read back by
tesseract on pictures, PDF raster and video frames, by pdftotext and mutagen and as text in captions,
transcripts and tags; the approved copy's carry none."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from media.errors import PrivacyError
from media.graphics.components import DRAFT_FILL
from media.content.words import word
from media.options import BuildOptions
from media.storyboard import load_storyboard
from tests.ocr import cer, normalize, ocr, require_tesseract

ROOTS = Path(__file__).resolve().parent / "roots"
APPROVAL = 'approval: {by: {fa: دبیرخانه طرح, en: The plan secretariat}, date: "2026-11-20", reference: "1405/123"}\n'
AMBER = np.array([int(DRAFT_FILL[i:i + 2], 16) for i in (1, 3, 5)], float)


LESSON = """lessons:
  - id: pilot-first
    text: {fa: اجرای آزمایشی پیش از گسترش, en: A pilot before the roll-out}
    source:
      kind: interview
      title: {fa: مصاحبه با مدیر اجرایی طرح, en: Interview with the plan's executive manager}
"""


def _copy(tmp: Path, name: str, approved: bool) -> Path:
    root = tmp / name
    shutil.copytree(ROOTS / "publication", root)
    path = root / "storyboards" / "brief.yaml"
    if approved:
        path.write_text(path.read_text(encoding="utf-8").replace("plan: 18\n", "plan: 18\n" + APPROVAL),
                        encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """{"draft": {lang: folder}, "approved": {"en": folder}}: real builds through the engine, video 1280x720@5."""
    from media import builders
    from media.build import build

    tmp = tmp_path_factory.mktemp("publication")
    mp = pytest.MonkeyPatch()
    mp.setenv("MEDIA_VIDEO_SIZE", "1280x720@5")
    mp.setenv("SOURCE_DATE_EPOCH", "1795305600")
    out = {}
    try:
        for state, langs in (("draft", ("fa", "en")), ("approved", ("en",))):
            path = _copy(tmp, state, state == "approved")
            opts = BuildOptions(cache_dir=tmp / "speech")
            report = build([path], langs, builders.names(), tmp / f"out-{state}", opts, jobs=1)
            assert not report.failed, report.failed
            out[state] = {lang: tmp / f"out-{state}" / "brief" / lang for lang in langs}
    finally:
        mp.undo()
    return out


def _bands(image: Image.Image) -> list[tuple[int, int]]:
    """Row spans where most of the width is the draft band's amber."""
    rgb = np.asarray(image.convert("RGB"), dtype=float)
    near = (np.linalg.norm(rgb - AMBER, axis=2) < 45).mean(axis=1) > 0.55
    spans, start = [], None
    for y, hit in enumerate(list(near) + [False]):
        if hit and start is None:
            start = y
        elif not hit and start is not None:
            if y - start >= 8:
                spans.append((start, y))
            start = None
    return spans


def _read_band(image: Image.Image, lang: str) -> str:
    """OCR of the draft band (the hatching at its far end left out), or '' when there is none."""
    spans = _bands(image)
    if not spans:
        return ""
    top, bottom = spans[0]
    w = image.width
    box = (int(w * 0.22), top, w, bottom) if lang == "fa" else (0, top, int(w * 0.78), bottom)
    crop = image.convert("L").crop(box)
    crop = crop.resize((crop.width * 2, crop.height * 2), Image.LANCZOS) if crop.height < 60 else crop
    return ocr(crop, "fas" if lang == "fa" else "eng", psm=7)


def _assert_marked(image: Image.Image, lang: str, what: str) -> None:
    text = _read_band(image, lang)
    assert text, f"{what}: no draft band"
    assert cer(word("draft_mark", lang), text) < 0.25, f"{what}: OCR read {text!r}"


def _frame(mp4: Path, t: float) -> Image.Image:
    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    png = mp4.parent / f"frame-{t:.1f}.png"
    subprocess.run([exe, "-v", "error", "-y", "-ss", str(t), "-i", str(mp4), "-frames:v", "1", str(png)], check=True)
    return Image.open(png).convert("RGB")


def _pictures(folder: Path) -> dict[str, Image.Image]:
    from media.builders.poster import rasterize_pdf

    mp4 = folder / "video" / "video.mp4"
    return {
        "infographic": Image.open(folder / "infographics" / "key-figures-square.png"),
        "contact sheet": Image.open(folder / "infographics" / "contact-sheet.png"),
        "poster PDF": rasterize_pdf(folder / "poster" / "poster-a4.pdf", 150),
        "poster PNG": Image.open(folder / "poster" / "poster-a4.png"),
        "social card": Image.open(folder / "poster" / "poster-social.png"),
        "video intro": _frame(mp4, 1.5),
        "video outro": _frame(mp4, 3.5),
        "podcast cover": Image.open(folder / "podcast-cover.jpg"),
        "audiogram 9:16": _frame(folder / "audiogram" / "audiogram-1-9x16.mp4", 1.0),
        "audiogram 1:1": _frame(folder / "audiogram" / "audiogram-1-1x1.mp4", 1.0),
    }


@pytest.mark.ocr
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_picture_of_a_draft_carries_the_mark_in_its_language(outputs, lang):
    require_tesseract()
    for what, image in _pictures(outputs["draft"][lang]).items():
        _assert_marked(image, lang, what)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_text_of_a_draft_carries_the_mark(outputs, lang):
    from mutagen.id3 import ID3

    folder = outputs["draft"][lang]
    mark = word("draft_mark", lang)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft"
    pdf = subprocess.run(["pdftotext", str(folder / "poster" / "poster-a4.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    if lang == "en":
        assert mark in pdf
    else:  # Persian in the PDF text layer is in visual order: compare letters, not their order
        assert sorted(normalize(mark).replace(" ", "")) <= sorted(normalize(pdf).replace(" ", "")) or \
            any(cer(mark, ln) < 0.3 or cer(mark, ln[::-1]) < 0.3 for ln in pdf.splitlines())
    for vtt in (folder / "video" / "video.vtt", folder / "video" / "video.srt", folder / "podcast.vtt"):
        cues = vtt.read_text(encoding="utf-8").split("\n\n")
        first = next(c for c in cues if "-->" in c)
        assert mark in first, f"{vtt.name}: the first cue does not say it is a draft"
    assert (folder / "podcast.txt").read_text(encoding="utf-8").splitlines()[0] == mark
    tags = ID3(folder / "podcast.mp3")
    assert mark in str(tags["TIT2"]) and str(tags.getall("COMM")[0]).startswith(mark)
    from mutagen.mp4 import MP4

    assert mark in MP4(folder / "video" / "video.mp4").tags["\xa9nam"][0]


@pytest.mark.ocr
def test_an_approved_copy_carries_no_mark(outputs):
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4

    require_tesseract("eng")
    folder = outputs["approved"]["en"]
    mark = word("draft_mark", "en")
    for what, image in _pictures(folder).items():
        assert not _bands(image), f"{what}: an approved output shows the draft band"
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["status"] == "approved"
    texts = [folder / "video" / "video.vtt", folder / "video" / "video.srt", folder / "podcast.vtt",
             folder / "podcast.txt"]
    for path in texts:
        assert mark not in path.read_text(encoding="utf-8"), path.name
    pdf = subprocess.run(["pdftotext", str(folder / "poster" / "poster-a4.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "Draft" not in pdf
    tags = ID3(folder / "podcast.mp3")
    assert "Draft" not in str(tags["TIT2"]) and "Draft" not in str(tags.getall("COMM")[0])
    assert "Draft" not in MP4(folder / "video" / "video.mp4").tags["\xa9nam"][0]
    # and the spoken intro is gone: the approved episode's first caption is its first segment
    first = next(c for c in (folder / "podcast.vtt").read_text(encoding="utf-8").split("\n\n") if "-->" in c)
    assert "Hello and welcome." in first


def test_the_draft_band_reader_is_not_fooled_by_the_brand_colours(outputs):
    """The band test above could pass on any yellow: the approved infographic has the brand's amber accent
    rule and bars, and no band is found in it."""
    image = Image.open(outputs["approved"]["en"] / "infographics" / "key-figures-square.png")
    assert _bands(image) == []


# ---- approval and confidentiality at validation ------------------------------------------------

def test_validate_strict_fails_on_a_draft_and_passes_once_approved(tmp_path):
    from media.cli import cli

    runner = CliRunner()
    draft = _copy(tmp_path, "d", approved=False)
    res = runner.invoke(cli, ["validate", "--strict", str(draft)])
    assert res.exit_code == 2
    assert f"{draft}:1:1: (top): warning: draft: no `approval` recorded" in res.output
    res = runner.invoke(cli, ["validate", str(draft)])
    assert res.exit_code == 0  # a warning, not an error: drafts still build (with the mark)
    approved = _copy(tmp_path, "a", approved=True)
    res = runner.invoke(cli, ["validate", "--strict", str(approved)])
    assert res.exit_code == 2 and "no `lessons`" in res.output  # the report's section 6 is still empty
    approved.write_text(approved.read_text(encoding="utf-8") + LESSON, encoding="utf-8")
    res = runner.invoke(cli, ["validate", "--strict", str(approved)])
    assert res.exit_code == 0, res.output
    assert "warning" not in res.output


def test_confidential_false_is_a_warning_naming_what_goes_where(tmp_path):
    from media.cli import cli

    path = _copy(tmp_path, "p", approved=True)
    path.write_text(path.read_text(encoding="utf-8").replace("plan: 18\n", "plan: 18\nconfidential: false\n"),
                    encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", str(path)])
    assert res.exit_code == 0
    line = next(ln for ln in res.output.splitlines() if "confidential: false" in ln)
    at = path.read_text(encoding="utf-8").splitlines().index("confidential: false") + 1
    assert line.startswith(f"{path}:{at}:1: confidential: warning:")
    for what in ("the narration of 2 scene(s) and the text of 1 podcast segment(s)", "Persian: 7 words",
                 "English: 8 words", "gtts (Google Translate text-to-speech, translate.google.com: English)",
                 "edge (Microsoft Edge online voices, speech.platform.bing.com: Persian, English)",
                 "package.yaml selects only offline engines"):
        assert what in line, what
    assert CliRunner().invoke(cli, ["validate", "--strict", str(path)]).exit_code == 2


def test_a_default_storyboard_refuses_online_speech(tmp_path, monkeypatch):
    """No `confidential` key: confidential. --online and an online engine are refused before any text leaves."""
    import socket

    from media.cli import cli
    from media.speech.synth import check_voice, resolve_voice

    path = _copy(tmp_path, "p", approved=True)
    sb = load_storyboard(path)
    assert sb.model.confidential
    opts = BuildOptions(cache_dir=tmp_path / "c", allow_online=True, engines={"en": "gtts"})
    with pytest.raises(PrivacyError, match="this storyboard is confidential") as err:
        check_voice(sb, "en", resolve_voice(sb, "en", "host", opts), opts)
    assert f"{path}:1:1: confidential" in str(err.value)  # no key to point at: the top of the file

    def refuse(*a, **k):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.chdir(path.parent.parent)
    res = CliRunner().invoke(cli, ["build", "storyboards/brief.yaml", "--only", "podcast", "--lang", "en",
                                   "--online", "--engine", "en=gtts", "--out", "out"])
    assert res.exit_code == 2 and "confidential" in res.output and "Traceback" not in res.output
    assert not (path.parent.parent / "out" / "brief" / "en" / "podcast.mp3").exists()
    # saying `confidential: false` is what lets it through the privacy check
    path.write_text(path.read_text(encoding="utf-8").replace("plan: 18\n", "plan: 18\nconfidential: false\n"),
                    encoding="utf-8")
    sb = load_storyboard(path)
    check_voice(sb, "en", resolve_voice(sb, "en", "host", opts), opts)


# ---- voices ----------------------------------------------------------------------------------

def test_english_defaults_to_piper_and_falls_back_to_espeak(tmp_path, monkeypatch):
    from media.speech.engines import PiperEngine
    from media.speech.synth import resolve_voice
    from media.storyboard.settings import PackageSettings

    shipped = PackageSettings.model_fields["voices"].default_factory()
    assert shipped["en"].host.engine == "piper" and shipped["fa"].host.engine == "espeak"
    path = _copy(tmp_path, "p", approved=True)
    pk = path.parent / "package.yaml"
    pk.write_text(pk.read_text(encoding="utf-8").replace("host: {engine: espeak, voice: en-us, rate: 1.0}",
                                                         "host: {engine: piper, rate: 1.0}"), encoding="utf-8")
    sb = load_storyboard(path)
    monkeypatch.setattr(PiperEngine, "available", staticmethod(lambda: True))
    assert resolve_voice(sb, "en", "host", BuildOptions()).label == "piper:en_US-joe-medium@1"
    monkeypatch.setattr(PiperEngine, "available", staticmethod(lambda: False))
    choice = resolve_voice(sb, "en", "host", BuildOptions())
    assert choice.label == "espeak:en-us@1" and "piper is not installed: espeak fallback" in choice.origin
