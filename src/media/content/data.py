"""What an infographic says in words and rows: its alt text for screen readers and its data as CSV rows."""
from __future__ import annotations

from typing import Sequence
from media.content.words import category_label, word
from media.content.numbers import count, figure_phrase, plain_number
from media.content.claims import claim_note
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text import localize


def alt_text(sb: LoadedStoryboard, spec, lang: str) -> str:
    """A description for screen readers: what the graphic shows, with its numbers, in the language."""

    fa = lang == "fa"
    sep = "؛ " if fa else "; "
    title = spec.title.get(lang)
    if isinstance(spec, m.KeyFiguresInfographic):
        body = sep.join(figure_phrase(sb.model.figure(fid), lang) for fid in spec.figures)
        what = "اینفوگرافیک ارقام کلیدی" if fa else "Key-figures infographic"
    elif isinstance(spec, (m.ProcessInfographic, m.TimelineInfographic)):
        steps = []
        for i, s in enumerate(spec.steps):
            head = s.period.get(lang) + ": " if s.period else f"{count(i + 1, lang)}. "
            status = claim_note(s, lang)
            detail = "، ".join(x for x in [s.text.get(lang) if s.text else "", status or ""] if x) if fa else \
                ", ".join(x for x in [s.text.get(lang) if s.text else "", status or ""] if x)
            steps.append(head + s.title.get(lang) + (f" ({detail})" if detail else ""))
        body = sep.join(steps)
        n = count(len(spec.steps), lang)
        if isinstance(spec, m.ProcessInfographic):
            what = f"اینفوگرافیک فرایند در {n} گام" if fa else f"Process infographic in {n} steps"
        else:
            what = f"اینفوگرافیک نقشه راه در {n} مرحله" if fa else f"Timeline infographic in {n} phases"
    elif isinstance(spec, m.CategoriesInfographic):
        groups = group_by_category(spec.items)
        def item(it) -> str:
            note = claim_note(it, lang)
            return it.text.get(lang) + (f" ({note})" if note else "")

        def name(cat, members) -> str:
            own = next((it.label for _, it in members if it.label is not None), None)
            return own.get(lang) if own is not None else category_label(cat, lang)

        body = sep.join(f"{name(cat, members)}: " + ("، " if fa else ", ").join(item(it) for _, it in members)
                        for cat, members in groups)
        kind = ("چالش‌ها" if spec.kind == "challenges" else "دستاوردها") if fa else spec.kind
        what = f"اینفوگرافیک {kind} به تفکیک {count(len(groups), lang)} دسته" if fa else \
            f"Infographic of {kind} in {len(groups)} categories"
    elif isinstance(spec, m.ChartInfographic):
        unit = f" {spec.unit.get(lang)}" if spec.unit else ""
        rows = []
        for bar in spec.bars:
            dec = 0 if float(bar.value).is_integer() else 1
            if bar.before is not None:
                before, after = word("before", lang), word("after", lang)
                if not fa:  # mid-sentence in English
                    before, after = before.lower(), after.lower()
                rows.append(f"{bar.label.get(lang)}: {before} {count(bar.before, lang, dec)}, "
                            f"{after} {count(bar.value, lang, dec)}{unit}")
            else:
                rows.append(f"{bar.label.get(lang)}: {count(bar.value, lang, dec)}{unit}")
        body = sep.join(rows)
        what = "نمودار میله‌ای" if fa else "Bar chart"
        if spec.illustrative:
            what += f" ({word('illustrative', lang)})"
    else:
        note = claim_note(spec.quote, lang, speaker=False)
        body = f"{spec.quote.text.get(lang)} — {spec.quote.attribution.get(lang)}" + (f" ({note})" if note else "")
        what = "نقل‌قول" if fa else "Quote"
    text = f"{what}: «{title}». {body}." if fa else f"{what}: “{title}”. {body}."
    return localize(text.replace("..", "."), lang)


def csv_rows(sb: LoadedStoryboard, spec, lang: str) -> list[list]:
    """The infographic's data as a table: header row (in the language) and one row per item. Numbers stay
    machine-readable in every language: ASCII digits, a whole number as an integer, a range as two columns
    (`low`, `value`); text cells are the storyboard's own text."""

    fa = lang == "fa"

    def note(c) -> str:
        return claim_note(c, lang) or ""

    def src(s: m.Source | None) -> str:
        if s is None:
            return ""
        title = sb.settings.sources[s.seed].title.get(lang) if s.seed in sb.settings.sources else s.seed
        return f"{title} ({s.section_text(lang)})"

    if isinstance(spec, m.KeyFiguresInfographic):
        rows = [["شناسه", "پیشوند", "از", "مقدار", "واحد", "عنوان", "وضعیت", "منبع", "نمایشی"] if fa else
                ["id", "prefix", "low", "value", "unit", "label", "status", "source", "illustrative"]]
        for fid in spec.figures:
            f = sb.model.figure(fid)
            rows.append([f.id, f.prefix.get(lang) if f.prefix else "", plain_number(f.low), plain_number(f.value),
                         f.unit.get(lang) if f.unit else "", f.label.get(lang), note(f), src(f.source),
                         f.illustrative])
    elif isinstance(spec, (m.ProcessInfographic, m.TimelineInfographic)):
        rows = [["گام", "دوره", "عنوان", "شرح", "وضعیت"] if fa else ["step", "period", "title", "text", "status"]]
        for i, s in enumerate(spec.steps):
            rows.append([i + 1, s.period.get(lang) if s.period else "", s.title.get(lang),
                         s.text.get(lang) if s.text else "", note(s)])
    elif isinstance(spec, m.CategoriesInfographic):
        rows = [["دسته", "نام دسته", "متن", "وضعیت"] if fa else ["category", "category_label", "text", "status"]]
        for it in spec.items:
            rows.append([it.category, it.label.get(lang) if it.label else category_label(it.category, lang),
                         it.text.get(lang), note(it)])
    elif isinstance(spec, m.ChartInfographic):
        rows = [["برچسب", "پیش از اجرا", "مقدار", "واحد", "نمایشی"] if fa else
                ["label", "before", "value", "unit", "illustrative"]]
        for bar in spec.bars:
            rows.append([bar.label.get(lang), plain_number(bar.before), plain_number(bar.value),
                         spec.unit.get(lang) if spec.unit else "", spec.illustrative])
    else:
        rows = [["متن", "گوینده", "وضعیت", "منبع"] if fa else ["text", "attribution", "status", "source"],
                [spec.quote.text.get(lang), spec.quote.attribution.get(lang),
                 claim_note(spec.quote, lang, speaker=False) or "", src(spec.quote.source)]]
    if spec.source and not isinstance(spec, m.QuoteInfographic):
        rows.append([])
        rows.append(["منبع" if fa else "source", src(spec.source)])
    return rows


def group_by_category(items: Sequence) -> list[tuple[str, list[tuple[int, object]]]]:
    """Category items grouped by category, in order of first appearance, keeping each item's index."""
    groups: dict[str, list] = {}
    for i, it in enumerate(items):
        groups.setdefault(it.category, []).append((i, it))
    return list(groups.items())
