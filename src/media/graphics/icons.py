"""Drawn vector icons (polygons, ellipses, lines): one consistent stroke-free style, no emoji or icon fonts.

Every icon is drawn inside a square of side `size` centred at (cx, cy) and returns display-list items,
so it paints identically in Pillow and ReportLab at any scale. Icons are never mirrored for Persian:
they are pictures, not text.
"""
from __future__ import annotations

import math

from media.graphics.primitives import Ellipse, Item, Line, Polygon, Rect


def _circle(cx: float, cy: float, r: float, color: str, tag: str) -> Ellipse:
    return Ellipse(cx - r, cy - r, 2 * r, 2 * r, fill=color, tag=tag)


def _building(cx, cy, s, c, tag):
    x0, y0 = cx - 0.42 * s, cy - 0.40 * s
    items: list[Item] = [Polygon(((cx, y0), (x0 + 0.84 * s, y0 + 0.22 * s), (x0, y0 + 0.22 * s)), fill=c, tag=tag)]
    for i in range(4):
        items.append(Rect(x0 + 0.06 * s + i * 0.2 * s, y0 + 0.28 * s, 0.12 * s, 0.38 * s, fill=c, tag=tag))
    items.append(Rect(x0, y0 + 0.70 * s, 0.84 * s, 0.10 * s, fill=c, tag=tag))
    return items


def _scales(cx, cy, s, c, tag):
    w = 0.06 * s
    items: list[Item] = [Rect(cx - w / 2, cy - 0.38 * s, w, 0.72 * s, fill=c, tag=tag),
                         Rect(cx - 0.40 * s, cy - 0.30 * s, 0.80 * s, w, fill=c, tag=tag),
                         Rect(cx - 0.22 * s, cy + 0.32 * s, 0.44 * s, 0.08 * s, fill=c, tag=tag)]
    for side in (-1, 1):
        px = cx + side * 0.34 * s
        items.append(Line(((px, cy - 0.27 * s), (px - 0.14 * s, cy + 0.05 * s)), c, 0.035 * s, tag=tag))
        items.append(Line(((px, cy - 0.27 * s), (px + 0.14 * s, cy + 0.05 * s)), c, 0.035 * s, tag=tag))
        items.append(Polygon(((px - 0.18 * s, cy + 0.05 * s), (px + 0.18 * s, cy + 0.05 * s),
                              (px + 0.10 * s, cy + 0.15 * s), (px - 0.10 * s, cy + 0.15 * s)), fill=c, tag=tag))
    return items


def _coins(cx, cy, s, c, tag):
    items: list[Item] = []
    for i in range(3):
        y = cy + 0.22 * s - i * 0.2 * s
        items.append(Rect(cx - 0.36 * s, y - 0.07 * s, 0.72 * s, 0.14 * s, fill=c, tag=tag))
        items.append(Ellipse(cx - 0.36 * s, y - 0.16 * s, 0.72 * s, 0.18 * s, fill=c, tag=tag))
    return items


def _people(cx, cy, s, c, tag):
    items: list[Item] = []
    for dx, k in ((-0.2, 0.8), (0.2, 0.8), (0.0, 1.0)):
        hx, r = cx + dx * s, 0.12 * s * k
        items.append(_circle(hx, cy - 0.16 * s, r, c, tag))
        items.append(Polygon(((hx - 0.2 * s * k, cy + 0.34 * s), (hx - 0.16 * s * k, cy + 0.06 * s),
                              (hx + 0.16 * s * k, cy + 0.06 * s), (hx + 0.2 * s * k, cy + 0.34 * s)), fill=c, tag=tag))
    return items


def _speech(cx, cy, s, c, tag):
    return [Rect(cx - 0.40 * s, cy - 0.32 * s, 0.80 * s, 0.52 * s, fill=c, radius=0.12 * s, tag=tag),
            Polygon(((cx - 0.18 * s, cy + 0.18 * s), (cx - 0.26 * s, cy + 0.40 * s), (cx + 0.02 * s, cy + 0.18 * s)),
                    fill=c, tag=tag)]


def _gear(cx, cy, s, c, tag, hole: str = "#FFFFFF00"):
    pts = []
    teeth = 8
    for i in range(teeth * 4):
        a = 2 * math.pi * i / (teeth * 4)
        r = 0.40 * s if (i % 4) in (0, 1) else 0.30 * s
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return [Polygon(tuple(pts), fill=c, tag=tag)]


def _book(cx, cy, s, c, tag):
    return [Polygon(((cx - 0.42 * s, cy - 0.28 * s), (cx - 0.04 * s, cy - 0.20 * s), (cx - 0.04 * s, cy + 0.34 * s),
                     (cx - 0.42 * s, cy + 0.26 * s)), fill=c, tag=tag),
            Polygon(((cx + 0.42 * s, cy - 0.28 * s), (cx + 0.04 * s, cy - 0.20 * s), (cx + 0.04 * s, cy + 0.34 * s),
                     (cx + 0.42 * s, cy + 0.26 * s)), fill=c, tag=tag)]


def _diamond(cx, cy, s, c, tag):
    return [Polygon(((cx - 0.38 * s, cy - 0.12 * s), (cx - 0.2 * s, cy - 0.32 * s), (cx + 0.2 * s, cy - 0.32 * s),
                     (cx + 0.38 * s, cy - 0.12 * s), (cx, cy + 0.36 * s)), fill=c, tag=tag)]


def _shield(cx, cy, s, c, tag):
    return [Polygon(((cx, cy - 0.40 * s), (cx + 0.34 * s, cy - 0.26 * s), (cx + 0.30 * s, cy + 0.10 * s),
                     (cx, cy + 0.40 * s), (cx - 0.30 * s, cy + 0.10 * s), (cx - 0.34 * s, cy - 0.26 * s)),
                    fill=c, tag=tag)]


def _rising_bars(cx, cy, s, c, tag):
    items: list[Item] = []
    for i, hk in enumerate((0.30, 0.48, 0.68)):
        x = cx - 0.36 * s + i * 0.26 * s
        items.append(Rect(x, cy + 0.36 * s - hk * s, 0.20 * s, hk * s, fill=c, tag=tag))
    items.append(Line(((cx - 0.40 * s, cy - 0.06 * s), (cx - 0.08 * s, cy - 0.22 * s), (cx + 0.36 * s, cy - 0.40 * s)),
                      c, 0.05 * s, tag=tag))
    return items


def _chip(cx, cy, s, c, tag):
    items: list[Item] = [Rect(cx - 0.24 * s, cy - 0.24 * s, 0.48 * s, 0.48 * s, fill=c, radius=0.05 * s, tag=tag)]
    for i in range(3):
        o = (i - 1) * 0.15 * s
        for a, b in (((cx + o, cy - 0.40 * s), (cx + o, cy - 0.24 * s)), ((cx + o, cy + 0.24 * s), (cx + o, cy + 0.40 * s)),
                     ((cx - 0.40 * s, cy + o), (cx - 0.24 * s, cy + o)), ((cx + 0.24 * s, cy + o), (cx + 0.40 * s, cy + o))):
            items.append(Line((a, b), c, 0.06 * s, tag=tag))
    return items


def _org_chart(cx, cy, s, c, tag):
    b = 0.22 * s
    items: list[Item] = [Rect(cx - b / 2, cy - 0.40 * s, b, 0.18 * s, fill=c, radius=0.03 * s, tag=tag)]
    items.append(Line(((cx, cy - 0.22 * s), (cx, cy - 0.04 * s)), c, 0.05 * s, tag=tag))
    items.append(Line(((cx - 0.30 * s, cy + 0.10 * s), (cx - 0.30 * s, cy - 0.04 * s), (cx + 0.30 * s, cy - 0.04 * s),
                       (cx + 0.30 * s, cy + 0.10 * s)), c, 0.05 * s, tag=tag))
    for dx in (-0.30, 0.30):
        items.append(Rect(cx + dx * s - b / 2, cy + 0.10 * s, b, 0.18 * s, fill=c, radius=0.03 * s, tag=tag))
    return items


def _bulb(cx, cy, s, c, tag):
    return [_circle(cx, cy - 0.08 * s, 0.26 * s, c, tag),
            Polygon(((cx - 0.16 * s, cy + 0.08 * s), (cx + 0.16 * s, cy + 0.08 * s), (cx + 0.11 * s, cy + 0.26 * s),
                     (cx - 0.11 * s, cy + 0.26 * s)), fill=c, tag=tag),
            Rect(cx - 0.11 * s, cy + 0.29 * s, 0.22 * s, 0.06 * s, fill=c, radius=0.02 * s, tag=tag),
            Rect(cx - 0.08 * s, cy + 0.37 * s, 0.16 * s, 0.05 * s, fill=c, radius=0.02 * s, tag=tag)]


def _check(cx, cy, s, c, tag):
    return [Line(((cx - 0.30 * s, cy), (cx - 0.08 * s, cy + 0.24 * s), (cx + 0.34 * s, cy - 0.24 * s)), c, 0.12 * s, tag=tag)]


def _flag(cx, cy, s, c, tag):
    return [Rect(cx - 0.30 * s, cy - 0.40 * s, 0.07 * s, 0.80 * s, fill=c, tag=tag),
            Polygon(((cx - 0.23 * s, cy - 0.40 * s), (cx + 0.36 * s, cy - 0.26 * s), (cx - 0.23 * s, cy - 0.08 * s)),
                    fill=c, tag=tag)]


_ICONS = {
    "institutional": _building, "legal": _scales, "financial": _coins, "social": _people,
    "persuasion": _speech, "technical": _gear, "cultural": _book, "valuation": _diamond,
    "governance": _shield, "economic": _rising_bars, "technological": _chip,
    "organizational": _org_chart, "knowledge": _bulb, "check": _check, "flag": _flag,
}
NAMES = tuple(_ICONS)


def icon(name: str, cx: float, cy: float, size: float, color: str, tag: str = "") -> list[Item]:
    """Items drawing icon `name` (a category name, `check` or `flag`) in a size x size square at (cx, cy)."""
    return _ICONS.get(name, _check)(cx, cy, size, color, tag)


def badge(name: str, cx: float, cy: float, diameter: float, color: str, fg: str = "#FFFFFF",
          tag: str = "") -> list[Item]:
    """An icon in white on a filled disc: the house shape for categories."""
    r = diameter / 2
    return [_circle(cx, cy, r, color, tag), *icon(name, cx, cy, diameter * 0.56, fg, tag)]
