"""Values with rules beyond their type: real dates in a sane range, and the package site's URL.

Dates: a Gregorian YYYY-MM-DD or (for claims) a Jalali YYYY/MM/DD must be a day of the calendar
(2026-02-30 and 1403/13/01 are not) between `MIN_YEAR` and `MAX_YEAR` (the bounds of package.yaml's
`year`): an approval dated 9999 is a typo, and builders print these dates in both calendars.

The site URL (`site.base_url`): what every QR code, feed and open-data row starts with, so it is parsed
(urllib, as browsers' URL parsers agree for http(s)), not matched: an http or https scheme, a host
(a name, an IPv4 address or a bracketed IPv6 address), a port in range, no user or password (they would
be printed on every poster), no query or fragment (`<base_url>/<id>/<lang>/` is appended to it), no
spaces. Its length is bounded by the QR codes: `qr_capacity_bytes()` is what the largest symbol
(version 40) holds at the error correction the builders use, and the longest page URL appends
`/<64-character id>/fa/` to the base.
"""
from __future__ import annotations

import datetime
import ipaddress
import re
from urllib.parse import urlsplit

MIN_YEAR, MAX_YEAR = 1900, 2200
QR_ERROR_CORRECTION = "M"  # what media.graphics.qr draws with: a printed poster gets scratched and folded
QR_MAX_VERSION = 40  # qrcode's `fit=True` grows the symbol up to the largest version there is
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9\u00a1-\uffff-]{1,63}(?<!-)$")


def real_date(value: str | None) -> str | None:
    """`value` if it is `undated`, a real Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD in the range; else ValueError."""
    if value is None or value == "undated":
        return value
    if "/" in value:
        import jdatetime  # a small pure-Python package, needed only for Jalali dates

        try:
            y, m, d = (int(x) for x in value.split("/"))
            day = jdatetime.date(y, m, d).togregorian()
        except ValueError:
            raise ValueError(f"'{value}' is not a real Jalali date (YYYY/MM/DD: months 1-12, days as the "
                             "month has them)") from None
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date (YYYY-MM-DD)") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"'{value}' is not between {MIN_YEAR} and {MAX_YEAR}: a typo?")
    return value


def qr_capacity_bytes(level: str = QR_ERROR_CORRECTION, version: int = QR_MAX_VERSION) -> int:
    """Bytes of text the QR symbol `version` holds at error correction `level` in byte mode (ISO/IEC
    18004 table 7, from the qrcode package's own table): its data bits less the 4-bit mode indicator and
    the 16-bit character count (versions 10 and up), in whole bytes. Version 40 at M: 2,331."""
    import qrcode.constants
    import qrcode.util

    bits = qrcode.util.BIT_LIMIT_TABLE[getattr(qrcode.constants, f"ERROR_CORRECT_{level}")][version]
    return (bits - 4 - (16 if version >= 10 else 8)) // 8


def page_suffix_bytes(max_id: int) -> int:
    """The longest `/<id>/<lang>/` a page URL appends to the base (ids are at most `max_id` characters)."""
    return len(f"/{'x' * max_id}/fa/")


def base_url(value: str, max_id: int) -> str:
    """`value` if it is a usable package site URL; else ValueError saying what is wrong."""
    if not value or value != value.strip() or any(ch.isspace() for ch in value):
        raise ValueError("the URL has spaces in it (write %20 for a space in a path)")
    try:
        parts = urlsplit(value)
        port = parts.port  # parses it: "Port out of range 0-65535", "Port could not be cast ..."
    except ValueError as exc:
        raise ValueError(f"'{value[:120]}' is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"the URL must start with https:// (or http://), not '{parts.scheme or value[:20]}'")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the URL holds a user name or password: they would be printed on every poster")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ValueError("the URL has a query (?) or fragment (#): page paths are appended to it, "
                         "so it must end with its path")
    host = parts.hostname or ""
    if not host:
        raise ValueError("the URL has no host name (https://host/path)")
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            raise ValueError(f"'[{host}]' is not an IPv6 address") from None
    elif not all(_HOST_LABEL.match(label) for label in host.rstrip(".").split(".")) or len(host) > 253:
        raise ValueError(f"'{host[:80]}' is not a host name (letters, digits and hyphens between dots)")
    if port == 0:
        raise ValueError("port 0 is not a port a browser can open")
    room = qr_capacity_bytes() - page_suffix_bytes(max_id)
    size = len(value.rstrip("/").encode("utf-8"))
    if size > room:
        raise ValueError(f"the URL is {size:,} bytes; a QR code holds at most {qr_capacity_bytes():,} (version "
                         f"{QR_MAX_VERSION}, error correction {QR_ERROR_CORRECTION}) and page URLs add up to "
                         f"{page_suffix_bytes(max_id)} (/<id>/<lang>/): at most {room:,}")
    return value
