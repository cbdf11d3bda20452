"""Editable slides (PPTX): a real 16:9 master written per language, and right-to-left text through lxml.

python-pptx writes shapes, pictures, tables and notes, but it has no right-to-left API (python-pptx
#851; PR #751 unmerged) and its only template is a 4:3 Office master. So:

    master      media.slides.master   the template package (theme, 16:9 master, layouts, text styles),
                                      generated from the brand and the language, RTL for Persian
    text        media.slides.text     paragraphs and runs as DrawingML (rtl, lang, a:latin + a:cs),
                                      in the schema's element order
    package     media.slides.package  core properties and a byte-stable re-zip of what python-pptx saves
    fit         media.slides.fit      the largest type size at which paragraphs fit a box
    points      media.slides.points   an infographic's editable summary and the checklist slide's rows
    deck        media.slides.deck     the deck's slides (DeckWriter): cover, agenda, scenes, figures, QR
"""
from media.slides.text import FONT, Para, Run, fill, para_xml

__all__ = ["FONT", "Para", "Run", "fill", "para_xml"]
