"""package.yaml is validated as strictly as a storyboard: the site URL parsed and bounded by the QR codes,
dates real and in range; every refusal at the line of the key that holds the value."""
from __future__ import annotations

import pytest

from media.errors import StoryboardError
from media.storyboard import load_storyboard
from media.storyboard.loader import _settings_cache
from media.storyboard.values import QR_ERROR_CORRECTION, page_suffix_bytes, qr_capacity_bytes
from tests.hostile import Project

BASE = "base_url: https://example.org/sso-knowledge"


@pytest.fixture
def p(tmp_path) -> Project:
    _settings_cache.clear()
    return Project(tmp_path / "proj")


def _refusal(p: Project) -> str:
    with pytest.raises(StoryboardError) as info:
        load_storyboard(p.sb, ("fa", "en"))
    lines = info.value.lines()
    assert len(lines) == 1, lines
    return lines[0]


def test_the_qr_capacity_is_the_largest_symbol_at_the_builders_error_correction():
    """Computed from the qrcode package's table; proved by encoding: the limit fits, one byte more does not."""
    from media.graphics.qr import qr_matrix

    limit = qr_capacity_bytes()
    assert limit == 2331 and QR_ERROR_CORRECTION == "M"
    assert qr_matrix("h" * limit).version == 40
    with pytest.raises(Exception):
        qr_matrix("h" * (limit + 1))
    # the longest base_url allowed still makes a QR code for the longest page URL
    base = "https://e.org/" + "p" * (limit - page_suffix_bytes(64) - len("https://e.org/"))
    assert qr_matrix(f"{base}/{'x' * 64}/fa/").version == 40


BAD_URLS = {
    "ipv6-unclosed": ("https://[::1/site", "not a URL"),
    "ipv6-unopened": ("https://::1]/site", "Invalid IPv6 URL"),
    "ipv6-not-an-address": ("https://[zz::1]/site", "not a URL"),
    "scheme-ftp": ("ftp://example.org/site", "must start with https://"),
    "scheme-javascript": ("javascript:alert(1)", "must start with https://"),
    "scheme-missing": ("example.org/site", "must start with https://"),
    "password": ("https://admin:secret@example.org/site", "password"),
    "query": ("https://example.org/site?lang=fa", "query"),
    "fragment": ("https://example.org/site#top", "fragment"),
    "port-out-of-range": ("https://example.org:99999/site", "Port out of range"),
    "port-not-a-number": ("https://example.org:http/site", "not a URL"),
    "space": ("https://example.org/my site", "spaces"),
    "no-host": ("https:///site", "no host name"),
    "bad-host": ("https://-bad-.org/site", "not a host name"),
    "underscore-host": ("https://a_b.org/site", "not a host name"),
    "too-long-for-qr": ("https://example.org/" + "a" * 2300, "a QR code holds at most 2,331"),
}


@pytest.mark.parametrize("case", BAD_URLS)
def test_a_malformed_site_url_is_refused_at_its_line(case, p):
    url, why = BAD_URLS[case]
    p.package(BASE, f'base_url: "{url}"')
    line = _refusal(p)
    assert "package.yaml:9:3: site.base_url: " in line, line
    assert why in line, line


@pytest.mark.parametrize("url", ["https://sso.ir/knowledge", "http://192.168.1.5:8000/site/", "https://[fe80::1]/x",
                                 "https://xn--mgbai9azgqp6j.ir/", "https://دانش.ir/بسته", "https://e.org"])
def test_a_good_site_url_passes(url, p):
    p.package(BASE, f'base_url: "{url}"')
    load_storyboard(p.sb, ("fa", "en"))


@pytest.mark.parametrize("key, value, why", [
    ("approval", "9999-01-01", "not between 1900 and 2200"),
    ("approval", "1899-12-31", "not between 1900 and 2200"),
    ("approval", "2026-02-29", "not a real date"),
    ("figure", "0001-01-01", "not between 1900 and 2200"),
    ("figure", "1403/13/01", "not a real Jalali date"),
    ("figure", "1403/12/31", "not a real Jalali date"),
    ("figure", "2025-13-01", "not a real date"),
])
def test_dates_are_real_days_in_a_sane_range(key, value, why, p):
    if key == "approval":
        p.write("mini.yaml", p.text + f"approval: {{by: Board, date: {value}, reference: L-1}}\n")
        where = "approval.date"
    else:
        p.sub('    source: {seed: rfp, section: "plan 18 §3"}\n',
              f'    source: {{seed: rfp, section: "plan 18 §3"}}\n    date: "{value}"\n')
        where = "figures[0].date"
    line = _refusal(p)
    assert f": {where}: '{value}' " in line and why in line, line


@pytest.mark.parametrize("value", ["2026-01-05", "1403/12/30", "1403/07/30", "undated"])
def test_real_dates_pass(value, p):
    p.sub('    source: {seed: rfp, section: "plan 18 §3"}\n',
          f'    source: {{seed: rfp, section: "plan 18 §3"}}\n    date: "{value}"\n')
    load_storyboard(p.sb, ("fa", "en"))
