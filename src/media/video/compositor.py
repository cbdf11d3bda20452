"""Frames of a scene from its design and motion, drawing only what changes.

The static part of a scene (every item whose tag is not animated) is painted and converted once. Each
animated tag becomes a sprite, painted and converted once; a frame is the base plus the sprites in
their current state. A frame whose state equals the previous one is not composed at all, and the
encoder writes it as a skip picture (`media.video.h264`), so holds cost neither drawing nor encoding.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from media.graphics.primitives import Drawing
from media.video.motion import CountUp, KenBurns, SceneMotion
from media.graphics import raster
from media.video.layers import Frame, Layer, _M, _OFFSET, blend, render_layer, rgb_to_frame


def _plane_resample(plane, box, size):
    from PIL import Image as PILImage

    return np.asarray(plane.resize(size, PILImage.Resampling.BILINEAR, box=box))


class _KenBurnsSource:
    """An image prepared once as Y, Cb, Cr planes, resampled per frame with a sub-pixel crop box."""

    def __init__(self, kb: KenBurns):
        from PIL import Image as PILImage

        x, y, w, h = kb.box
        src = PILImage.open(kb.path).convert("RGB")
        # cover-fit at the largest zoom, so every crop window has enough pixels
        k = max(w / src.width, h / src.height) * kb.zoom_to
        src = src.resize((max(w, int(src.width * k + 0.5)), max(h, int(src.height * k + 0.5))),
                         PILImage.Resampling.LANCZOS)
        yuv = np.asarray(src, dtype=np.float32) @ _M.T + _OFFSET
        self.planes = [PILImage.fromarray(np.clip(yuv[..., i] + 0.5, 0, 255).astype(np.uint8)) for i in range(3)]
        self.size = src.size
        self.kb = kb

    def paint(self, frame: Frame, t: float) -> None:
        kb = self.kb
        x, y, w, h = kb.box
        p = kb.state(t)[1] / (4 * w)
        zoom = kb.zoom_from + (kb.zoom_to - kb.zoom_from) * p
        sw, sh = self.size
        # window of the source shown at this zoom: the box at zoom_to fills exactly the source
        cw, ch = sw * kb.zoom_from / zoom, sh * kb.zoom_from / zoom
        cw, ch = min(sw, cw * (kb.zoom_to / kb.zoom_from)), min(sh, ch * (kb.zoom_to / kb.zoom_from))
        cx = (sw - cw) / 2 + kb.pan[0] * (p - 0.5) * (sw - cw)
        cy = (sh - ch) / 2 + kb.pan[1] * (p - 0.5) * (sh - ch)
        box = (max(0.0, cx), max(0.0, cy), min(sw, cx + cw), min(sh, cy + ch))
        frame.y[y:y + h, x:x + w] = _plane_resample(self.planes[0], box, (w, h))
        frame.u[y // 2:(y + h) // 2, x // 2:(x + w) // 2] = _plane_resample(self.planes[1], box, (w // 2, h // 2))
        frame.v[y // 2:(y + h) // 2, x // 2:(x + w) // 2] = _plane_resample(self.planes[2], box, (w // 2, h // 2))


@dataclass
class Stats:
    frames: int = 0
    composed: int = 0


class SceneRenderer:
    """Produces the frames of one scene. `frame_at(t)` returns (frame, state); equal states = equal frames."""

    def __init__(self, drawing: Drawing, motion: SceneMotion, width: int, height: int):

        self.drawing = drawing
        self.motion = motion
        self.width, self.height = width, height
        animated = motion.tags()
        static = Drawing(drawing.width, drawing.height, drawing.background,
                         tuple(it for it in drawing.items if not it.tag or it.tag not in animated))
        rgb = np.asarray(raster.render(static, box=True))
        self.base = rgb_to_frame(rgb[: height & ~1, : width & ~1])
        self.out = self.base.copy()
        self._layers: dict[str, Layer | None] = {}
        self._values: dict[tuple[str, float], Layer | None] = {}
        self._kb = {a.tag: _KenBurnsSource(a) for a in motion.animations if isinstance(a, KenBurns)}
        self._baked: set[int] = set()
        self._last_state = None

    def layer(self, tag: str) -> Layer | None:
        if tag not in self._layers:
            items = [it for it in self.drawing.items if it.tag == tag]
            self._layers[tag] = render_layer(items, self.width, self.height)
        return self._layers[tag]

    def _value_layer(self, anim: CountUp, value: float) -> Layer | None:
        key = (anim.tag, value)
        if key not in self._values:
            self._values[key] = render_layer(anim.render(value), self.width, self.height)
        return self._values[key]

    def _apply(self, frame: Frame, anim, state, t: float) -> None:
        if isinstance(anim, KenBurns):
            self._kb[anim.tag].paint(frame, t)
            return
        if isinstance(anim, CountUp):
            layer = self.layer(anim.tag) if state == "done" else self._value_layer(anim, state[1])
            if layer is not None:
                blend(frame, layer)
            return
        layer = self.layer(anim.tag)
        if layer is None:
            return
        if state == "done":
            blend(frame, layer)
        elif state[0] == "grow":
            frac = state[1] / 256.0
            w, h = layer.w, layer.h
            side = anim.from_side
            if side == "right":
                part = layer.crop(int(w * (1 - frac)), 0, w, h)
            elif side == "left":
                part = layer.crop(0, 0, int(w * frac), h)
            elif side == "bottom":
                part = layer.crop(0, int(h * (1 - frac)), w, h)
            else:
                part = layer.crop(0, 0, w, int(h * frac))
            blend(frame, part)
        else:
            _, dx, dy, fade_q = state
            blend(frame, layer, dx, dy, fade_q / 64.0)

    def frame_at(self, t: float) -> tuple[Frame, tuple]:
        anims = self.motion.animations
        state = tuple(a.state(t) for a in anims)
        if state == self._last_state:
            return self.out, state
        # Bake reveals that have finished into the base: from now on they cost nothing per frame.
        # Ken Burns never bakes (it moves until the end); layers painted above it must stay sprites.
        # Only a prefix of the animations is baked, in their order, so every picture is composed in the
        # same order whatever frames were asked before: frame_at(t) of a fresh renderer is the same
        # picture (the crossfade into the next scene relies on it, media.video.segments).
        kb_active = any(isinstance(a, KenBurns) for a in anims)
        for i, (a, s) in enumerate(zip(anims, state)):
            if i in self._baked:
                continue
            if s != "done" or kb_active:
                break
            self._apply(self.base, a, s, t)
            self._baked.add(i)
            self._layers.pop(a.tag, None)  # free the sprite
        self.out.copy_from(self.base)
        for i, (a, s) in enumerate(zip(anims, state)):
            if isinstance(a, KenBurns) and s is not None:
                self._apply(self.out, a, s, t)
        for i, (a, s) in enumerate(zip(anims, state)):
            if s is None or i in self._baked or isinstance(a, KenBurns):
                continue
            self._apply(self.out, a, s, t)
        self._last_state = state
        return self.out, state


def crossfade(dst: Frame, a: Frame, b: Frame, p: float) -> None:
    """dst = a x (1 - p) + b x p, in 8-bit fixed point (fast enough for full frames)."""
    k = int(round(p * 256))
    tmp = a.buf.astype(np.uint16)
    tmp *= (256 - k)
    tmp += b.buf.astype(np.uint16) * k
    tmp >>= 8
    np.copyto(dst.buf, tmp, casting="unsafe")
