"""The saved deck: core properties, a right-to-left notes master, and the same bytes for the same deck.

python-pptx stamps the zip entries and `dcterms:modified` with the current time; the deck is re-zipped
with a fixed timestamp (reproducible-builds.org) and every date set from the build date.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from media.slides.text import NS_P, NS_R, level_styles

_NOTES_PT = 14


def set_core(prs, *, title: str, author: str, subject: str, lang: str, keywords: str, category: str,
             when: dt.datetime) -> None:
    cp = prs.core_properties
    cp.title = title
    cp.author = author
    cp.subject = subject
    cp.language = {"fa": "fa-IR", "en": "en-US"}[lang]
    cp.keywords = keywords
    cp.category = category
    cp.last_modified_by = "media"
    cp.revision = 1
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.comments = ""


def notes_master_rtl(prs, lang: str, text_color: str) -> None:
    """The notes pages' text style in the deck's direction and language (python-pptx makes the notes master
    from an English default), and the master listed in presentation.xml as PowerPoint lists it."""
    master = prs.notes_master
    el = master._element
    old = el.find(f"{{{NS_P}}}notesStyle")
    style = level_styles(lang, f"{{{NS_P}}}notesStyle", sizes_pt=[_NOTES_PT], color=text_color)
    if old is not None:
        el.replace(old, style)
    else:
        el.append(style)
    pres = prs.part._element
    if pres.find(f"{{{NS_P}}}notesMasterIdLst") is None:
        rid = next(r.rId for r in prs.part.rels.values() if r.reltype.endswith("/notesMaster"))
        lst = etree.Element(f"{{{NS_P}}}notesMasterIdLst")
        etree.SubElement(lst, f"{{{NS_P}}}notesMasterId", {f"{{{NS_R}}}id": rid})
        # schema order: sldMasterIdLst, notesMasterIdLst, handoutMasterIdLst, sldIdLst, sldSz ...
        pres.find(f"{{{NS_P}}}sldMasterIdLst").addnext(lst)


def stable_bytes(prs, when: dt.datetime) -> bytes:
    """The deck's bytes with every zip entry stamped `when`, in python-pptx's (deterministic) part order."""
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    stamp = (max(1980, when.year), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type = zipfile.ZIP_STORED if info.filename.endswith((".png", ".jpeg", ".jpg")) \
                else zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
