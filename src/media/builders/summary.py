"""The executive summary (the call allows at most 20 pages; this is a few): the plan on a page, key figures
with their sources, the process or timeline, challenges, expected outcomes, what is still to be gathered,
and the QR code to the plan's page."""
from __future__ import annotations

from pathlib import Path

from media.builders.documents import DocumentBuilder
from media.content.report import sections
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import format_number
from media.content.words import word
from media.typeset.blocks import TEXT_WIDTH_PT, figures_table, infographic_block, qr_block
from media.content.numbers import figure_row
from media.text.numerals import localize
from media.errors import LayoutError, Problem
from media.typeset import page_count

MAX_PAGES = 20  # the call's limit for an executive summary
DRAWING_PT = TEXT_WIDTH_PT * 0.85  # pictures a little smaller than in the report: a summary is short





def summary_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    model = sb.model
    secs = sections(sb, lang)
    index = {i.id: k for k, i in enumerate(model.infographics)}
    blocks: list[dict] = [{"t": "h", "level": 1, "text": word("summary.glance", lang)}]
    blocks += [{"t": "p", "text": localize(p.strip(), lang)} for p in model.summary.get(lang).split("\n\n") if p.strip()]
    if model.figures:
        blocks.append({"t": "h", "level": 2, "text": word("summary.figures", lang)})
        blocks.append(figures_table([figure_row(sb, f, lang) for f in model.figures if not f.illustrative], lang))
    fig_no = 0
    graphic = next((i for i in model.infographics if isinstance(i, (m.ProcessInfographic, m.TimelineInfographic))), None)
    if graphic is not None:
        blocks.append({"t": "h", "level": 1, "text": word("summary.process", lang)})
        fig_no += 1
        blocks.append(infographic_block(sb, index[graphic.id], lang, fig_no, root, DRAWING_PT))
    for kind, key in (("challenges", "challenges"), ("outcomes", "outcomes")):
        blocks.append({"t": "h", "level": 1, "text": word(f"summary.{key}", lang)})
        if kind == "outcomes":
            blocks.append({"t": "note", "tone": "info", "text": word("summary.outcomes_note", lang)})
        info = next((i for i in model.infographics if i.kind == kind), None)
        if info is not None:
            fig_no += 1
            blocks.append(infographic_block(sb, index[info.id], lang, fig_no, root, DRAWING_PT))
        else:  # the section's points stand in for a missing infographic
            number = 3 if kind == "challenges" else 5
            points = [p for s in secs if s.number == number for part in s.parts for p in part.points]
            blocks.append({"t": "list", "items": points} if points else
                          {"t": "note", "text": next(s.gap_line(lang) for s in secs if s.number == number) or ""})
    blocks.append({"t": "h", "level": 1, "text": word("summary.gaps", lang)})
    rows = [[f"{format_number(s.number, lang)}. {s.call_title}", ("؛ " if lang == "fa" else "; ").join(g.text for g in s.gaps)]
            for s in secs if s.gaps]
    blocks.append({"t": "table", "columns": ["بخش" if lang == "fa" else "Section", word("doc.to_gather", lang).rstrip(":")], "widths": [1.2, 3], "rows": rows})
    blocks.append({"t": "p", "text": word("summary.gaps_note", lang)})
    blocks.append({"t": "h", "level": 2, "text": word("summary.more", lang), "numbered": False})
    blocks.append(qr_block(sb, lang))
    return blocks


class SummaryBuilder(DocumentBuilder):
    name = "summary"
    kinds = ("summary",)

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return summary_blocks(sb, lang, root)

    def make(self, sb, lang, day):

        pdf, doc = super().make(sb, lang, day)
        if page_count(pdf) > MAX_PAGES:  # the call's limit: a summary that long is a content error
            raise LayoutError(problems=[Problem(sb.locate(("summary",), ""),
                                                f"the executive summary runs to {page_count(pdf)} pages; the call "
                                                f"allows at most {MAX_PAGES}: shorten the summary")])
        return pdf, doc
