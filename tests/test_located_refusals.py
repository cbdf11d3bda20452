"""Refusals at the key that holds the text, and validate refusing what the build would refuse.

- a text drawn from package.yaml (the page URL under a QR code) or from a figure's value that does not fit
  is located at `site.base_url` in package.yaml or at `figures[i].value`, not at the storyboard's line 1;
- narration or podcast text with nothing to say, and scene durations that no narration or transition
  could fit, are refused by `media validate` (and by `media build` before any job), at their key;
- a storyboard with one infographic builds in both languages (the contact sheet's header has room).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from PIL import Image

from media.build import build
from media.errors import LayoutError, Location, Problem, StoryboardError
from media.feasibility import MIN_WORD_S, problems
from media.options import BuildOptions
from media.storyboard import load_storyboard
from media.storyboard.locate import locate_layout_error
from media.storyboard.loader import _settings_cache
from tests.hostile import Project

NARRATION = "      en: The organisation issues tokens.\n"
SEGMENT = "      text: {fa: سلام و خوش آمدید., en: Hello and welcome.}\n"


@pytest.fixture
def p(tmp_path) -> Project:
    _settings_cache.clear()
    return Project(tmp_path / "proj")


def _line_of(p: Project, fragment: str, file: str = "mini.yaml") -> int:
    lines = (p.dir / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if fragment in ln)


# ---- texts made from package.yaml and from figures --------------------------------------------------------

def test_a_page_url_that_does_not_fit_points_at_base_url(p, tmp_path):
    """The poster prints the URL without its scheme; the infographics with it: both at package.yaml's line."""
    p.package("base_url: https://example.org/sso-knowledge", "base_url: https://example.org/" + "segment-" * 25 + "x")
    with pytest.raises(LayoutError) as info:
        build([p.sb], ("en",), ["poster", "infographics"], tmp_path / "out", BuildOptions(draft=True))
    line = _line_of(p, "base_url:", "package.yaml")
    for problem in info.value.problems:
        assert problem.location.file.endswith("package.yaml"), str(problem)
        assert (problem.location.line, problem.location.path) == (line, "site.base_url"), str(problem)
        assert "shorten base_url or the file name" in problem.message


@pytest.mark.parametrize("lang, shown", [("fa", "۱٬۰۰۰٬۰۰۰"), ("en", "1,000,000")])
def test_a_figure_value_that_does_not_fit_points_at_the_value(lang, shown, p):
    """A layout error quotes the drawn text (digits localised and grouped, maybe with its unit)."""
    sb = load_storyboard(p.sb, ("fa", "en"))
    for drawn in (shown, f"{shown} ریال" if lang == "fa" else f"{shown} rials", shown[:5]):
        exc = LayoutError(problems=[Problem(Location("<text>"), f"text does not fit its box (90 wide, even at the "
                                                                f"minimum size 20; 2 line(s) of 24): shorten it: {drawn}")])
        located = locate_layout_error(exc, sb, SimpleNamespace(lang=lang, builder="infographics"))
        where = located.problems[0].location
        assert (where.line, where.path) == (_line_of(p, "value: 1000000"), "figures[0].value"), (drawn, str(located))


def test_a_figure_at_the_limit_points_at_its_value_in_a_real_build(p, tmp_path):
    """-10^18 with three decimals and no grouping is one word too wide for a card of six key figures; the
    first figure with that number is named."""
    huge = "    value: -999999999999999999\n    decimals: 3\n    grouping: false\n    unit: {fa: تومان, en: toman}\n" \
           "    label: {fa: ارزش, en: value}\n    illustrative: true\n"
    p.sub("infographics:\n", "".join(f"  - id: huge-{i}\n{huge}" for i in range(5)) + "infographics:\n")
    p.sub("    figures: [token-value]\n    sizes: [square]\n",
          "    figures: [token-value, huge-0, huge-1, huge-2, huge-3, huge-4]\n    sizes: [square, portrait, story]\n")
    with pytest.raises(LayoutError) as info:
        build([p.sb], ("en",), ["infographics"], tmp_path / "out", BuildOptions(draft=True))
    line = _line_of(p, "value: -999999999999999999")
    assert {(x.location.line, x.location.path) for x in info.value.problems} == {(line, "figures[1].value")}, \
        info.value.lines()


# ---- what the build would refuse, refused by validate ------------------------------------------------------

WORDLESS = ['"..."', '"🙂🙂🙂"', '"— — —"', '"**"', '"[ ] ( ) !!"', '"؟!"', '"«»"']


@pytest.mark.parametrize("text", WORDLESS)
def test_narration_with_nothing_to_say(text, p):
    p.sub(NARRATION, f"      en: {text}\n")
    sb = load_storyboard(p.sb, ("fa", "en"))
    found = problems(sb, ("fa", "en"))
    assert [(x.location.line, x.location.path) for x in found] == [(_line_of(p, f"en: {text}"),
                                                                     "scenes[0].narration.en")]
    assert "nothing to say" in found[0].message
    assert problems(sb, ("fa",)) == []  # only for the languages being built


@pytest.mark.parametrize("text", WORDLESS[:4])
def test_podcast_text_with_nothing_to_say(text, p):
    p.sub(SEGMENT, f"      text: {{fa: سلام و خوش آمدید., en: {text}}}\n")
    found = problems(load_storyboard(p.sb, ("fa", "en")), ("fa", "en"))
    assert [x.location.path for x in found] == ["podcast.segments[0].text.en"] and "nothing to say" in found[0].message


@pytest.mark.parametrize("duration, why", [("1e-9", "transition"), ("0.49", "transition"), ("0.8", "narration can last"),
                                           ("1.0", "narration can last")])
def test_impossible_scene_durations(duration, why, p):
    p.sub("    duration_s: 4\n", f"    duration_s: {duration}\n")
    found = problems(load_storyboard(p.sb, ("fa", "en")), ("fa", "en"))
    assert [x.location.path for x in found] == ["scenes[0].duration_s"] and why in found[0].message, found


def test_a_duration_the_narration_can_fit_passes(p):
    words = len("The organisation issues tokens.".split())
    p.sub("    duration_s: 4\n", f"    duration_s: {0.7 + words * MIN_WORD_S + 0.05:.2f}\n")
    assert problems(load_storyboard(p.sb, ("fa", "en")), ("fa", "en")) == []


def test_the_lower_bound_is_below_real_speech(p, tmp_path):
    """The bound must never refuse what the build accepts: espeak at its highest rate (3.0) speaks the
    narration in more than the bound."""
    from media.speech import synthesize_narration

    p.package("host: {engine: espeak, voice: en-us, rate: 1.0}", "host: {engine: espeak, voice: en-us, rate: 3.0}")
    sb = load_storyboard(p.sb, ("en",))
    speech = synthesize_narration(sb.model.scenes[0], "en", sb, BuildOptions(draft=True))
    words = len("The organisation issues tokens.".split())
    assert speech.duration_s > words * MIN_WORD_S, speech.duration_s


def test_build_refuses_before_any_job(p, tmp_path):
    p.sub(NARRATION, '      en: "..."\n')
    with pytest.raises(StoryboardError) as info:
        build([p.sb], ("en",), ["infographics"], tmp_path / "out", BuildOptions(draft=True))
    assert "scenes[0].narration.en: nothing to say" in str(info.value)
    assert not (tmp_path / "out").exists()


# ---- one infographic ---------------------------------------------------------------------------------------

def test_a_storyboard_with_one_infographic_builds_in_both_languages(p, tmp_path):
    text = p.text
    start, end = text.index("  - id: phases\n"), text.index("scenes:\n")
    p.write("one.yaml", (text[:start] + text[end:]).replace("  graphic: phases\n", ""))
    p.sb.unlink()
    sb_path = p.dir / "one.yaml"
    build([sb_path], ("fa", "en"), ["infographics"], tmp_path / "out", BuildOptions(draft=True))
    for lang in ("fa", "en"):
        sheet = tmp_path / "out" / "one" / lang / "infographics" / "contact-sheet.png"
        with Image.open(sheet) as im:
            assert im.width >= 2 * 420, im.size  # two thumbnails wide: the header holds the title and the id


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_has_speech_agrees_with_prepare(lang):
    """validate's quick question gets the build's answer, on wordless and spoken texts alike."""
    from media.speech.prepare import has_speech, prepare, written_words

    texts = [t.strip('"') for t in WORDLESS] + ["", " ", "#", "%", "& +", "**x**", "`code`", "[link](http://a.b)",
                                               "12,345", "۱۲۳", "سلام.", "... x", "🙂 hi", "*. " * 500 + "x",
                                               "TETA", "a\n\nb", "<b>", "—x—", "\u200c\u200f", "؟ ! ، ؛"]
    for text in texts:
        assert has_speech(text, lang) == bool(prepare(text, lang)), repr(text)
        if prepare(text, lang):
            spoken = sum(len(s.spoken.split()) for s in prepare(text, lang))
            assert written_words(text, lang) <= spoken, repr(text)
