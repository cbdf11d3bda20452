"""Reusable designs (key figures, process, timeline, chevron strip, category cards, bar chart, quote, header, footer, logo).

Every component is a pure function that lays a design out inside a box and returns display-list items
(`Items`, a list that also knows the height it used). They work in any unit (px for Pillow, pt for a
PDF: pass the matching measurer) and reflow for the box's aspect ratio: a wide box puts steps in a
row, a tall one in a column. Direction follows the language: Persian reads right to left (first step
on the right, arrows and bars going left), English left to right; digits, Latin words, icons and
logos are never mirrored.

Usage (infographics, posters and video frames all do this)::

    from media.graphics import components as c
    theme = Theme(1080, 1080, settings.brand, lang)
    frame, body = c.page_frame(theme, title=..., subtitle=..., organisation=..., footer_title=...,
                               sources=..., url=..., measurer=m, where=loc)
    items = frame + c.process_steps(theme, body, spec.steps, measurer=m, where=loc)
    drawing = Drawing(theme.width, theme.height, theme.brand.background, tuple(c.shapes_first(items)),
                      safe=theme.safe)

Arguments shared by all components: `theme` (size, palette, language), `box` = (x, y, w, h), `lang`
(defaults to theme.lang), `measurer` (PillowMeasurer by default), and `where`, a callable mapping a
path relative to the data (e.g. ("steps", 2, "title")) to a storyboard `Location`, so a text that cannot
fit raises a `LayoutError` naming the exact key to shorten. Items are tagged for animation: "header",
"footer", "logo", "figure-<i>", "step-<i>", "phase-<i>", "card-<i>", "bar-<i>", "quote",
"attribution", "chart-axis", "illustrative".

The designs live by family: `fitting` (Items, text fitting, grids, cards, tints), `frame` (logo, header,
footer, draft band, page frame), `figures` (key figures), `steps` (process, chevron strip, timeline),
`categories` (category cards), `chart` (bar chart) and `quote`. This module re-exports all of them, so
`components.x` keeps working; import the family you use (`from media.graphics.figures import key_figures`)
and a job's key covers only that family's code.
"""
from __future__ import annotations

from media.graphics.categories import category_cards
from media.graphics.chart import bar_chart, nice_max
from media.graphics.figures import key_figures
from media.graphics.fitting import (Box, Items, Spec, Where, _card, column_choices, compact, first_fitting, fit_stack,
                                    grid, mix, shapes_first, shared_size, uniform)
from media.graphics.frame import DRAFT_FILL, DRAFT_INK, draft_band, footer, header, logo_slot, page_frame
from media.graphics.quote import quote_card
from media.graphics.steps import chevron_strip, process_steps, step_status, timeline

__all__ = ["DRAFT_FILL", "DRAFT_INK", "Box", "Items", "Spec", "Where", "_card", "bar_chart", "category_cards",
           "chevron_strip", "column_choices", "compact", "draft_band", "first_fitting", "fit_stack", "footer", "grid",
           "header", "key_figures", "logo_slot", "mix", "nice_max", "page_frame", "process_steps", "quote_card",
           "shapes_first", "shared_size", "step_status", "timeline", "uniform"]
