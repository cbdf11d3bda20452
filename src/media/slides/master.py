"""The deck's template: a 16:9 PresentationML package written from scratch for one language and brand.

python-pptx's only template is Office's 4:3 master (10 x 7.5 in); setting `slide_width` on it leaves
every layout's placeholders where they were on the narrower page. Here the theme, the master and each
layout are designed for 13.333 x 7.5 in (PowerPoint's own widescreen size) and mirrored for Persian:
title, rule and text column start at the right. The master's text styles (title, body, other), the
presentation's default text style and the theme's text-box defaults (`a:objectDefaults/a:txDef`) are
right to left in a Persian deck, so a paragraph or a text box a trainer adds is right to left, in
Persian, in Vazirmatn, without touching anything.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from media.slides.text import FONT, NS_A, NS_P, NS_R, Para, hex_color, level_styles, para_xml, rtl

EMU_PER_IN = 914400
EMU_PER_PT = 12700
SLIDE_W = 12192000  # 13.333 in
SLIDE_H = 6858000  # 7.5 in
MARGIN_X = int(0.6 * EMU_PER_IN)

_NS = (f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"')
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TITLE_PT = 30
BODY_PT = (22, 18, 16)
OTHER_PT = 18
WHITE = "#FFFFFF"
ON_DARK_MUTED = "#DCE6F2"
DRAFT_RED = "#B3261E"


def inch(v: float) -> int:
    return int(round(v * EMU_PER_IN))


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int


def mirrored(lang: str, x: int, w: int) -> int:
    """The x of a box that sits at `x` from the reading start (left in English, right in Persian)."""
    return SLIDE_W - x - w if rtl(lang) else x


@dataclass(frozen=True)
class Geometry:
    """Where things are on a 16:9 slide, in EMU, for one reading direction."""

    lang: str

    @property
    def content_w(self) -> int:
        return SLIDE_W - 2 * MARGIN_X

    @property
    def title(self) -> Box:
        return Box(MARGIN_X, inch(0.32), self.content_w, inch(1.08))

    @property
    def rule(self) -> Box:
        w = inch(1.1)
        return Box(mirrored(self.lang, MARGIN_X, w), inch(1.44), w, inch(0.06))

    @property
    def body(self) -> Box:
        return Box(MARGIN_X, inch(1.68), self.content_w, inch(4.82))

    @property
    def text_column(self) -> Box:
        """The text beside a picture: at the reading start."""
        w = inch(4.75)
        return Box(mirrored(self.lang, MARGIN_X, w), self.body.y, w, self.body.h)

    @property
    def picture_zone(self) -> Box:
        gap = inch(0.35)
        col = self.text_column
        w = self.content_w - col.w - gap
        return Box(mirrored(self.lang, MARGIN_X + col.w + gap, w), self.body.y, w, self.body.h)

    @property
    def footer(self) -> Box:
        w = inch(7.6)
        return Box(mirrored(self.lang, MARGIN_X, w), inch(6.86), w, inch(0.36))

    @property
    def draft_mark(self) -> Box:
        """At the reading end of the footer band (on every slide of a draft)."""
        w = inch(4.1)
        return Box(mirrored(self.lang, SLIDE_W - MARGIN_X - w, w), inch(6.84), w, inch(0.4))

    # the title slide (dark)
    @property
    def cover_org(self) -> Box:
        return Box(MARGIN_X, inch(0.5), self.content_w, inch(0.55))

    @property
    def cover_title(self) -> Box:
        return Box(MARGIN_X, inch(1.55), self.content_w, inch(2.45))

    @property
    def cover_rule(self) -> Box:
        w = inch(1.6)
        return Box(mirrored(self.lang, MARGIN_X, w), inch(4.12), w, inch(0.08))

    @property
    def cover_subtitle(self) -> Box:
        return Box(MARGIN_X, inch(4.35), self.content_w, inch(2.2))


@dataclass(frozen=True)
class MasterSpec:
    """What the template depends on: the language, the brand colours and the footer text."""

    lang: str
    primary: str
    secondary: str
    accent: str
    background: str
    text: str
    muted: str
    footer: str  # organisation and plan title, on every slide but the title slides
    organisation: str = ""  # above the title on the title slides
    title: str = "Training deck"


# ---- XML pieces ------------------------------------------------------------------------------------------

def _xml(el) -> str:
    return etree.tostring(el, encoding="unicode")


def _xfrm(b: Box) -> str:
    return f'<a:xfrm><a:off x="{b.x}" y="{b.y}"/><a:ext cx="{b.w}" cy="{b.h}"/></a:xfrm>'


def _solid(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_color(color)}"/></a:solidFill>'


def _body_pr(lang: str, anchor: str = "t", autofit: str = "<a:normAutofit/>", inset: bool = True) -> str:
    ins = '' if inset else ' lIns="0" tIns="0" rIns="0" bIns="0"'
    return (f'<a:bodyPr vert="horz" wrap="square"{ins} rtlCol="{1 if rtl(lang) else 0}" anchor="{anchor}">'
            f'{autofit}</a:bodyPr>')


def _prompt(lang: str, text: str) -> str:

    return _xml(para_xml(Para.of(text), lang))


_PROMPTS = {
    "title": ("برای ویرایش عنوان کلیک کنید", "Click to edit the title"),
    "body": ("برای ویرایش متن کلیک کنید", "Click to edit the text"),
    "subtitle": ("برای ویرایش زیرعنوان کلیک کنید", "Click to edit the subtitle"),
}


def _prompt_text(lang: str, key: str) -> str:
    fa, en = _PROMPTS[key]
    return fa if lang == "fa" else en


def _placeholder(sid: int, name: str, ph: str, box: Box | None, lang: str, *, body_pr: str = "<a:bodyPr/>",
                 lst_style: str = "<a:lstStyle/>", prompt: str = "") -> str:
    sppr = f"<p:spPr>{_xfrm(box)}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>" if box else "<p:spPr/>"
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f'</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sppr}<p:txBody>{body_pr}{lst_style}'
            f'{prompt}</p:txBody></p:sp>')


def _rect(sid: int, name: str, box: Box, color: str, geom: str = "rect") -> str:
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
            f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{_solid(color)}'
            f'<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr/></a:p>'
            f'</p:txBody></p:sp>')


def _text_shape(sid: int, name: str, box: Box, lang: str, text: str, size_pt: float, color: str,
                bold: bool = False, anchor: str = "ctr") -> str:

    p = para_xml(Para.of(text, size_pt=size_pt, color=color, bold=bold, bullet=False), lang)
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/><p:cNvSpPr txBox="1"/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:noFill/></p:spPr><p:txBody>{_body_pr(lang, anchor, "<a:noAutofit/>")}<a:lstStyle/>{_xml(p)}'
            f'</p:txBody></p:sp>')


def _sp_tree(shapes: str) -> str:
    return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
            f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree>')


def _bg(color: str) -> str:
    return f'<p:bg><p:bgPr>{_solid(color)}<a:effectLst/></p:bgPr></p:bg>'


def _styles(spec: MasterSpec, qname: str, **kw) -> str:
    return _xml(level_styles(spec.lang, qname, **kw))


# ---- parts -------------------------------------------------------------------------------------------

def theme_xml(spec: MasterSpec) -> str:
    fonts = (f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface="{FONT}"/>'
             f'<a:font script="Arab" typeface="{FONT}"/>')
    clr = "".join(f"<a:{k}><a:srgbClr val=\"{hex_color(v)}\"/></a:{k}>" for k, v in (
        ("dk1", spec.text), ("lt1", WHITE), ("dk2", spec.primary), ("lt2", spec.background),
        ("accent1", spec.primary), ("accent2", spec.secondary), ("accent3", spec.accent), ("accent4", spec.muted),
        ("accent5", "#2E7D32"), ("accent6", DRAFT_RED), ("hlink", spec.primary), ("folHlink", spec.secondary)))
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    lines = "".join(f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/></a:ln>'
                    for w in (9525, 19050, 28575))
    effects = "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    # text boxes a trainer inserts take these defaults in PowerPoint (ECMA-376 20.1.6.5)
    tx_def = (f'<a:txDef><a:spPr/>{_body_pr(spec.lang, "t", "<a:spAutoFit/>")}'
              f'{_styles(spec, f"{{{NS_A}}}lstStyle", sizes_pt=[OTHER_PT], color=spec.text)}</a:txDef>')
    return (f'{_DECL}<a:theme xmlns:a="{NS_A}" name="media {escape(spec.lang)}"><a:themeElements>'
            f'<a:clrScheme name="media">{clr}</a:clrScheme>'
            f'<a:fontScheme name="Vazirmatn"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont>'
            f'</a:fontScheme><a:fmtScheme name="media"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
            f'<a:objectDefaults>{tx_def}</a:objectDefaults><a:extraClrSchemeLst/></a:theme>')


LAYOUTS = ("title", "content", "title-only", "text-picture")


def master_xml(spec: MasterSpec) -> str:
    g = Geometry(spec.lang)
    lang = spec.lang
    shapes = (
        _placeholder(2, "Title Placeholder 1", '<p:ph type="title"/>', g.title, lang,
                     body_pr=_body_pr(lang, "b"), prompt=_prompt(lang, _prompt_text(lang, "title")))
        + _placeholder(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', g.body, lang,
                       body_pr=_body_pr(lang, "t"), prompt=_prompt(lang, _prompt_text(lang, "body")))
        + _rect(4, "Title rule", g.rule, spec.accent)
        + _text_shape(5, "Footer", g.footer, lang, spec.footer, 11, spec.muted)
    )
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{i + 1}"/>' for i in range(len(LAYOUTS)))
    title_style = _styles(spec, f"{{{NS_P}}}titleStyle", sizes_pt=[TITLE_PT], bold=True, color=spec.primary,
                          line_pct=90)
    body_style = _styles(spec, f"{{{NS_P}}}bodyStyle", sizes_pt=list(BODY_PT), color=spec.text, bullets=True,
                         bullet_color=spec.accent, space_before_pt=8, line_pct=100)
    other_style = _styles(spec, f"{{{NS_P}}}otherStyle", sizes_pt=[OTHER_PT], color=spec.text)
    clrmap = ('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
              'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
              'folHlink="folHlink"/>')
    return (f'{_DECL}<p:sldMaster {_NS}><p:cSld>{_bg(spec.background)}{_sp_tree(shapes)}</p:cSld>{clrmap}'
            f'<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:txStyles>{title_style}{body_style}{other_style}'
            f'</p:txStyles></p:sldMaster>')


def _layout(kind: str, spec: MasterSpec) -> str:
    g = Geometry(spec.lang)
    lang = spec.lang
    title_ph = _placeholder(2, "Title 1", '<p:ph type="title"/>', None, lang,
                            prompt=_prompt(lang, _prompt_text(lang, "title")))
    body_prompt = _prompt(lang, _prompt_text(lang, "body"))
    bg, show_master = "", ""
    if kind == "title":
        name, typ = "Title Slide", "title"
        on_dark_title = _styles(spec, f"{{{NS_A}}}lstStyle", sizes_pt=[40], bold=True, color=WHITE, line_pct=90)
        on_dark_sub = _styles(spec, f"{{{NS_A}}}lstStyle", sizes_pt=[20], color=ON_DARK_MUTED, line_pct=100)
        shapes = (_placeholder(2, "Title 1", '<p:ph type="ctrTitle"/>', g.cover_title, lang,
                               body_pr=_body_pr(lang, "b"), lst_style=on_dark_title,
                               prompt=_prompt(lang, _prompt_text(lang, "title")))
                  + _placeholder(3, "Subtitle 2", '<p:ph type="subTitle" idx="1"/>', g.cover_subtitle, lang,
                                 body_pr=_body_pr(lang, "t"), lst_style=on_dark_sub,
                                 prompt=_prompt(lang, _prompt_text(lang, "subtitle")))
                  + _rect(4, "Title rule", g.cover_rule, spec.accent)
                  + _text_shape(5, "Organisation", g.cover_org, lang, spec.organisation or spec.footer, 16,
                               ON_DARK_MUTED))
        bg, show_master = _bg(spec.primary), ' showMasterSp="0"'
    elif kind == "content":
        name, typ = "Title and Content", "obj"
        shapes = title_ph + _placeholder(3, "Content 2", '<p:ph idx="1"/>', None, lang, prompt=body_prompt)
    elif kind == "title-only":
        name, typ = "Title Only", "titleOnly"
        shapes = title_ph
    elif kind == "text-picture":
        name, typ = "Title, Text and Picture", "txAndObj"
        shapes = title_ph + _placeholder(3, "Text 2", '<p:ph type="body" sz="half" idx="1"/>', g.text_column, lang,
                                         prompt=body_prompt)
    else:  # pragma: no cover
        raise ValueError(kind)
    return (f'{_DECL}<p:sldLayout {_NS} type="{typ}" preserve="1"{show_master}><p:cSld name={quoteattr(name)}>'
            f'{bg}{_sp_tree(shapes)}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')


def presentation_xml(spec: MasterSpec) -> str:
    default = _styles(spec, f"{{{NS_P}}}defaultTextStyle", sizes_pt=[OTHER_PT], color=spec.text)
    return (f'{_DECL}<p:presentation {_NS} saveSubsetFonts="1"><p:sldMasterIdLst>'
            f'<p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
            f'<p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/>{default}'
            f'</p:presentation>')


_CT = "application/vnd.openxmlformats-officedocument"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{escape(target)}"/>' for i, t, target in items)
    return f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def template_parts(spec: MasterSpec) -> dict[str, str]:
    """Every part of the template package, by name."""
    n = len(LAYOUTS)
    overrides = [("/ppt/presentation.xml", f"{_CT}.presentationml.presentation.main+xml"),
                 ("/ppt/slideMasters/slideMaster1.xml", f"{_CT}.presentationml.slideMaster+xml"),
                 ("/ppt/theme/theme1.xml", f"{_CT}.theme+xml"),
                 ("/ppt/presProps.xml", f"{_CT}.presentationml.presProps+xml"),
                 ("/ppt/viewProps.xml", f"{_CT}.presentationml.viewProps+xml"),
                 ("/ppt/tableStyles.xml", f"{_CT}.presentationml.tableStyles+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml", f"{_CT}.extended-properties+xml")]
    overrides += [(f"/ppt/slideLayouts/slideLayout{i + 1}.xml", f"{_CT}.presentationml.slideLayout+xml")
                  for i in range(n)]
    ct = (f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          '<Default Extension="jpeg" ContentType="image/jpeg"/>'
          + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
    parts = {
        "[Content_Types].xml": ct,
        "_rels/.rels": _rels([("rId1", f"{_RT}/officeDocument", "ppt/presentation.xml"),
                              ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                               "docProps/core.xml"),
                              ("rId3", f"{_RT}/extended-properties", "docProps/app.xml")]),
        "docProps/core.xml": (f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                              'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                              'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
                              f'XMLSchema-instance"><dc:title>{escape(spec.title)}</dc:title></cp:coreProperties>'),
        "docProps/app.xml": (f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                             'extended-properties"><Application>media</Application>'
                             '<PresentationFormat>Widescreen</PresentationFormat></Properties>'),
        "ppt/presentation.xml": presentation_xml(spec),
        "ppt/_rels/presentation.xml.rels": _rels([("rId1", f"{_RT}/slideMaster", "slideMasters/slideMaster1.xml"),
                                                  ("rId2", f"{_RT}/presProps", "presProps.xml"),
                                                  ("rId3", f"{_RT}/viewProps", "viewProps.xml"),
                                                  ("rId4", f"{_RT}/theme", "theme/theme1.xml"),
                                                  ("rId5", f"{_RT}/tableStyles", "tableStyles.xml")]),
        "ppt/presProps.xml": f"{_DECL}<p:presentationPr {_NS}/>",
        "ppt/viewProps.xml": (f'{_DECL}<p:viewPr {_NS}><p:normalViewPr><p:restoredLeft sz="15620"/>'
                              '<p:restoredTop sz="80000"/></p:normalViewPr><p:gridSpacing cx="76200" cy="76200"/>'
                              '</p:viewPr>'),
        "ppt/tableStyles.xml": (f'{_DECL}<a:tblStyleLst xmlns:a="{NS_A}" '
                                'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'),
        "ppt/theme/theme1.xml": theme_xml(spec),
        "ppt/slideMasters/slideMaster1.xml": master_xml(spec),
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": _rels(
            [(f"rId{i + 1}", f"{_RT}/slideLayout", f"../slideLayouts/slideLayout{i + 1}.xml") for i in range(n)]
            + [(f"rId{n + 1}", f"{_RT}/theme", "../theme/theme1.xml")]),
    }
    for i, kind in enumerate(LAYOUTS):
        parts[f"ppt/slideLayouts/slideLayout{i + 1}.xml"] = _layout(kind, spec)
        parts[f"ppt/slideLayouts/_rels/slideLayout{i + 1}.xml.rels"] = _rels(
            [("rId1", f"{_RT}/slideMaster", "../slideMasters/slideMaster1.xml")])
    return parts


def template(spec: MasterSpec) -> io.BytesIO:
    """The template as an in-memory .pptx, ready for `pptx.Presentation`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in template_parts(spec).items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), xml.encode("utf-8"))
    buf.seek(0)
    return buf


def layout_index(kind: str) -> int:
    return LAYOUTS.index(kind)
