"""Paragraphs and runs as DrawingML, right to left for Persian: what python-pptx cannot say.

A Persian paragraph is `<a:pPr rtl="1" algn="r">`, and each run `<a:rPr lang="fa-IR">` with the font
named for Latin *and* complex script (`a:latin`, `a:cs`): PowerPoint picks the `a:cs` font for Arabic-
script characters, so a run with only `a:latin` shows Persian in whatever the theme's complex-script
font is. Elements are written in the order the schema (ECMA-376 part 1, CT_TextParagraphProperties and
CT_TextCharacterProperties) requires: PowerPoint refuses a file whose `a:cs` comes before `a:latin`.
Digits are localised here (`media.text.numerals.localize`), so no Persian run can carry Latin digits
unless it asks to (URLs, identifiers).
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from media.text.numerals import localize

FONT = "Vazirmatn"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
LANG_TAG = {"fa": "fa-IR", "en": "en-US"}
# Fallback hints for a machine without Vazirmatn: a proportional sans-serif (pitchFamily 0x22) with
# Arabic glyphs (charset 178, written signed) for complex script. Office substitutes by these (its
# panose is all zeros in Vazirmatn, so it gives no hint); fontconfig falls back by coverage anyway.
LATIN_HINT = {"pitchFamily": "34", "charset": "0"}
CS_HINT = {"pitchFamily": "34", "charset": "-78"}
BULLET_CHAR = "•"
BULLET_FONT = "Arial"


def a(tag: str) -> str:
    return f"{{{NS_A}}}{tag}"


def rtl(lang: str) -> bool:
    return lang == "fa"


def algn(lang: str, align: str | None) -> str:
    """'start' | 'center' | 'end' in the reading direction -> DrawingML's l / ctr / r."""
    if align == "center":
        return "ctr"
    start_is_right = rtl(lang)
    right = (align in (None, "start")) == start_is_right
    return "r" if right else "l"


def hex_color(color: str) -> str:
    return color.lstrip("#").upper()


def _fill(parent, color: str) -> None:
    fill = etree.SubElement(parent, a("solidFill"))
    etree.SubElement(fill, a("srgbClr"), val=hex_color(color))


def fonts_into(rpr, font: str = FONT) -> None:
    """a:latin and a:cs (and an empty a:ea, as PowerPoint writes it), in schema order."""
    etree.SubElement(rpr, a("latin"), typeface=font, **LATIN_HINT)
    etree.SubElement(rpr, a("ea"), typeface=font, **LATIN_HINT)
    etree.SubElement(rpr, a("cs"), typeface=font, **CS_HINT)


def rpr(lang: str, tag: str = "rPr", *, size_pt: float | None = None, bold: bool | None = None,
        color: str | None = None, link_rid: str | None = None, font: str = FONT):
    """Character properties: lang/altLang, size, weight; then fill, fonts, hyperlink (schema order)."""
    el = etree.Element(a(tag))
    el.set("lang", LANG_TAG[lang])
    el.set("altLang", "en-US" if lang == "fa" else "fa-IR")
    if size_pt is not None:
        el.set("sz", str(int(round(size_pt * 100))))
    if bold is not None:
        el.set("b", "1" if bold else "0")
    el.set("dirty", "0")
    if color:
        _fill(el, color)
    fonts_into(el, font)
    if link_rid:
        etree.SubElement(el, a("hlinkClick"), {f"{{{NS_R}}}id": link_rid})
    return el


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool | None = None
    size_pt: float | None = None
    color: str | None = None
    link: str | None = None  # external hyperlink target
    literal: bool = False  # keep digits as they are (URLs, ids)


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0
    bullet: bool | None = None  # None: inherit from the placeholder/master; False: none; True: a dot
    align: str | None = None  # start | center | end (reading direction); None: start
    space_before_pt: float | None = None
    line_pct: int | None = None  # line spacing in percent of single
    bullet_color: str | None = None
    end_size_pt: float | None = None  # size of text typed at the end of the paragraph

    @classmethod
    def of(cls, text: str, **kw) -> "Para":
        run_kw = {k: kw.pop(k) for k in ("bold", "size_pt", "color", "link", "literal") if k in kw}
        return cls((Run(text, **run_kw),), **kw)


def ppr(lang: str, *, tag: str = "pPr", align: str | None = None, level: int = 0, bullet: bool | None = None,
        space_before_pt: float | None = None, line_pct: int | None = None, bullet_color: str | None = None,
        indent_emu: int | None = None):
    """Paragraph properties with rtl and alignment always explicit; children in schema order."""
    el = etree.Element(a(tag))
    if bullet is True or indent_emu is not None:
        ind = 342900 if indent_emu is None else indent_emu
        el.set("marL", str(ind * (level + 1)))
        el.set("indent", str(-ind))
    elif bullet is False:
        el.set("marL", "0")
        el.set("indent", "0")
    if level:
        el.set("lvl", str(level))
    el.set("algn", algn(lang, align))
    el.set("rtl", "1" if rtl(lang) else "0")
    if line_pct is not None:
        sp = etree.SubElement(etree.SubElement(el, a("lnSpc")), a("spcPct"))
        sp.set("val", str(int(line_pct * 1000)))
    if space_before_pt is not None:
        sp = etree.SubElement(etree.SubElement(el, a("spcBef")), a("spcPts"))
        sp.set("val", str(int(round(space_before_pt * 100))))
    if bullet is True:
        if bullet_color:
            _fill_bu = etree.SubElement(el, a("buClr"))
            etree.SubElement(_fill_bu, a("srgbClr"), val=hex_color(bullet_color))
        etree.SubElement(el, a("buFont"), typeface=BULLET_FONT, **LATIN_HINT)
        etree.SubElement(el, a("buChar"), char=BULLET_CHAR)
    elif bullet is False:
        etree.SubElement(el, a("buNone"))
    return el


def para_xml(para: Para, lang: str, part=None):
    """One `a:p`. `part` (a python-pptx part) is needed only for hyperlinks (it holds the relationship)."""
    p = etree.Element(a("p"))
    p.append(ppr(lang, align=para.align, level=para.level, bullet=para.bullet, space_before_pt=para.space_before_pt,
                 line_pct=para.line_pct, bullet_color=para.bullet_color))
    last = None
    for run in para.runs:
        r = etree.SubElement(p, a("r"))
        rid = None
        if run.link:
            if part is None:
                raise ValueError("a hyperlink run needs the slide part")
            from pptx.opc.constants import RELATIONSHIP_TYPE as RT

            rid = part.relate_to(run.link, RT.HYPERLINK, is_external=True)
        r.append(rpr(lang, size_pt=run.size_pt, bold=run.bold, color=run.color, link_rid=rid))
        t = etree.SubElement(r, a("t"))
        t.text = run.text if run.literal else localize(run.text, lang)
        last = run
    size = para.end_size_pt if para.end_size_pt is not None else (last.size_pt if last else None)
    p.append(rpr(lang, "endParaRPr", size_pt=size, bold=last.bold if last else None,
                 color=last.color if last else None))
    return p


def fill(text_frame, paras: list[Para], lang: str, part=None) -> None:
    """Replace every paragraph of a python-pptx text frame (or a txBody element) with `paras`."""
    body = getattr(text_frame, "_txBody", text_frame)
    for p in body.findall(a("p")):
        body.remove(p)
    for para in paras:
        body.append(para_xml(para, lang, part))


def level_styles(lang: str, tag_qname: str, *, sizes_pt: list[float], bold: bool = False, color: str | None = None,
                 bullets: bool = False, bullet_color: str | None = None, space_before_pt: float | None = None,
                 line_pct: int | None = None, align: str | None = None):
    """A list-style element (p:titleStyle, p:bodyStyle, a:lstStyle, p:defaultTextStyle ...) with all nine
    levels right to left for Persian: what a new, property-less paragraph inherits."""
    el = etree.Element(tag_qname)
    # a:defPPr first: what a paragraph with no level style at all falls back to
    d = ppr(lang, tag="defPPr", align=align)
    d.append(rpr(lang, "defRPr", size_pt=sizes_pt[0], bold=bold, color=color))
    d[-1].attrib.pop("dirty", None)
    el.append(d)
    for lvl in range(9):
        size = sizes_pt[min(lvl, len(sizes_pt) - 1)]
        p = ppr(lang, tag=f"lvl{lvl + 1}pPr", align=align, bullet=bool(bullets),
                space_before_pt=space_before_pt, line_pct=line_pct, bullet_color=bullet_color,
                indent_emu=285750 if bullets else None)
        if bullets:
            # level n indented n steps (ppr puts marL for `level`; lvl attributes do not belong here)
            p.set("marL", str(285750 * (lvl + 1)))
            p.set("indent", str(-285750))
        else:
            p.set("marL", str(457200 * lvl))
            p.set("indent", "0")
        p.append(rpr(lang, "defRPr", size_pt=size, bold=bold, color=color))
        # defRPr carries no `dirty` in styles
        p[-1].attrib.pop("dirty", None)
        el.append(p)
    return el


def has_persian_letters(text: str) -> bool:
    import unicodedata

    return any("\u0600" <= ch <= "\u06ff" and unicodedata.category(ch) == "Lo" for ch in text)


__all__ = ["FONT", "LANG_TAG", "Para", "Run", "fill", "has_persian_letters", "level_styles", "para_xml", "ppr", "rpr"]
