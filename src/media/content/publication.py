"""What `media validate` says about publishing a storyboard: drafts, and what leaves the machine.

- A storyboard without `approval` is a draft: a warning (so `media validate --strict` fails on drafts;
  the call forbids publishing anything without written permission). Builds still run: every output
  of a draft carries the draft mark.
- A storyboard is confidential unless it says `confidential: false`; then a warning names what an
  online speech engine would receive (which texts, how many words per language) and where it would
  go (the online engines, their operators and hosts, and whether package.yaml already selects one).
"""
from __future__ import annotations

from media.errors import Problem
from media.content.words import word

# Online speech engines: who runs them and where the text goes.
ONLINE_ENGINES = {
    "gtts": ("Google Translate text-to-speech", "translate.google.com", ("en",)),
    "edge": ("Microsoft Edge online voices", "speech.platform.bing.com", ("fa", "en")),
}
_LANG = {"fa": "Persian", "en": "English"}


def publication_warnings(sb) -> list[Problem]:
    """Warnings for one `LoadedStoryboard`: draft status and, for `confidential: false`, what would be sent where."""

    out: list[Problem] = []
    model = sb.model
    if model.is_draft:
        out.append(sb.positions.locate((), "draft: no `approval` recorded (`approval: {by, date, reference}` of the "
                                            "written permission to publish); every output carries the mark "
                                            f"\"{word('draft_mark', 'en')}\" / «{word('draft_mark', 'fa')}»",
                                        "warning"))
    if model.approval is None and not model.updated:
        out.append(sb.positions.locate((), "no `updated:` date (YYYY-MM-DD): outputs carry no date (they never "
                                           "carry the build day); add the date of this version", "warning"))
    if not model.confidential:
        out.append(sb.positions.locate(("confidential",), _exposure(sb), "warning"))
    return out


def _exposure(sb) -> str:
    model, settings = sb.model, sb.settings
    words = {lang: 0 for lang in ("fa", "en")}
    scenes = segments = 0
    for s in model.scenes:
        said = False
        for lang in words:
            text = getattr(s.narration, lang)
            if text and not (s.narration.audio or {}).get(lang):
                words[lang] += len(text.split())
                said = True
        scenes += said
    for seg in (model.podcast.segments if model.podcast else []):
        said = False
        for lang in words:
            text = getattr(seg.text, lang)
            if text and not (seg.audio or {}).get(lang):
                words[lang] += len(text.split())
                said = True
        segments += said
    what = f"the narration of {scenes} scene(s) and the text of {segments} podcast segment(s) (" + \
        ", ".join(f"{_LANG[k]}: {v:,} words" for k, v in words.items() if v) + ")"
    where = "; ".join(f"{name} ({operator}, {host}: {', '.join(_LANG[x] for x in langs)})"
                      for name, (operator, host, langs) in ONLINE_ENGINES.items())
    chosen = [f"{lang}.{role}={getattr(v, role).engine}" for lang, v in settings.voices.items()
              for role in ("host", "guest") if getattr(v, role) is not None and getattr(v, role).engine in ONLINE_ENGINES]
    if chosen and settings.allow_online:
        now = f"package.yaml selects {', '.join(chosen)} and allows online engines: every build sends it"
    elif chosen:
        now = f"package.yaml selects {', '.join(chosen)}; a build with --online sends it"
    else:
        now = "package.yaml selects only offline engines; a build with --online --engine LANG=gtts|edge would send it"
    return (f"confidential: false: online speech engines may receive {what}; they would go to {where}. {now}. "
            "Leave `confidential` out (confidential by default) to keep it on this machine")
