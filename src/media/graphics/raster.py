"""Paint a `Drawing` with Pillow. Shapes are supersampled for smooth edges; text is drawn at full
resolution by the text engine (already anti-aliased)."""
from __future__ import annotations

from functools import lru_cache

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw

from media.graphics.primitives import Drawing, Ellipse, Image, Line, Polygon, Rect, Text
from media.text.paint import paint_pillow


def _rgba(color: str, opacity: float = 1.0) -> tuple[int, int, int, int]:
    r, g, b = ImageColor.getrgb(color)[:3]
    return (r, g, b, int(round(255 * max(0.0, min(1.0, opacity)))))


_MARGIN = 8  # output pixels of empty border around a batch of shapes: more than LANCZOS's reach (3)


@lru_cache(maxsize=32)
def _load_image(path: str) -> PILImage.Image:
    return PILImage.open(path).convert("RGBA")


def _extent(it) -> tuple[float, float, float, float]:
    """A shape's box in drawing units, its stroke included."""
    if isinstance(it, (Rect, Ellipse)):
        pad = it.stroke_width if it.stroke else 0.0
        return it.x - pad, it.y - pad, it.x + it.w + pad, it.y + it.h + pad
    xs, ys = [x for x, _ in it.points], [y for _, y in it.points]
    pad = it.width if isinstance(it, Line) else (it.stroke_width if it.stroke else 0.0)
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _shape(draw: ImageDraw.ImageDraw, it, s: float, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw one shape at scale `s`, moved by (-dx, -dy) pixels of the layer it is drawn on."""
    if isinstance(it, Rect):
        box = [it.x * s - dx, it.y * s - dy, (it.x + it.w) * s - dx, (it.y + it.h) * s - dy]
        fill = _rgba(it.fill, it.opacity) if it.fill else None
        outline = _rgba(it.stroke, it.opacity) if it.stroke else None
        width = int(round(it.stroke_width * s)) if it.stroke else 0
        if it.radius > 0:
            draw.rounded_rectangle(box, radius=it.radius * s, fill=fill, outline=outline, width=width)
        else:
            draw.rectangle(box, fill=fill, outline=outline, width=width)
    elif isinstance(it, Ellipse):
        box = [it.x * s - dx, it.y * s - dy, (it.x + it.w) * s - dx, (it.y + it.h) * s - dy]
        draw.ellipse(box, fill=_rgba(it.fill, it.opacity) if it.fill else None,
                     outline=_rgba(it.stroke, it.opacity) if it.stroke else None,
                     width=int(round(it.stroke_width * s)) if it.stroke else 0)
    elif isinstance(it, Polygon):
        pts = [(x * s - dx, y * s - dy) for x, y in it.points]
        draw.polygon(pts, fill=_rgba(it.fill, it.opacity) if it.fill else None,
                     outline=_rgba(it.stroke, it.opacity) if it.stroke else None,
                     width=int(round(it.stroke_width * s)) if it.stroke else 0)
    elif isinstance(it, Line):
        pts = [(x * s - dx, y * s - dy) for x, y in it.points]
        draw.line(pts, fill=_rgba(it.color, it.opacity), width=max(1, int(round(it.width * s))), joint="curve")


@lru_cache(maxsize=8)
def _shapes_layer(batch: tuple, W: int, H: int, scale: float, ss: int,
                  box: bool = False) -> tuple[int, int, PILImage.Image] | None:
    """A batch of shapes drawn supersampled on a transparent layer and downsampled: (x, y, layer).

    Only the pixels the batch covers (with room for the resampling filter) are drawn, so a card on a
    1080p frame does not cost a whole 4K layer. Cached: a video sprite is painted twice, on black and
    on white (`media.video.layers.render_layer`), with the same shapes. Callers only read the layer."""
    boxes = [_extent(it) for it in batch]
    x0 = max(0, int(min(b[0] for b in boxes) * scale) - _MARGIN)
    y0 = max(0, int(min(b[1] for b in boxes) * scale) - _MARGIN)
    x1 = min(W, int(max(b[2] for b in boxes) * scale) + 1 + _MARGIN)
    y1 = min(H, int(max(b[3] for b in boxes) * scale) + 1 + _MARGIN)
    if x1 <= x0 or y1 <= y0:
        return None
    layer = PILImage.new("RGBA", ((x1 - x0) * ss, (y1 - y0) * ss), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for it in batch:
        _shape(draw, it, scale * ss, x0 * ss, y0 * ss)
    if ss > 1 and box:  # a plain ss x ss average: about 5x cheaper than Lanczos on a 1080p frame
        layer = layer.reduce(ss)
    elif ss > 1:
        layer = layer.resize((x1 - x0, y1 - y0), PILImage.Resampling.LANCZOS)
    return x0, y0, layer


def render(d: Drawing, scale: float = 1.0, supersample: int = 2, box: bool = False) -> PILImage.Image:
    """Render to an RGB image of size (width*scale, height*scale). Shapes are drawn `supersample` times
    larger and reduced with Lanczos, or with `box` by a plain average (video frames: x264's
    quantisation hides the difference, and it costs a fifth)."""
    W, H = int(round(d.width * scale)), int(round(d.height * scale))
    ss = max(1, supersample)
    out = PILImage.new("RGBA", (W, H), _rgba(d.background))
    # Consecutive shapes are batched on one supersampled layer; text and images flush the batch
    # so stacking order is kept.
    batch: list = []

    def flush() -> None:
        nonlocal out
        if not batch:
            return
        drawn = _shapes_layer(tuple(batch), W, H, scale, ss, box)
        if drawn is not None:
            out.alpha_composite(drawn[2], drawn[:2])
        batch.clear()

    for it in d.items:
        if isinstance(it, Text):
            flush()
            if it.opacity >= 0.999 and scale == 1.0:
                paint_pillow(ImageDraw.Draw(out), it.block, it.x, it.y, _rgba(it.color))
            else:
                layer = PILImage.new("RGBA", (W, H), (0, 0, 0, 0))
                block = it.block
                if scale != 1.0:
                    from dataclasses import replace as _r
                    block = _r(block, size=block.size * scale, line_height=block.line_height * scale,
                               ascent=block.ascent * scale, descent=block.descent * scale,
                               box_width=block.box_width * scale,
                               lines=tuple(_r(ln, width=ln.width * scale) for ln in block.lines))
                paint_pillow(ImageDraw.Draw(layer), block, it.x * scale, it.y * scale, _rgba(it.color))
                if it.opacity < 0.999:
                    alpha = layer.getchannel("A").point(lambda a, o=it.opacity: int(a * o))
                    layer.putalpha(alpha)
                out = PILImage.alpha_composite(out, layer)
        elif isinstance(it, Image):
            flush()
            src = _load_image(it.path)
            bw, bh = it.w * scale, it.h * scale
            k = min(bw / src.width, bh / src.height)
            img = src.resize((max(1, int(src.width * k)), max(1, int(src.height * k))), PILImage.Resampling.LANCZOS)
            if it.opacity < 0.999:
                img.putalpha(img.getchannel("A").point(lambda a, o=it.opacity: int(a * o)))
            px = int(it.x * scale + (bw - img.width) / 2)
            py = int(it.y * scale + (bh - img.height) / 2)
            out.alpha_composite(img, (px, py))
        else:
            batch.append(it)
    flush()
    return out.convert("RGB")
