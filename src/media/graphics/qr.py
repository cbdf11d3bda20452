"""QR codes as vector display-list items: dark modules merged into rectangles, with a light quiet zone."""
from __future__ import annotations

from dataclasses import dataclass

from media.graphics.primitives import Rect
from media.storyboard.values import QR_ERROR_CORRECTION  # package.yaml's base_url is bounded by it

# ISO/IEC 18004 asks for a quiet zone of 4 modules; less makes phone cameras miss the code on busy
# backgrounds, so it is a floor here, never an option to shrink.
QUIET_ZONE_MODULES = 4
_LEVELS = {"M": 0, "Q": 3, "H": 2}  # qrcode.constants values, without importing qrcode at import time


@dataclass(frozen=True)
class QrMatrix:
    """Dark (True) / light modules of a symbol, quiet zone excluded."""

    modules: tuple[tuple[bool, ...], ...]
    version: int
    error_correction: str

    @property
    def size(self) -> int:
        return len(self.modules)

    @property
    def size_with_quiet_zone(self) -> int:
        return self.size + 2 * QUIET_ZONE_MODULES


def qr_matrix(data: str, error_correction: str = QR_ERROR_CORRECTION) -> QrMatrix:
    """Encode `data` (error correction M or higher: a printed poster gets scratched and folded)."""
    import qrcode

    if error_correction not in _LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(_LEVELS)} (L is too weak for print)")
    qr = qrcode.QRCode(error_correction=_LEVELS[error_correction], border=0, box_size=1)
    qr.add_data(data)
    qr.make(fit=True)
    rows = tuple(tuple(bool(v) for v in row) for row in qr.get_matrix())
    return QrMatrix(rows, qr.version, error_correction)


def dark_rects(matrix: QrMatrix) -> list[tuple[int, int, int, int]]:
    """Dark modules as (col, row, width, height) rectangles in module units.

    Horizontal runs per row, then identical runs on consecutive rows merged vertically: a version-3
    code drops from ~500 module squares to ~150 rectangles, so the PDF stays small and a RIP has no
    hairline seams between neighbouring modules to render.
    """
    open_runs: dict[tuple[int, int], list[int]] = {}  # (col, width) -> [row, height]
    done: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(matrix.modules):
        runs = []
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((start, c - start))
            else:
                c += 1
        current = set(runs)
        for key in list(open_runs):
            if key not in current:
                row0, h = open_runs.pop(key)
                done.append((key[0], row0, key[1], h))
        for key in runs:
            if key in open_runs:
                open_runs[key][1] += 1
            else:
                open_runs[key] = [r, 1]
    for key, (row0, h) in open_runs.items():
        done.append((key[0], row0, key[1], h))
    return sorted(done, key=lambda t: (t[1], t[0]))


def qr_items(data: str, x: float, y: float, size: float, dark: str = "#000000", light: str = "#FFFFFF",
             tag: str = "qr", error_correction: str = QR_ERROR_CORRECTION) -> tuple[list[Rect], QrMatrix]:
    """A QR code whose light square (quiet zone included) has its top-left at (x, y) and side `size`.

    Returns the items (a light background, then the merged dark rectangles) and the matrix.
    """
    matrix = qr_matrix(data, error_correction)
    module = size / matrix.size_with_quiet_zone
    ox = x + QUIET_ZONE_MODULES * module
    oy = y + QUIET_ZONE_MODULES * module
    items = [Rect(x, y, size, size, fill=light, tag=tag)]
    for c, r, w, h in dark_rects(matrix):
        items.append(Rect(ox + c * module, oy + r * module, w * module, h * module, fill=dark, tag=tag))
    return items, matrix
