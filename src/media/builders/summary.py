"""The executive summary (the call allows at most 20 pages; this is a few): the plan on a page, key figures
with their sources, the process or timeline, challenges, expected outcomes, what is still to be gathered,
and the QR code to the plan's page."""
from __future__ import annotations

from pathlib import Path

from media.builders import documents as d
from media.builders.documents import DocumentBuilder, w
from media.builders.report import sections
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import format_number

MAX_PAGES = 20  # the call's limit for an executive summary
DRAWING_PT = d.TEXT_WIDTH_PT * 0.85  # pictures a little smaller than in the report: a summary is short

HEADINGS = {
    "glance": ("طرح در یک نگاه", "The plan on a page"),
    "figures": ("ارقام کلیدی", "Key figures"),
    "process": ("فرایند و مراحل", "Process and stages"),
    "challenges": ("چالش‌ها", "Challenges"),
    "outcomes": ("دستاوردهای مورد انتظار", "Expected outcomes"),
    "outcomes_note": ("این‌ها دستاوردهای مورد انتظار طرح به روایت فراخوان‌اند، نه نتایج اندازه‌گیری‌شده.",
                      "These are the plan's expected outcomes as the call states them, not measured results."),
    "gaps": ("آنچه هنوز باید گردآوری شود", "What is still to be gathered"),
    "gaps_note": ("فهرست کامل در پیوست گزارش جامع آمده است.", "The full list is in the annex of the comprehensive report."),
    "more": ("نسخه کامل", "The full package"),
}


def hh(key: str, lang: str) -> str:
    fa, en = HEADINGS[key]
    return fa if lang == "fa" else en


def summary_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    model = sb.model
    secs = sections(sb, lang)
    index = {i.id: k for k, i in enumerate(model.infographics)}
    blocks: list[dict] = [{"t": "h", "level": 1, "text": hh("glance", lang)}]
    blocks += [{"t": "p", "text": d.loc(p.strip(), lang)} for p in model.summary.get(lang).split("\n\n") if p.strip()]
    if model.figures:
        blocks.append({"t": "h", "level": 2, "text": hh("figures", lang)})
        blocks.append(d.figures_table([d.figure_row(sb, f, lang) for f in model.figures if not f.illustrative], lang))
    fig_no = 0
    graphic = next((i for i in model.infographics if isinstance(i, (m.ProcessInfographic, m.TimelineInfographic))), None)
    if graphic is not None:
        blocks.append({"t": "h", "level": 1, "text": hh("process", lang)})
        fig_no += 1
        blocks.append(d.infographic_block(sb, index[graphic.id], lang, fig_no, root, DRAWING_PT))
    for kind, key in (("challenges", "challenges"), ("outcomes", "outcomes")):
        blocks.append({"t": "h", "level": 1, "text": hh(key, lang)})
        if kind == "outcomes":
            blocks.append({"t": "note", "tone": "info", "text": hh("outcomes_note", lang)})
        info = next((i for i in model.infographics if i.kind == kind), None)
        if info is not None:
            fig_no += 1
            blocks.append(d.infographic_block(sb, index[info.id], lang, fig_no, root, DRAWING_PT))
        else:  # the section's points stand in for a missing infographic
            number = 3 if kind == "challenges" else 5
            points = [p for s in secs if s.number == number for part in s.parts for p in part.points]
            blocks.append({"t": "list", "items": points} if points else
                          {"t": "note", "text": next(s.gap_line(lang) for s in secs if s.number == number) or ""})
    blocks.append({"t": "h", "level": 1, "text": hh("gaps", lang)})
    rows = [[f"{format_number(s.number, lang)}. {s.call_title}", ("؛ " if lang == "fa" else "; ").join(g.text for g in s.gaps)]
            for s in secs if s.gaps]
    blocks.append({"t": "table", "columns": ["بخش" if lang == "fa" else "Section", w("to_gather", lang).rstrip(":")], "widths": [1.2, 3], "rows": rows})
    blocks.append({"t": "p", "text": hh("gaps_note", lang)})
    blocks.append({"t": "h", "level": 2, "text": hh("more", lang), "numbered": False})
    blocks.append(d.qr_block(sb, lang))
    return blocks


class SummaryBuilder(DocumentBuilder):
    name = "summary"
    kinds = ("summary",)

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return summary_blocks(sb, lang, root)

    def make(self, sb, lang, day):
        from media.errors import LayoutError, Problem
        from media.typeset import page_count

        pdf, doc = super().make(sb, lang, day)
        if page_count(pdf) > MAX_PAGES:  # the call's limit: a summary that long is a content error
            raise LayoutError(problems=[Problem(sb.locate(("summary",), ""),
                                                f"the executive summary runs to {page_count(pdf)} pages; the call "
                                                f"allows at most {MAX_PAGES}: shorten the summary")])
        return pdf, doc
