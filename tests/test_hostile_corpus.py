"""A hostile corpus: malformed storyboards of our own making, each run through the real CLI.

Every case is a small project (tests/roots/basic, spoiled one way) that goes through `media validate`
and `media build` as subprocesses with a time limit. Whatever the case, a run must:

- exit 0 or 2 (3 only where a case says an engine is really missing, 4 where its --out cannot be a folder
  or a case puts something of the user's where media writes), never hang (time limit);
- print no traceback and no "internal error";
- locate every problem it prints (FILE:LINE:COL: key.path: message, or FILE: message for a whole file);
- write nothing outside --out except the cache folder ($MEDIA_CACHE_DIR, a temp folder here);
- leave no temporary file in --out, and manifests that list exactly the files on disk;
- leave the user's own files in --out as they were (or, under --force, kept aside as <name>.kept.<ext>).

Cases that validate are built small (MEDIA_VIDEO_SIZE=160x90@5, --draft, one language) with `--only` the
builders that read the spoiled field. `expect` is a fragment the messages must hold: the case was refused
for the reason it was made for. Counts and the slowest case are written to the terminal summary
(`pytest -rA tests/test_hostile_corpus.py` or the file named by $MEDIA_CORPUS_REPORT).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from tests.hostile import Project, leftovers, manifest_problems, media, png, png_header, snapshot, unlocated, wav

VALIDATE_LIMIT_S = 30.0  # generous for a loaded CI machine; the ≤ 2 s budget is timed in test_hostile.py
BUILD_LIMIT_S = 120.0


@dataclass
class Case:
    id: str
    edit: Callable[[Project], object]
    only: str = "infographics"  # builders to run when the case validates
    lang: str = "fa"
    exits: tuple[int, ...] = (0, 2)
    expect: str | None = None  # a fragment the messages must hold (validate's, or build's)
    validates: bool | None = None  # True: must validate (exit 0); False: must be refused; None: either
    args: tuple[str, ...] = ()
    # the output folder (issue 20): the --out given (from the case's root folder; default root/out), the
    # user's own files put in place first (they must survive, or be kept aside under --force), and a
    # cache folder inside --out for the build
    out: Callable[[Path], str] | None = None
    prepare: Callable[[Path], list[Path]] | None = None
    cache_in_out: bool = False


def _chart(p: Project, value: str, before: str | None = None) -> None:
    bar = f"{{label: {{fa: الف, en: A}}, value: {value}" + (f", before: {before}" if before else "") + "}"
    p.sub("infographics:\n", "infographics:\n  - id: chart\n    kind: chart\n    title: {fa: نمودار, en: Chart}\n"
          f"    illustrative: true\n    sizes: [square]\n    bars:\n      - {bar}\n      - {{label: {{fa: ب, en: B}}, "
          "value: 3}\n")


def _title(value: str) -> Callable[[Project], object]:
    return lambda p: p.sub("  fa: زنجیره تهاتر «تتا»\n", f"  fa: {value}\n")


def _title_en(value: str) -> Callable[[Project], object]:
    return lambda p: p.sub("  en: The TETA netting chain\n", f"  en: {value}\n")


def _value(value: str) -> Callable[[Project], object]:
    return lambda p: p.sub("    value: 1000000\n", f"    value: {value}\n")


def _raw(data: bytes) -> Callable[[Project], object]:
    return lambda p: p.sb.write_bytes(data)


def _replace_all(text: str) -> Callable[[Project], object]:
    return lambda p: p.sb.write_text(text, encoding="utf-8")


def _rename(name: str) -> Callable[[Project], object]:
    def edit(p: Project):
        target = p.dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        p.sb.rename(target)
        return [target]
    return edit


def _image(data: bytes | None, rel: str = "pictures/scene.png") -> Callable[[Project], object]:
    def edit(p: Project):
        if data is not None:
            p.write(rel, data)
        p.scene(f"    image: {rel}\n")
    return edit


def _logo(data: bytes, rel: str = "logo.png") -> Callable[[Project], object]:
    def edit(p: Project):
        p.write(rel, data)
        p.package('  muted: "#5B6B7C"\n', f'  muted: "#5B6B7C"\n  logo: {rel}\n')
    return edit


def _recording(data: bytes | None, rel: str = "audio/voice.wav") -> Callable[[Project], object]:
    def edit(p: Project):
        if data is not None:
            p.write(rel, data)
        p.sub("      en: The organisation issues tokens.\n",
              f"      en: The organisation issues tokens.\n      audio: {{en: {rel}}}\n")
    return edit


def _narration(text: str) -> Callable[[Project], object]:
    return lambda p: p.sub("      en: The organisation issues tokens.\n", f"      en: {text}\n")


def _segment(text: str) -> Callable[[Project], object]:
    return lambda p: p.sub("      text: {fa: سلام و خوش آمدید., en: Hello and welcome.}\n",
                           f"      text:\n        fa: سلام و خوش آمدید.\n        en: {text}\n")


def _two_images(p: Project):
    """A palette PNG with transparency in the scene, and a GIF in a second scene."""
    _image(png(80, 60, "P", transparency=3))(p)
    p.write("pictures/p.gif", png(80, 60, "L", format="GIF"))
    p.sub("podcast:\n", "  - id: second\n    layout: image\n    image: pictures/p.gif\n    heading: {fa: دوم, en: Second}\n"
          "    narration: {fa: دوم., en: Second.}\n    duration_s: 2\npodcast:\n")


def _base_url(url: str) -> Callable[[Project], object]:
    return lambda p: p.package("base_url: https://example.org/sso-knowledge", f'base_url: "{url}"')


def _claim_date(value: str) -> Callable[[Project], object]:
    return lambda p: p.sub('    source: {seed: rfp, section: "plan 18 §3"}\n',
                           f'    source: {{seed: rfp, section: "plan 18 §3"}}\n    date: "{value}"\n')


def _duration(value: str) -> Callable[[Project], object]:
    return lambda p: p.sub("    duration_s: 4\n", f"    duration_s: {value}\n")


def _one_infographic(p: Project):
    text = p.text
    p.sb.write_text((text[:text.index("  - id: phases\n")] + text[text.index("scenes:\n"):]).replace(
        "  graphic: phases\n", ""), encoding="utf-8")


def _out_under_file(p: Project):
    """--out inside a regular file (the case's own --out is given first; click keeps the last)."""
    (p.root / "a-file").write_text("x")
    return _with_args(p, "--out", str(p.root / "a-file" / "out"))


def _out_dangling(p: Project):
    os.symlink(p.root / "nowhere" / "site", p.root / "site-link")
    return _with_args(p, "--out", str(p.root / "site-link"))


def _with_args(p: Project, *args: str):
    p.extra_args = args  # read by test_hostile_case
    return None


def _two_same_stem(p: Project):
    a, b = p.dir / "a" / "x.yaml", p.dir / "b" / "x.yaml"
    for t in (a, b):
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_text(p.text, encoding="utf-8")
    return [a, b]


def _package_beside(p: Project):
    """package.yaml beside the storyboard in a folder of its own; the image in a sibling folder."""
    other = p.root / "other"
    other.mkdir()
    (other / "pic.png").write_bytes(png())
    p.scene("    image: ../../other/pic.png\n")


def _symlink_out(p: Project):
    outside = p.root.parent / f"{p.root.name}-outside.png"
    outside.write_bytes(png())
    (p.dir / "pictures").mkdir()
    os.symlink(outside, p.dir / "pictures" / "link.png")
    p.scene("    image: pictures/link.png\n")


def _fifo(p: Project):
    p.sb.unlink()
    os.mkfifo(p.sb)


def _folder(p: Project):
    p.sb.unlink()
    p.sb.mkdir()


def _symlink_storyboard_loop(p: Project):
    p.sb.unlink()
    os.symlink(p.sb, p.sb)


BASE = (Path(__file__).parent / "roots" / "basic" / "storyboards" / "mini.yaml").read_text(encoding="utf-8")

CASES = [
    # ---- types ----------------------------------------------------------------------------------------------
    Case("type-plan-text", lambda p: p.sub("plan: 18", "plan: abc"), expect="valid integer", validates=False),
    Case("type-title-number", lambda p: p.sub("title:\n  fa: زنجیره تهاتر «تتا»\n  en: The TETA netting chain\n",
                                               "title: 5\n"), validates=False),
    Case("type-text-number", _title("12345"), validates=False, expect="valid string"),
    Case("type-value-bool", _value("true"), only="infographics"),  # pydantic reads true as 1: not hostile
    Case("type-sizes-text", lambda p: p.sub("    sizes: [square]\n", "    sizes: square\n"), validates=False),
    Case("type-top-list", _replace_all("- a\n- b\n"), validates=False, expect="mapping"),
    Case("type-key-int", lambda p: p.sub("plan: 18\n", "plan: 18\n1: x\n"), validates=False, expect="keys must be text"),
    Case("type-key-list", lambda p: p.sub("plan: 18\n", "plan: 18\n? [a, b]\n: x\n"), validates=False,
         expect="keys must be text"),
    # ---- sizes --------------------------------------------------------------------------------------------------
    Case("size-over-cap", lambda p: p.write("mini.yaml", p.text + "# " + "x" * 1_100_000 + "\n"), validates=False,
         expect="limit"),
    Case("size-title-900kb", _title("ب" * 450_000), validates=False, expect="characters"),
    Case("size-word-2000", _title_en("a" * 2000), validates=False, expect="characters", lang="en"),
    Case("size-word-120", _title_en("a" * 120), validates=False, expect="cannot be wrapped", lang="en"),
    Case("size-summary-20001", lambda p: p.sub("  en: The organisation issues tokens up to its settled debt.\n",
                                                "  en: " + ("word " * 4001) + "\n"), validates=False, expect="limit"),
    Case("size-nodes-60k", lambda p: p.write("mini.yaml", p.text + "extra: [" + "1," * 60_000 + "1]\n"),
         validates=False, expect="50,000"),
    Case("size-infographic-id-240", lambda p: p.sub("  - id: phases\n", "  - id: " + "p" * 240 + "\n").sub(
        "  graphic: phases", "  graphic: " + "p" * 240), validates=False, expect="64"),
    Case("size-infographic-id-64", lambda p: p.sub("  - id: phases\n", "  - id: " + "p" * 64 + "\n").sub(
        "  graphic: phases", "  graphic: " + "p" * 64), only="infographics"),
    Case("size-title-300-ok", _title(("کلمه " * 60).strip()), only="infographics"),
    Case("size-word-80-ok", _title_en("a" * 80), only="infographics", lang="en"),
    # ---- encodings ----------------------------------------------------------------------------------------------
    Case("enc-latin1", _raw(BASE.replace("زنجیره تهاتر «تتا»", "café").encode("utf-8").replace(
        "café".encode(), "café".encode("latin-1"))), validates=False, expect="UTF-8"),
    Case("enc-utf16", _raw(BASE.encode("utf-16")), validates=False),
    Case("enc-utf8-bom", _raw(b"\xef\xbb\xbf" + BASE.encode("utf-8")), only="infographics", validates=True),
    Case("enc-nul-early", _raw(b"plan: 18\n\x00\n" + BASE.encode()), validates=False, expect="binary"),
    Case("enc-nul-late", _raw(BASE.encode() + b"# " + b"x" * 9000 + b"\n\x00\n"), validates=False,
         expect="U+0000"),
    Case("enc-surrogate-escape", _title_en('"\\ud800"'), validates=False, expect="Unicode"),  # libyaml refuses it
    Case("enc-surrogate-bytes", _raw(BASE.encode().replace(b"The TETA", b"The \xed\xa0\x80")), validates=False,
         expect="UTF-8"),
    Case("enc-bom-inside", _title_en("The \ufeffTETA"), only="infographics", lang="en"),
    Case("enc-crlf", _raw(BASE.replace("\n", "\r\n").encode()), only="infographics", validates=True),
    Case("enc-tab-indent", lambda p: p.sub("  en: The TETA netting chain\n", "\ten: The TETA netting chain\n"),
         validates=False, expect="YAML"),
    # ---- bidi and control characters ---------------------------------------------------------------------------
    Case("ctl-esc-key", lambda p: p.sub("plan: 18\n", 'plan: 18\n"ti\\etle": x\n'), validates=False,
         expect="U+001B"),
    Case("ctl-raw-esc", _raw(BASE.encode().replace(b"The TETA", b"The \x1b]0;pwned\x07TETA")), validates=False,
         expect="U+001B"),
    Case("ctl-osc-title", _title_en('"\\e]0;pwned\\a"'), validates=False, expect="U+001B"),
    Case("ctl-c1-next-line", _title_en('"The \\N TETA"'), validates=False, expect="U+0085"),
    Case("ctl-nonchar", _title_en('"The \\uFFFE TETA"'), validates=False, expect="U+FFFE"),
    Case("bidi-rlo", _title("زنجیره \u202eتهاتر"), validates=False, expect="override"),
    Case("bidi-three-rli", lambda p: p.sub("  title: {fa: زنجیره تهاتر, en: Netting chain}",
                                            "  title: {fa: \"زنجیره\u2067\u2067\u2067 تهاتر\", en: Netting chain}"),
         validates=False, expect="unbalanced"),
    Case("bidi-lone-pdi", _title("زنجیره \u2069تهاتر"), validates=False, expect="unbalanced"),
    Case("bidi-crossed", _title("\u2067زنجیره \u202aتهاتر\u2069\u202c"), validates=False, expect="unbalanced"),
    Case("bidi-balanced-isolates", lambda p: p.sub("  title: {fa: زنجیره تهاتر, en: Netting chain}",
                                                    "  title: {fa: \"زنجیره \u2066TETA 2\u2069 و \u2068تتا\u2069 تهاتر\", "
                                                    "en: Netting chain}"), only="poster", validates=True),
    Case("bidi-balanced-embedding", _title("زنجیره \u202aTETA\u202c تهاتر"), only="infographics", validates=True),
    Case("bidi-fsi", _title("زنجیره \u2068تتا\u2069"), only="infographics", validates=True),
    Case("bidi-marks-ok", _title("زنجیره\u200c\u200f تهاتر\u200d"), only="infographics", validates=True),
    Case("bidi-line-separator", _title_en("The TETA\u2028chain"), only="infographics", lang="en"),
    # ---- numbers ------------------------------------------------------------------------------------------------
    Case("num-nan", _value(".nan"), validates=False, expect="finite"),
    Case("num-inf", _value(".inf"), validates=False, expect="finite"),
    Case("num-1e999", _value("1e999"), validates=False, expect="finite"),
    Case("num-1e300", _value("1e300"), validates=False, expect="less than or equal"),
    Case("num-1e17-fits-or-located", _value("1e17"), only="infographics"),
    Case("num-huge-int", _value("9" * 5000), validates=False, expect="characters"),
    Case("num-underscores", _value("1_000_000"), only="infographics", validates=True),
    Case("num-decimals-99", lambda p: p.sub("    value: 1000000\n", "    value: 1000000\n    decimals: 99\n"),
         validates=False),
    Case("num-chart-nan", lambda p: _chart(p, ".nan"), validates=False, expect="finite"),
    Case("num-chart-before-nan", lambda p: _chart(p, "5", ".nan"), validates=False, expect="finite"),
    Case("num-chart-negative", lambda p: _chart(p, "-5"), validates=False, expect="greater than or equal to 0"),
    Case("num-chart-ok", lambda p: _chart(p, "7.5", "2"), only="infographics", validates=True),
    Case("num-chart-zero", lambda p: _chart(p, "0", "0"), only="infographics", validates=True),
    Case("num-duration-nan", lambda p: p.sub("    duration_s: 4", "    duration_s: .nan"), validates=False,
         expect="finite"),
    Case("num-year-huge", lambda p: p.package("year: 2026", "year: 99999"), validates=False),
    Case("num-rate-nan", lambda p: p.package("host: {engine: espeak, voice: fa, rate: 1.0}",
                                             "host: {engine: espeak, voice: fa, rate: .nan}"), validates=False),
    # ---- dates --------------------------------------------------------------------------------------------------
    Case("date-plan-impossible", lambda p: p.sub("plan: 18", "plan: 2026-13-45"), validates=False,
         expect="valid integer"),
    Case("date-approval-feb-30", lambda p: p.write("mini.yaml", p.text + "approval: {by: Board, date: 2026-02-30, "
                                                   "reference: L-1}\n"), validates=False, expect="real date"),
    Case("date-approval-datetime", lambda p: p.write("mini.yaml", p.text + "approval: {by: Board, date: "
                                                     "2026-01-05 10:00:00, reference: L-1}\n"), validates=False),
    Case("date-approval-ok", lambda p: p.write("mini.yaml", p.text + "approval: {by: Board, date: 2026-01-05, "
                                               "reference: L-1}\n"), only="infographics", validates=True),
    # ---- images and logos ----------------------------------------------------------------------------------------
    Case("img-missing", _image(None), validates=False, expect="does not exist"),
    Case("img-folder", lambda p: (p.dir / "pictures" / "scene.png").mkdir(parents=True) or _image(None)(p),
         validates=False, expect="is a folder"),
    Case("img-text", _image(b"this is not a picture\n"), validates=False, expect="not an image"),
    Case("img-empty", _image(b""), validates=False, expect="empty"),
    Case("img-truncated", _image(png(400, 300, "RGB")[:300]), validates=False, expect="pictures/scene.png"),
    Case("img-bomb-20000", _image(png_header(20000, 20000)), validates=False, expect="decompression bomb"),
    Case("img-over-limit", _image(png_header(9500, 9500)), validates=False, expect="pixels"),
    Case("img-escape-dotdot", _image(png(), "../../outside.png"), validates=False, expect="leaves the project"),
    Case("img-absolute", lambda p: p.scene("    image: /etc/passwd\n"), validates=False, expect="relative"),
    Case("img-symlink-out", _symlink_out, validates=False, expect="leaves the project"),
    Case("img-package-beside", _package_beside, validates=False, expect="leaves the project"),
    Case("img-ok", _image(png(320, 180)), only="video", validates=True),
    Case("img-cmyk-jpeg", _image(png(80, 60, "CMYK", format="JPEG"), "pictures/p.jpg"), only="video", validates=True),
    Case("img-16bit", _image(png(80, 60, "I;16")), only="video", validates=True),
    Case("img-palette-and-gif", _two_images, only="video", validates=True),
    Case("logo-text", _logo(b"not an image"), validates=False, expect="not an image"),
    Case("logo-bomb", _logo(png_header(30000, 30000)), validates=False, expect="decompression bomb"),
    Case("logo-folder", lambda p: (p.dir / "logo.png").mkdir() or p.package(
        '  muted: "#5B6B7C"\n', '  muted: "#5B6B7C"\n  logo: logo.png\n'), validates=False, expect="is a folder"),
    Case("logo-ok", _logo(png(64, 64, "RGBA")), only="infographics", validates=True),
    # ---- recordings ------------------------------------------------------------------------------------------------
    Case("rec-png", _recording(png(), "audio/voice.png"), validates=False, expect="audio/voice.png"),
    Case("rec-empty", _recording(b""), validates=False, expect="empty"),
    Case("rec-text", _recording(b"hello, this is not audio\n" * 10), validates=False, expect="not a recording"),
    Case("rec-silent", _recording(wav(1.0, 0.0)), validates=False, expect="silent"),
    Case("rec-truncated", _recording(wav(1.0)[:44]), validates=False, expect="audio/voice.wav"),
    Case("rec-missing", _recording(None), validates=False, expect="does not exist"),
    Case("rec-ok", _recording(wav(1.5)), only="video", lang="en", validates=True),
    # ---- file names ------------------------------------------------------------------------------------------------
    Case("name-three-dots", _rename("...yaml"), validates=False, expect="storyboard id"),
    Case("name-dot", _rename("..yaml"), validates=False, expect="storyboard id"),
    Case("name-dot-cache", _rename(".cache.yaml"), validates=False, expect="storyboard id"),
    Case("name-only-ext", _rename(".yaml"), validates=False, expect="storyboard id"),
    Case("name-upper", _rename("Plan-18.yaml"), validates=False, expect="storyboard id"),
    Case("name-newline", _rename("plan\n18.yaml"), validates=False, expect="storyboard id"),
    Case("name-esc", _rename("plan\x1b[2J.yaml"), validates=False, expect="storyboard id"),
    Case("name-245", _rename("a" * 245 + ".yaml"), validates=False, expect="64"),
    Case("name-64-ok", _rename("p" * 64 + ".yaml"), only="infographics", validates=True),
    Case("name-subfolder-ok", _rename("sub/plan-x.yaml"), only="infographics", validates=True),
    Case("name-same-stem", _two_same_stem, expect="also"),
    Case("name-fifo", _fifo, validates=False, expect="regular file"),
    Case("name-folder", _folder, validates=False, expect="folder"),
    Case("name-symlink-loop", _symlink_storyboard_loop, validates=False),
    # ---- nesting ----------------------------------------------------------------------------------------------------
    Case("nest-brackets-10000", lambda p: p.write("mini.yaml", p.text + "deep: " + "[" * 10_000 + "]" * 10_000 + "\n"),
         validates=False, expect="nested deeper"),
    Case("nest-brackets-300k", lambda p: p.write("mini.yaml", p.text + "deep: " + "[" * 300_000 + "\n"),
         validates=False, expect="nested deeper"),
    Case("nest-dashes", lambda p: p.write("mini.yaml", p.text + "deep:\n" + "- " * 20_000 + "x\n"),
         validates=False, expect="nested deeper"),
    Case("nest-41-flow", lambda p: p.write("mini.yaml", p.text + "deep: " + "[" * 41 + "]" * 41 + "\n"),
         validates=False, expect="nested deeper than 40"),
    Case("nest-indent-200", lambda p: p.write("mini.yaml", p.text + "deep:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(200))), validates=False, expect="nested deeper"),
    Case("nest-brackets-in-text", lambda p: p.sub("  en: The TETA netting chain\n",
                                                   "  en: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ TETA\"\n"),
         only="infographics", lang="en", validates=True),
    # ---- YAML structure -------------------------------------------------------------------------------------------
    Case("yaml-anchor", lambda p: p.sub("plan: 18", "plan: &p 18\nother: *p"), validates=False, expect="anchors"),
    Case("yaml-alias-bomb", _replace_all("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                         "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"), validates=False, expect="anchors"),
    Case("yaml-python-tag", lambda p: p.sub("plan: 18", "plan: !!python/object/apply:os.system [echo]"),
         validates=False, expect="tag"),
    Case("yaml-custom-tag", lambda p: p.sub("plan: 18", "plan: !secret 18"), validates=False, expect="tag"),
    Case("yaml-str-tag", lambda p: p.sub("plan: 18", "plan: !!str 18"), only="infographics"),  # "18" is a number
    Case("yaml-duplicate-key", lambda p: p.sub("plan: 18\n", "plan: 18\nplan: 12\n"), validates=False,
         expect="duplicate key"),
    Case("yaml-two-documents", lambda p: p.write("mini.yaml", p.text + "---\nplan: 12\n"), validates=False,
         expect="document"),
    Case("yaml-empty", _raw(b""), validates=False, expect="empty"),
    Case("yaml-comments-only", _raw(b"# nothing here\n# at all\n"), validates=False, expect="mapping"),
    Case("yaml-unclosed-quote", lambda p: p.sub("  en: The TETA netting chain\n", '  en: "The TETA\n'),
         validates=False, expect="YAML"),
    Case("yaml-directive-12", _raw(b"%YAML 1.2\n---\n" + BASE.encode())),
    # ---- references ------------------------------------------------------------------------------------------------
    Case("ref-figure", lambda p: p.sub("    figures: [token-value]", "    figures: [token-valu]"), validates=False,
         expect="did you mean"),
    Case("ref-graphic-kind", lambda p: p.sub("  graphic: phases", "  graphic: key-figures"), validates=False,
         expect="process or timeline"),
    Case("ref-duplicate-ids", lambda p: p.sub("  - id: phases\n", "  - id: key-figures\n").sub(
        "  graphic: phases", "  graphic: key-figures"), validates=False, expect="duplicate id"),
    Case("ref-image-layout", lambda p: p.scene(""), validates=False, expect="needs `image`"),
    Case("ref-unknown-seed", lambda p: p.sub("seed: rfp", "seed: rumour"), validates=False),
    # ---- package.yaml --------------------------------------------------------------------------------------------
    Case("pkg-bad-voice", lambda p: p.package("host: {engine: espeak, voice: en-us, rate: 1.0}",
                                              "host: {engine: espeak, voice: no-such-voice, rate: 1.0}"),
         only="podcast", lang="en", validates=True, expect="voices.en.host.voice"),
    Case("pkg-unknown-engine", lambda p: p.package("host: {engine: espeak, voice: fa, rate: 1.0}",
                                                   "host: {engine: festival, voice: fa, rate: 1.0}"), validates=False),
    Case("pkg-missing", lambda p: (p.dir / "package.yaml").unlink(), validates=False, expect="package.yaml"),
    Case("pkg-yaml-error", lambda p: p.package("year: 2026", "year: [2026"), validates=False, expect="package.yaml"),
    Case("pkg-esc-url", lambda p: p.package("base_url: https://example.org/sso-knowledge",
                                            'base_url: "https://example.org/\\e[2J"'), validates=False,
         expect="U+001B"),
    # ---- markup in narration and podcast text (linear in length) --------------------------------------------------
    # (sizes here only prove the whole build copes; tests/test_hostile.py times the worst cases at 120 KB)
    Case("markup-stars", _narration('"' + "*. " * 3000 + 'x"'), only="video", lang="en"),
    Case("markup-underscores", _segment('"' + "_. " * 3000 + 'x"'), only="podcast", lang="en"),

    Case("markup-brackets", _narration('"' + "[ " * 2500 + 'x"'), only="video", lang="en"),

    # one number of 79 characters (the longest word allowed): too large to say as a number
    Case("markup-grouped-digits", _segment('"' + "111," * 19 + '111"'), only="podcast", lang="en", validates=True),
    Case("markup-long-number", _segment('"' + "9" * 79 + '"'), only="podcast", lang="en", validates=True),
    Case("markup-mixed", _segment('"' + "**. " * 600 + "`. " * 600 + "\\n" * 1000 + '<x"'), only="podcast", lang="en"),
    # ---- package.yaml values (issue 20) ----------------------------------------------------------------------------
    Case("pkg-url-ipv6-unclosed", _base_url("https://[2001:db8::1/site"), validates=False, expect="site.base_url"),
    Case("pkg-url-ipv6-unopened", _base_url("https://2001:db8::1]/site"), validates=False, expect="site.base_url"),
    Case("pkg-url-scheme-ftp", _base_url("ftp://example.org/site"), validates=False, expect="https://"),
    Case("pkg-url-scheme-data", _base_url("data:text/html,hi"), validates=False, expect="https://"),
    Case("pkg-url-password", _base_url("https://u:p@example.org/"), validates=False, expect="password"),
    Case("pkg-url-query", _base_url("https://example.org/?x=1"), validates=False, expect="query"),
    Case("pkg-url-port", _base_url("https://example.org:70000/"), validates=False, expect="Port"),
    Case("pkg-url-space", _base_url("https://example.org/a b"), validates=False, expect="spaces"),
    Case("pkg-url-too-long-for-qr", _base_url("https://example.org/" + "q" * 2400), validates=False,
         expect="QR code holds at most 2,331"),
    Case("pkg-url-long-for-the-poster", _base_url("https://example.org/" + "segment-" * 25 + "x"), only="poster",
         lang="en", validates=True, expect="site.base_url: text does not fit"),
    Case("pkg-url-ipv6-ok", _base_url("https://[2001:db8::1]:8443/site"), only="poster", validates=True),
    Case("date-approval-9999", lambda p: p.write("mini.yaml", p.text + "approval: {by: Board, date: 9999-12-31, "
                                                 "reference: L-1}\n"), validates=False, expect="between 1900 and 2200"),
    Case("date-claim-jalali-month-13", _claim_date("1403/13/01"), validates=False, expect="Jalali"),
    Case("date-claim-year-1", _claim_date("0001-01-01"), validates=False, expect="between 1900 and 2200"),
    Case("date-claim-jalali-ok", _claim_date("1403/12/30"), only="infographics", validates=True),
    # ---- what the build would refuse, refused by validate (issue 20) ------------------------------------------------
    Case("say-punctuation-only", _narration('"... !!! ؟"'), only="video", lang="en", validates=False,
         expect="scenes[0].narration.en: nothing to say"),
    Case("say-emoji-only", _narration('"🙂🙂 👍"'), only="video", lang="en", validates=False, expect="nothing to say"),
    Case("say-markup-only", _narration('"** __ `` [ ]"'), only="video", lang="en", validates=False,
         expect="nothing to say"),
    Case("say-podcast-dashes", _segment('"— — —"'), only="podcast", lang="en", validates=False,
         expect="podcast.segments[0].text.en: nothing to say"),
    Case("dur-1e-9", _duration("1e-9"), only="video", lang="en", validates=False, expect="transition"),
    Case("dur-below-words", _duration("0.9"), only="video", lang="en", validates=False, expect="narration can last"),
    Case("dur-zero", _duration("0"), validates=False, expect="greater than 0"),
    Case("dur-ok", _duration("3"), only="video", lang="en", validates=True),
    Case("one-infographic-fa", _one_infographic, only="infographics", lang="fa", validates=True, exits=(0,)),
    Case("one-infographic-en", _one_infographic, only="infographics", lang="en", validates=True, exits=(0,)),
    # ---- the machine: output folders that cannot be (issue 20; tests/test_environment.py has the rest) -------------
    Case("env-out-dev-null", lambda p: None, validates=True, exits=(0, 4), args=("--out", "/dev/null"),
         expect="not a folder"),
    Case("env-out-under-a-file", _out_under_file, validates=True, exits=(0, 4), expect="not a folder"),
    Case("env-out-dangling-link", _out_dangling, validates=True, exits=(0, 4), expect="does not exist"),
    # ---- privacy: refused before anything is written -----------------------------------------------------------------
    Case("privacy-confidential-online", lambda p: None, only="", lang="en", args=("--online", "--engine", "en=gtts"),
         validates=True, expect="confidential"),
    Case("privacy-allow-online-package", lambda p: p.package("allow_online: false", "allow_online: true"),
         only="", lang="en", args=("--engine", "en=gtts"), validates=True, expect="confidential"),
]

# ---- the output folder: refused --out, the user's files, links (issue 20) ---------------------------------------

def _theirs(rel: str, kind: str = "file", to: str = "") -> Callable[[Path], list[Path]]:
    """A user's file, folder or link (to `to`, relative to the case root) at OUT/rel before the build."""
    def prepare(root: Path) -> list[Path]:
        path = root / "out" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            path.write_text("the user's own\n", encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
            (path / "inside.txt").write_text("the user's own\n", encoding="utf-8")
        else:
            (root / to).mkdir(parents=True, exist_ok=True) if kind == "dirlink" else \
                (root / to).write_text("outside, not to be written\n", encoding="utf-8")
            os.symlink(root / to, path)
        return [path]
    return prepare


def _link_to_project(root: Path) -> list[Path]:
    os.symlink(root / "proj" / "storyboards", root / "link")
    return [root / "link"]


CASES += [
    Case("out-empty", lambda p: None, out=lambda r: "", exits=(0, 2), expect="--out: is empty"),
    Case("out-project", lambda p: None, out=lambda r: str(r / "proj" / "storyboards"), expect="is the project folder"),
    Case("out-dotdot", lambda p: None, out=lambda r: str(r / "proj" / "storyboards" / ".."), expect="holds the project"),
    Case("out-above-project", lambda p: None, out=lambda r: str(r), expect="holds the project"),
    Case("out-link-to-project", lambda p: None, out=lambda r: str(r / "link"), prepare=_link_to_project,
         expect="is the project folder"),
    Case("out-cache-inside", lambda p: None, cache_in_out=True, expect="MEDIA_CACHE_DIR: the cache folder"),
    Case("out-user-index", lambda p: None, only="infographics,site", prepare=_theirs("index.html"), exits=(0, 4),
         expect="is a file media did not make"),
    Case("out-user-csv", lambda p: None, prepare=_theirs("mini/fa/infographics/phases.csv"), exits=(0, 4),
         expect="--force to keep it as phases.kept.csv"),
    Case("out-user-csv-force", lambda p: None, prepare=_theirs("mini/fa/infographics/phases.csv"), args=("--force",),
         exits=(0,), expect="kept as phases.kept.csv"),
    Case("out-user-manifest", lambda p: None, prepare=_theirs("mini/fa/manifest.json"), exits=(0, 4),
         expect="where media writes the folder's manifest"),
    Case("out-user-part-files", lambda p: None, exits=(0,),
         prepare=lambda r: _theirs(".backup.tar.part")(r) + _theirs("private/.notes.part")(r)
         + _theirs("mini/fa/.x.png.part")(r)),
    Case("out-folder-for-file", lambda p: None, prepare=_theirs("mini/fa/infographics/phases.csv", "folder"),
         args=("--force",), exits=(0, 4), expect="is a folder where media writes a file"),
    Case("out-file-for-folder", lambda p: None, prepare=_theirs("mini/fa", "file"), exits=(0, 4),
         expect="is a file where media makes a folder"),
    Case("out-link-id", lambda p: None, prepare=_theirs("mini", "dirlink", "elsewhere"), args=("--force",),
         exits=(0, 4), expect="is a symbolic link"),
    Case("out-link-lang-inside", lambda p: None, prepare=_theirs("mini/fa", "dirlink", "out/other"), exits=(0, 4),
         expect="is a symbolic link"),
    Case("out-link-file", lambda p: None, prepare=_theirs("mini/fa/infographics/phases.csv", "link", "outside.txt"),
         exits=(0, 4), expect="is a symbolic link"),
]

assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


def _fingerprint(path: Path) -> str | None:
    if path.is_symlink():
        return "-> " + os.readlink(path)
    if path.is_dir():
        return "folder: " + ",".join(sorted(f"{q.name}={_fingerprint(q)}" for q in path.iterdir()))
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return None


def _kept_as(path: Path) -> list[Path]:
    """Where --force keeps a user's file aside: <stem>.kept.<ext>, <stem>.kept-2.<ext>, ..."""
    return sorted(path.parent.glob(f"{path.stem}.kept*{path.suffix}")) if path.parent.is_dir() else []

_REPORT: list[dict] = []


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> Path:
    """One cache per worker: speech is content-addressed, records are per output folder."""
    return tmp_path_factory.mktemp("corpus-cache")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, shared_cache: Path):
    root = tmp_path / "case"
    root.mkdir()
    p = Project(root / "proj")
    made = case.edit(p)
    files = made if isinstance(made, list) else [p.sb]
    cwd, out = root / "cwd", root / "out"
    cwd.mkdir()
    theirs = case.prepare(root) if case.prepare else []
    prints = {t: _fingerprint(t) for t in theirs}
    out_arg = case.out(root) if case.out else str(out)
    before = snapshot(root, skip=(out,))
    args = [str(f) for f in files]
    problems: list[str] = []
    runs = []

    v = media(["validate", "--lang", case.lang, *args], cwd=cwd, cache=shared_cache, timeout=VALIDATE_LIMIT_S)
    runs.append(v)
    kinds = case.only
    build_args = ["build", *args, "--out", out_arg, "--lang", case.lang, "--draft", "-j", "1", *case.args,
                  *getattr(p, "extra_args", ())]
    if kinds:
        build_args += ["--only", kinds]
    b = media(build_args, cwd=cwd, cache=out / "cache" if case.cache_in_out else shared_cache, timeout=BUILD_LIMIT_S)
    runs.append(b)

    for r in runs:
        what = r.args[0]
        if r.timed_out:
            problems.append(f"{what}: still running after {r.seconds:.0f} s (a hang)")
        elif r.rc not in case.exits:
            problems.append(f"{what}: exit {r.rc}, expected one of {case.exits}")
        if "Traceback" in r.text or "internal error" in r.text:
            problems.append(f"{what}: traceback or internal error")
        if r.rc not in (0, -9):
            bad = unlocated(r, cwd)
            if bad:
                problems.append(f"{what}: unlocated message(s): {bad[:3]}")
            if not r.err.strip():
                problems.append(f"{what}: exit {r.rc} without a message")
        if "\x1b" in r.text or "\x07" in r.text:
            problems.append(f"{what}: raw control characters on the terminal")
    if case.validates is True and v.rc != 0:
        problems.append(f"validate: expected to pass, exit {v.rc}: {v.err.strip()[:300]}")
    if case.validates is False and v.rc == 0:
        problems.append("validate: expected a refusal, got exit 0")
    if case.validates is False and b.rc == 0:
        problems.append("build: expected a refusal, got exit 0")
    if case.expect and case.expect not in v.text + b.text:
        problems.append(f"expected {case.expect!r} in the messages")
    if b.rc != 0 and v.rc != 0 and out.exists() and any(out.rglob("*")):
        problems.append("build: refused, yet wrote into --out")
    if (case.out or case.cache_in_out) and b.rc == 2 and out.exists():
        problems.append("build: --out refused, yet the output folder was made")
    for t, fp in prints.items():  # the user's own files: where they were, or kept aside under --force
        if _fingerprint(t) != fp and not ("--force" in case.args and fp in [_fingerprint(k) for k in _kept_as(t)]):
            problems.append(f"the user's {t.relative_to(root)} was changed, replaced or removed")
    mine = set(theirs) | {k for t in theirs for k in _kept_as(t)}
    if case.id.startswith("privacy") and out.exists() and any(x.is_file() for x in out.rglob("*")):
        problems.append("privacy refusal after files were written")
    after = snapshot(root, skip=(out,))
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        problems.append(f"written outside --out: {changed[:5]}")
    left = [x for x in leftovers(out) if not _theirs_or_below(out / x, mine)]
    if left:
        problems.append(f"temporary files left in --out: {left[:5]}")
    problems += manifest_problems(out, ignore=lambda x: _theirs_or_below(x, mine))
    staging = [x for x in shared_cache.glob("builds/*/staging/*")]
    if staging:
        problems.append(f"staging folders left in the cache: {staging[:3]}")

    _REPORT.append({"case": case.id, "validate_rc": v.rc, "build_rc": b.rc, "validate_s": round(v.seconds, 2),
                    "build_s": round(b.seconds, 2), "cpu_s": round(v.cpu_s + b.cpu_s, 2), "traceback": any("Traceback" in r.text for r in runs),
                    "hang": any(r.timed_out for r in runs), "outside": bool(changed),
                    "unlocated": any(r.rc not in (0, -9) and unlocated(r, cwd) for r in runs),
                    "problems": problems})
    report = os.environ.get("MEDIA_CORPUS_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(_REPORT[-1], ensure_ascii=False) + "\n")
    assert not problems, "\n".join([f"case {case.id}:"] + problems + [
        f"--- {r.args[0]} exit {r.rc} in {r.seconds:.1f} s\n{r.err[-1500:]}" for r in runs])


def _theirs_or_below(path: Path, theirs: set[Path]) -> bool:
    return any(path == t or t in path.parents for t in theirs)


def test_corpus_is_large_enough():
    assert len(CASES) >= 100, len(CASES)
