"""The deck's slides written with python-pptx: cover, agenda, one slide per scene, key figures, checklist
and the plan's QR code, each fitted to its box, right to left in Persian, with the draft mark on drafts."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from media.content.citations import figure_source_line, sources_line
from media.content.dates import format_date
from media.content.claims import with_claim
from media.content.numbers import figure_value
from media.content.package import package_url
from media.content.words import word
from media.errors import LayoutError, Location, Problem, StoryboardError
from media.graphics.qr import QUIET_ZONE_MODULES, qr_matrix
from media.slides.fit import INSET_X_PT, INSET_Y_PT, LINE, TABLE_LINE, Block, Measure, fit
from media.slides.master import (DRAFT_RED, EMU_PER_PT, MARGIN_X, SLIDE_H, SLIDE_W, Box, Geometry, MasterSpec, inch,
                                 layout_index, mirrored, template)
from media.slides.package import notes_master_rtl
from media.slides.points import checklist_rows, figures_spec, infographic_points
from media.slides.text import Para, Run, a, fill, rtl
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text import format_number
from media.text.numerals import localize


# Pictures other than infographics stay under half the slide: the slide is about its text.
MAX_PICTURE_SHARE = 0.5
ILLUSTRATIVE = "#8A5A00"  # dark amber: reads as a caution on the light background, unlike the accent


NOTES_COVER = {
    "fa": [
        "این ارائه برای مربیان است: هر اسلاید محتوایی یک صحنه از فیلم طرح است و یادداشت سخنران آن، متن گفتار همان صحنه است.",
        "قلم: وزیرمتن (Vazirmatn). پاورپوینت نمی‌تواند قلم را درون فایل جای دهد؛ قلم و مجوز آن (SIL Open Font License 1.1) "
        "در پوشه fonts بسته آموزشی آمده است. پیش از ارائه قلم را نصب کنید. اگر نصب نباشد، PowerPoint یا LibreOffice "
        "قلمی بدون گیره با حروف فارسی (مانند Tahoma یا DejaVu Sans) را جایگزین می‌کند و ممکن است سطرها جابه‌جا شوند.",
        "همه متن‌ها، از جمله جدول‌ها، راست‌به‌چپ و قابل ویرایش است؛ بندی که می‌افزایید خودبه‌خود راست‌به‌چپ است.",
    ],
    "en": [
        "This deck is for trainers: each content slide is one scene of the plan's video, and its speaker notes are "
        "that scene's narration.",
        "Font: Vazirmatn. PowerPoint files made here cannot embed fonts, so the font and its licence (SIL Open Font "
        "License 1.1) are in the fonts folder of the trainer bundle: install it before presenting. Without it, "
        "PowerPoint or LibreOffice substitutes a sans-serif font with Persian letters (such as Tahoma or DejaVu Sans) "
        "and lines may wrap differently.",
        "All text, tables included, is editable.",
    ],
}
NOTES_DRAFT = {
    "fa": "این ارائه پیش‌نویس است و مجوز انتشار ندارد؛ نشان پیش‌نویس روی همه اسلایدها است.",
    "en": "This deck is a draft and not approved for publication; every slide carries the draft mark.",
}


class DeckWriter:
    def __init__(self, sb: LoadedStoryboard, lang: str, day: dt.date | None, pictures: dict[str, tuple[dict, Path]]):
        from pptx import Presentation

        self.sb, self.lang, self.day, self.pictures = sb, lang, day, pictures
        self.model = sb.model
        b = sb.settings.brand
        self.brand = b
        footer = f"{sb.settings.organisation.get(lang)} · {self.model.title.get(lang)}"
        self.spec = MasterSpec(lang, b.primary, b.secondary, b.accent, b.background, b.text, b.muted, footer,
                               organisation=sb.settings.organisation.get(lang), title=self.model.title.get(lang))
        self.prs = Presentation(template(self.spec))
        self.g = Geometry(lang)
        self.measure = Measure()
        self.titles: list[str] = []
        self.kinds: list[str] = []
        self._notes_styled = False

    # -- primitives
    def slide(self, layout: str, title: str, kind: str):
        s = self.prs.slides.add_slide(self.prs.slide_layouts[layout_index(layout)])
        self.titles.append(localize(title, self.lang))  # as shown (the manifest lists them)
        self.kinds.append(kind)
        return s

    def set_title(self, s, text: str, where: Location | None, cover: bool = False) -> None:
        box = self.g.cover_title if cover else self.g.title
        size = fit(Block(((text, True, 1.0, False),)), box, 40 if cover else 30, 24 if cover else 20,
                   self.lang, self.measure, where, "the title")
        fill(s.shapes.title.text_frame, [Para.of(text, size_pt=size, line_pct=90)], self.lang)

    def textbox(self, s, box: Box, paras: list[Para], name: str, anchor: str = "t", wrap: bool = True):
        from pptx.util import Emu

        tb = s.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        tb.name = name
        body = tb.text_frame._txBody
        bp = body.find(a("bodyPr"))
        for k in list(bp.attrib):
            del bp.attrib[k]
        bp.set("wrap", "square" if wrap else "none")
        bp.set("rtlCol", "1" if rtl(self.lang) else "0")
        bp.set("anchor", anchor)
        for child in list(bp):
            bp.remove(child)
        from lxml import etree

        etree.SubElement(bp, a("noAutofit"))
        fill(tb.text_frame, paras, self.lang, s.part)
        return tb

    def draft_mark(self, s) -> None:
        if not self.model.is_draft:
            return
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Emu

        text = word("draft_mark", self.lang)
        # the box hugs its text, so the text (start-aligned: right in Persian) looks centred in it; with
        # room for a wider substitute font (DejaVu Sans sets this Persian a quarter wider than Vazirmatn)
        full = self.g.draft_mark
        wd = min(full.w, int((self.measure.width(text, 12, True, self.lang) * 1.3 + 24) * EMU_PER_PT))
        box = Box(mirrored(self.lang, SLIDE_W - MARGIN_X - wd, wd), full.y, wd, full.h)
        shape = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.name = "Draft mark"
        shape.fill.solid()
        from pptx.dml.color import RGBColor

        shape.fill.fore_color.rgb = RGBColor.from_string(DRAFT_RED.lstrip("#"))
        shape.line.fill.background()
        shape.shadow.inherit = False
        bp = shape.text_frame._txBody.find(a("bodyPr"))
        bp.set("anchor", "ctr")
        bp.set("lIns", str(12 * EMU_PER_PT))
        bp.set("rIns", str(12 * EMU_PER_PT))
        bp.set("wrap", "none")
        # Persian paragraphs are right-aligned everywhere (a centred RTL line misleads editors about direction)
        fill(shape.text_frame, [Para.of(text, size_pt=12, bold=True, color="#FFFFFF", bullet=False,
                                        align=None if rtl(self.lang) else "center")], self.lang)

    def notes(self, s, paragraphs: list[str]) -> None:
        tf = s.notes_slide.notes_text_frame
        fill(tf, [Para.of(p, size_pt=14, bullet=False) for p in paragraphs], self.lang)
        if not self._notes_styled:
            notes_master_rtl(self.prs, self.lang, self.brand.text)
            self._notes_styled = True

    def picture(self, s, path_or_stream, box: Box, alt: str, name: str, aspect: float):
        """A picture fitted (not cropped) into `box`, centred, with its alt text in cNvPr/@descr."""
        from pptx.util import Emu

        bw, bh = box.w, box.h
        if bw / bh > aspect:
            h = bh
            wd = int(h * aspect)
        else:
            wd = bw
            h = int(wd / aspect)
        x = box.x + (bw - wd) // 2
        y = box.y + (bh - h) // 2
        pic = s.shapes.add_picture(path_or_stream if not isinstance(path_or_stream, Path) else str(path_or_stream),
                                   Emu(x), Emu(y), Emu(wd), Emu(h))
        pic.name = name
        pic._element.nvPicPr.cNvPr.set("descr", alt)
        return pic

    # -- slides
    def cover(self) -> None:
        lang, mo = self.lang, self.model
        title = mo.title.get(lang)
        s = self.slide("title", title, "cover")
        self.set_title(s, title, self.sb.locate(("title", lang), ""), cover=True)
        lines = []
        if mo.subtitle:
            lines.append(Para.of(mo.subtitle.get(lang), size_pt=20))
        dated = f" · {format_date(self.day, lang)}" if self.day else ""  # the storyboard's date, not the build day
        lines.append(Para.of(f"{word('deck.deck', lang)}{dated}", size_pt=16, space_before_pt=12))
        items = tuple((p.runs[0].text, False, (p.runs[0].size_pt or 20) / 20, False) for p in lines)
        size = fit(Block(items, 12), self.g.cover_subtitle, 20, 13, lang, self.measure,
                   self.sb.locate(("subtitle", lang), ""), "the subtitle")
        scaled = [Para(tuple(Run(r.text, size_pt=round((r.size_pt or 20) * size / 20, 1)) for r in p.runs),
                       space_before_pt=p.space_before_pt) for p in lines]
        fill(s.placeholders[1].text_frame, scaled, lang)
        self._logo(s)
        self.draft_mark(s)
        notes = list(NOTES_COVER[lang])
        if mo.is_draft:
            notes.append(NOTES_DRAFT[lang])
        self.notes(s, notes)

    def _logo(self, s) -> None:
        logo = self.sb.settings.brand.logo
        if not logo:
            return
        from PIL import Image

        path = (self.sb.settings_path.parent / logo).resolve()
        with Image.open(path) as im:
            aspect = im.width / im.height
        h = inch(0.8)
        wd = min(int(h * aspect), inch(3))
        box = Box(mirrored(self.lang, SLIDE_W - MARGIN_X - wd, wd), inch(0.35), wd, h)
        self.picture(s, path, box, self.sb.settings.organisation.get(self.lang), "Logo", aspect)

    def agenda(self, scenes: list[tuple[int, m.Scene]]) -> None:
        lang = self.lang
        s = self.slide("content", word("deck.agenda", lang), "agenda")
        self.set_title(s, word("deck.agenda", lang), None)
        items = [sc.heading.get(lang) for _, sc in scenes if sc.layout not in ("title", "outro")]
        items += [word("deck.key_figures", lang), word("deck.checklist", lang)]
        size = fit(Block(tuple((t, False, 1.0, True) for t in items), 6), self.g.body, 22, 12, lang, self.measure,
                   None, "the agenda")
        fill(s.placeholders[1].text_frame, [Para.of(t, size_pt=size, space_before_pt=6) for t in items], lang)
        self.draft_mark(s)

    def scene(self, idx: int, sc: m.Scene) -> None:
        lang = self.lang
        heading = sc.heading.get(lang)
        where = self.sb.locate(("scenes", idx), "")
        kind = sc.layout
        info = None
        if sc.infographic and kind not in ("title", "bullets", "figures", "image", "outro"):
            info = self.model.infographic(sc.infographic)
        if info is not None:
            s = self.slide("text-picture", heading, "scene-infographic")
            self.set_title(s, heading, self.sb.locate(("scenes", idx, "heading", lang), ""))
            self._infographic(s, idx, sc, info, where)
        elif kind == "figures" and sc.figures:
            s = self.slide("title-only", heading, "scene")
            self.set_title(s, heading, self.sb.locate(("scenes", idx, "heading", lang), ""))
            self._figure_cards(s, sc.figures, where)
        elif kind == "image" and sc.image:
            s = self.slide("title-only", heading, "scene")
            self.set_title(s, heading, self.sb.locate(("scenes", idx, "heading", lang), ""))
            self._image(s, idx, sc, where)
        else:
            s = self.slide("content", heading, "scene")
            self.set_title(s, heading, self.sb.locate(("scenes", idx, "heading", lang), ""))
            if sc.bullets:
                self._bullets(s, [b.get(lang) for b in sc.bullets], self.g.body, where)
            elif kind == "title":
                self._prose(s, [self.model.summary.get(lang)], where)
            else:
                texts = [self.model.title.get(lang)] + ([self.model.subtitle.get(lang)] if self.model.subtitle else [])
                self._prose(s, texts, where)
        self.draft_mark(s)
        narration = getattr(sc.narration, lang)
        self.notes(s, [narration] if narration else [])

    def _bullets(self, s, texts: list[str], box: Box, where, leads: list[str] | None = None,
                 tag: str | None = None) -> None:
        """Points in the body placeholder; `tag` (e.g. 'Illustrative data') is a coloured line before them."""
        lang = self.lang
        leads = leads or [""] * len(texts)
        joined = [(f"{ld}: {t}" if ld and t else ld or t) for ld, t in zip(leads, texts)]
        items = tuple((t, False, 1.0, True) for t in joined)
        if tag:
            items = ((tag, True, 0.8, False),) + items
        size = fit(Block(items), box, 22, 12, lang, self.measure, where, "the slide's points")
        paras = []
        if tag:
            paras.append(Para.of(tag, size_pt=round(size * 0.8, 1), bold=True, color=ILLUSTRATIVE, bullet=False))
        for ld, t in zip(leads, texts):
            runs = []
            if ld:
                runs.append(Run(ld + (": " if t else ""), bold=True, size_pt=size))
            if t:
                runs.append(Run(t, size_pt=size))
            paras.append(Para(tuple(runs)))
        fill(s.placeholders[1].text_frame, paras, lang)

    def _prose(self, s, texts: list[str], where) -> None:
        size = fit(Block(tuple((t, False, 1.0, False) for t in texts), 12), self.g.body, 22, 13, self.lang,
                   self.measure, where, "the slide's text")
        fill(s.placeholders[1].text_frame,
             [Para.of(t, size_pt=size, bullet=False, space_before_pt=12 if k else 0, line_pct=110)
              for k, t in enumerate(texts)], self.lang)

    def _sources_box(self, s, text: str, box: Box, where) -> None:
        size = fit(Block(((text, False, 1.0, False),)), box, 12, 9, self.lang, self.measure, where, "the sources line")
        self.textbox(s, box, [Para.of(text, size_pt=size, color=self.brand.muted, bullet=False)], "Sources", anchor="t")

    def _figure_cards(self, s, ids: list[str], where) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Emu

        lang = self.lang
        spec = figures_spec(self.sb, ids)
        figs = [self.model.figure(fid) for fid in ids]
        body = self.g.body
        src = sources_line(self.sb, spec, lang)
        src_h = inch(0.62)
        n = len(figs)
        cols = n if n <= 3 else (2 if n == 4 else 3)
        rows = (n + cols - 1) // cols
        gap = inch(0.3)
        area_h = body.h - src_h - inch(0.15)
        card_w = (body.w - (cols - 1) * gap) // cols
        card_h = min(inch(3.6), (area_h - (rows - 1) * gap) // rows)
        top = body.y + (area_h - rows * card_h - (rows - 1) * gap) // 2
        blocks = []
        for f in figs:
            note = figure_source_line(self.sb, spec, f, lang) if f.source else word("illustrative", lang)
            blocks.append((figure_value(f, lang), with_claim(f.label.get(lang), f, lang), note or ""))  # status, who, when
        inner = Box(0, 0, card_w - inch(0.3), card_h - inch(0.3))
        size = min(fit(Block(((v, True, 1.0, False), (lb, False, 0.45, False), (nt, False, 0.3, False)), 6), inner,
                       40, 20, lang, self.measure, where, "a figure card") for v, lb, nt in blocks)
        for k, (f, (value, label, note)) in enumerate(zip(figs, blocks)):
            r, c = divmod(k, cols)
            x = body.x + c * (card_w + gap)
            x = mirrored(lang, x, card_w)
            y = top + r * (card_h + gap)
            card = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(y), Emu(card_w), Emu(card_h))
            card.name = f"Figure: {f.id}"
            card.adjustments[0] = 0.06
            card.fill.solid()
            card.fill.fore_color.rgb = RGBColor.from_string("FFFFFF")
            card.line.color.rgb = RGBColor.from_string("D5DCE4")
            card.line.width = Emu(12700)
            card.shadow.inherit = False
            bp = card.text_frame._txBody.find(a("bodyPr"))
            bp.set("anchor", "ctr")
            for side in ("lIns", "rIns", "tIns", "bIns"):
                bp.set(side, str(inch(0.15)))
            paras = [Para.of(value, size_pt=size, bold=True, color=self.brand.primary, bullet=False, line_pct=95),
                     Para.of(label, size_pt=round(size * 0.45, 1), color=self.brand.text, bullet=False,
                             space_before_pt=6)]
            if note:
                paras.append(Para.of(note, size_pt=round(size * 0.3, 1), color=self.brand.muted, bullet=False,
                                     space_before_pt=6))
            fill(card.text_frame, paras, lang)
        if src:
            self._sources_box(s, src, Box(body.x, body.y + body.h - src_h, body.w, src_h), where)

    def _infographic(self, s, idx: int, sc: m.Scene, info, where) -> None:
        lang = self.lang
        got = self.pictures.get(info.id)
        if got is None:
            raise StoryboardError(problems=[Problem(self.sb.locate(("scenes", idx, "infographic"), ""),
                                                    f"the deck shows infographic '{info.id}', which has not been "
                                                    "built: build it too (--only infographics,deck)")])
        entry, path = got
        zone = self.g.picture_zone
        src = sources_line(self.sb, info, lang)
        src_h = inch(0.62) if src else 0
        pic_box = Box(zone.x, zone.y, zone.w, zone.h - src_h)
        aspect = entry["width"] / entry["height"]
        pic = self.picture(s, path, pic_box, entry.get("alt") or info.title.get(lang), f"Infographic: {info.id}", aspect)
        pic._element.nvPicPr.cNvPr.set("title", info.title.get(lang))
        if src:
            top = pic.top + pic.height + inch(0.08)
            self._sources_box(s, src, Box(zone.x, top, zone.w, min(src_h, zone.y + zone.h - top)), where)
        col = self.g.text_column
        if sc.bullets:
            self._bullets(s, [b.get(lang) for b in sc.bullets], col, where)
            return
        points = infographic_points(self.sb, info, lang)
        paras_lead = [p[0] for p in points]
        texts = [p[1] for p in points]
        if getattr(info, "illustrative", False):

            tag = word("illustrative", lang)
            self._bullets(s, texts, col, where, leads=paras_lead, tag=tag)
            return
        self._bullets(s, texts, col, where, leads=paras_lead)

    def _image(self, s, idx: int, sc: m.Scene, where) -> None:
        from PIL import Image

        path = self.sb.asset(sc.image)
        with Image.open(path) as im:
            aspect = im.width / im.height
        zone = self.g.picture_zone
        # at most half the slide: scale the zone down until the fitted picture is under the limit
        limit = MAX_PICTURE_SHARE * 0.96 * SLIDE_W * SLIDE_H
        wd, h = (zone.w, int(zone.w / aspect)) if zone.w / zone.h <= aspect else (int(zone.h * aspect), zone.h)
        k = min(1.0, (limit / (wd * h)) ** 0.5)
        box = Box(zone.x + int(zone.w * (1 - k) / 2), zone.y + int(zone.h * (1 - k) / 2), int(zone.w * k), int(zone.h * k))
        self.picture(s, path, box, sc.heading.get(self.lang), "Picture", aspect)
        if sc.bullets:
            col = self.g.text_column
            tb = self.textbox(s, col, [], "Points")
            self._fill_points_box(tb, [b.get(self.lang) for b in sc.bullets], col, where)

    def _fill_points_box(self, tb, texts, box, where) -> None:
        size = fit(Block(tuple((t, False, 1.0, True) for t in texts)), box, 22, 12, self.lang, self.measure, where,
                   "the slide's points")
        fill(tb.text_frame, [Para.of(t, size_pt=size, bullet=True, bullet_color=self.brand.accent, space_before_pt=8)
                             for t in texts], self.lang)

    # -- tables (key figures, checklist)
    def _table_rows_fit(self, header: list[str], rows: list[list[str]], widths: list[int], box: Box,
                        size: float) -> bool:
        total = 0.0
        for k, row in enumerate([header] + rows):
            lines = max(self.measure.lines(t, wd / EMU_PER_PT - INSET_X_PT, size, k == 0, self.lang) if t else 1
                        for t, wd in zip(row, widths))
            # LibreOffice sets table text a little looser than text boxes
            total += lines * size * TABLE_LINE + INSET_Y_PT + 3
        return total <= box.h / EMU_PER_PT

    def table(self, s, box: Box, header: list[str], rows: list[list[str]], fracs: list[float], size: float,
              name: str, emphasis: int | None = None):
        """A table with its columns in reading order: in Persian the first column is the rightmost. The
        columns are written in that visual order (LibreOffice ignores `a:tblPr/@rtl`, and PowerPoint would
        mirror an already mirrored table), and every cell's paragraphs are right to left."""
        from pptx.dml.color import RGBColor
        from pptx.util import Emu

        order = list(range(len(header)))
        if rtl(self.lang):
            order.reverse()
        widths = [int(box.w * fracs[i]) for i in order]
        widths[-1] = box.w - sum(widths[:-1])
        frame = s.shapes.add_table(len(rows) + 1, len(header), Emu(box.x), Emu(box.y), Emu(box.w),
                                   Emu(int((len(rows) + 1) * size * LINE * EMU_PER_PT * 1.6)))
        frame.name = name
        tbl = frame.table
        tbl.first_row = True
        tbl.horz_banding = False
        for c, wd in enumerate(widths):
            tbl.columns[c].width = Emu(wd)
        for r in range(len(rows) + 1):
            tbl.rows[r].height = Emu(int(size * LINE * EMU_PER_PT + inch(0.12)))
        for r, row in enumerate([header] + rows):
            for c, i in enumerate(order):
                cell = tbl.cell(r, c)
                text = row[i]
                head = r == 0
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(
                    self.brand.primary.lstrip("#") if head else ("FFFFFF" if r % 2 else "EEF2F7"))
                color = "#FFFFFF" if head else self.brand.text
                bold = head or (emphasis is not None and i == emphasis)
                fill(cell.text_frame, [Para.of(text, size_pt=size, bold=bold, color=color, bullet=False)]
                     if text else [Para((), bullet=False, end_size_pt=size)], self.lang)
        return widths

    def table_slides(self, title: str, kind: str, header: list[str], rows: list[list[str]], fracs: list[float],
                     note: str | None = None, emphasis: int | None = None, legend: str | None = None) -> None:
        """One table, split over as many slides as it needs; `note` above it, `legend` (sources) below."""
        body = self.g.body
        note_h = inch(0.95) if note else 0
        legend_h = inch(0.7) if legend else 0
        box = Box(body.x, body.y + note_h, body.w, body.h - note_h - legend_h)
        order = list(range(len(header)))
        widths = [int(box.w * fracs[i]) for i in order]
        chunks = [rows]
        size = None
        while size is None:
            for cand in (16, 15, 14, 13, 12, 11, 10):
                if all(self._table_rows_fit(header, ch, widths, box, cand) for ch in chunks):
                    size = cand
                    break
            else:
                if max(len(ch) for ch in chunks) <= 1:
                    raise LayoutError(problems=[Problem(Location(str(self.sb.path)),
                                                        f"deck: a row of '{title}' does not fit a slide; shorten it")])
                per = (max(len(ch) for ch in chunks) + 1) // 2
                chunks = [rows[i:i + per] for i in range(0, len(rows), per)]
        for k, chunk in enumerate(chunks):
            t = title if len(chunks) == 1 else f"{title} ({k + 1}/{len(chunks)})"
            s = self.slide("title-only", t, kind)
            self.set_title(s, t, None)
            if note:
                nbox = Box(body.x, body.y, body.w, note_h - inch(0.1))
                nsize = fit(Block(((note, False, 1.0, False),)), nbox, 13, 10, self.lang, self.measure, None,
                            "the table's note")
                self.textbox(s, nbox, [Para.of(note, size_pt=nsize, color=self.brand.muted, bullet=False)], "Note")
            self.table(s, box, header, chunk, fracs, size, kind.replace("-", " ").title(), emphasis)
            if legend:
                self._sources_box(s, legend, Box(body.x, body.y + body.h - legend_h + inch(0.1), body.w,
                                                 legend_h - inch(0.1)), None)
            self.draft_mark(s)

    def key_figures(self) -> None:
        lang = self.lang

        rows = []
        seeds: list[str] = []  # numbered by first use; the legend under the table names each document
        for f in self.model.figures:
            if f.source is None:
                rows.append([figure_value(f, lang), with_claim(f.label.get(lang), f, lang),
                             word("deck.illustrative_figure", lang)])
                continue
            if f.source.seed not in seeds:
                seeds.append(f.source.seed)
            ref = f"[{format_number(seeds.index(f.source.seed) + 1, lang)}]"
            src = f"{ref} {f.source.section_text(lang)}"
            if f.illustrative:
                src += f" ({word('deck.illustrative_figure', lang)})"
            rows.append([figure_value(f, lang), with_claim(f.label.get(lang), f, lang), src])
        if not rows:
            return
        docs = [f"[{format_number(k + 1, lang)}] " + (self.sb.settings.sources[sd].title.get(lang)
                                                      if sd in self.sb.settings.sources else sd)
                for k, sd in enumerate(seeds)]
        legend = f"{word('sources' if len(docs) > 1 else 'source', lang)}: " + ("؛ " if lang == "fa" else "; ").join(docs)
        self.table_slides(word("deck.key_figures", lang), "key-figures",
                          [word("deck.figure", lang), word("deck.what", lang), word("deck.source_col", lang)], rows, [0.2, 0.45, 0.35],
                          emphasis=0, legend=legend if docs else None)

    def checklist(self) -> str:
        lang = self.lang
        rows, origin, note = checklist_rows(self.sb, lang)
        if not rows:
            return origin
        self.table_slides(word("deck.checklist", lang), "checklist",
                          [word("deck.area", lang), word("deck.check", lang), word("deck.from", lang), word("deck.done", lang)],
                          [r + [""] for r in rows], [0.14, 0.42, 0.33, 0.11], note=note, emphasis=0)
        return origin

    def learn_more(self) -> None:
        lang = self.lang
        url = package_url(self.sb, lang)
        guide_url = f"{url}documents/{self.sb.id}-guide-{lang}.pdf"  # the guide builder's file, on the plan's page
        s = self.slide("title-only", word("deck.learn_more", lang), "learn-more")
        self.set_title(s, word("deck.learn_more", lang), None)
        body = self.g.body
        side = inch(3.0)
        qr_box = Box(mirrored(lang, body.x + body.w - side, side), body.y + (body.h - side) // 2, side, side)
        self.picture(s, io.BytesIO(qr_png(url, self.brand.text)), qr_box, f"{word('deck.qr_alt', lang)}: {url}", "QR code", 1.0)
        text_w = body.w - side - inch(0.6)
        box = Box(mirrored(lang, body.x, text_w), body.y + inch(0.6), text_w, body.h - inch(1.2))
        self.textbox(s, box, [
            Para.of(word("deck.package", lang), size_pt=22, bullet=False),
            Para((Run(url, bold=True, size_pt=20, color=self.brand.primary, link=url, literal=True),),
                 bullet=False, space_before_pt=18, align="start"),
            Para.of(word("scan", lang), size_pt=18, color=self.brand.muted, bullet=False, space_before_pt=18),
            Para.of(word("deck.guide", lang), size_pt=16, bullet=False, space_before_pt=18),
            Para((Run(guide_url, size_pt=14, color=self.brand.primary, link=guide_url, literal=True),),
                 bullet=False, align="start"),
        ], "Link")
        self.draft_mark(s)


def qr_png(url: str, dark: str, px_per_module: int = 12) -> bytes:
    """The QR code of `url` as a PNG, whole pixels per module, quiet zone included."""
    from PIL import Image

    mx = qr_matrix(url)
    n = mx.size_with_quiet_zone
    img = Image.new("L", (n, n), 255)
    for r, row in enumerate(mx.modules):
        for c, on in enumerate(row):
            if on:
                img.putpixel((c + QUIET_ZONE_MODULES, r + QUIET_ZONE_MODULES), 0)
    img = img.resize((n * px_per_module, n * px_per_module), Image.NEAREST)
    rgb = Image.new("RGB", img.size, "#FFFFFF")
    rgb.paste(Image.new("RGB", img.size, dark), mask=Image.eval(img, lambda v: 255 - v))
    buf = io.BytesIO()
    rgb.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
