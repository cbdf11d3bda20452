"""A `Drawing` (the shared display list of infographics and QR codes) as data the Typst template paints
as vectors: shapes stay shapes and text stays real, searchable text in the PDF, sharp at any print size.

Lines are broken once by our layout engine (the same breaks as the PNG); Typst only shapes each line
and puts it where the layout measured it. A line is anchored at its reading start (its right edge in
Persian, left in English) or its centre, so a hair of difference between Pillow's and Typst's
advance widths never moves it off its box's edge.
"""
from __future__ import annotations

from media.graphics.primitives import Drawing, Ellipse, Image, Line, Polygon, Rect, Text

_R = 3  # decimals kept: 0.001 pt


def _color(hex_color: str | None, opacity: float = 1.0) -> str | None:
    if hex_color is None:
        return None
    if opacity >= 1.0:
        return hex_color
    return f"{hex_color}{max(0, min(255, round(opacity * 255))):02x}"


def _n(v: float, k: float) -> float:
    return round(v * k, _R)


def drawing_data(d: Drawing, width_pt: float, image_path=None) -> dict:
    """`d` scaled to `width_pt` wide. `image_path(path) -> str` maps an Image item's file to the path the
    template reads (relative to the typesetting root); images are dropped when it is None."""
    k = width_pt / d.width
    items: list[dict] = []
    for it in d.items:
        if isinstance(it, Rect):
            items.append({"k": "r", "x": _n(it.x, k), "y": _n(it.y, k), "w": _n(it.w, k), "h": _n(it.h, k),
                          "r": _n(min(it.radius, it.w / 2, it.h / 2), k), "fill": _color(it.fill, it.opacity),
                          "stroke": _color(it.stroke, it.opacity) if it.stroke_width > 0 else None,
                          "sw": _n(it.stroke_width, k)})
        elif isinstance(it, Ellipse):
            items.append({"k": "e", "x": _n(it.x, k), "y": _n(it.y, k), "w": _n(it.w, k), "h": _n(it.h, k),
                          "fill": _color(it.fill, it.opacity),
                          "stroke": _color(it.stroke, it.opacity) if it.stroke_width > 0 else None,
                          "sw": _n(it.stroke_width, k)})
        elif isinstance(it, Polygon):
            items.append({"k": "p", "pts": [[_n(x, k), _n(y, k)] for x, y in it.points],
                          "fill": _color(it.fill, it.opacity),
                          "stroke": _color(it.stroke, it.opacity) if it.stroke and it.stroke_width > 0 else None,
                          "sw": _n(it.stroke_width, k)})
        elif isinstance(it, Line):
            if len(it.points) >= 2:
                items.append({"k": "l", "pts": [[_n(x, k), _n(y, k)] for x, y in it.points],
                              "color": _color(it.color, it.opacity), "width": _n(it.width, k)})
        elif isinstance(it, Text):
            items.append(_text(it, k))
        elif isinstance(it, Image):
            if image_path is not None:
                items.append({"k": "i", "path": image_path(it.path), "x": _n(it.x, k), "y": _n(it.y, k),
                              "w": _n(it.w, k), "h": _n(it.h, k)})
    return {"w": round(width_pt, _R), "h": _n(d.height, k), "bg": d.background, "items": items}


def _text(t: Text, k: float) -> dict:
    b = t.block
    rtl = b.direction == "rtl"
    lines = []
    for i, ln in enumerate(b.lines):
        if not ln.text:
            continue
        left = b.line_x(i, t.x)
        if b.align == "center":
            anchor, a = "center", left + ln.width / 2
        elif rtl:
            anchor, a = "right", left + ln.width
        else:
            anchor, a = "left", left
        lines.append({"s": ln.text, "anchor": anchor, "a": _n(a, k), "y": _n(b.baseline(i, t.y), k)})
    room = max([ln.width for ln in b.lines] + [b.box_width]) * 2 + b.size * 4  # never re-wrapped
    return {"k": "t", "lines": lines, "size": _n(b.size, k), "weight": b.weight, "lang": b.lang,
            "dir": b.direction, "color": _color(t.color, t.opacity), "room": _n(room, k)}
