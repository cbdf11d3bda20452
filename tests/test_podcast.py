"""Podcast builder: a default build (offline, no socket), loudness by independent meters, tags,
chapters, transcript and captions read back, rebuild from cache, privacy through the CLI."""
from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from media import audio
from media.builders import BuildOptions
from media.builders.podcast import PodcastBuilder
from media.content.words import word
from media.speech.engines import EspeakEngine
from media.speech.prepare import prepare
from media.storyboard import load_storyboard

ROOTS = Path(__file__).resolve().parent / "roots"


class NoNetwork:
    """Every way of opening a network connection raises, and is recorded."""

    def __init__(self, mp: pytest.MonkeyPatch):
        self.attempts: list[str] = []

        def refuse(name):
            def fail(*args, **kwargs):
                self.attempts.append(f"{name}{args[1:2] if name.startswith('socket.') else args[:1]}")
                raise OSError(f"network disabled in tests ({name})")
            return fail

        mp.setattr(socket.socket, "connect", refuse("socket.connect"))
        mp.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        mp.setattr(socket, "create_connection", refuse("create_connection"))
        mp.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One default build of the fixture storyboard, both languages, with the network cut off."""
    root = tmp_path_factory.mktemp("pod") / "podcast"
    shutil.copytree(ROOTS / "podcast", root)
    sb = load_storyboard(root / "storyboards" / "mini.yaml")
    progress: list[tuple[str, float]] = []
    opts = BuildOptions(cache_dir=root / "output" / ".cache")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        guard = NoNetwork(mp)
        for lang in ("fa", "en"):
            out_dir = root / "output" / "mini" / lang
            out_dir.mkdir(parents=True)
            builder = PodcastBuilder(opts)
            builder.progress = lambda label, f: progress.append((label, f))
            out[lang] = {a.kind: a for a in builder.build(sb, lang, out_dir)}
    return {"root": root, "sb": sb, "artifacts": out, "guard": guard, "progress": progress, "options": opts}


def test_default_build_opens_no_socket(built):
    assert built["guard"].attempts == []
    assert set(built["artifacts"]["fa"]) == {"podcast", "podcast-transcript", "podcast-subtitles", "podcast-cover",
                                             "podcast-cover-svg"}


def test_guard_really_blocks_the_network():
    with pytest.MonkeyPatch.context() as mp:
        guard = NoNetwork(mp)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(OSError):
            socket.socket().connect(("127.0.0.1", 9))
    assert len(guard.attempts) == 2


def test_files_and_progress(built):
    for lang in ("fa", "en"):
        arts = built["artifacts"][lang]
        names = {k: a.path.name for k, a in arts.items()}
        assert names == {"podcast": "podcast.mp3", "podcast-transcript": "podcast.txt",
                         "podcast-subtitles": "podcast.vtt", "podcast-cover": "podcast-cover.jpg",
                         "podcast-cover-svg": "podcast-cover.svg"}
        assert all(a.path.parent == built["root"] / "output" / "mini" / lang for a in arts.values())
        assert not list(arts["podcast"].path.parent.glob("*.part"))
    fractions = [f for _, f in built["progress"]]
    assert fractions[-1] == 1.0 and any(label.startswith("speech") for label, _ in built["progress"])


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_loudness_and_true_peak_by_independent_meters(built, lang):
    pyln = pytest.importorskip("pyloudnorm")
    mp3 = built["artifacts"][lang]["podcast"]
    x = audio.load(mp3.path)
    lufs = pyln.Meter(audio.SR).integrated_loudness(x.astype(np.float64))
    assert lufs == pytest.approx(-16.0, abs=1.0)
    assert mp3.extra["lufs"] == pytest.approx(lufs, abs=0.2)
    tp = ffmpeg_true_peak(mp3.path)
    assert tp <= -1.0
    assert mp3.extra["true_peak_db"] == pytest.approx(tp, abs=0.3)
    assert np.max(np.abs(x)) < 0.95  # no clipping


def ffmpeg_true_peak(path: Path) -> float:
    import subprocess

    out = subprocess.run([audio.ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-filter_complex",
                          "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    return float(re.findall(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS", out)[-1])


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_mp3_format_and_tags(built, lang):
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    sb = built["sb"]
    mp3 = built["artifacts"][lang]["podcast"]
    info = MP3(mp3.path).info
    assert info.sample_rate == 44100 and info.channels == 1
    assert 64_000 <= info.bitrate <= 96_000
    assert info.length == pytest.approx(mp3.extra["duration_s"], abs=0.1)
    tags = ID3(mp3.path)
    assert tags.version[:2] == (2, 3)
    # the fixture is a draft: the title players show says so, and so does the start of the comment
    assert str(tags["TIT2"]) == f"{sb.model.podcast.title.get(lang)} ({word('draft_mark', lang)})"
    assert str(tags.getall("COMM")[0]).startswith(word("draft_mark", lang))
    assert str(tags.getall("TXXX")[0]) == "draft"
    assert str(tags["TPE1"]) == sb.settings.organisation.get(lang)
    assert str(tags["TALB"]) == sb.model.title.get(lang)
    assert str(tags["TLAN"]) == {"fa": "per", "en": "eng"}[lang]
    assert str(tags.get("TYER") or tags.get("TDRC")) == "2026"
    comment = str(tags.getall("COMM")[0])
    assert sb.model.podcast.description.get(lang) in comment
    assert sb.settings.sources["rfp"].title.get(lang) in comment  # cited by the figures
    assert "introduction" in comment and ".txt" not in comment  # by title and section, never a file name
    assert sb.settings.sources["news"].title.get(lang) not in comment  # not cited
    apic = tags.getall("APIC")[0]
    assert apic.mime == "image/jpeg" and apic.type == 3
    assert apic.data == built["artifacts"][lang]["podcast-cover"].path.read_bytes()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_chapters_match_the_storyboard(built, lang):
    from mutagen.id3 import ID3

    sb = built["sb"]
    mp3 = built["artifacts"][lang]["podcast"]
    tags = ID3(mp3.path)
    expected = [seg.chapter.get(lang) for seg in sb.model.podcast.segments if seg.chapter]
    toc = tags.getall("CTOC")[0]
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[i] for i in toc.child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in ordered] == expected
    starts = [c.start_time for c in ordered]
    assert starts[0] == 0 and starts == sorted(starts)
    assert all(a.end_time == b.start_time for a, b in zip(ordered, ordered[1:]))
    assert ordered[-1].end_time == pytest.approx(mp3.extra["duration_s"] * 1000, abs=50)
    assert [c["title"] for c in mp3.extra["chapters"]] == expected
    assert [round(c["start_s"] * 1000) for c in mp3.extra["chapters"]] == starts
    # a chapter starts in the silence just before its first words
    cues = read_vtt(built["artifacts"][lang]["podcast-subtitles"].path)
    second_chapter_first_cue = cues[-2][0]  # fixture: the last segment (2 sentences) opens chapter 2
    assert 0.3 < second_chapter_first_cue - starts[1] / 1000 < 1.5


def read_vtt(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")

    def sec(t: str) -> float:
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        start, end = lines[1].split(" --> ")
        cues.append((sec(start), sec(end), re.sub(r"^<v [^>]+>", "", "\n".join(lines[2:]))))
    return cues


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_captions_are_what_is_said_ordered_and_inside_the_audio(built, lang):
    sb = built["sb"]
    mp3 = built["artifacts"][lang]["podcast"]
    cues = read_vtt(built["artifacts"][lang]["podcast-subtitles"].path)
    from media.text import plain_line

    expected = [s.display for seg in sb.model.podcast.segments for s in prepare(seg.text.get(lang), lang)]
    # a draft: the host first says it is not approved for publication, so that is the first cue too
    expected = [word("draft_mark", lang) + "."] + expected
    # a Persian cue that starts with a Latin word ("KPI ها ...") carries a right-to-left mark
    assert [c[2] for c in cues] == [plain_line(e, lang) for e in expected]
    if lang == "fa":
        assert any(c[2].startswith("\u200fKPI") for c in cues)
    assert all(0 <= a < b <= mp3.extra["duration_s"] for a, b, _ in cues)
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in zip(cues, cues[1:]))
    # the audio really has speech where the cues are, and only music in the gaps is quieter
    x = audio.load(mp3.path)
    for a, b, _ in cues:
        assert audio.rms_db(x[int(a * audio.SR): int(b * audio.SR)]) > -30
    if lang == "fa":
        assert "۱۴۰۴/۱۰/۰۱" in cues[2][2]  # digits as a Persian reader reads them


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_transcript(built, lang):
    sb = built["sb"]
    txt = built["artifacts"][lang]["podcast-transcript"].path.read_text(encoding="utf-8")
    for seg in sb.model.podcast.segments:
        for s in prepare(seg.text.get(lang), lang):
            assert s.display in txt
        if seg.chapter:
            assert seg.chapter.get(lang) in txt
    assert ("میزبان:" if lang == "fa" else "Host:") in txt and ("مهمان:" if lang == "fa" else "Guest:") in txt
    assert "**" not in txt
    assert re.search(r"^\[۰۰:۰۰\] " if lang == "fa" else r"^\[00:00\] ", txt, re.M)  # timecodes read in the text's digits
    assert txt.splitlines()[0] == word("draft_mark", lang)  # a draft says so first
    sources = txt.strip().splitlines()[-1]
    assert sb.settings.sources["rfp"].title.get(lang) in sources and "introduction" in sources
    assert ".txt" not in txt  # the document's title and section, never its file name


def test_cover_is_square_branded_jpeg(built):
    from PIL import Image

    for lang in ("fa", "en"):
        img = Image.open(built["artifacts"][lang]["podcast-cover"].path)
        assert img.format == "JPEG" and img.size[0] == img.size[1] and 1400 <= img.size[0] <= 3000
        rgb = np.asarray(img.convert("RGB"), dtype=float)
        primary = np.array([0x0B, 0x53, 0x94], float)
        assert np.linalg.norm(rgb[120, 700] - primary) < 60  # brand colour at the top, under the draft band
        assert np.linalg.norm(rgb[4, 700] - np.array([0xFF, 0xD5, 0x4F], float)) < 40  # the draft band
        assert (np.abs(rgb - 255).sum(axis=2) < 30).mean() > 0.01  # white title text drawn


def test_segments_have_host_and_guest_voices_and_sensible_gaps(built):
    mp3 = built["artifacts"]["en"]["podcast"]
    assert mp3.extra["voices"] == {"host": "espeak:en-us@1", "guest": "espeak:en-gb+m3@1"}
    cues = read_vtt(built["artifacts"]["en"]["podcast-subtitles"].path)
    gaps = [b[0] - a[1] for a, b in zip(cues, cues[1:])]
    assert all(0.2 <= g <= 2.5 for g in gaps), gaps
    assert 3.0 <= cues[0][0] <= 6.0  # after the intro jingle
    assert 2.0 <= mp3.extra["duration_s"] - cues[-1][1] <= 8.0  # outro


def test_rebuild_uses_the_cache(built, monkeypatch):
    calls = []
    real = EspeakEngine._synthesize
    monkeypatch.setattr(EspeakEngine, "_synthesize",
                        lambda self, *a: calls.append(a) or real(self, *a))
    root = built["root"]
    out_dir = root / "output" / "mini" / "en"
    arts = PodcastBuilder(built["options"]).build(built["sb"], "en", out_dir)
    assert calls == []
    assert arts[0].extra["duration_s"] == built["artifacts"]["en"]["podcast"].extra["duration_s"]


def test_cli_build_writes_manifest_and_refuses_online_without_opt_in(built, tmp_path, monkeypatch):
    from media.cli import cli

    root = tmp_path / "p"
    shutil.copytree(ROOTS / "podcast", root)
    shutil.copytree(built["root"] / "output" / ".cache", root / "out" / ".cache")  # reuse speech: fast
    monkeypatch.chdir(root)
    runner = CliRunner()
    res = runner.invoke(cli, ["build", "storyboards/mini.yaml", "--only", "podcast", "--lang", "en", "--out", "out"])
    assert res.exit_code == 0, res.output
    manifest = json.loads((root / "out" / "mini" / "en" / "manifest.json").read_text(encoding="utf-8"))
    kinds = {e["kind"]: e for e in manifest["artifacts"]}
    assert set(kinds) == {"podcast", "podcast-transcript", "podcast-subtitles", "podcast-cover", "podcast-cover-svg"}
    assert kinds["podcast"]["lufs"] == pytest.approx(-16, abs=1) and kinds["podcast"]["chapters"]

    res = runner.invoke(cli, ["build", "storyboards/mini.yaml", "--only", "podcast", "--lang", "en",
                              "--engine", "en=gtts", "--out", "out"])
    assert res.exit_code == 2 and "--online" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["build", "storyboards/mini.yaml", "--only", "podcast", "--lang", "fa",
                              "--engine", "fa=gtts", "--online", "--out", "out"])
    assert res.exit_code == 3 and "no Persian voice" in res.output


def test_confidential_storyboard_with_online_engine_is_refused_before_any_speech(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(ROOTS / "podcast", root)
    sbp = root / "storyboards" / "mini.yaml"
    sbp.write_text(sbp.read_text(encoding="utf-8").replace("confidential: false", "confidential: true"),
                   encoding="utf-8")
    sb = load_storyboard(sbp)
    from media.errors import PrivacyError

    opts = BuildOptions(cache_dir=root / "cache", allow_online=True, engines={"en": "edge"})
    with pytest.raises(PrivacyError, match="confidential"):
        PodcastBuilder(opts).build(sb, "en", root / "out")
    assert not (root / "cache").exists() and not (root / "out" / "podcast.mp3").exists()


def test_storyboard_without_podcast_builds_nothing(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(ROOTS / "podcast", root)
    sbp = root / "storyboards" / "mini.yaml"
    text = sbp.read_text(encoding="utf-8")
    sbp.write_text(text[: text.index("podcast:")], encoding="utf-8")
    assert PodcastBuilder(BuildOptions(cache_dir=root / "c")).build(load_storyboard(sbp), "en", root / "o") == []


def test_recorded_segment_is_used_in_the_podcast(tmp_path, built, monkeypatch):
    root = tmp_path / "p"
    shutil.copytree(ROOTS / "podcast", root)
    shutil.copytree(built["root"] / "output" / ".cache", root / "cache")
    t = np.arange(int(3.0 * audio.SR)) / audio.SR
    rec = (0.3 * np.sin(2 * np.pi * 180 * t) * (np.sin(2 * np.pi * 2 * t) > 0)).astype(np.float32)
    audio.write_wav(root / "storyboards" / "assets" / "guest-en.wav", rec)  # inside the project
    sbp = root / "storyboards" / "mini.yaml"
    sbp.write_text(sbp.read_text(encoding="utf-8").replace(
        "        en: Each token is worth **1,000,000 rial**.",
        "        en: Each token is worth **1,000,000 rial**.\n      audio: {en: assets/guest-en.wav}"),
        encoding="utf-8")
    calls = []
    real = EspeakEngine._synthesize
    monkeypatch.setattr(EspeakEngine, "_synthesize", lambda self, *a: calls.append(a[0]) or real(self, *a))
    arts = PodcastBuilder(BuildOptions(cache_dir=root / "cache")).build(load_storyboard(sbp), "en", root / "out")
    assert calls == []  # the other segments come from the cache, the guest from the recording
    assert arts[0].extra["voices"]["guest"] == "recorded"
    cues = read_vtt(root / "out" / "podcast.vtt")
    guest = [c for c in cues if c[2] == "Each token is worth 1,000,000 rial."][0]
    assert guest[1] - guest[0] == pytest.approx(2.75, abs=0.3)  # the recording's length (trimmed)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_cover_text_reads_back(built, lang):
    """An independent reader (tesseract) finds the label, the title and the organisation on the cover,
    shaped and in order; light text on the brand colour is given to it inverted."""
    from PIL import Image, ImageOps

    from media.builders.podcast import LABELS
    from media.text import localize
    from tests.ocr import levenshtein, normalize, ocr, ocr_lang, require_tesseract

    require_tesseract()
    sb = built["sb"]
    img = Image.open(built["artifacts"][lang]["podcast-cover"].path).convert("L")
    s = img.size[0]
    sep = " | " if lang == "fa" else " · "
    expected = {
        "label": (f"{LABELS[lang]['podcast']}{sep}{LABELS[lang]['plan']} {localize(str(sb.model.plan), lang)}",
                  (0.06, 0.16), False),
        "title": (sb.model.podcast.title.get(lang), (0.18, 0.58), True),
        "organisation": (localize(sb.settings.organisation.get(lang), lang), (0.87, 0.97), True),
    }
    for name, (text, (a, b), light) in expected.items():
        band = img.crop((0, int(a * s), s, int(b * s)))
        read = ocr(ImageOps.invert(band) if light else band, ocr_lang(lang, text), psm=6)
        got = " ".join(normalize(ln) for ln in read.splitlines() if ln.strip())
        want = normalize(text).replace("·", "-")  # tesseract has no middle dot
        assert levenshtein(want, got.replace("·", "-")) <= 2, f"{name}: expected {text!r}, OCR read {read!r}"
