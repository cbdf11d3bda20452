"""Vector QR codes: merged rectangles cover exactly the dark modules, a 4-module quiet zone, EC >= M."""
from __future__ import annotations

import pytest

from media.graphics import Drawing
from media.graphics.qr import QUIET_ZONE_MODULES, dark_rects, qr_items, qr_matrix

URL = "https://example.org/sso-knowledge/plan-18/fa/"


def test_rectangles_cover_exactly_the_dark_modules():
    m = qr_matrix(URL)
    painted = [[False] * m.size for _ in range(m.size)]
    for c, r, w, h in dark_rects(m):
        for rr in range(r, r + h):
            for cc in range(c, c + w):
                assert not painted[rr][cc], "rectangles overlap"
                painted[rr][cc] = True
    assert tuple(tuple(row) for row in painted) == m.modules
    dark = sum(sum(row) for row in m.modules)
    assert len(dark_rects(m)) < dark / 2, "runs are not being merged"


def test_quiet_zone_and_error_correction():
    items, m = qr_items(URL, 10, 20, 100)
    assert m.error_correction == "M"
    light = items[0]
    assert (light.x, light.y, light.w, light.h, light.fill) == (10, 20, 100, 100, "#FFFFFF")
    module = 100 / (m.size + 2 * QUIET_ZONE_MODULES)
    dark = items[1:]
    assert min(it.x for it in dark) == pytest.approx(10 + 4 * module)
    assert max(it.x + it.w for it in dark) == pytest.approx(110 - 4 * module)
    with pytest.raises(ValueError):
        qr_matrix(URL, "L")
    assert qr_matrix(URL, "H").version >= m.version


@pytest.mark.parametrize("scale", [1.0, 2.5])
def test_decodes_when_painted(scale):
    import zxingcpp

    from media.graphics.raster import render

    items, _ = qr_items(URL, 8, 8, 120, dark="#000000")
    img = render(Drawing(136, 136, background="#0B5394", items=tuple(items)), scale=scale)
    assert [b.text for b in zxingcpp.read_barcodes(img)] == [URL]
