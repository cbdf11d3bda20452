"""Posters: print PDFs (A3/A4, optional bleed, crop marks and CMYK) with a vector QR code, a PNG preview and a
social-media version, all laid out once per box by the same design function (`media.graphics.poster`); this
module plans the job, proves the layout, and writes the PDFs and pictures."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from media.builders import Artifact, Builder, brand_logo, fonts
from media.content.dates import from_iso, iso, storyboard_date
from media.content.poster import PosterContent, poster_content
from media.engine import Job
from media.errors import LayoutError, Problem
from media.graphics.poster import BLEED_MM, MM_PT, PAGE_SIZES_MM, SOCIAL_PX, print_drawing, social_drawing
from media.graphics.primitives import Drawing, Image, layout_problems
from media.storyboard import LoadedStoryboard
from media.text import localize
from media.files import atomic_path, write_bytes_atomic, write_png
from media.graphics.proof import source_problems
from media.graphics.raster import render
from media.graphics.svg import to_svg
from media.graphics.vector import paint
from media.storyboard.views import monolingual
from media.text.pdf_fonts import pdf_font_name

PREVIEW_DPI = 150
MIN_IMAGE_DPI = 300


# ---- output ----------------------------------------------------------------------------------

def _stamp(canvas, day: _dt.date | None) -> None:
    """The PDF's creation date is the poster's date (midnight UTC), whatever the process's environment:
    ReportLab otherwise reads SOURCE_DATE_EPOCH from the environment of whichever worker writes it."""
    import calendar
    import time

    import hashlib

    epoch = calendar.timegm(day.timetuple()) if day is not None else 946684800  # ReportLab's invariant date
    doc = canvas._doc
    ts = doc._timeStamp
    ts.t, ts.lt = epoch, time.gmtime(epoch)
    ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = tuple(ts.lt)[:6], 0, 0, "UTC"
    # the file ID is a digest that ReportLab seeds with the same timestamp: seed it with ours
    doc.signature = hashlib.md5(b"a reportlab document" + ascii(epoch).encode(), usedforsecurity=False)


def write_pdf(d: Drawing, path: Path, *, title: str, author: str, lang: str, cmyk: bool = False,
              bleed: float = 0.0, day: _dt.date | None = None) -> None:
    """One page, fonts embedded (ReportLab's default Helvetica never referenced), atomically written."""
    from reportlab.pdfgen.canvas import Canvas

    with atomic_path(path) as tmp:
        # invariant: no creation timestamp or random ID, so the same input gives the same bytes
        canvas = Canvas(str(tmp), pagesize=(d.width, d.height), pageCompression=1, invariant=1,
                        initialFontName=pdf_font_name("regular"), initialFontSize=10,
                        lang="fa-IR" if lang == "fa" else "en")
        _stamp(canvas, day)
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setCreator("media poster builder")
        if bleed:
            trim = (bleed, bleed, d.width - bleed, d.height - bleed)
            canvas.setTrimBox(trim)
            canvas.setBleedBox((0, 0, d.width, d.height))
        paint(canvas, d, 0, 0, cmyk=cmyk)
        if bleed:
            _crop_marks(canvas, d.width, d.height, bleed, cmyk)
        canvas.showPage()
        canvas.save()


def _crop_marks(canvas, width: float, height: float, bleed: float, cmyk: bool) -> None:
    """Trim marks in the bleed corners, on the trim lines' extensions, stopping short of the trim
    corner so no mark shows on a slightly-off cut. White under-stroke keeps them visible on the band."""
    from reportlab.lib.colors import CMYKColor, white

    reg = CMYKColor(1, 1, 1, 1) if cmyk else CMYKColor(0, 0, 0, 1)  # registration colour prints on every plate
    gap = 0.75 * MM_PT
    corners = [(bleed, bleed, -1, -1), (width - bleed, bleed, 1, -1), (bleed, height - bleed, -1, 1),
               (width - bleed, height - bleed, 1, 1)]
    for colour, lw in ((white, 1.2), (reg, 0.25)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(lw)
        for x, y, sx, sy in corners:
            # horizontal mark on the trim line y, out to the page edge; vertical mark on x
            canvas.line(x + sx * gap, y, x + sx * bleed, y)
            canvas.line(x, y + sy * gap, x, y + sy * bleed)


def rasterize_pdf(path: Path, dpi: float):
    """The PDF page as a PIL image (pypdfium2), or None when pypdfium2 is not installed."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[0].render(scale=dpi / 72.0).to_pil().convert("RGB")
    finally:
        pdf.close()


def reading_order(d: Drawing, lang: str) -> list[str]:
    """Lines drawn, top to bottom and in reading direction across a row (items are stored in
    drawing order, which puts the bottom band before the body)."""
    rtl = lang == "fa"
    texts = sorted(d.texts(), key=lambda t: (round(t.y / (d.width / 25)), -t.x if rtl else t.x, t.y))
    return [line for t in texts for line in t.block.visible_lines if line]


def must_show(c: PosterContent) -> list[tuple[str, str, str]]:
    """What the layout proof requires to be visible on a poster: every figure's mark on its card, every
    numbered note in the footer, and the draft mark of a draft."""
    out = []
    for i, (f, line, mark) in enumerate(zip(c.figures, c.figure_notes, c.figure_marks)):
        if line:  # the card shows "Source [n]", or "[n]" after its label when it had no room for the line
            out.append((f"figure-{i}", mark or line, f"figure '{f.id}'"))
    out += [("footer", note, "numbered source note") for note in c.notes]
    if c.draft:
        out.append(("draft", c.draft, "the draft mark"))
    return out


def _check(d: Drawing, c: PosterContent) -> None:

    d.meta["must_show"] = must_show(c)
    problems = layout_problems(d) + source_problems(d)
    if problems:
        raise LayoutError(problems=[Problem(c.where["poster"], f"poster layout: {p}") for p in problems])


def _min_image_dpi(d: Drawing) -> float | None:
    """Effective resolution of the least sharp placed image, in dpi (drawing units are points)."""
    from PIL import Image as PILImage

    worst = None
    for it in d.items:
        if isinstance(it, Image):
            with PILImage.open(it.path) as im:
                k = min(it.w / im.width, it.h / im.height)  # points per pixel when contained
            dpi = 72.0 / k
            worst = dpi if worst is None else min(worst, dpi)
    return worst


def content_inputs(c: PosterContent) -> dict:
    """What a poster shows, for its key: everything in its content but the storyboard locations."""
    from dataclasses import fields

    # the logo's bytes are among the job's files; its absolute path would tie the key to the folder
    return {f.name: (getattr(c, f.name) is not None if f.name == "logo" else monolingual(getattr(c, f.name), c.lang))
            for f in fields(c) if f.name != "where"}


class PosterBuilder(Builder):
    name = "poster"
    kinds = ("poster", "poster-svg", "poster-preview", "poster-social", "poster-social-svg")

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        if sb.model.poster is None:
            return []
        day = storyboard_date(sb)
        content = poster_content(sb, lang, day)
        o = self.options
        inputs = {"content": content_inputs(content), "brand": sb.settings.brand, "sizes": sb.model.poster.sizes,
                  "print": o.print_marks, "cmyk": o.cmyk}
        return [self.job(sb, lang, "posters", inputs, files=[*fonts(), *brand_logo(sb)],
                         params={"date": iso(day)}, cost_s=1.0 + 0.8 * len(sb.model.poster.sizes))]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:

        spec = sb.model.poster
        lang = job.lang
        opts = self.options
        day = from_iso(job.params["date"])
        content = poster_content(sb, lang, day)
        brand = sb.settings.brand
        folder = out_dir / "poster"
        artifacts: list[Artifact] = []
        steps = len(spec.sizes) + 2
        for i, size in enumerate(spec.sizes):
            self.progress(f"{size} PDF", i / steps)
            d = print_drawing(content, size, brand, bleed=opts.print_marks)
            _check(d, content)
            path = folder / f"poster-{size.lower()}.pdf"
            bleed = BLEED_MM * MM_PT if opts.print_marks else 0.0
            write_pdf(d, path, title=localize(content.title, lang), author=localize(content.organisation, lang),
                      lang=lang, cmyk=opts.cmyk, bleed=bleed, day=day)
            w_mm, h_mm = PAGE_SIZES_MM[size]
            extra = {"page_size": f"{size}+bleed" if bleed else size,
                     "page_mm": [round(w_mm + (2 * BLEED_MM if bleed else 0), 2),
                                 round(h_mm + (2 * BLEED_MM if bleed else 0), 2)],
                     "qr_url": content.qr_url, "cmyk": opts.cmyk, "visible_text": reading_order(d, lang)}
            dpi = _min_image_dpi(d)
            if dpi is not None:
                extra["min_image_dpi"] = round(dpi)
            artifacts.append(Artifact("poster", path, extra))
            # the same page as editable vectors (SVG), at its paper size
            svg = write_bytes_atomic(path.with_suffix(".svg"), to_svg(d, unit="pt", title=localize(content.title, lang),
                                                                      lang=lang))
            artifacts.append(Artifact("poster-svg", svg, {"page_size": extra["page_size"], "pdf": path.name}))
            if i == 0:
                self.progress(f"{size} preview", (i + 0.5) / steps)
                image = rasterize_pdf(path, PREVIEW_DPI)
                if image is None:  # no pypdfium2: paint the same drawing with Pillow

                    image = render(d, scale=PREVIEW_DPI / 72.0, supersample=1)
                preview = folder / f"poster-{size.lower()}.png"
                write_png(image, preview, dpi=PREVIEW_DPI, title=localize(content.title, lang), optimize=True)
                artifacts.append(Artifact("poster-preview", preview, {"page_size": extra["page_size"],
                                                                      "dpi": PREVIEW_DPI}))
        self.progress("social", (steps - 1) / steps)

        social = social_drawing(content, brand)
        _check(social, content)
        path = folder / "poster-social.png"
        write_png(render(social), path, title=localize(content.title, lang), optimize=True)
        artifacts.append(Artifact("poster-social", path, {"width_px": SOCIAL_PX[0], "height_px": SOCIAL_PX[1],
                                                          "qr_url": content.qr_url,
                                                          "visible_text": reading_order(social, lang)}))
        svg = write_bytes_atomic(path.with_suffix(".svg"), to_svg(social, title=localize(content.title, lang),
                                                                       lang=lang))
        artifacts.append(Artifact("poster-social-svg", svg, {"width_px": SOCIAL_PX[0], "height_px": SOCIAL_PX[1]}))
        self.progress("done", 1.0)
        return artifacts
