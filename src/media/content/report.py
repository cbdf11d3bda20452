"""The comprehensive report as data: the call's mandatory 8-section structure, each section with what the
storyboard holds, and every item the call asks for that the seeds do not give listed as a gap (never filled).
The report, the summary, the site and the deck print these sections."""
from __future__ import annotations
from media.content.words import category_label, word
from dataclasses import dataclass
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import localize
from typing import Callable
from media.content.numbers import FigureRow, figure_row
from media.content.dates import both_dates
from media.content.citations import cited_sources, sections_joined


@dataclass(frozen=True)
class Requirement:
    """One item the call lists under a section, and whether a storyboard holds it."""

    key: str
    fa: str
    en: str
    held: Callable[[m.Storyboard], bool]

    def text(self, lang: str) -> str:
        return self.fa if lang == "fa" else self.en


def _has(number: int) -> Callable[[m.Storyboard], bool]:
    return lambda sb: any(s.number == number for s in sb.sections)


def _never(sb: m.Storyboard) -> bool:
    """The seeds do not give it and the storyboard has no place for it yet: the documentation team gathers it."""
    return False


def _measured_kpis(sb: m.Storyboard) -> bool:
    return any(isinstance(i, m.ChartInfographic) and not i.illustrative and any(b.before is not None for b in i.bars)
               for i in sb.infographics)


@dataclass(frozen=True)
class CallSection:
    number: int
    key: str
    fa: str
    en: str
    items: tuple[Requirement, ...]

    def title(self, lang: str) -> str:
        return self.fa if lang == "fa" else self.en


R = Requirement


# Titles and items as the call (seed 001, «ساختار پیشنهادی») words them, half-spaces restored.
CALL_STRUCTURE: tuple[CallSection, ...] = (
    CallSection(1, "introduction", "مقدمه", "Introduction", (
        R("methodology", "روش‌شناسی اجرای طرح‌های بیست‌گانه در سازمان تأمین اجتماعی",
          "How the SSO's 20 transformation plans were chosen and run (methodology)", _has(1)),)),
    CallSection(2, "profile", "مشخصات کلی طرح", "Plan profile", (
        R("title-code", "عنوان کامل و کد طرح در برنامه ۲۰گانه تحول", "Full title and code in the 20-plan programme",
          lambda sb: sb.plan is not None),
        R("dates", "تاریخ دقیق آغاز و خاتمه اجرایی", "Exact start and end dates of implementation", _never),
        R("budget", "بودجه مصوب و هزینه واقعی", "Approved budget and actual cost", _never),
        R("units", "واحدهای مجری اصلی و همکار", "Lead and partner implementing units", _never),
        R("managers", "مدیران ارشد طرح و اعضای کلیدی تیم اجرایی", "Senior managers and key members of the team",
          _never),
        R("smart-goals", "اهداف کلان و اهداف اختصاصی (SMART) با شاخص و موعد", "Overall and specific goals (SMART), "
          "with measures and deadlines", _never),
        R("upstream", "ارتباط طرح با اسناد بالادستی", "Links to upstream policy documents", _has(2)))),
    CallSection(3, "necessity", "ضرورت، زمینه و چالش‌های پیش از اجرا",
                "Necessity, context and challenges before implementation", (
        R("before", "وضعیت موجود پیش از شروع طرح", "The situation before the plan started", _has(3)),
        R("challenges", "چالش‌ها، مسائل و گلوگاه‌های اصلی", "The main challenges, problems and bottlenecks", _has(3)),
        R("justification", "توجیه نهادی، مدیریتی، علمی و مالی ضرورت اجرا",
          "Institutional, managerial, scientific and financial case for the plan", _has(3)))),
    CallSection(4, "design", "طراحی و اجرا (فرآیند تحول)", "Design and implementation (the transformation process)", (
        R("stages", "مراحل طراحی، تصویب و ابلاغ طرح", "Stages of design, approval and communication", _never),
        R("gantt", "نقشه راه اجرا و گانت‌چارت مراحل کلیدی با تاریخ", "Implementation roadmap and Gantt chart of key "
          "stages, with dates", _never),
        R("governance", "ساختار حاکمیتی پروژه (کمیته راهبری، دبیرخانه، تیم‌های کاری)",
          "Project governance (steering committee, secretariat, working teams)", _never),
        R("obstacles", "روش‌های مواجهه و مدیریت موانع و چالش‌ها در طول اجرا",
          "How obstacles and challenges were handled during implementation", _never),
        R("actions", "مهم‌ترین اقدامات و زیرپروژه‌ها", "The main actions and sub-projects", _has(4)))),
    CallSection(5, "outcomes", "دستاوردها و نتایج ملموس", "Achievements and tangible results", (
        R("kpis", "نتایج کمی: شاخص‌های کلیدی (KPI) پیش و پس از طرح و داشبورد آماری",
          "Quantitative results: KPIs before and after the plan, statistical dashboard", _measured_kpis),
        R("qualitative", "نتایج کیفی تحقق‌یافته (فرهنگ سازمانی، رضایت ذی‌نفعان، جایگاه سازمان)",
          "Qualitative results achieved (organisational culture, stakeholder satisfaction, standing)", _never),
        R("forecast", "پیش‌بینی تأثیر طرح بر منابع درآمدی، مصارف و هزینه‌ها و رضایت ذی‌نفعان",
          "Forecast effect on revenue, spending and costs, and stakeholder satisfaction", _never),
        R("innovations", "نوآوری‌ها و ابتکارات برجسته ایجادشده", "Notable innovations and initiatives achieved", _never))),
    CallSection(6, "lessons", "درس‌آموخته‌ها و عوامل موفقیت و شکست", "Lessons learned, success and failure factors", (
        R("lessons", "دست‌کم ۵ درس‌آموخته کلیدی با منبع (مصاحبه، صورت‌جلسه، سند)",
          "At least 5 key lessons, each with its source (interview, minutes, document)",
          lambda sb: len(sb.lessons) >= 5),
        R("matrix", "ماتریس عوامل موفقیت و شکست", "Success/failure factor matrix",
          lambda sb: any(lesson.factors for lesson in sb.lessons)),
        R("quotes", "نقل‌قول مستقیم از مدیران ارشد، مجریان و ذی‌نفعان",
          "Direct quotations from senior managers, implementers and stakeholders",
          lambda sb: any(lesson.quotes for lesson in sb.lessons)))),
    CallSection(7, "evaluation", "ارزیابی نهایی و پیشنهادهای بهبود", "Final evaluation and improvement proposals", (
        R("success", "ارزیابی کلی میزان موفقیت طرح (درجه تحقق اهداف)", "Overall success of the plan (how far its goals "
          "were met)", _never),
        R("impact", "تحلیل اقتصادی، اجتماعی، نهادی و مدیریتی تأثیرات بلندمدت",
          "Economic, social, institutional and managerial analysis of long-term effects", _never),
        R("phase-2", "پیشنهادهای مشخص برای فاز ۲ یا مقیاس‌پذیری طرح", "Concrete proposals for phase 2 or scaling up",
          _has(7)),
        R("advice", "توصیه به سایر صندوق‌ها و دستگاه‌های اجرایی", "Advice to other funds and public bodies", _never))),
    CallSection(8, "appendices", "پیوست‌ها و منابع", "Appendices and sources", (
        R("records", "اسناد مصوب، صورت‌جلسات و لوح‌های تقدیر", "Approved documents, minutes and certificates", _never),
        R("media", "جداول آماری، تصاویر، فیلم‌ها و اینفوگرافیک‌ها", "Statistical tables, pictures, films and "
          "infographics", lambda sb: bool(sb.infographics)),
        R("sources", "فهرست کامل منابع و مراجع", "Full list of sources and references", lambda sb: True),
        R("qr", "کد QR و پیوند نسخه دیجیتال", "QR code and link to the digital version", lambda sb: True),
        R("dashboard", "داشبورد تعاملی طرح", "The plan's interactive dashboard", _never))),
)


# Where an infographic that no scene places belongs, by kind.
_KIND_SECTION = {"key_figures": 2, "process": 4, "timeline": 4, "challenges": 3, "outcomes": 5, "chart": 5, "quote": 2}


@dataclass(frozen=True)
class Gap:
    section: int
    section_title: str  # the call's title of the section
    key: str
    text: str


@dataclass(frozen=True)
class Part:
    """A storyboard section: its own title, body paragraphs and points."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    points: tuple[str, ...]


@dataclass(frozen=True)
class QuoteView:
    text: str
    attribution: str
    source: str


@dataclass(frozen=True)
class LessonView:
    id: str
    text: str
    source: str  # 'Interview: <title>, <date>'
    factors: tuple[tuple[str, str, str], ...]  # (effect label, category label, text)
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class ReportSection:
    number: int
    key: str
    title: str  # the heading: the storyboard's title of the section, else the call's
    call_title: str
    parts: tuple[Part, ...]
    figures: tuple[FigureRow, ...]
    infographics: tuple[str, ...]  # ids, in storyboard order
    lessons: tuple[LessonView, ...]
    matrix: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (category, successes, failures)
    quotes: tuple[QuoteView, ...]
    sources: tuple[str, ...]  # section 8: every source document with the passages cited
    gaps: tuple[Gap, ...]

    @property
    def empty(self) -> bool:
        """Nothing from the storyboard: the section is one line saying what is still to be gathered."""
        return not (self.parts or self.figures or self.infographics or self.lessons)

    def gap_line(self, lang: str) -> str | None:
        if not self.gaps:
            return None
        sep = "؛ " if lang == "fa" else "; "
        items = [g.text if lang == "fa" or g.text[1:2].isupper() else g.text[:1].lower() + g.text[1:]
                 for g in self.gaps]  # mid-sentence in English: "approved budget", but "KPIs", "SMART"
        return localize(f"{word('doc.to_gather', lang)} " + sep.join(items) + ".", lang)


def evidence_text(e: m.Evidence, lang: str) -> str:
    import datetime as _dt

    parts = [f"{word(f'evidence.{e.kind}', lang)}: {e.title.get(lang)}"]
    if e.date:
        parts.append(both_dates(_dt.date.fromisoformat(e.date), lang))
    if e.reference:
        parts.append(e.reference)
    return localize(("، " if lang == "fa" else ", ").join(parts), lang)


def lesson_views(sb: LoadedStoryboard, lang: str) -> tuple[LessonView, ...]:
    out = []
    for lesson in sb.model.lessons:
        factors = tuple((word(f"effect.{f.effect}", lang),
                         category_label(f.category, lang) if f.category else "", localize(f.text.get(lang), lang))
                        for f in lesson.factors)
        quotes = tuple(QuoteView(localize(q.text.get(lang), lang), localize(q.attribution.get(lang), lang),
                                 evidence_text(q.source, lang)) for q in lesson.quotes)
        out.append(LessonView(lesson.id, localize(lesson.text.get(lang), lang), evidence_text(lesson.source, lang),
                              factors, quotes))
    return tuple(out)


def factor_matrix(lessons: tuple[LessonView, ...], lang: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    success, failure = word("effect.success", lang), word("effect.failure", lang)
    rows: dict[str, tuple[list[str], list[str]]] = {}
    general = "عمومی" if lang == "fa" else "General"
    for lesson in lessons:
        for effect, cat, text in lesson.factors:
            s, f = rows.setdefault(cat or general, ([], []))
            (s if effect == success else f).append(text)
    del failure
    return tuple((cat, tuple(s), tuple(f)) for cat, (s, f) in rows.items())


def placement(sb: LoadedStoryboard) -> tuple[dict[str, int], dict[str, int]]:
    """Which report section each infographic and each figure belongs to: the section of the first scene that
    shows it; else (infographics) by kind, (figures) the section of a key-figures infographic holding it,
    else the plan profile."""
    model = sb.model
    number = {s.id: s.number for s in model.sections}
    infos: dict[str, int] = {}
    figs: dict[str, int] = {}
    for sc in model.scenes:
        n = number.get(sc.section) if sc.section else None
        if n is None:
            continue
        if sc.infographic:
            infos.setdefault(sc.infographic, n)
        for fid in sc.figures:
            figs.setdefault(fid, n)
    for info in model.infographics:
        infos.setdefault(info.id, _KIND_SECTION.get(info.kind, 2))
    for info in model.infographics:
        if isinstance(info, m.KeyFiguresInfographic):
            for fid in info.figures:
                figs.setdefault(fid, infos[info.id])
    for f in model.figures:
        figs.setdefault(f.id, 2)
    return infos, figs


def sections(sb: LoadedStoryboard, lang: str) -> list[ReportSection]:
    """The report's 8 sections in the call's order, with what the storyboard holds and what it lacks."""
    model = sb.model
    infos, figs = placement(sb)
    lessons = lesson_views(sb, lang)
    out = []
    for cs in CALL_STRUCTURE:
        own = [s for s in model.sections if s.number == cs.number]
        parts = tuple(Part(s.id, localize(s.title.get(lang), lang),
                           tuple(localize(p.strip(), lang) for p in s.body.get(lang).split("\n\n") if p.strip())
                           if s.body else (),
                           tuple(localize(p.get(lang), lang) for p in s.points)) for s in own)
        figures = tuple(figure_row(sb, f, lang) for f in model.figures if figs.get(f.id) == cs.number)
        infographics = tuple(i.id for i in model.infographics if infos.get(i.id) == cs.number)
        gaps = tuple(Gap(cs.number, cs.title(lang), r.key, localize(r.text(lang), lang))
                     for r in cs.items if not r.held(model))
        gaps += tuple(Gap(cs.number, cs.title(lang), f"own-{k + 1}", localize(g.text.get(lang), lang))
                      for k, g in enumerate(model.to_gather) if g.section == cs.number)
        is6 = cs.number == 6
        sources = ()
        if cs.number == 8:
            sources = tuple(localize(f"{title} ({sections_joined(secs, lang)})", lang)
                            for title, secs in cited_sources(sb, lang))
        out.append(ReportSection(
            number=cs.number, key=cs.key, title=parts[0].title if parts else localize(cs.title(lang), lang),
            call_title=localize(cs.title(lang), lang), parts=parts, figures=figures, infographics=infographics,
            lessons=lessons if is6 else (), matrix=factor_matrix(lessons, lang) if is6 else (),
            quotes=tuple(q for lv in lessons for q in lv.quotes) if is6 else (), sources=sources, gaps=gaps))
    return out


def gaps(sb: LoadedStoryboard, lang: str) -> list[Gap]:
    """Every item the call asks for that the storyboard does not hold, in section order (the gaps annex)."""
    return [g for s in sections(sb, lang) for g in s.gaps]
