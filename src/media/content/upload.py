"""The upload kit's text: what a video platform's upload form asks for (YouTube, Aparat), in the film's
language, from the content layer only: the title, a description (summary, the draft notice while the
storyboard is unapproved, the plan page's URL, the chapter list, the storyboard's sources) and tags.

Chapters follow the platforms' rules for chapters read from a description: one `M:SS Title` line each
(`H:MM:SS` past an hour) with ASCII digits, the first at 0:00, at least three, each at least 10 s. The
film's chapters (`media.content.chapters`) are folded to meet them: a chapter shorter than 10 s joins the
one before it (the first takes in the ones after it). When fewer than three remain, the file says so
instead of printing a list the platforms would ignore."""
from __future__ import annotations

from media.content.citations import cited_sources, sections_joined
from media.content.package import package_url, plan_tag
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.text.numerals import localize

MIN_CHAPTER_S = 10
MIN_CHAPTERS = 3


def timestamp(seconds: int) -> str:
    """0:00, 1:05, 1:02:03: ASCII digits whatever the language."""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def platform_chapters(chapters: list[tuple[str, float, float]], total_s: float) -> list[tuple[str, int]]:
    """(title, start in whole seconds) folded to the platforms' rules; [] when fewer than three remain.
    Judged on the whole seconds printed: each chapter lasts until the next one's printed start, the last
    until the film's end."""
    end = int(total_s)
    out: list[list] = []
    for title, start, _ in chapters:
        start = 0 if not out else int(start)
        if out and start - out[-1][1] < MIN_CHAPTER_S:  # the one before is too short
            if len(out) == 1:  # the first: it takes this one in
                continue
            out.pop()  # it joins the one before it, which was long enough already
        out.append([title, start])
    while len(out) > 1 and end - out[-1][1] < MIN_CHAPTER_S:  # the last is too short: it joins the one before
        out.pop()
    return [(t, s) for t, s in out] if len(out) >= MIN_CHAPTERS and end - out[-1][1] >= MIN_CHAPTER_S else []


def tags(sb: LoadedStoryboard, lang: str) -> list[str]:
    """The organisation, the plan, the film's title and its sections' titles, none repeated; no commas
    inside a tag (the platforms split on them)."""
    m = sb.model
    found = [sb.settings.organisation.get(lang), plan_tag(sb, lang), m.title.get(lang),
             *(s.title.get(lang) for s in m.sections)]
    out: list[str] = []
    for t in found:
        t = " ".join(localize((t or "").replace(",", " ").replace("،", " "), lang).split())
        if t and t not in out:
            out.append(t)
    return out


def upload_text(sb: LoadedStoryboard, lang: str, chapters: list[tuple[str, float, float]], total_s: float) -> str:
    m = sb.model
    title = localize(m.title.get(lang), lang)
    if m.is_draft:
        title = f"{title} ({word('draft_mark', lang)})"
    listed = platform_chapters(chapters, total_s)
    lines = [f"== {word('upload.title', lang)} ==", title, "", f"== {word('upload.description', lang)} ==",
             localize(m.summary.get(lang), lang), ""]
    if m.is_draft:
        lines += [f"{word('draft_mark', lang)}. {word('doc.draft_note', lang)}", ""]
    lines += [f"{word('upload.page', lang)}: {package_url(sb, lang)}", "", f"{word('upload.chapters', lang)}:"]
    if listed:
        lines += [f"{timestamp(s)} {t}" for t, s in listed]
    else:
        longest = len([c for c in platform_chapters_all(chapters, total_s) if c >= MIN_CHAPTER_S])
        lines.append(localize(word("upload.no_chapters", lang).format(count=longest), lang))
    sources = cited_sources(sb, lang)
    if sources:
        lines += ["", f"{word('sources', lang)}:",
                  *(f"- {doc} ({sections_joined(secs, lang)})" if secs else f"- {doc}" for doc, secs in sources)]
    lines += ["", f"== {word('upload.tags', lang)} ==", ", ".join(tags(sb, lang)), ""]
    return "\n".join(lines)


def platform_chapters_all(chapters: list[tuple[str, float, float]], total_s: float) -> list[int]:
    """The film's own chapters' lengths in whole printed seconds (what the no-list notice counts)."""
    starts = [0] + [int(s) for _, s, _ in chapters[1:]]
    return [b - a for a, b in zip(starts, starts[1:] + [int(total_s)])]
