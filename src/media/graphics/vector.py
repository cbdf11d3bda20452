"""Paint a `Drawing` on a ReportLab canvas (vector PDF). Text goes through the text engine's PDF painter."""
from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader

from media.graphics.primitives import Drawing, Ellipse, Image, Line, Polygon, Rect, Text
from media.text.paint import paint_pdf


def _color(hex_color: str, opacity: float = 1.0, cmyk: bool = False):
    c = HexColor(hex_color)
    if cmyk:
        from reportlab.lib.colors import CMYKColor

        r, g, b = c.red, c.green, c.blue
        k = 1 - max(r, g, b)
        if k >= 1:
            return CMYKColor(0, 0, 0, 1, alpha=opacity)
        return CMYKColor((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k, alpha=opacity)
    return Color(c.red, c.green, c.blue, alpha=opacity)


def paint(canvas, d: Drawing, x0: float = 0.0, y0: float = 0.0, cmyk: bool = False) -> None:
    """Paint with the drawing's top-left at PDF point (x0, y0 + d.height) -- i.e. (x0, y0) is bottom-left."""
    top = y0 + d.height

    def Y(y: float) -> float:
        return top - y

    canvas.saveState()
    if d.background:
        canvas.setFillColor(_color(d.background, cmyk=cmyk))
        canvas.rect(x0, y0, d.width, d.height, stroke=0, fill=1)
    for it in d.items:
        if isinstance(it, (Rect, Ellipse)):
            fill = it.fill is not None
            stroke = it.stroke is not None and it.stroke_width > 0
            if fill:
                canvas.setFillColor(_color(it.fill, it.opacity, cmyk))
            if stroke:
                canvas.setStrokeColor(_color(it.stroke, it.opacity, cmyk))
                canvas.setLineWidth(it.stroke_width)
            if isinstance(it, Rect) and it.radius > 0:
                canvas.roundRect(x0 + it.x, Y(it.y + it.h), it.w, it.h, it.radius, stroke=int(stroke), fill=int(fill))
            elif isinstance(it, Rect):
                canvas.rect(x0 + it.x, Y(it.y + it.h), it.w, it.h, stroke=int(stroke), fill=int(fill))
            else:
                canvas.ellipse(x0 + it.x, Y(it.y + it.h), x0 + it.x + it.w, Y(it.y), stroke=int(stroke), fill=int(fill))
        elif isinstance(it, Polygon):
            path = canvas.beginPath()
            (fx, fy), rest = it.points[0], it.points[1:]
            path.moveTo(x0 + fx, Y(fy))
            for px, py in rest:
                path.lineTo(x0 + px, Y(py))
            path.close()
            if it.fill:
                canvas.setFillColor(_color(it.fill, it.opacity, cmyk))
            if it.stroke:
                canvas.setStrokeColor(_color(it.stroke, it.opacity, cmyk))
                canvas.setLineWidth(it.stroke_width)
            canvas.drawPath(path, stroke=int(bool(it.stroke)), fill=int(bool(it.fill)))
        elif isinstance(it, Line):
            canvas.setStrokeColor(_color(it.color, it.opacity, cmyk))
            canvas.setLineWidth(it.width)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            path = canvas.beginPath()
            (fx, fy), rest = it.points[0], it.points[1:]
            path.moveTo(x0 + fx, Y(fy))
            for px, py in rest:
                path.lineTo(x0 + px, Y(py))
            canvas.drawPath(path, stroke=1, fill=0)
        elif isinstance(it, Text):
            paint_pdf(canvas, it.block, x0 + it.x, Y(it.y), _color(it.color, it.opacity, cmyk))
        elif isinstance(it, Image):
            # An ImageReader, not the file name: ReportLab names the image after what it is given, and a
            # name made from the path made the PDF differ with the project's folder (issue 23, source pack)
            canvas.drawImage(ImageReader(it.path), x0 + it.x, Y(it.y + it.h), it.w, it.h, preserveAspectRatio=True,
                             anchor="c", mask="auto")
    canvas.restoreState()
