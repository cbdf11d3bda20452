"""Scene layouts for the video frame: one tagged `Drawing` per scene plus the motion that reveals it.

Infographic-like scenes reuse `graphics.components` (they lay out in any box, so 16:9, 9:16 and 1:1
reflow); the video adds what only a film has: a title card with the identity, bullets, an outro card
with the package page's QR code, a heading with a kicker, and a lower third (plan title + a progress
indicator with one segment per scene, static within a scene so holds stay free).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from media.graphics import components as c
from media.graphics.primitives import Drawing, Ellipse, Image, Line, Rect, Text
from media.graphics.theme import Theme
from media.storyboard.model import Scene
from media.text import PillowMeasurer, TextStyle, format_number, layout
from media.video.motion import CountUp, KenBurns, Reveal, SceneMotion
from media.content.citations import _isolate, figure_line, note_mark, notes_line, source_notes, sources_text
from media.content.numbers import figure_number
from media.content.words import word
from media.errors import LayoutError, Problem
from media.graphics.proof import source_problems
from media.graphics.qr import QUIET_ZONE_MODULES, qr_items, qr_matrix



@dataclass(frozen=True)
class SceneTiming:
    """When things happen inside a scene (seconds from the scene's start)."""

    duration_s: float
    content_start_s: float  # after the transition: first reveal
    sentence_starts_s: tuple[float, ...] = ()  # narration sentences, for reveal-on-speech
    speech_end_s: float = 0.0


@dataclass(frozen=True)
class SceneDesign:
    drawing: Drawing
    motion: SceneMotion


@dataclass(frozen=True)
class Context:
    """What every scene design needs: the storyboard, language, frame, and its place in the video."""

    sb: object  # LoadedStoryboard
    lang: str
    width: int
    height: int
    index: int  # scene index in the video (synthetic cards included)
    count: int
    caption_band: float = 0.0  # px kept free above the lower third for burned-in captions

    @property
    def theme(self) -> Theme:
        return Theme(self.width, self.height, self.sb.settings.brand, self.lang)

    @property
    def start_side(self) -> str:
        """Where motion comes from: the reading start (right in Persian, left in English)."""
        return "right" if self.lang == "fa" else "left"


def _one(ctx: Context, text: str, w: float, size: float, *, weight="regular", align="start", max_lines=None,
         min_size=None, where=None, line_spacing=1.3):
    t = ctx.theme
    style = TextStyle(size=size, weight=weight, min_size=min_size if min_size is not None else min(size, t.min_size),
                      line_spacing=line_spacing, align=align, max_lines=max_lines)
    return layout(text, ctx.lang, w, None, style, PillowMeasurer(), where)


def reveal_times(n: int, timing: SceneTiming, first_s: float, min_gap_s: float = 0.45) -> list[float]:
    """When item i of n appears: at sentence i when there is a sentence per item, else spread evenly
    over the narration, and always leaving the last item on screen for a while."""
    if n <= 0:
        return []
    starts = [s for s in timing.sentence_starts_s if s >= first_s - 0.05]
    if len(starts) >= n and n > 1:
        times = [max(first_s, s) for s in starts[:n]]
    else:
        end = max(first_s, min(timing.speech_end_s or timing.duration_s, timing.duration_s) * 0.65)
        gap = max(min_gap_s, min(1.4, (end - first_s) / max(1, n - 1))) if n > 1 else 0.0
        times = [first_s + i * gap for i in range(n)]
    latest = max(first_s, timing.duration_s - 1.5)
    out, prev = [], -1.0
    for t in times:
        t = min(max(t, prev + min_gap_s * 0.5 if prev >= 0 else t), latest)
        out.append(t)
        prev = t
    return out


# ---- shared frame parts -------------------------------------------------------------------------

def lower_third(ctx: Context) -> tuple[list, float]:
    """Bottom band: organisation mark and plan title at the reading start, scene progress at the end."""
    t = ctx.theme
    u, b = t.unit, t.brand
    W, H = ctx.width, ctx.height
    h = 11.0 * u
    y = H - h
    band_h = 9.0 * u  # contents sit in the upper part: the bottom strip is outside the title-safe area
    items: list = [Rect(0, y, W, h, fill="#FFFFFF"), Rect(0, y, W, max(1.0, 0.15 * u), fill=c.mix(b.muted, "#FFFFFF", 0.7))]
    m = t.margin
    mark = 4.2 * u
    # progress: one segment per scene; done = primary, current = accent, to come = light
    seg_w, seg_gap = max(1.6 * u, min(4.0 * u, (W * 0.3) / max(1, ctx.count))), 0.6 * u
    seg_h = 0.9 * u
    total = ctx.count * seg_w + (ctx.count - 1) * seg_gap
    order = list(range(ctx.count))
    x_prog = m if t.rtl else W - m - total
    for k, i in enumerate(reversed(order) if t.rtl else order):
        color = b.primary if i < ctx.index else (b.accent if i == ctx.index else c.mix(b.muted, "#FFFFFF", 0.75))
        items.append(Rect(x_prog + k * (seg_w + seg_gap), y + (band_h - seg_h) / 2, seg_w, seg_h, fill=color,
                          radius=seg_h / 2))
    text_w = W - 2 * m - total - mark - 3 * t.gutter
    plan = ctx.sb.model.title.get(ctx.lang)

    try:  # one line on wide frames; two on narrow ones; else the plan number alone
        block = _one(ctx, plan, text_w, max(t.min_size, 2.3 * u), weight="bold", max_lines=2,
                     min_size=t.min_size * 0.85, line_spacing=1.2)
    except LayoutError:
        short = f"{word('plan', ctx.lang)} {ctx.sb.model.plan}" if ctx.sb.model.plan else ctx.sb.id
        block = _one(ctx, short, text_w, max(t.min_size, 2.3 * u), weight="bold", max_lines=1)
    mx = W - m - mark if t.rtl else m
    items += c.logo_slot(t, (mx, y + (band_h - mark) / 2, mark, mark), ctx.sb.settings.organisation.get(ctx.lang),
                         _logo(ctx), on_dark=False, tag="")
    tx = mx - t.gutter - text_w if t.rtl else mx + mark + t.gutter
    items.append(Text(block, tx, y + (band_h - block.height) / 2, b.text, role="lower-third"))
    return items, h


def _logo(ctx: Context) -> str | None:
    logo = ctx.sb.settings.brand.logo
    return str((ctx.sb.settings_path.parent / logo).resolve()) if logo else None


def heading(ctx: Context, scene: Scene, index_in_sb: int | None, top: float) -> tuple[list, float]:
    """Kicker (section title) and the scene heading at the reading start, with an accent rule."""
    t = ctx.theme
    u, b, m = t.unit, t.brand, t.margin
    W = ctx.width
    w = W - 2 * m
    items: list = []
    y = top
    if scene.section:
        sec = ctx.sb.model.section(scene.section)
        kicker = _one(ctx, sec.title.get(ctx.lang), w, max(t.min_size, 2.4 * u), weight="bold", max_lines=1,
                      min_size=t.min_size * 0.85)
        items.append(Text(kicker, m, y, b.secondary, tag="kicker", role="kicker"))
        y += kicker.height + 0.4 * u
    where = ctx.sb.locate(("scenes", index_in_sb, "heading", ctx.lang), "") if index_in_sb is not None else None
    size = 5.4 * u if ctx.width >= ctx.height else 6.0 * u
    block = _one(ctx, scene.heading.get(ctx.lang), w, size, weight="black", max_lines=2, min_size=3.4 * u,
                 where=where, line_spacing=1.25)
    items.append(Text(block, m, y, b.text, tag="heading", role="title"))
    y += block.height + 1.0 * u
    rule_w = 12 * u
    items.append(Rect(W - m - rule_w if t.rtl else m, y, rule_w, 0.8 * u, fill=b.accent, radius=0.4 * u, tag="heading-rule"))
    y += 0.8 * u
    return items, y


def _intro_motion(ctx: Context, timing: SceneTiming, has_kicker: bool) -> list:
    s = timing.content_start_s
    side = ctx.start_side
    out = []
    if has_kicker:
        out.append(Reveal("kicker", s, 0.5, "fade"))
    out.append(Reveal("heading", s + 0.1, 0.7, "slide", side, 4 * ctx.theme.unit))
    out.append(Reveal("heading-rule", s + 0.45, 0.5, "grow", side))
    return out


def _where_for(ctx: Context, prefix: tuple):
    return lambda path: ctx.sb.locate(prefix + tuple(path), "")


# ---- layouts ---------------------------------------------------------------------------------------

def _content_frame(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming):
    t = ctx.theme
    items, lt_h = lower_third(ctx)
    head, y = heading(ctx, scene, idx, t.margin * 0.8)
    box_y = y + 3.0 * t.unit
    box = (t.margin, box_y, ctx.width - 2 * t.margin, ctx.height - lt_h - 2.5 * t.unit - ctx.caption_band - box_y)
    motion = _intro_motion(ctx, timing, any(it.tag == "kicker" for it in head))
    return items + head, box, motion


def _stagger(ctx: Context, items: list, prefix: str, timing: SceneTiming, first_s: float, effect="slide") -> list:
    tags = []
    for it in items:
        if it.tag.startswith(prefix) and it.tag not in tags and it.tag[len(prefix):].isdigit():
            tags.append(it.tag)
    times = reveal_times(len(tags), timing, first_s)
    side = ctx.start_side if effect == "slide" else "below"
    return [Reveal(tag, at, 0.6, "slide", side, 3 * ctx.theme.unit) for tag, at in zip(tags, times)]


def bullets_layout(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    """One white card per point: a numbered disc at the reading start and the text, revealed in turn."""
    t = ctx.theme
    u, b = t.unit, t.brand
    base, box, motion = _content_frame(ctx, scene, idx, timing)
    x, y, w, h = box
    n = max(1, len(scene.bullets))
    gap_y = 2.4 * u
    pad = 2.2 * u
    disc = 5.6 * u
    gap = 2.6 * u
    text_w = w - 2 * pad - disc - gap
    size = 4.2 * u
    while True:  # one size for all points; smaller only if the stack would not fit
        blocks = []
        for i, bl in enumerate(scene.bullets):
            where = ctx.sb.locate(("scenes", idx, "bullets", i, ctx.lang), "") if idx is not None else None
            blocks.append(_one(ctx, bl.get(ctx.lang), text_w, size, weight="medium", max_lines=2,
                               min_size=t.min_size, where=where, line_spacing=1.3))
        rows = [max(bk.height, disc) + 2 * pad * 0.6 for bk in blocks]
        used = sum(rows) + (n - 1) * gap_y
        if used <= h or size <= t.min_size + 0.5:
            break
        size = max(t.min_size, size * 0.92)
    items = list(base)
    cy = y + max(0.0, (h - used) / 2) * 0.6  # a little above centre: the eye starts high
    for i, (bk, rh) in enumerate(zip(blocks, rows)):
        tag = f"bullet-{i}"
        items += c._card(t, (x, cy, w, rh), tag)
        dx = x + w - pad - disc if t.rtl else x + pad
        items.append(Ellipse(dx, cy + (rh - disc) / 2, disc, disc, fill=b.primary, tag=tag))
        num = _one(ctx, format_number(i + 1, ctx.lang), disc, disc * 0.46, weight="black", align="center", max_lines=1)
        items.append(Text(num, dx, cy + (rh - num.height) / 2, "#FFFFFF", tag=tag, role="label"))
        tx = x + pad if t.rtl else x + pad + disc + gap
        items.append(Text(bk, tx, cy + (rh - bk.height) / 2, b.text, tag=tag, role="body"))
        cy += rh + gap_y
    motion += _stagger(ctx, items, "bullet-", timing, timing.content_start_s + 0.8)
    return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))


def figures_layout(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    """Key-figure cards with their source lines and a sources line under them (document titles); when the
    cards are too full, the sources become numbered notes in that line. Proved: no figure without its source."""

    sb = ctx.sb.model
    lang, t = ctx.lang, ctx.theme
    base, box, motion = _content_frame(ctx, scene, idx, timing)
    figs = [sb.figure(fid) for fid in scene.figures]
    fig_index = {f.id: i for i, f in enumerate(sb.figures)}
    sources = [f.source for f in figs if f.source is not None]

    def where(path):
        if path and path[0] == "figures" and len(path) > 1:
            return ctx.sb.locate(("figures", fig_index[figs[path[1]].id]) + tuple(path[2:]) + (ctx.lang,), "")
        return ctx.sb.locate(("scenes", idx), "") if idx is not None else None

    def under(text: str):
        return sources_under(ctx, box, sources, text=text)

    lines = [figure_line(sources, f, lang) for f in figs]
    notes = source_notes(ctx.sb, [f.source for f in figs if f.source], lang)  # numbered: what a card cites
    marks = [note_mark(notes.index((f.source.seed, f.source.section_text(lang))), lang) if f.source else None
             for f in figs]
    footer_text = sources_text(ctx.sb, sources, lang)
    foot, cards_box = under(footer_text)
    comp = c.key_figures(t, cards_box, figs, source_lines=lines, note_marks=marks, where=where, lang=lang)
    if comp.notes_moved:
        footer_text = notes_line(ctx.sb, notes, lang, also=sources)
        foot, cards_box = under(footer_text)
        comp = c.key_figures(t, cards_box, figs, note_marks=marks, where=where, lang=lang)
    must = [("sources", footer_text, "the sources line")] if footer_text else []
    for i, f in enumerate(figs):
        if f.illustrative:
            must.append((f"figure-{i}", word("illustrative", lang), f"figure '{f.id}'"))
        elif comp.notes_moved:
            k = notes.index((f.source.seed, f.source.section_text(lang)))
            must += [(f"figure-{i}", marks[i], f"figure '{f.id}'"),
                     ("sources", f"{note_mark(k, lang)} {_isolate(f.source.section_text(lang), lang)}", f"figure '{f.id}'")]
        elif lines[i]:
            must.append((f"figure-{i}", lines[i], f"figure '{f.id}'"))
    items = list(base) + ([foot] if foot is not None else [])
    counters = []
    for it in comp:
        if isinstance(it, Text) and it.role == "figure" and it.tag.startswith("figure-"):
            i = int(it.tag.split("-")[1])
            it = replace(it, tag=f"{it.tag}-value")
            counters.append((i, it))
        items.append(it)
    motion += _stagger(ctx, comp, "figure-", timing, timing.content_start_s + 0.8)
    _prove(ctx, scene, idx, items, must)
    starts = {m.tag: m.start_s for m in motion}
    for i, item in counters:
        f = figs[i]
        motion.append(CountUp(item.tag, starts.get(f"figure-{i}", timing.content_start_s) + 0.15, f.value,
                              f.decimals, _number_renderer(ctx, item, f)))
    return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))


def _number_renderer(ctx: Context, item: Text, figure):
    """Items showing the number at an intermediate value, centred where the final number is, printed as the
    card prints it (grouping, percent sign, range: `media.content.numbers.figure_number`)."""
    final = item.block
    cx = item.x + final.line_x(0, 0.0) + final.lines[0].width / 2 if final.lines else item.x + final.box_width / 2
    style = TextStyle(size=final.size, weight=final.weight, line_spacing=final.line_height / final.size, align="center")

    def render(value: float) -> list:
        text = figure_number(figure, ctx.lang, value)
        blk = layout(text, ctx.lang, 100_000, None, style, PillowMeasurer())
        wdt = blk.lines[0].width + 2
        blk = replace(blk, box_width=wdt, lines=tuple(replace(ln) for ln in blk.lines))
        return [Text(blk, cx - wdt / 2, item.y, item.color, tag=item.tag, role="figure")]

    return render


def _component_layout(kind: str):
    def build(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
        sb = ctx.sb.model
        base, box, motion = _content_frame(ctx, scene, idx, timing)
        info = sb.infographic(scene.infographic)
        info_idx = [i.id for i in sb.infographics].index(info.id)

        def where(path):
            return ctx.sb.locate(("infographics", info_idx) + tuple(path) + (ctx.lang,), "")

        t, lang = ctx.theme, ctx.lang
        # what the graphic draws on is cited under it, as on the infographic (a chart's bars are figures)
        sources = [s for s in (info.source, getattr(getattr(info, "quote", None), "source", None)) if s is not None]
        foot, box = sources_under(ctx, box, sources, illustrative=getattr(info, "illustrative", False))
        first = timing.content_start_s + 0.8
        if kind == "process":
            comp = c.process_steps(t, box, info.steps, where=where, lang=lang)
            motion += _stagger(ctx, comp, "step-", timing, first)
        elif kind == "timeline":
            comp = c.timeline(t, box, info.steps, where=where, lang=lang)
            phases = _stagger(ctx, comp, "phase-", timing, first + 0.3)
            if phases:
                span = max(0.8, phases[-1].start_s - first + 0.4)
                side = "right" if ctx.lang == "fa" else "left"
                vertical = any(isinstance(it, Line) and it.tag == "timeline-axis" and
                               abs(it.points[0][0] - it.points[-1][0]) < 1 for it in comp)
                motion.append(Reveal("timeline-axis", first, span, "grow", "top" if vertical else side))
            motion += phases
        elif kind == "categories":
            comp = c.category_cards(t, box, info.items, where=where, lang=lang)
            motion += _stagger(ctx, comp, "card-", timing, first, effect="rise")
        elif kind == "chart":
            comp = c.bar_chart(t, box, info.bars, unit=info.unit.get(lang) if info.unit else None,
                               illustrative=info.illustrative, where=where, lang=lang)
            comp = [replace(it, tag=f"{it.tag}-fill") if (it.tag.startswith("bar-") and isinstance(it, Rect)) else it
                    for it in comp]
            motion.append(Reveal("chart-axis", first - 0.3, 0.5, "fade"))
            if any(it.tag == "illustrative" for it in comp):
                motion.append(Reveal("illustrative", first - 0.3, 0.5, "fade"))
            bars = sorted({it.tag for it in comp if it.tag.startswith("bar-") and it.tag.endswith("-fill")},
                          key=lambda s: int(s.split("-")[1]))
            times = reveal_times(len(bars), timing, first, 0.35)
            side = "right" if ctx.lang == "fa" else "left"
            for tag, at in zip(bars, times):
                motion.append(Reveal(tag, at, 0.9, "grow", side))
                motion.append(Reveal(tag[: -len("-fill")], at + 0.5, 0.5, "fade"))
        elif kind == "quote":
            comp = c.quote_card(t, box, info.quote, where=where, lang=lang)
            motion.append(Reveal("quote", first, 0.9, "fade"))
            motion.append(Reveal("attribution", first + 1.2, 0.6, "slide", ctx.start_side, 3 * t.unit))
        else:
            raise ValueError(kind)
        items = list(base) + ([foot] if foot is not None else []) + list(comp)
        if foot is not None:
            _prove(ctx, scene, idx, items, [("sources", _text_of(foot), "the sources line")])
        return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))

    return build


def sources_under(ctx: Context, box, sources: list, illustrative: bool = False, text: str | None = None):
    """The sources line (document titles and sections, `media.graphics.citations`) at the bottom of the
    content box, and the box left above it. (None, box) when there is nothing to cite."""

    t = ctx.theme
    text = text if text is not None else sources_text(ctx.sb, sources, ctx.lang, illustrative)
    if not text:
        return None, box
    x, y, w, h = box
    blk = _one(ctx, text, w, max(t.min_size, 2.2 * t.unit), max_lines=2, min_size=t.min_size * 0.9, line_spacing=1.3)
    return (Text(blk, x, y + h - blk.height, t.brand.muted, tag="sources", role="sources"),
            (x, y, w, h - blk.height - 1.6 * t.unit))


def _text_of(item: Text) -> str:
    return "".join(ln.text for ln in item.block.lines)


def _prove(ctx: Context, scene: Scene, idx: int | None, items: list, must: list) -> None:
    """The layout proof of a scene: every source it must show is drawn, else a located LayoutError."""

    missing = source_problems(Drawing(ctx.width, ctx.height, items=tuple(items), meta={"must_show": must}))
    if missing:
        where_scene = ctx.sb.locate(("scenes", idx), "") if idx is not None else ctx.sb.locate((), "")
        raise LayoutError(problems=[Problem(where_scene, f"video scene '{scene.id}': {p}") for p in missing])


def image_layout(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    t = ctx.theme
    base, box, motion = _content_frame(ctx, scene, idx, timing)
    x, y, w, h = (int(v) & ~1 for v in box)
    items = list(base)
    path = str(ctx.sb.asset(scene.image))
    items.append(Rect(x - 2, y - 2, w + 4, h + 4, fill=c.mix(t.brand.muted, "#FFFFFF", 0.6)))
    items.append(Image(path, x, y, w, h, tag="image"))
    motion.append(KenBurns("image", path, (x, y, w, h), timing.duration_s))
    return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))


def _dark_background(ctx: Context) -> list:
    t = ctx.theme
    b, W, H = t.brand, ctx.width, ctx.height
    r = max(W, H) * 0.55
    ex = 0 if t.rtl else W  # quiet arcs at the reading end
    # Solid tints, not opacity: the raster painter draws a batch of shapes on one layer, where a
    # translucent shape replaces (does not blend with) the shape under it.
    return [Rect(0, 0, W, H, fill=b.primary),
            Ellipse(ex - r, H * 0.55 - r, 2 * r, 2 * r, fill=c.mix(b.primary, "#FFFFFF", 0.05)),
            Ellipse(ex - r * 0.7, H * 0.55 - r * 0.7, 1.4 * r, 1.4 * r, fill=c.mix(b.primary, "#FFFFFF", 0.10)),
            Rect(0, H - 1.2 * t.unit, W, 1.2 * t.unit, fill=b.accent)]


def title_layout(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    """Opening card: the identity (logo + organisation), the heading large, the subtitle."""
    t = ctx.theme
    u, b, m = t.unit, t.brand, t.margin
    W, H = ctx.width, ctx.height
    items = _dark_background(ctx)
    band = draft_band(ctx)
    items += band
    top = m + band.used_h
    org = ctx.sb.settings.organisation.get(ctx.lang)
    logo_h = 8 * u
    logo_w = min(W - 2 * m, 60 * u)
    lx = W - m - logo_w if t.rtl else m
    items += c.logo_slot(t, (lx, top, logo_w, logo_h), org, _logo(ctx), on_dark=True, tag="logo")
    w = W - 2 * m if W < H else (W - 2 * m) * 0.82
    x = W - m - w if t.rtl else m
    where = ctx.sb.locate(("scenes", idx, "heading", ctx.lang), "") if idx is not None else None
    title = _one(ctx, scene.heading.get(ctx.lang), w, 8.6 * u, weight="black", max_lines=3, min_size=5 * u,
                 where=where, line_spacing=1.2)
    sub_text = ctx.sb.model.subtitle.get(ctx.lang) if ctx.sb.model.subtitle else None
    sub = _one(ctx, sub_text, w, 3.4 * u, max_lines=3, line_spacing=1.4) if sub_text else None
    block_h = title.height + 2.6 * u + (sub.height if sub else 0)
    y = max(top + logo_h + 4 * u, (H - block_h) / 2 + 2 * u)
    items.append(Text(title, x, y, "#FFFFFF", tag="heading", role="title"))
    y += title.height + 0.8 * u
    rule_w = 14 * u
    items.append(Rect(W - m - rule_w if t.rtl else m, y, rule_w, 0.9 * u, fill=b.accent, radius=0.45 * u,
                      tag="heading-rule"))
    y += 1.8 * u
    if sub:
        items.append(Text(sub, x, y, c.mix(b.primary, "#FFFFFF", 0.85), tag="subtitle", role="subtitle"))
    s = timing.content_start_s
    motion = [Reveal("logo", s, 0.6, "fade"),
              Reveal("heading", s + 0.3, 0.9, "slide", ctx.start_side, 5 * u),
              Reveal("heading-rule", s + 0.8, 0.6, "grow", ctx.start_side),
              Reveal("subtitle", s + 1.1, 0.7, "fade")]
    return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))


def outro_layout(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    """Closing card: heading, points, and the package page's QR code with its URL (always left to right)."""

    t = ctx.theme
    u, b, m = t.unit, t.brand, t.margin
    W, H = ctx.width, ctx.height
    url = f"{ctx.sb.settings.base_url}/{ctx.sb.id}/{ctx.lang}/"
    items = _dark_background(ctx)
    band = draft_band(ctx)
    items += band
    wide = W > H * 1.2
    # QR card: whole pixels per module so every module edge is sharp in the video
    modules = qr_matrix(url).size_with_quiet_zone
    qr_target = (min(H * 0.42, W * 0.3) if wide else min(W * 0.45, H * 0.3))
    px = max(2, int(qr_target // modules))
    qr_size = px * modules
    card_pad = 1.6 * u
    url_block = layout(url, "en", max(qr_size * 1.6, 30 * u), None,
                       TextStyle(size=max(t.min_size, 2.3 * u), weight="bold", align="center", max_lines=2,
                                 min_size=t.min_size * 0.8), PillowMeasurer())
    card_w = max(qr_size, url_block.box_width) + 2 * card_pad
    card_h = qr_size + url_block.height + 3 * card_pad
    if wide:
        card_x = m if t.rtl else W - m - card_w
        card_y = (H - card_h) / 2
        text_x, text_w = (m + card_w + 5 * u, W - 2 * m - card_w - 5 * u) if t.rtl else (m, W - 2 * m - card_w - 5 * u)
        text_top, text_bottom = m * 1.6 + band.used_h, H - m
        card_y = max(card_y, band.used_h + m * 0.8)
    else:
        card_x = (W - card_w) / 2
        card_y = H - m * 1.6 - card_h
        text_x, text_w = m, W - 2 * m
        text_top, text_bottom = m * 2.2 + band.used_h, card_y - 4 * u
    items.append(Rect(card_x, card_y, card_w, card_h, fill="#FFFFFF", radius=1.6 * u, tag="qr"))
    qx = int(card_x + (card_w - qr_size) / 2)
    qy = int(card_y + card_pad)
    qr, _ = qr_items(url, qx, qy, qr_size, dark=b.text, tag="qr")
    items += qr
    items.append(Text(url_block, card_x + (card_w - url_block.box_width) / 2, qy + qr_size + card_pad, b.primary,
                      tag="qr", role="url"))
    _ = QUIET_ZONE_MODULES
    # heading + points + call to action
    where = ctx.sb.locate(("scenes", idx, "heading", ctx.lang), "") if idx is not None else None
    head = _one(ctx, scene.heading.get(ctx.lang), text_w, 6.4 * u, weight="black", max_lines=2, min_size=4 * u,
                where=where, line_spacing=1.22)
    y = text_top
    items.append(Text(head, text_x, y, "#FFFFFF", tag="heading", role="title"))
    y += head.height + 1.0 * u
    rule_w = 12 * u
    items.append(Rect(text_x + text_w - rule_w if t.rtl else text_x, y, rule_w, 0.8 * u, fill=b.accent, radius=0.4 * u,
                      tag="heading-rule"))
    y += 3.0 * u
    points = list(scene.bullets)
    room = text_bottom - y - 9 * u
    size = 3.2 * u
    for i, p in enumerate(points):
        where = ctx.sb.locate(("scenes", idx, "bullets", i, ctx.lang), "") if idx is not None else None
        blk = _one(ctx, p.get(ctx.lang), text_w - 3 * u, size, weight="medium", max_lines=2, where=where)
        if blk.height > room:
            break
        dot = 1.2 * u
        dx = text_x + text_w - dot if t.rtl else text_x
        items.append(Ellipse(dx, y + blk.line_height / 2 - dot / 2, dot, dot, fill=b.accent, tag=f"point-{i}"))
        items.append(Text(blk, text_x if t.rtl else text_x + 3 * u, y, "#FFFFFF", tag=f"point-{i}", role="body"))
        y += blk.height + 1.6 * u
        room -= blk.height + 1.6 * u
    if not points:  # no points to recap: remind what the film was about
        m_ = ctx.sb.model
        plan_b = _one(ctx, m_.title.get(ctx.lang), text_w, 3.8 * u, weight="bold", max_lines=2, line_spacing=1.3)
        items.append(Text(plan_b, text_x, y, "#FFFFFF", tag="point-0", role="body"))
        y += plan_b.height + 0.8 * u
        if m_.subtitle:
            sub_b = _one(ctx, m_.subtitle.get(ctx.lang), text_w, 2.7 * u, max_lines=3, line_spacing=1.4)
            items.append(Text(sub_b, text_x, y, c.mix(b.primary, "#FFFFFF", 0.8), tag="point-0", role="body"))
            y += sub_b.height
    cta = _one(ctx, word("scan", ctx.lang), text_w, 2.8 * u, weight="bold", max_lines=2)
    org = ctx.sb.settings.organisation.get(ctx.lang)
    mark_h = 6 * u
    cy = max(y + 3 * u, text_bottom - cta.height - mark_h - 2.0 * u) if wide else y + 2 * u
    items.append(Text(cta, text_x, cy, b.accent, tag="cta", role="cta"))
    items += c.logo_slot(t, (text_x, cy + cta.height + 2.0 * u, min(text_w, 50 * u), mark_h), org, _logo(ctx),
                         on_dark=True, tag="cta") if not t.rtl else \
        c.logo_slot(t, (text_x + text_w - min(text_w, 50 * u), cy + cta.height + 2.0 * u, min(text_w, 50 * u), mark_h),
                    org, _logo(ctx), on_dark=True, tag="cta")
    s = timing.content_start_s
    motion = [Reveal("heading", s, 0.8, "slide", ctx.start_side, 4 * u),
              Reveal("heading-rule", s + 0.4, 0.5, "grow", ctx.start_side),
              Reveal("qr", s + 0.5, 0.8, "slide", "below", 4 * u)]
    npoints = len({it.tag for it in items if it.tag.startswith("point-")})
    for i, at in enumerate(reveal_times(npoints, timing, s + 1.0)):
        motion.append(Reveal(f"point-{i}", at, 0.6, "slide", ctx.start_side, 3 * u))
    motion.append(Reveal("cta", s + 1.4, 0.6, "fade"))
    return SceneDesign(_drawing(ctx, items), SceneMotion(tuple(motion)))


def draft_band(ctx: Context) -> c.Items:
    """The draft mark across the top of the title and outro cards of a storyboard without approval."""

    if not ctx.sb.model.is_draft:
        return c.Items()
    t = ctx.theme
    return c.draft_band(t, 0, 0, ctx.width, word("draft_mark", ctx.lang), measurer=PillowMeasurer(), lang=ctx.lang,
                        size=max(t.min_size * 1.1, 3.0 * t.unit))


def _drawing(ctx: Context, items: list) -> Drawing:
    t = ctx.theme
    return Drawing(ctx.width, ctx.height, t.brand.background, tuple(items), safe=t.safe)


LAYOUTS = {
    "title": title_layout,
    "bullets": bullets_layout,
    "figures": figures_layout,
    "process": _component_layout("process"),
    "timeline": _component_layout("timeline"),
    "categories": _component_layout("categories"),
    "chart": _component_layout("chart"),
    "quote": _component_layout("quote"),
    "image": image_layout,
    "outro": outro_layout,
}


def design_scene(ctx: Context, scene: Scene, idx: int | None, timing: SceneTiming) -> SceneDesign:
    """The drawing and motion of one scene. `idx` is its index in the storyboard (None if synthetic)."""
    return LAYOUTS[scene.layout](ctx, scene, idx, timing)
