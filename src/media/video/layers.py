"""Sprites in the encoder's own colour space: display-list items become premultiplied YUV 4:2:0 layers.

Frames are composed directly in limited-range BT.709 YUV 4:2:0 (what H.264 stores), so no frame is ever
converted from RGB: each static layer is converted once, and blending is linear, hence identical in
RGB and in YUV (the conversion is affine).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from media.graphics.primitives import Drawing, Ellipse, Image, Line, Polygon, Rect, Text
from media.graphics import raster

# BT.709, limited ("TV") range: Y in [16, 235], Cb/Cr in [16, 240] (ITU-R BT.709-6, table 4).
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_M = np.array([
    [219 / 255 * _KR, 219 / 255 * _KG, 219 / 255 * _KB],
    [224 / 255 * -_KR / (2 * (1 - _KB)), 224 / 255 * -_KG / (2 * (1 - _KB)), 224 / 255 * 0.5],
    [224 / 255 * 0.5, 224 / 255 * -_KG / (2 * (1 - _KR)), 224 / 255 * -_KB / (2 * (1 - _KR))],
], dtype=np.float32)
_OFFSET = np.array([16.0, 128.0, 128.0], dtype=np.float32)


def _yuv(rgb: np.ndarray, alpha: np.ndarray | None = None) -> list[np.ndarray]:
    """Y, Cb, Cr planes (full size, float32) of an RGB array, premultiplied by `alpha` when given.
    One plane at a time from the three channels: about twice as fast as a (N, 3) @ (3, 3) matmul."""
    f = rgb.astype(np.float32, copy=False)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    offset = _OFFSET if alpha is None else [o * alpha for o in _OFFSET]
    return [r * _M[i, 0] + g * _M[i, 1] + b * _M[i, 2] + offset[i] for i in range(3)]


def _half(plane: np.ndarray) -> np.ndarray:
    """2x2 box average (chroma subsampling, and the alpha that goes with it)."""
    return 0.25 * (plane[0::2, 0::2] + plane[1::2, 0::2] + plane[0::2, 1::2] + plane[1::2, 1::2])


@dataclass
class Frame:
    """A YUV 4:2:0 frame in one contiguous buffer (written to the encoder as is)."""

    width: int
    height: int
    buf: np.ndarray  # uint8, width*height*3/2

    @classmethod
    def blank(cls, width: int, height: int) -> "Frame":
        return cls(width, height, np.zeros(width * height * 3 // 2, np.uint8))

    @property
    def y(self) -> np.ndarray:
        return self.buf[: self.width * self.height].reshape(self.height, self.width)

    @property
    def u(self) -> np.ndarray:
        n = self.width * self.height
        return self.buf[n: n + n // 4].reshape(self.height // 2, self.width // 2)

    @property
    def v(self) -> np.ndarray:
        n = self.width * self.height
        return self.buf[n + n // 4:].reshape(self.height // 2, self.width // 2)

    def copy(self) -> "Frame":
        return Frame(self.width, self.height, self.buf.copy())

    def copy_from(self, other: "Frame") -> None:
        np.copyto(self.buf, other.buf)

    def planes(self):
        return (self.y, self.u, self.v)


def rgb_to_frame(rgb: np.ndarray) -> Frame:
    """An opaque RGB image (H, W, 3 uint8, even sizes) as a YUV frame."""
    h, w = rgb.shape[:2]
    y, u, v = _yuv(rgb)
    frame = Frame.blank(w, h)
    frame.y[:] = np.clip(y + 0.5, 0, 255)
    frame.u[:] = np.clip(_half(u) + 0.5, 0, 255)
    frame.v[:] = np.clip(_half(v) + 0.5, 0, 255)
    return frame


@dataclass
class Layer:
    """A premultiplied YUV sprite at (x, y) (even pixels). alpha in [0, 1]; p* = colour x alpha."""

    x: int
    y: int
    py: np.ndarray  # (h, w) float32: premultiplied Y
    pu: np.ndarray  # (h/2, w/2)
    pv: np.ndarray
    a: np.ndarray  # (h, w) alpha
    a2: np.ndarray  # (h/2, w/2) alpha

    @property
    def w(self) -> int:
        return self.py.shape[1]

    @property
    def h(self) -> int:
        return self.py.shape[0]

    def crop(self, x0: int, y0: int, x1: int, y1: int) -> "Layer":
        """Part of the layer (coordinates relative to it, made even)."""
        x0, y0 = max(0, x0 & ~1), max(0, y0 & ~1)
        x1, y1 = min(self.w, (x1 + 1) & ~1), min(self.h, (y1 + 1) & ~1)
        return Layer(self.x + x0, self.y + y0, self.py[y0:y1, x0:x1], self.pu[y0 // 2:y1 // 2, x0 // 2:x1 // 2],
                     self.pv[y0 // 2:y1 // 2, x0 // 2:x1 // 2], self.a[y0:y1, x0:x1], self.a2[y0 // 2:y1 // 2, x0 // 2:x1 // 2])


def blend(frame: Frame, layer: Layer, dx: int = 0, dy: int = 0, opacity: float = 1.0) -> None:
    """Composite `layer` (moved by dx, dy; faded by opacity) over `frame`, in place, clipped to it."""
    if opacity <= 0.002 or layer.w == 0 or layer.h == 0:
        return
    x, y = (layer.x + dx) & ~1, (layer.y + dy) & ~1
    fx0, fy0 = max(0, x), max(0, y)
    fx1, fy1 = min(frame.width, x + layer.w), min(frame.height, y + layer.h)
    if fx1 <= fx0 or fy1 <= fy0:
        return
    lx0, ly0 = fx0 - x, fy0 - y
    lx1, ly1 = lx0 + (fx1 - fx0), ly0 + (fy1 - fy0)
    for plane, premul, alpha, s in ((frame.y, layer.py, layer.a, 1), (frame.u, layer.pu, layer.a2, 2),
                                    (frame.v, layer.pv, layer.a2, 2)):
        dst = plane[fy0 // s:fy1 // s, fx0 // s:fx1 // s]
        p = premul[ly0 // s:ly1 // s, lx0 // s:lx1 // s]
        a = alpha[ly0 // s:ly1 // s, lx0 // s:lx1 // s]
        if opacity < 0.998:
            out = dst * (1.0 - a * opacity) + p * opacity
        else:
            out = dst * (1.0 - a) + p
        np.copyto(dst, out + 0.5, casting="unsafe")


def _shift(item, dx: float, dy: float):
    if isinstance(item, (Rect, Ellipse, Image, Text)):
        return replace(item, x=item.x + dx, y=item.y + dy)
    if isinstance(item, (Polygon, Line)):
        return replace(item, points=tuple((x + dx, y + dy) for x, y in item.points))
    return item


def item_box(item) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of what an item may paint (text: its box plus room for diacritics)."""
    if isinstance(item, Text):
        b = item.block
        pad = b.size * 0.35
        return (item.x - pad, item.y - pad, item.x + b.box_width + pad, item.y + b.height + pad)
    if isinstance(item, (Rect, Ellipse, Image)):
        sw = getattr(item, "stroke_width", 0.0) or 0.0
        return (item.x - sw - 1, item.y - sw - 1, item.x + item.w + sw + 1, item.y + item.h + sw + 1)
    xs = [p[0] for p in item.points]
    ys = [p[1] for p in item.points]
    pad = (getattr(item, "width", 0.0) or getattr(item, "stroke_width", 0.0) or 0.0) + 2
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def render_layer(items: list, width: int, height: int, supersample: int = 2) -> Layer | None:
    """Paint items on a transparent sprite just large enough for them.

    The raster painter paints on an opaque background, so the sprite is painted twice, on black and on
    white: alpha = 1 - (white - black), and the black render is already the premultiplied colour.
    """

    if not items:
        return None
    boxes = [item_box(it) for it in items]
    x0 = max(0, int(min(b[0] for b in boxes)) & ~1)
    y0 = max(0, int(min(b[1] for b in boxes)) & ~1)
    x1 = min(width, (int(max(b[2] for b in boxes)) + 2) & ~1)
    y1 = min(height, (int(max(b[3] for b in boxes)) + 2) & ~1)
    if x1 <= x0 or y1 <= y0:
        return None
    shifted = tuple(_shift(it, -x0, -y0) for it in items)
    on_black = np.asarray(raster.render(Drawing(x1 - x0, y1 - y0, "#000000", shifted), supersample=supersample, box=True),
                          dtype=np.float32)
    on_white = np.asarray(raster.render(Drawing(x1 - x0, y1 - y0, "#FFFFFF", shifted), supersample=supersample, box=True),
                          dtype=np.float32)
    alpha = np.clip(1.0 - (on_white - on_black).mean(axis=2) / 255.0, 0.0, 1.0)
    py, pu, pv = _yuv(on_black, alpha)
    return Layer(x0, y0, py, _half(pu), _half(pv), alpha, _half(alpha))


def layer_from_rgba(rgba: np.ndarray, x: int, y: int) -> Layer:
    """A sprite from an RGBA array (straight alpha), e.g. a resized photo."""
    h, w = rgba.shape[0] & ~1, rgba.shape[1] & ~1
    rgba = rgba[:h, :w].astype(np.float32)
    alpha = rgba[..., 3] / 255.0
    premul = (rgba[..., :3] * alpha[..., None]) @ _M.T + _OFFSET * alpha[..., None]
    return Layer(x & ~1, y & ~1, premul[..., 0], _half(premul[..., 1]), _half(premul[..., 2]), alpha, _half(alpha))
