"""What the deck's slides say beyond the scenes' own texts: an infographic's editable summary and the
checklist slide's rows, from the content layer."""
from __future__ import annotations

from media.content.checklist import items as checklist_items
from media.content.claims import claim_note, with_claim
from media.content.data import group_by_category
from media.content.numbers import count, figure_value
from media.content.checklist import derived_note
from media.content.words import category_label, word
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m


def figures_spec(sb: LoadedStoryboard, ids: list[str]) -> m.KeyFiguresInfographic:
    """A key-figures spec over `ids`, so the figures' source lines are the infographics' (one wording)."""
    return m.KeyFiguresInfographic(id="deck", kind="key_figures", title=m.Bilingual(fa="-", en="-"), figures=ids)


def infographic_points(sb: LoadedStoryboard, spec, lang: str) -> list[tuple[str, str]]:
    """What an infographic shows as (bold lead, text) pairs: the slide's editable summary of the picture."""
    out: list[tuple[str, str]] = []
    sep = "، " if lang == "fa" else ", "
    if isinstance(spec, (m.ProcessInfographic, m.TimelineInfographic)):
        for s in spec.steps:
            lead = f"{s.period.get(lang)}: {s.title.get(lang)}" if s.period else s.title.get(lang)
            out.append((with_claim(lead, s, lang), s.text.get(lang) if s.text else ""))
    elif isinstance(spec, m.CategoriesInfographic):
        for cat, members in group_by_category(spec.items):
            out.append((category_label(cat, lang), sep.join(with_claim(it.text.get(lang), it, lang) for _, it in members)))
    elif isinstance(spec, m.ChartInfographic):
        unit = f" {spec.unit.get(lang)}" if spec.unit else ""
        for bar in spec.bars:
            dec = 0 if float(bar.value).is_integer() else 1
            if bar.before is not None:
                text = f"{word('before', lang)} {count(bar.before, lang, dec)}{unit}{sep}{word('after', lang)} " \
                       f"{count(bar.value, lang, dec)}{unit}"
            else:
                text = f"{count(bar.value, lang, dec)}{unit}"
            out.append((bar.label.get(lang), text))
    elif isinstance(spec, m.QuoteInfographic):
        out.append(("", spec.quote.text.get(lang)))
        said = claim_note(spec.quote, lang, speaker=False)
        out.append(("", f"— {spec.quote.attribution.get(lang)}" + (f" ({said})" if said else "")))
    elif isinstance(spec, m.KeyFiguresInfographic):
        for fid in spec.figures:
            f = sb.model.figure(fid)
            out.append((figure_value(f, lang), with_claim(f.label.get(lang), f, lang)))
    return out


def checklist_rows(sb: LoadedStoryboard, lang: str) -> tuple[list[list[str]], str, str]:
    """The checklist slide from the checklist document's own checks (`media.content.checklist.items`), so
    deck and document ask the same questions: rows (area, check, what it comes from), what they are drawn
    from ('challenges', 'lessons' or both) and the note that says so."""

    items = checklist_items(sb, lang)
    rows = [[it.category_label or word("deck.lesson", lang), it.check, it.detail] for it in items]
    origins = {it.origin for it in items}
    origin = "+".join(x for x, key in (("challenges", "call"), ("lessons", "lesson")) if key in origins) or "none"
    note = ""
    if "call" in origins:
        note = derived_note(sb, lang)
    if "lesson" not in origins:
        note = (note + " " + word("deck.no_lessons", lang)).strip()
    return rows, origin, note
