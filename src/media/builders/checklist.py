"""The lessons-and-readiness checklist for teams running the 16 remaining plans.

Its checks are derived from the challenges the call lists for the plan (one question per challenge, by
category), and are labelled so: they are not lessons reported by the plan's managers. Lessons that the
documentation team records in the storyboard (`lessons`) become checks too, each with its evidence.
`items(sb, lang)` gives the checks as data (the deck and the trainer bundle use them)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from media.builders import documents as d
from media.builders.documents import DocumentBuilder
from media.builders.report import evidence_text
from media.graphics.theme import category_label
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m

QUESTIONS: dict[str, tuple[str, str]] = {
    "institutional": ("هماهنگی میان واحدهای درگیر با کیست و آیا به‌صورت کتبی توافق شده است؟",
                      "Who coordinates the units involved, and is it agreed in writing?"),
    "legal": ("مبنای قانونی اجرا روشن است و با نهادهای ذی‌ربط هماهنگ شده است؟",
              "Is the legal basis clear and agreed with the bodies concerned?"),
    "financial": ("منابع مالی اجرا تأمین و منبع آن قطعی شده است؟", "Is the funding secured and its source confirmed?"),
    "social": ("گروه‌های اثرپذیر چگونه آگاه می‌شوند و صدایشان شنیده می‌شود؟",
               "How will the groups affected be informed and heard?"),
    "persuasion": ("برای پذیرش کسانی که باید تغییر را بپذیرند چه برنامه‌ای دارید (اطلاع‌رسانی، آموزش، مشوق)؟",
                   "How will you win over those who must accept the change (publicity, training, incentives)?"),
    "technical": ("زیرساخت فناوری لازم آماده است و مسئول ساخت آن مشخص است؟",
                  "Is the IT infrastructure in place, and is it clear who builds it?"),
    "cultural": ("کدام عادت‌ها باید تغییر کنند و این تغییر چگونه پشتیبانی می‌شود؟",
                 "Which habits must change, and how will the change be supported?"),
    "valuation": ("ارزش یا سنجه اصلی چگونه پایدار نگه داشته و پایش می‌شود؟",
                  "How will the key value or measure be kept stable and monitored?"),
}
GENERAL = ("این چالش در طرح شما چگونه مدیریت می‌شود؟", "How will your plan handle this challenge?")
WORDS = {
    "derived": ("برگرفته از فراخوان: چالش‌ها و ملاحظات اجرایی که فراخوان برای {plan} برشمرده است؛ این‌ها "
                "درس‌آموخته‌های گزارش‌شده از سوی مدیران طرح نیستند.",
                "Derived from the call for proposals: the challenges and implementation concerns it lists for "
                "{plan}. These are not lessons reported by the plan's managers."),
    "use": ("برای تیم‌های اجرای ۱۶ طرح باقی‌مانده برنامه تحول: پیش از آغاز اجرا به هر پرسش پاسخ دهید و پاسخ و "
            "مسئول آن را ثبت کنید.",
            "For the teams running the 16 remaining transformation plans: answer each question before "
            "implementation starts, and record the answer and who owns it."),
    "h_use": ("راهنمای استفاده", "How to use this checklist"),
    "h_checks": ("پرسش‌های آمادگی برگرفته از چالش‌های طرح", "Readiness checks derived from the plan's challenges"),
    "h_lessons": ("درس‌آموخته‌های گردآوری‌شده", "Lessons gathered from the plan"),
    "no_lessons": ("هنوز درس‌آموخته‌ای گردآوری نشده است (بخش ۶ گزارش جامع خالی است). درس‌آموخته‌هایی که از مصاحبه، "
                   "صورت‌جلسه یا سند ثبت شوند، با منبعشان در این بخش می‌آیند.",
                   "No lessons have been gathered yet (section 6 of the comprehensive report is empty). Lessons "
                   "recorded from interviews, minutes or documents will appear here with their sources."),
    "met": ("چالش طرح", "The plan's challenge"),
    "apply": ("آیا این درس در طرح شما به کار گرفته شده است؟", "Has your plan taken this lesson on board?"),
    "general": ("عمومی", "General"),
    "h_more": ("نسخه کامل", "The full package"),
    "this_plan": ("این طرح", "this plan"),
    "answer": ("پاسخ، مسئول و موعد:", "Answer, owner and due date:"),
}


def t(key: str, lang: str) -> str:
    fa, en = WORDS[key]
    return fa if lang == "fa" else en


@dataclass(frozen=True)
class ChecklistItem:
    origin: str  # "call" (derived from the call's challenges) or "lesson" (gathered evidence)
    category: str | None
    category_label: str
    check: str  # the question to answer
    detail: str  # the challenge or the lesson it comes from
    source: str  # 'Derived from: <document, section>' or the lesson's evidence


def items(sb: LoadedStoryboard, lang: str) -> list[ChecklistItem]:
    """The checks: one per listed challenge (grouped by category, in the storyboard's order), then one per
    gathered lesson."""
    out: list[ChecklistItem] = []
    lead = "برگرفته از" if lang == "fa" else "Derived from"
    for info in sb.model.infographics:
        if not (isinstance(info, m.CategoriesInfographic) and info.kind == "challenges"):
            continue
        src = d.source_text(sb, info.source, lang)
        for it in info.items:
            q = QUESTIONS.get(it.category, GENERAL)
            out.append(ChecklistItem("call", it.category, category_label(it.category, lang),
                                     d.loc(q[0] if lang == "fa" else q[1], lang),
                                     d.loc(f"{t('met', lang)}: {it.text.get(lang)}", lang),
                                     d.loc(f"{lead}: {src}", lang) if src else lead))
    if not out:  # no challenges infographic: the necessity section's points
        for s in sb.model.sections:
            if s.number == 3:
                for p in s.points:
                    out.append(ChecklistItem("call", None, t("general", lang),
                                             d.loc(GENERAL[0] if lang == "fa" else GENERAL[1], lang),
                                             d.loc(f"{t('met', lang)}: {p.get(lang)}", lang), lead))
    for lesson in sb.model.lessons:
        out.append(ChecklistItem("lesson", None, "", t("apply", lang), d.loc(lesson.text.get(lang), lang),
                                 evidence_text(lesson.source, lang)))
    return out


def checklist_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    plan = d.plan_tag(sb, lang) or t("this_plan", lang)
    checks = items(sb, lang)
    blocks: list[dict] = [
        {"t": "h", "level": 1, "text": t("h_use", lang)},
        {"t": "note", "tone": "gap", "text": d.loc(t("derived", lang).format(plan=plan), lang)},
        {"t": "p", "text": t("use", lang)},
        {"t": "h", "level": 1, "text": t("h_checks", lang)},
    ]
    groups: dict[str, list[ChecklistItem]] = {}
    for it in checks:
        if it.origin == "call":
            groups.setdefault(it.category_label, []).append(it)
    for label, members in groups.items():
        blocks.append({"t": "h", "level": 2, "text": label})
        blocks.append({"t": "checklist", "answer": t("answer", lang),
                       "items": [{"check": i.check, "detail": i.detail, "from": i.source} for i in members]})
    blocks.append({"t": "h", "level": 1, "text": t("h_lessons", lang)})
    lessons = [i for i in checks if i.origin == "lesson"]
    if lessons:
        blocks.append({"t": "checklist", "items": [{"check": i.check, "detail": i.detail, "from": i.source}
                                                   for i in lessons]})
    else:
        blocks.append({"t": "note", "text": t("no_lessons", lang)})
    blocks.append({"t": "h", "level": 2, "text": t("h_more", lang), "numbered": False})
    blocks.append(d.qr_block(sb, lang))
    return blocks


class ChecklistBuilder(DocumentBuilder):
    name = "checklist"
    kinds = ("checklist",)

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return checklist_blocks(sb, lang, root)

    def subtitle(self, sb: LoadedStoryboard, lang: str) -> str | None:
        return d.loc(t("derived", lang).format(plan=d.plan_tag(sb, lang) or t("this_plan", lang)), lang)
