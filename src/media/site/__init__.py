"""The knowledge-package site: the page every QR code opens, the package home, dashboard, open data,
podcast feeds, search and `media serve`. The `site` builder (`media.builders.site`) plans and runs the
jobs; the modules here turn storyboards and manifest entries into files.

    content     what a page shows: sections, figures, sources, media read from manifest entries
    render      Jinja2 (autoescaping) environment, Content-Security-Policy, relative links
    feeds       podcast RSS 2.0 with iTunes and Podcasting 2.0 tags
    opendata    figures as CSV (UTF-8 with BOM) and JSON, a Frictionless data package
    search      the client-side search index and the Persian normalisation it matches with
    serve       `media serve`: the output folder over HTTP, rebuild on save, reload open pages
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# Folders and files of the package itself at the top of the output folder: a storyboard with one of
# these ids would collide with them.
RESERVED_IDS = frozenset({"assets", "data", "feeds", "search", "en", "fa", "index", "sitemap", "favicon"})
