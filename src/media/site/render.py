"""Templates: one Jinja2 environment with autoescaping on for every template, so markup comes from the
templates and text from storyboards, and the two never mix. Plus the page conventions every page shares:
the Content-Security-Policy, relative links, direction and language."""
from __future__ import annotations

import json
from functools import lru_cache

from media.site import TEMPLATES
from media.content.words import word
from media.site.content import human_bytes
from media.text.numerals import localize

# Every resource from the site's own origin; nothing inline, nothing from another host. Served as a
# header by `media serve` too; a static host may add it as a header (frame-ancestors needs one).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")

LOCALES = {"fa": "fa_IR", "en": "en_US"}
DIRS = {"fa": "rtl", "en": "ltr"}


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(CSP=CSP, DIRS=DIRS, LOCALES=LOCALES, word=word, sep=separator)
    env.filters["digits"] = _digits
    env.filters["bytes"] = _bytes
    return env


def separator(lang: str) -> str:
    """Between the parts of a line: in Persian a middle dot reads as the digit zero (۰), so a comma."""
    return "، " if lang == "fa" else " · "


def _digits(value, lang: str) -> str:

    return localize(str(value), lang)


def _bytes(n: int, lang: str) -> str:

    return human_bytes(int(n), lang)


def render(template: str, **context) -> bytes:
    html = environment().get_template(template).render(**context)
    return html.encode("utf-8")


def js_data(name: str, value) -> bytes:
    """A data file as a classic script (`window.NAME = {...};`): pages opened from file:// cannot fetch
    JSON, but they can load a script from their own folder. JSON is valid JavaScript; U+2028/9 are
    escaped for older engines."""
    blob = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    blob = blob.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name} = {blob};\n".encode("utf-8")
