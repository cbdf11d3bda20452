"""Safe areas: the box inside a frame where a delivery wants every graphic and caption, and the padding
that fills the frame around a picture drawn in that box.

EBU R95 (Safe areas for 16:9 television production) puts graphics inside 90 % of the width and 90 % of
the height, centred (5 % of each side left free; action-safe is 3.5 %). A picture laid out for that box
keeps its proportions (16:9 in 16:9) and reflows like any frame size; around it the picture's own edge
rows and columns are extended to the frame, so full-bleed backgrounds (the page colour, a card, the lower
third's band) reach the frame edge while nothing drawn on them does.
"""
from __future__ import annotations

import math

import numpy as np

from media.video.layers import Frame

R95_GRAPHICS_SAFE = 0.05  # of each side
R95_ACTION_SAFE = 0.035


def graphics_safe(width: int, height: int, fraction: float = R95_GRAPHICS_SAFE) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the box `fraction` of the width and height in from each side. The insets are
    rounded up to even pixels (4:2:0 chroma), so the box always lies inside the exact one."""
    dx = math.ceil(width * fraction / 2) * 2
    dy = math.ceil(height * fraction / 2) * 2
    return dx, dy, width - 2 * dx, height - 2 * dy


class Padder:
    """A picture of the safe box's size -> a frame buffer of the full size, edges extended (one buffer
    reused: what it returns is valid until the next call)."""

    def __init__(self, width: int, height: int, box: tuple[int, int, int, int]):
        self.frame = Frame.blank(width, height)
        self.box = box

    def __call__(self, picture: Frame) -> np.ndarray:
        x0, y0, w0, h0 = self.box
        for full, plane, k in zip(self.frame.planes(), picture.planes(), (1, 2, 2)):
            x, y, w, h = x0 // k, y0 // k, w0 // k, h0 // k
            full[y:y + h, x:x + w] = plane
            full[y:y + h, :x] = plane[:, :1]
            full[y:y + h, x + w:] = plane[:, -1:]
            full[:y] = full[y]
            full[y + h:] = full[y + h - 1]
        return self.frame.buf
