"""The comprehensive report: the call's mandatory 8-section structure, each section with what the
storyboard holds, and every item the call asks for that the seeds do not give listed as a gap.

`sections(sb, lang)` is the structure as data (the site renders the same sections as HTML);
`ReportBuilder` typesets it to `documents/<id>-report-<lang>.pdf`.
"""
from __future__ import annotations

from pathlib import Path

from media.builders.documents import DocumentBuilder
from media.storyboard import LoadedStoryboard
from media.text.numerals import format_number
from media.content.words import word
from media.content.report import sections
from media.typeset.blocks import figures_table, infographic_block, qr_block


# ---- what the call asks for, section by section ------------------------------------------------------------



# ---- the sections as data ----------------------------------------------------------------------------------



# ---- the document -----------------------------------------------------------------------------------------

ABOUT = ("این پیش‌نویس فقط از متن فراخوان و اسناد منبع تهیه شده است. هر بخش همان چیزی را نشان می‌دهد که منابع "
         "می‌دهند؛ آنچه منابع نمی‌دهند (تاریخ‌ها، بودجه، شاخص‌های پیش و پس، درس‌آموخته‌ها، نقل‌قول‌ها) پر نشده و در "
         "پیوست «موارد گردآوری‌نشده» فهرست شده است. دستاوردها «مورد انتظار»اند، نه تحقق‌یافته.",
         "This draft is built from the call for proposals and the source documents only. Each section shows what "
         "the sources give; what they do not give (dates, budget, KPIs before and after, lessons learned, "
         "quotations) is not filled in but listed in the annex of items still to be gathered. Outcomes are "
         "expected, not achieved.")




def _lead(point: str) -> str | dict:
    """'Technical: a system that ...' as a bold lead and its text (the storyboards' category points)."""
    head, sep, rest = point.partition(":")
    if sep and rest.strip() and 0 < len(head) <= 24 and "(" not in head:
        return {"lead": head + sep, "text": rest.strip()}
    return point


def report_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    secs = sections(sb, lang)
    index = {i.id: k for k, i in enumerate(sb.model.infographics)}
    blocks: list[dict] = [{"t": "outline", "title": word("doc.contents", lang)},
                          {"t": "space", "mm": 6},
                          {"t": "note", "tone": "info", "text": ABOUT[0] if lang == "fa" else ABOUT[1]}]
    fig_no = 0
    table_no = 0
    for s in secs:
        blocks.append({"t": "h", "level": 1, "text": s.title})
        if s.empty and s.number != 8:
            blocks.append({"t": "note", "text": s.gap_line(lang)})
            continue
        for k, part in enumerate(s.parts):
            if k:
                blocks.append({"t": "h", "level": 2, "text": part.title})
            blocks += [{"t": "p", "text": p} for p in part.paragraphs]
            if part.points:
                blocks.append({"t": "list", "items": [_lead(p) for p in part.points]})
        if s.figures:
            table_no += 1
            blocks.append(figures_table(s.figures, lang, caption=f"{word('doc.table', lang)} {format_number(table_no, lang)}. "
                                                                   f"{word('doc.figures', lang)}"))
        for iid in s.infographics:
            fig_no += 1
            blocks.append(infographic_block(sb, index[iid], lang, fig_no, root))
        if s.number == 6 and s.lessons:
            blocks.append({"t": "h", "level": 2, "text": word("report.lessons", lang)})
            for lv in s.lessons:
                blocks.append({"t": "p", "text": lv.text})
                blocks.append({"t": "note", "tone": "info", "text": f"{word('doc.col_source', lang)}: {lv.source}"})
            if s.matrix:
                blocks.append({"t": "h", "level": 2, "text": word("report.matrix", lang)})
                blocks.append({"t": "table", "columns": [word("report.col_category", lang), word("report.col_success", lang),
                                                          word("report.col_failure", lang)], "widths": [1, 2, 2],
                               "rows": [[c, "\n".join(a) or "—", "\n".join(b) or "—"] for c, a, b in s.matrix]})
            if s.quotes:
                blocks.append({"t": "h", "level": 2, "text": word("report.quotes", lang)})
                for q in s.quotes:
                    blocks.append({"t": "quote", "text": q.text, "by": f"{q.attribution} ({q.source})"})
        if s.number == 8:
            blocks.append({"t": "h", "level": 2, "text": word("report.sources", lang)})
            blocks.append({"t": "list", "items": list(s.sources) or [word("report.none", lang)]})
            blocks.append({"t": "h", "level": 2, "text": word("report.digital", lang)})
            blocks.append(qr_block(sb, lang))
            if s.gaps:
                blocks.append({"t": "note", "text": s.gap_line(lang)})
            blocks.append({"t": "h", "level": 2, "text": word("report.gaps", lang)})
            blocks.append({"t": "p", "text": word("report.gaps_intro", lang)})
            rows = [[f"{format_number(g.section, lang)}. {g.section_title}", g.text] for sec in secs for g in sec.gaps]
            blocks.append({"t": "table", "columns": [word("report.col_section", lang), word("report.col_item", lang)], "widths": [1.3, 3],
                           "rows": rows or [["—", word("report.none", lang)]]})
        elif s.gaps:
            blocks.append({"t": "note", "text": s.gap_line(lang)})
    return blocks


class ReportBuilder(DocumentBuilder):
    name = "report"
    kinds = ("report",)
    section_per_page = True

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return report_blocks(sb, lang, root)
