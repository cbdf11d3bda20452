"""Infographic designs: one infographic of a storyboard laid out on a canvas of any size (the PNGs, the documents'
vector figures and the deck all use it), with the layout proof that keeps every source visible."""
from __future__ import annotations
from media.content.words import word
from media.content.package import draft_text, package_url
from media.content.citations import _isolate, figure_source_line, infographic_sources, note_mark, notes_line, source_notes, sources_line
from media.errors import LayoutError
from media.errors import Problem
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.graphics import Drawing, components as c, layout_problems
from media.graphics.proof import source_problems
from media.graphics.theme import Theme
from media.text import PillowMeasurer


# Canvas sizes in px; a4 is 210x297 mm at 300 dpi.
PRINT_DPI = 300


SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080), "portrait": (1080, 1350), "story": (1080, 1920), "landscape": (1920, 1080),
    "a4": (2480, 3508),
}


def _where(sb: LoadedStoryboard, index: int, lang: str, spec):
    """Map a component's data path to the storyboard key to shorten (figure texts live under `figures`)."""
    def where(rel: tuple):
        if rel and rel[0] == "figures" and isinstance(spec, m.KeyFiguresInfographic):
            fid = spec.figures[rel[1]]
            fidx = next(k for k, f in enumerate(sb.model.figures) if f.id == fid)
            return sb.locate(("figures", fidx) + tuple(rel[2:]) + (lang,), "")
        return sb.locate(("infographics", index) + tuple(rel) + (lang,), "")
    return where


def compose(sb: LoadedStoryboard, index: int, lang: str, width: float, height: float, measurer=None):
    """Lay out infographic `index` of `sb` on a width x height canvas; returns a `Drawing` (not checked).

    Key figures keep their source lines; when the cards are too full for them, the sources become
    numbered notes listed in the footer (`meta["notes_moved"]`). `meta["must_show"]` lists what the
    layout proof (`media.graphics.proof`) requires to be visible."""

    measurer = measurer or PillowMeasurer()
    spec = sb.model.infographics[index]
    theme = Theme(width, height, sb.settings.brand, lang)
    where = _where(sb, index, lang, spec)
    logo = str((sb.settings_path.parent / sb.settings.brand.logo).resolve()) if sb.settings.brand.logo else None

    def frame_with(sources: str):
        return c.page_frame(
            theme, title=spec.title.get(lang), subtitle=spec.subtitle.get(lang) if spec.subtitle else None,
            organisation=sb.settings.organisation.get(lang), footer_title=sb.model.title.get(lang),
            sources=sources, url=package_url(sb, lang), logo_path=logo, measurer=measurer, where=where,
            draft=draft_text(sb, lang))

    footer_sources = sources_line(sb, spec, lang)
    frame, body = frame_with(footer_sources)
    kw = dict(measurer=measurer, where=where, lang=lang)
    must_show: list[tuple[str, str, str]] = []
    notes_moved = False
    if isinstance(spec, m.KeyFiguresInfographic):
        figs = [sb.model.figure(fid) for fid in spec.figures]
        src = [figure_source_line(sb, spec, f, lang) for f in figs]
        # numbered notes only for what a card cites; the graphic's own source is listed unnumbered
        notes = source_notes(sb, [f.source for f in figs if f.source], lang)
        marks = [note_mark(notes.index((f.source.seed, f.source.section_text(lang))), lang) if f.source else None
                 for f in figs]
        body_items = c.key_figures(theme, body, figs, source_lines=src, note_marks=marks, **kw)
        if body_items.notes_moved:  # the footer lists the notes; the body gets what is left, and is laid again
            notes_moved = True
            footer_sources = notes_line(sb, notes, lang, also=infographic_sources(sb, spec))
            frame, body = frame_with(footer_sources)
            body_items = c.key_figures(theme, body, figs, note_marks=marks, **kw)
        for i, f in enumerate(figs):
            why = f"figure '{f.id}'"
            if f.illustrative:
                must_show.append((f"figure-{i}", word("illustrative", lang), why))
            elif notes_moved:
                k = notes.index((f.source.seed, f.source.section_text(lang)))
                must_show.append((f"figure-{i}", marks[i], why))
                must_show.append(("footer", f"{note_mark(k, lang)} {_isolate(f.source.section_text(lang), lang)}", why))
            else:
                must_show.append((f"figure-{i}", src[i], why))
    elif isinstance(spec, m.ProcessInfographic):
        body_items = c.process_steps(theme, body, spec.steps, **kw)
    elif isinstance(spec, m.TimelineInfographic):
        body_items = c.timeline(theme, body, spec.steps, **kw)
    elif isinstance(spec, m.CategoriesInfographic):
        body_items = c.category_cards(theme, body, spec.items, **kw)
    elif isinstance(spec, m.ChartInfographic):
        body_items = c.bar_chart(theme, body, spec.bars, unit=spec.unit.get(lang) if spec.unit else None,
                                 illustrative=spec.illustrative, **kw)
    elif isinstance(spec, m.QuoteInfographic):
        src = None
        if spec.quote.source and spec.quote.source.seed in sb.settings.sources:
            src = (f"{word('source', lang)}: {sb.settings.sources[spec.quote.source.seed].title.get(lang)} "
                   f"({_isolate(spec.quote.source.section_text(lang), lang)})")
            must_show.append(("attribution", src, f"quote of infographic '{spec.id}'"))
        body_items = c.quote_card(theme, body, spec.quote, source_line=src, **kw)
    else:  # pragma: no cover - the model's discriminated union has no other kind
        raise TypeError(spec.kind)
    if footer_sources:
        must_show.append(("footer", footer_sources, f"infographic '{spec.id}'"))
    if sb.model.is_draft:
        must_show.append(("draft", draft_text(sb, lang), "the draft mark"))
    items = c.shapes_first(list(frame) + list(body_items))
    return Drawing(width, height, sb.settings.brand.background, tuple(items), safe=theme.safe,
                   meta={"id": spec.id, "kind": spec.kind, "notes_moved": notes_moved, "must_show": must_show})


def checked(sb: LoadedStoryboard, index: int, lang: str, width: float, height: float, measurer=None):
    """`compose`, then prove the layout (text in the safe area, no overlaps) or raise a located LayoutError."""

    drawing = compose(sb, index, lang, width, height, measurer)
    problems = layout_problems(drawing) + source_problems(drawing)
    if problems:
        where = sb.locate(("infographics", index), "")
        spec = sb.model.infographics[index]
        raise LayoutError(problems=[Problem(where, f"infographic '{spec.id}' ({width:.0f}x{height:.0f}, {lang}): {p}")
                                    for p in problems])
    return drawing
