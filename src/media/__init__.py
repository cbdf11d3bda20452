"""media: one storyboard per topic in, a bilingual (Persian/English) knowledge package out."""

__version__ = "0.1.0"

LANGS = ("fa", "en")
