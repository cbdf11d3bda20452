"""Paint a `Drawing` as SVG: the fourth painter of the display list (beside Pillow, ReportLab and Typst), for
designers who finish a graphic in Inkscape or Illustrator.

Text stays text: one `<text>` per laid-out line, in logical order, in Vazirmatn (named, and linked from
the package site's fonts), with `direction="rtl"` for Persian so the renderer shapes and orders it (UAX #9)
and an editor types into it right to left. Each line is anchored on the side its block aligns to, so a
word edited in Inkscape grows the way the layout would have grown it. Shapes are the layout's numbers;
images are embedded (the file's own bytes, base64), so the SVG is one self-contained file.
Same drawing, same bytes: numbers are printed with fixed rounding and nothing depends on the clock.
"""
from __future__ import annotations

import base64
import mimetypes
from xml.sax.saxutils import escape

from media.graphics.primitives import Drawing, Ellipse, Image, Line, Polygon, Rect, Text
from media.text.layout import TextBlock

FONT_FAMILY = "Vazirmatn"
# The package site's copy of Vazirmatn (output/assets/fonts/) seen from a media folder of a storyboard and
# language (output/<id>/<lang>/infographics/, .../poster/): what the SVGs' @font-face links to.
PACKAGE_FONTS = "../../../assets/fonts"
# CSS weights of the committed Vazirmatn files (`media.text.fonts.WEIGHTS`)
CSS_WEIGHT = {"regular": 400, "medium": 500, "bold": 700, "black": 900}


def _n(v: float) -> str:
    """A coordinate with at most 2 decimals and no trailing zeros: stable bytes, small files."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _paint(fill: str | None, stroke: str | None, stroke_width: float, opacity: float) -> str:
    parts = [f'fill="{fill}"' if fill else 'fill="none"']
    if stroke and stroke_width > 0:
        parts.append(f'stroke="{stroke}" stroke-width="{_n(stroke_width)}"')
    if opacity < 0.999:
        parts.append(f'opacity="{_n(max(0.0, opacity))}"')
    return " ".join(parts)


def _points(points) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _anchor(block: TextBlock, i: int, x: float) -> tuple[float, str]:
    """(x, text-anchor) for line i: the edge the block aligns the line to, in the line's own direction."""
    ln = block.lines[i]
    left = block.line_x(i, x)
    if block.align == "center":
        return left + ln.width / 2, "middle"
    right = (block.align == "start") == (block.direction == "rtl")
    if block.direction == "rtl":  # in a right-to-left text, "start" is the right edge
        return (left + ln.width, "start") if right else (left, "end")
    return (left + ln.width, "end") if right else (left, "start")


def _text(it: Text, whole_px: bool) -> list[str]:
    b = it.block
    rtl = b.direction == "rtl"
    attrs = (f'font-family="{FONT_FAMILY}" font-size="{_n(round(b.size) if whole_px else b.size)}" '
             f'font-weight="{CSS_WEIGHT.get(b.weight, 400)}" fill="{it.color}"')
    if it.opacity < 0.999:
        attrs += f' opacity="{_n(max(0.0, it.opacity))}"'
    lang = ' xml:lang="fa" direction="rtl" unicode-bidi="embed"' if rtl else f' xml:lang="{b.lang}"'
    out = [f'<g class="text {it.role}"{lang} {attrs}>']
    for i, ln in enumerate(b.lines):
        if not ln.text:
            continue
        x, anchor = _anchor(b, i, it.x)
        out.append(f'<text x="{_n(x)}" y="{_n(b.baseline(i, it.y))}" text-anchor="{anchor}">{escape(ln.text)}</text>')
    out.append("</g>")
    return out


def _image(it: Image) -> str:
    with open(it.path, "rb") as fh:
        data = base64.b64encode(fh.read()).decode("ascii")
    mime = mimetypes.guess_type(it.path)[0] or "image/png"
    op = f' opacity="{_n(it.opacity)}"' if it.opacity < 0.999 else ""
    return (f'<image x="{_n(it.x)}" y="{_n(it.y)}" width="{_n(it.w)}" height="{_n(it.h)}" '
            f'preserveAspectRatio="xMidYMid meet"{op} href="data:{mime};base64,{data}"/>')


def _item(it, whole_px: bool) -> list[str]:
    # Pillow draws a rectangle's or ellipse's outline inside its box: the SVG stroke (centred on the
    # path) is moved in by half its width to cover the same pixels.
    if isinstance(it, Rect):
        k = it.stroke_width / 2 if it.stroke and it.stroke_width > 0 else 0.0
        r = f' rx="{_n(max(0.0, it.radius - k))}"' if it.radius > 0 else ""
        return [f'<rect x="{_n(it.x + k)}" y="{_n(it.y + k)}" width="{_n(max(0.0, it.w - 2 * k))}" '
                f'height="{_n(max(0.0, it.h - 2 * k))}"{r} {_paint(it.fill, it.stroke, it.stroke_width, it.opacity)}/>']
    if isinstance(it, Ellipse):
        k = it.stroke_width / 2 if it.stroke and it.stroke_width > 0 else 0.0
        return [f'<ellipse cx="{_n(it.x + it.w / 2)}" cy="{_n(it.y + it.h / 2)}" rx="{_n(max(0.0, it.w / 2 - k))}" '
                f'ry="{_n(max(0.0, it.h / 2 - k))}" {_paint(it.fill, it.stroke, it.stroke_width, it.opacity)}/>']
    if isinstance(it, Polygon):
        return [f'<polygon points="{_points(it.points)}" {_paint(it.fill, it.stroke, it.stroke_width, it.opacity)}/>']
    if isinstance(it, Line):
        op = f' opacity="{_n(it.opacity)}"' if it.opacity < 0.999 else ""
        return [f'<polyline points="{_points(it.points)}" fill="none" stroke="{it.color}" '
                f'stroke-width="{_n(max(1.0, it.width))}" stroke-linejoin="round"{op}/>']
    if isinstance(it, Text):
        return _text(it, whole_px)
    if isinstance(it, Image):
        return [_image(it)]
    raise TypeError(f"svg: cannot paint {type(it).__name__}")


def font_face_css(font_url: str | None) -> str:
    """@font-face rules naming Vazirmatn: the installed font first, else the files at `font_url` (a folder,
    relative to the SVG: the package site's `assets/fonts/`)."""
    rules = []
    for weight, css in (("regular", 400), ("bold", 700)):
        name = f"Vazirmatn-{weight.capitalize()}"
        src = f'local("Vazirmatn {weight.capitalize()}"), local("{name}")'
        if font_url:
            src += f', url("{font_url.rstrip("/")}/{name}.woff2") format("woff2")'
        rules.append(f"@font-face{{font-family:{FONT_FAMILY};font-weight:{css};src:{src}}}")
    return "".join(rules)


def to_svg(d: Drawing, scale: float = 1.0, title: str | None = None, description: str | None = None,
           lang: str | None = None, font_url: str | None = PACKAGE_FONTS, unit: str = "",
           backdrop: str | None = None) -> bytes:
    """The drawing as an SVG document of (width*scale) x (height*scale) pixels, or of its own size in `unit`
    ("pt" for a print page: it opens at its paper size); the viewBox keeps the drawing's own units, so
    every number in the file is the layout's number."""
    if unit:
        W, H = f"{_n(d.width * scale)}{unit}", f"{_n(d.height * scale)}{unit}"
    else:
        W, H = str(int(round(d.width * scale))), str(int(round(d.height * scale)))
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{W}" height="{H}" '
            f'viewBox="0 0 {_n(d.width)} {_n(d.height)}"')
    if lang:
        root += f' xml:lang="{lang}"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', root + ">"]
    if title:
        lines.append(f"<title>{escape(title)}</title>")
    if description:
        lines.append(f"<desc>{escape(description)}</desc>")
    lines.append(f"<style>{font_face_css(font_url)}</style>")
    if backdrop:  # SVG the caller paints instead of the flat background (a gradient)
        lines.append(backdrop)
    elif d.background:
        lines.append(f'<rect width="{_n(d.width)}" height="{_n(d.height)}" fill="{d.background}"/>')
    for it in d.items:  # Pillow paints whole-pixel font sizes; a print page's are exact points
        lines += _item(it, whole_px=not unit)
    lines.append("</svg>")
    return ("\n".join(lines) + "\n").encode("utf-8")


__all__ = ["CSS_WEIGHT", "FONT_FAMILY", "PACKAGE_FONTS", "font_face_css", "to_svg"]
