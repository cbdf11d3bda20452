"""The one catalogue of fixed words every medium prints (labels, headings, calls to action, status words),
in Persian and English: one table, one lookup. Keys of one medium's own words carry its prefix
(`doc.`, `report.`, `summary.`, `check.`, `question.`, `deck.`, `bundle.kind.`, `bundle.part.`); words
every medium shares (and the site's, which grew from them) have none; `status.<status>` are the words of a
claim's status, `category.<category>` of a challenge's or outcome's category.

The Persian follows the seeds (plans «وارد مرحله اجرا شده»، outcomes «مورد انتظار»، TETA «در آستانه بهره‌برداری
رسمی»), half-spaces (ZWNJ) restored. `tests/test_content.py` proves no key is defined twice."""
from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {

# ---- shared by every design and the site ------------------------------------------------------------------
    "source": ("منبع", "Source"),
    "sources": ("منابع", "Sources"),
    "illustrative": ("داده‌های نمایشی", "Illustrative data"),
    "illustrative_note": ("این نمودار داده واقعی نیست و فقط برای نمایش است",
                          "Not measured data: shown for illustration only"),
    "range_to": ("تا", "to"),  # a range of a figure: ۳ تا ۶، 3 to 6
    "phase": ("مرحله", "Phase"),
    "before": ("پیش از اجرا", "Before"),
    "after": ("پس از اجرا", "After"),
    "step": ("گام", "Step"),
    "plan": ("طرح", "Plan"),
    "points": ("نکته‌های کلیدی", "Key points"),
    "cta": ("برای دیدن فیلم و شنیدن پادکست اسکن کنید", "Scan to watch and listen"),
    "learn_more": ("برای آگاهی بیشتر", "Learn more"),
    "scan": ("کد را اسکن کنید یا نشانی را باز کنید", "Scan the code or open the link"),
    "draft_mark": ("پیش‌نویس؛ مجوز انتشار ندارد", "Draft, not approved for publication"),
    "as_reported": ("به نقل از", "as reported by"),
    "reported": ("به نقل خبر", "as reported"),
    "undated": ("بدون تاریخ", "undated"),
    "status": ("وضعیت", "Status"),
    "notes": ("یادداشت‌ها", "Notes"),

# ---- status. ----------------------------------------------------------------------------------------------
    "status.proposed": ("پیشنهادی", "proposed"),
    "status.planned": ("برنامه‌ریزی‌شده", "planned"),
    "status.under_study": ("در حال بررسی", "under study"),
    "status.under_way": ("وارد مرحله اجرا شده", "entered execution"),
    "status.about_to_operate": ("در آستانه بهره‌برداری رسمی", "about to go into official operation"),
    "status.expected": ("مورد انتظار", "expected"),
    "status.achieved": ("محقق‌شده", "achieved"),

# ---- category. ----------------------------------------------------------------------------------------------
    "category.institutional": ("نهادی", "Institutional"),
    "category.legal": ("تقنینی و قانونی", "Legal"),
    "category.financial": ("مالی", "Financial"),
    "category.social": ("اجتماعی", "Social"),
    "category.persuasion": ("اقناعی", "Persuasion"),
    "category.technical": ("فنی", "Technical"),
    "category.cultural": ("فرهنگی", "Cultural"),
    "category.valuation": ("ارزشیابی", "Valuation"),
    "category.governance": ("حاکمیتی", "Governance"),
    "category.economic": ("اقتصادی", "Economic"),
    "category.technological": ("فناورانه", "Technological"),
    "category.organizational": ("سازمانی", "Organizational"),
    "category.knowledge": ("دانشی", "Knowledge"),

# ---- doc. ----------------------------------------------------------------------------------------------
    "doc.report": ("گزارش جامع", "Comprehensive report"),
    "doc.summary": ("خلاصه مدیریتی", "Executive summary"),
    "doc.checklist": ("چک‌لیست درس‌آموخته‌ها و آمادگی اجرا", "Lessons-and-readiness checklist"),
    "doc.contents": ("فهرست مطالب", "Contents"),
    "doc.page": ("صفحه", "Page"),
    "doc.of": ("از", "of"),
    "doc.to_gather": ("هنوز گردآوری نشده:", "Still to be gathered:"),
    "doc.figures": ("ارقام این بخش", "Figures in this section"),
    "doc.col_figure": ("رقم", "Figure"),
    "doc.col_label": ("شرح", "What it counts"),
    "doc.col_source": ("منبع", "Source"),
    "doc.fig": ("شکل", "Figure"),
    "doc.table": ("جدول", "Table"),
    "doc.date": ("تاریخ", "Date"),
    "doc.organisation": ("سازمان", "Organisation"),
    "doc.plan_no": ("شماره طرح", "Plan number"),
    "doc.based_on": ("بر پایه", "Based on"),
    "doc.status": ("وضعیت", "Status"),
    "doc.qr_label": ("نسخه دیجیتال و صفحه طرح در بسته دانشی", "Digital version and the plan's page in the knowledge package"),
    "doc.qr_note": ("این کد را با تلفن همراه اسکن کنید یا نشانی را باز کنید.", "Scan the code with a phone or open the link."),
    "doc.draft_note": ("فراخوان انتشار هر داده یا سندی را بدون مجوز کتبی منع کرده است و برای این نسخه مجوزی ثبت نشده است.",
                   "The call forbids publishing any data or document without written permission; none is recorded "
                   "for this copy."),
    "doc.approved": ("مجوز انتشار دارد", "Approved for publication"),
    "doc.approved_by": ("مجوز انتشار: {by}، {date}، شماره {ref}", "Approved for publication by {by} on {date} (reference {ref})"),
    "doc.illustrative": ("داده نمایشی، نه داده سازمان", "Illustrative data, not SSO data"),
    "doc.expected": ("مورد انتظار", "expected"),

# ---- report. ----------------------------------------------------------------------------------------------
    "report.about": ("درباره این نسخه", "About this copy"),
    "report.lessons": ("درس‌آموخته‌ها", "Lessons learned"),
    "report.matrix": ("ماتریس عوامل موفقیت و شکست", "Success/failure factor matrix"),
    "report.quotes": ("نقل‌قول‌ها", "Quotations"),
    "report.sources": ("منابع", "Sources"),
    "report.gaps": ("پیوست: موارد گردآوری‌نشده", "Annex: items still to be gathered"),
    "report.digital": ("نسخه دیجیتال", "Digital version"),
    "report.col_section": ("بخش", "Section"),
    "report.col_item": ("آنچه فراخوان می‌خواهد و منابع نمی‌دهند", "What the call asks for and the sources do not give"),
    "report.col_success": ("عوامل موفقیت", "Success factors"),
    "report.col_failure": ("عوامل شکست", "Failure factors"),
    "report.col_category": ("دسته", "Category"),
    "report.gaps_intro": ("فهرست کار گروه مستندسازی: هر ردیف را باید از مصاحبه، صورت‌جلسه یا سند گردآوری کرد.",
                   "The documentation team's work list: each row is to be gathered from interviews, minutes or "
                   "documents."),
    "report.none": ("هیچ موردی.", "None."),

# ---- evidence. ----------------------------------------------------------------------------------------------
    "evidence.interview": ("مصاحبه", "Interview"),
    "evidence.minutes": ("صورت‌جلسه", "Minutes"),
    "evidence.document": ("سند", "Document"),

# ---- effect. ----------------------------------------------------------------------------------------------
    "effect.success": ("عامل موفقیت", "Success factor"),
    "effect.failure": ("عامل شکست", "Failure factor"),

# ---- summary. ----------------------------------------------------------------------------------------------
    "summary.glance": ("طرح در یک نگاه", "The plan on a page"),
    "summary.figures": ("ارقام کلیدی", "Key figures"),
    "summary.process": ("فرایند و مراحل", "Process and stages"),
    "summary.challenges": ("چالش‌ها", "Challenges"),
    "summary.outcomes": ("دستاوردهای مورد انتظار", "Expected outcomes"),
    "summary.outcomes_note": ("این‌ها دستاوردهای مورد انتظار طرح به روایت فراخوان‌اند، نه نتایج اندازه‌گیری‌شده.",
                      "These are the plan's expected outcomes as the call states them, not measured results."),
    "summary.gaps": ("آنچه هنوز باید گردآوری شود", "What is still to be gathered"),
    "summary.gaps_note": ("فهرست کامل در پیوست گزارش جامع آمده است.", "The full list is in the annex of the comprehensive report."),
    "summary.more": ("نسخه کامل", "The full package"),

# ---- question. ----------------------------------------------------------------------------------------------
    "question.institutional": ("هماهنگی میان واحدهای درگیر با کیست و آیا به‌صورت کتبی توافق شده است؟",
                      "Who coordinates the units involved, and is it agreed in writing?"),
    "question.legal": ("مبنای قانونی اجرا روشن است و با نهادهای ذی‌ربط هماهنگ شده است؟",
              "Is the legal basis clear and agreed with the bodies concerned?"),
    "question.financial": ("منابع مالی اجرا تأمین و منبع آن قطعی شده است؟", "Is the funding secured and its source confirmed?"),
    "question.social": ("گروه‌های اثرپذیر چگونه آگاه می‌شوند و صدایشان شنیده می‌شود؟",
               "How will the groups affected be informed and heard?"),
    "question.persuasion": ("برای پذیرش کسانی که باید تغییر را بپذیرند چه برنامه‌ای دارید (اطلاع‌رسانی، آموزش، مشوق)؟",
                   "How will you win over those who must accept the change (publicity, training, incentives)?"),
    "question.technical": ("زیرساخت فناوری لازم آماده است و مسئول ساخت آن مشخص است؟",
                  "Is the IT infrastructure in place, and is it clear who builds it?"),
    "question.cultural": ("کدام عادت‌ها باید تغییر کنند و این تغییر چگونه پشتیبانی می‌شود؟",
                 "Which habits must change, and how will the change be supported?"),
    "question.valuation": ("ارزش یا سنجه اصلی چگونه پایدار نگه داشته و پایش می‌شود؟",
                  "How will the key value or measure be kept stable and monitored?"),

# ---- check. ----------------------------------------------------------------------------------------------
    "question.general": ("این چالش در طرح شما چگونه مدیریت می‌شود؟", "How will your plan handle this challenge?"),
    "check.derived": ("برگرفته از «{source}»: چالش‌ها و ملاحظاتی که این منبع برای {plan} برشمرده است؛ این‌ها "
                      "درس‌آموخته‌های گزارش‌شده از سوی مجریان نیستند.",
                      "Derived from {source}: the challenges and concerns it lists for {plan}. These are not lessons "
                      "reported by the people who ran it."),
    "check.use": ("برای تیم‌های اجرای ۱۶ طرح باقی‌مانده برنامه تحول: پیش از آغاز اجرا به هر پرسش پاسخ دهید و پاسخ و "
            "مسئول آن را ثبت کنید.",
            "For the teams running the 16 remaining transformation plans: answer each question before "
            "implementation starts, and record the answer and who owns it."),
    "check.h_use": ("راهنمای استفاده", "How to use this checklist"),
    "check.h_checks": ("پرسش‌های آمادگی برگرفته از چالش‌های طرح", "Readiness checks derived from the plan's challenges"),
    "check.h_lessons": ("درس‌آموخته‌های گردآوری‌شده", "Lessons gathered from the plan"),
    "check.no_lessons": ("هنوز درس‌آموخته‌ای گردآوری نشده است (بخش ۶ گزارش جامع خالی است). درس‌آموخته‌هایی که از مصاحبه، "
                   "صورت‌جلسه یا سند ثبت شوند، با منبعشان در این بخش می‌آیند.",
                   "No lessons have been gathered yet (section 6 of the comprehensive report is empty). Lessons "
                   "recorded from interviews, minutes or documents will appear here with their sources."),
    "check.met": ("چالش طرح", "The plan's challenge"),
    "check.apply": ("آیا این درس در طرح شما به کار گرفته شده است؟", "Has your plan taken this lesson on board?"),
    "check.general": ("عمومی", "General"),
    "check.h_more": ("نسخه کامل", "The full package"),
    "check.this_plan": ("این طرح", "this plan"),
    "check.this_topic": ("این موضوع", "this topic"),
    "check.answer": ("پاسخ، مسئول و موعد:", "Answer, owner and due date:"),

# ---- bundle.kind. ----------------------------------------------------------------------------------------------
    "bundle.kind.deck": ("ارائه آموزشی قابل ویرایش (۱۶:۹) با یادداشت سخنران", "editable training deck (16:9) with speaker notes"),
    "bundle.kind.video": ("فیلم موشن‌گرافیک", "motion-graphic video"),
    "bundle.kind.subtitles": ("زیرنویس فیلم", "video captions"),
    "bundle.kind.chapters": ("فصل‌های فیلم", "video chapters"),
    "bundle.kind.podcast": ("پادکست", "podcast episode"),
    "bundle.kind.podcast-transcript": ("متن کامل پادکست", "podcast transcript"),
    "bundle.kind.podcast-subtitles": ("زیرنویس زمان‌دار پادکست", "timed podcast transcript (WebVTT)"),
    "bundle.kind.podcast-cover": ("جلد پادکست", "podcast cover"),
    "bundle.kind.audiogram": ("کلیپ صوتی پادکست (ویدئو برای شبکه‌های اجتماعی)", "podcast audiogram (video for social networks)"),
    "bundle.kind.infographic": ("اینفوگرافیک", "infographic"),
    "bundle.kind.infographic-data": ("داده‌های اینفوگرافیک (CSV)", "infographic data (CSV)"),
    "bundle.kind.contact-sheet": ("نمای کلی اینفوگرافیک‌ها", "contact sheet of the infographics"),
    "bundle.kind.poster": ("پوستر چاپی (PDF)", "print poster (PDF)"),
    "bundle.kind.poster-preview": ("پیش‌نمایش پوستر", "poster preview"),
    "bundle.kind.poster-social": ("نسخه شبکه‌های اجتماعی پوستر", "poster for social media"),
    "bundle.kind.report": ("گزارش کامل", "full report"),
    "bundle.kind.summary": ("خلاصه مدیریتی", "executive summary"),
    "bundle.kind.checklist": ("فهرست وارسی", "checklist"),
    "bundle.kind.guide": ("راهنمای اجرایی", "implementation guide"),
    "bundle.kind.upload": ("متن بارگذاری فیلم (عنوان، توضیحات، فصل‌ها، برچسب‌ها)",
                           "the film's upload text (title, description, chapters, tags)"),
    "bundle.kind.thumbnail": ("تصویر بندانگشتی فیلم (۱۲۸۰×۷۲۰)", "the film's thumbnail (1280x720)"),

# ---- upload. (the upload kit of a film: what a video platform's form asks for) --------------------------
    "upload.title": ("عنوان", "Title"),
    "upload.description": ("توضیحات", "Description"),
    "upload.page": ("صفحهٔ طرح", "The plan's page"),
    "upload.chapters": ("فصل‌ها", "Chapters"),
    "upload.tags": ("برچسب‌ها", "Tags"),
    "upload.no_chapters": ("فهرست فصل ندارد: یوتیوب و آپارات دست‌کم سه فصل می‌خواهند که هرکدام دست‌کم ده ثانیه باشد "
                           "و این فیلم {count} فصل ده‌ثانیه‌ای یا بلندتر دارد.",
                           "No chapter list: YouTube and Aparat need at least three chapters of at least 10 s each, "
                           "and this film has {count} such chapters."),

# ---- bundle.part. ----------------------------------------------------------------------------------------------
    "bundle.part.deck": ("ارائه آموزشی", "training deck"),
    "bundle.part.video": ("فیلم", "video"),
    "bundle.part.podcast": ("پادکست", "podcast"),
    "bundle.part.infographics": ("اینفوگرافیک‌ها", "infographics"),
    "bundle.part.poster": ("پوسترها", "posters"),
    "bundle.part.documents": ("گزارش کامل، خلاصه مدیریتی و فهرست وارسی", "full report, executive summary and checklist"),

# ---- deck. ----------------------------------------------------------------------------------------------
    "deck.deck": ("ارائه آموزشی", "Training deck"),
    "deck.agenda": ("دستور کار جلسه", "Agenda"),
    "deck.key_figures": ("ارقام کلیدی و منابع آن‌ها", "Key figures and their sources"),
    "deck.figure": ("رقم", "Figure"),
    "deck.what": ("شرح", "What it counts"),
    "deck.source_col": ("منبع", "Source"),
    "deck.checklist": ("فهرست وارسی جلسه", "Session checklist"),
    "deck.done": ("انجام شد", "Done"),
    "deck.area": ("حوزه", "Area"),
    "deck.check": ("پرسش", "Check"),
    "deck.from": ("برگرفته از", "Comes from"),
    "deck.lesson": ("درس‌آموخته", "Lesson"),
    "deck.no_lessons": ("هنوز درس‌آموخته‌ای گردآوری نشده است؛ درس‌آموخته‌هایی که ثبت شوند به این فهرست افزوده می‌شوند.",
                   "No lessons have been gathered yet; lessons gathered from interviews, minutes or documents join this list."),
    "deck.learn_more": ("برای آگاهی بیشتر", "Learn more"),
    "deck.package": ("فیلم، پادکست، اینفوگرافیک‌ها، پوسترها و گزارش‌های این طرح در صفحه آن است.",
                "The plan's page has its video, podcast, infographics, posters and reports."),
    "deck.illustrative_figure": ("نمایشی؛ از منابع نیست", "Illustrative; not from the sources"),
    "deck.guide": ("راهنمای اجرایی این طرح (در صفحه طرح و بسته مربی):", "This plan's implementation guide (on its page and in the trainer bundle):"),
    "deck.qr_alt": ("کد QR نشانی صفحه طرح", "QR code of the plan's page"),

# ---- the site (headings, labels, buttons) -----------------------------------------------------------------
    "package_title": ("بسته‌های انتقال دانش طرح‌های تحول", "Knowledge transfer packages of the transformation plans"),
    "package_intro": ("فیلم، پادکست، اینفوگرافیک، پوستر و داده‌های هر طرح، به فارسی و انگلیسی، در یک جا.",
                      "Each plan's film, podcast, infographics, posters and data, in Persian and English, in one place."),
    "site_name": ("بسته‌های انتقال دانش", "Knowledge packages"),
    "home": ("خانه", "Home"),
    "other_lang": ("English", "فارسی"),
    "other_lang_label": ("نسخه انگلیسی این صفحه", "Persian version of this page"),
    "skip": ("رفتن به محتوای اصلی", "Skip to the content"),
    "plans": ("طرح‌ها و موضوع‌ها", "Plans and topics"),
    "open_page": ("دیدن بسته", "Open the package"),
    "summary": ("خلاصه", "Summary"),
    "contents": ("در این صفحه", "On this page"),
    "key_figures": ("ارقام کلیدی", "Key figures"),
    "report": ("گزارش", "Report"),
    "report_intro": ("بخش‌های گزارش به ساختار هشت‌بخشی فراخوان، تا جایی که منابع محتوا می‌دهند.",
                     "The report's sections in the call's eight-part structure, as far as the sources give content."),
    "gap": ("منابع برای این بخش هنوز محتوایی نداده‌اند؛ باید گردآوری شود.",
            "The sources give nothing for this section yet: it is still to be gathered."),
    "gap_what": ("آنچه باید گردآوری شود", "Still to be gathered"),
    "video": ("فیلم", "Film"),
    "video_vertical": ("نسخه عمودی (۹:۱۶) برای شبکه‌های اجتماعی", "Vertical cut (9:16) for social networks"),
    "captions": ("زیرنویس", "Captions"),
    "chapters": ("فصل‌ها", "Chapters"),
    "podcast": ("پادکست", "Podcast"),
    "transcript": ("متن کامل پادکست", "Transcript"),
    "feed": ("خوراک پادکست (RSS)", "Podcast feed (RSS)"),
    "audiograms": ("کلیپ‌های صوتی پادکست برای شبکه‌های اجتماعی", "Audiograms of the podcast for social networks"),
    "audiogram_9x16": ("عمودی (۹:۱۶)", "Vertical (9:16)"),
    "audiogram_1x1": ("مربع (۱:۱)", "Square (1:1)"),
    "audiogram_from": ("از", "from"),
    "speaker.host": ("میزبان", "Host"),
    "speaker.guest": ("مهمان", "Guest"),
    "infographics": ("اینفوگرافیک‌ها", "Infographics"),
    "posters": ("پوسترها", "Posters"),
    "social_card": ("کارت شبکه‌های اجتماعی", "Social card"),
    "documents": ("اسناد و بسته آموزشی", "Documents and trainer's pack"),
    "downloads": ("دریافت", "Download"),
    "data_csv": ("داده (CSV)", "Data (CSV)"),
    "sections_cited": ("بخش‌های استنادشده", "Sections cited"),
    "dashboard": ("داشبورد تعاملی", "Interactive dashboard"),
    "dashboard_intro": ("چالش‌ها و پیامدهای مورد انتظار هر طرح به تفکیک دسته، و ارقام بسته با منبع هر رقم. "
                        "با کلیدهای جهت روی نمودار حرکت کنید.",
                        "Each plan's challenges and expected outcomes by category, and the package's figures with the "
                        "source of each. Use the arrow keys on the chart."),
    "measure": ("نمایش", "Show"),
    "challenges": ("چالش‌ها", "Challenges"),
    "outcomes": ("پیامدهای مورد انتظار", "Expected outcomes"),
    "filter_plans": ("طرح‌ها", "Plans"),
    "filter_categories": ("دسته‌ها", "Categories"),
    "category": ("دسته", "Category"),
    "listed": ("تعداد", "Listed"),
    "items": ("موارد", "Items"),
    "listed_unit": ("مورد", "listed"),
    "axis_challenges": ("چالش‌های فهرست‌شده، به تفکیک دسته", "Challenges listed, by category"),
    "axis_outcomes": ("پیامدهای مورد انتظار فهرست‌شده، به تفکیک دسته", "Expected outcomes listed, by category"),
    "count_table": ("چالش‌ها و پیامدهای مورد انتظار هر طرح، به تفکیک دسته", "Each plan's challenges and expected outcomes, by category"),
    "figures_table": ("ارقام همه طرح‌ها و منبع هر رقم", "Every plan's figures and the source of each"),
    "figure": ("رقم", "Figure"),
    "value": ("مقدار", "Value"),
    "plan_col": ("طرح یا موضوع", "Plan or topic"),
    "status_sourced": ("از منابع", "From the sources"),
    "status_illustrative": ("نمایشی", "Illustrative"),
    "draft_short": ("پیش‌نویس", "Draft"),
    "approved_short": ("تأییدشده", "Approved"),
    "search": ("جست‌وجو", "Search"),
    "search_label": ("جست‌وجو در عنوان‌ها، بخش‌ها و متن پادکست‌ها", "Search titles, sections and transcripts"),
    "search_button": ("بگرد", "Search"),
    "no_results": ("چیزی پیدا نشد.", "Nothing found."),
    "results": ("نتیجه", "results"),
    "open_data": ("داده‌های باز", "Open data"),
    "open_data_intro": ("همه ارقام بسته با عنوان، واحد، وضعیت و منبع؛ بدون ثبت‌نام، در قالب‌های باز.",
                        "Every figure of the package with its label, unit, status and source; no registration, open formats."),
    "feeds": ("خوراک‌ها", "Feeds"),
    "checksum": ("چکیده SHA-256", "SHA-256"),
    "pages": ("صفحه", "pages"),
    "kind_report": ("گزارش کامل (PDF)", "Full report (PDF)"),
    "kind_summary": ("خلاصه مدیریتی (PDF)", "Executive summary (PDF)"),
    "kind_checklist": ("چک‌لیست درس‌ها و آمادگی (PDF)", "Lessons and readiness checklist (PDF)"),
    "kind_deck": ("ارائه آموزشی", "Training deck"),
    "kind_bundle": ("بسته مربی", "Trainer's bundle"),
    "mp4": ("فیلم (MP4)", "Film (MP4)"),
    "mp3": ("پادکست (MP3)", "Podcast (MP3)"),
    "txt": ("متن (TXT)", "Text (TXT)"),
    "vtt": ("زیرنویس (WebVTT)", "Captions (WebVTT)"),
    "srt": ("زیرنویس (SRT)", "Captions (SRT)"),
    "pdf": ("PDF", "PDF"),
    "size_square": ("مربع", "Square"),
    "size_portrait": ("عمودی ۴:۵", "Portrait 4:5"),
    "size_story": ("استوری ۹:۱۶", "Story 9:16"),
    "size_landscape": ("افقی ۱۶:۹", "Landscape 16:9"),
    "size_a4": ("A4 برای چاپ", "A4 for print"),
    "preview": ("پیش‌نمایش", "Preview"),
    "generated": ("ساخته‌شده با media", "Made with media"),
    "not_yet": ("هنوز ساخته نشده است.", "Not built yet."),
    "plan_n": ("طرح", "Plan"),
    "chart_label": ("نمودار میله‌ای", "Bar chart"),
    "table_hint": ("جدول هم‌ارز نمودار: هر طرح، هر دسته، موارد و منبع", "The chart as a table: each plan, category, items and source"),
    "chart_help": ("هر میله یک طرح است و هر بخش آن یک دسته؛ برای دیدن موارد و منبع، نشانگر را روی بخش‌ها ببرید یا با کلیدهای جهت حرکت کنید.",
                   "Each bar is a plan and each segment a category; point at a segment, or move with the arrow keys, to read its items and source."),

# ---- guide. (the implementation guide) ---------------------------------------------------------------------
    "doc.guide": ("راهنمای اجرایی", "Implementation guide"),
    "guide.subtitle": ("برای کسانی که طرحی مانند این را در جای دیگری اجرا می‌کنند؛ فقط از آنچه منابع می‌گویند",
                       "For those who would run a plan like this elsewhere; built only from what the sources say"),
    "guide.about": ("این راهنما فقط از داستان‌نمای طرح ساخته شده است. هرچه منابع نمی‌گویند (نقش‌ها، نیازهای هر فعالیت، "
                    "تاریخ‌ها، بودجه، درس‌آموخته‌ها) پر نشده و در بخش «هنوز گردآوری نشده» آمده است.",
                    "This guide is built from the plan's storyboard only. What the sources do not say (roles, what each "
                    "activity needs, dates, budget, lessons learned) is not filled in but listed under \"still to be gathered\"."),
    "guide.h_goal": ("هدف و دامنه", "Goal and scope"),
    "guide.h_prereq": ("پیش‌نیازها و اسناد بالادستی", "Prerequisites and upstream documents"),
    "guide.prereq_docs": ("اسنادی که این راهنما بر آن‌ها تکیه دارد", "Documents this guide relies on"),
    "guide.h_steps": ("فعالیت‌ها و مراحل به ترتیب", "Activities and phases in order"),
    "guide.needs": ("نیازها", "What it needs"),
    "guide.needs_gap": ("نیازهای هر فعالیت و مرحله (نیرو، بودجه، سامانه، مجوز) در منابع نیامده است.",
                        "What each activity and phase needs (people, budget, systems, permits) is not in the sources."),
    "guide.h_people": ("دست‌اندرکاران", "Who is involved"),
    "guide.people_gap": ("منابع نام یا نقش دست‌اندرکاران را نمی‌دهند؛ باید گردآوری شود.",
                         "The sources name no one involved and no role; to be gathered."),
    "guide.h_risks": ("ریسک‌ها (از چالش‌های برشمرده)", "Risks (from the challenges listed)"),
    "guide.h_checklist": ("چک‌لیست آمادگی", "Readiness checklist"),
    "guide.h_lessons": ("درس‌آموخته‌ها", "Lessons learned"),
    "guide.h_gaps": ("هنوز گردآوری نشده", "Still to be gathered"),
    "guide.gaps_intro": ("این موارد را منابع نمی‌دهند؛ راهنما آن‌ها را پر نمی‌کند.",
                         "The sources do not give these; the guide does not fill them in."),
    "guide.col_part": ("بخش راهنما", "Part of the guide"),
    "guide.col_item": ("مورد", "Item"),
    "guide.step_needs": ("نیازهای هر فعالیت یا مرحله", "What each activity or phase needs"),
    "guide.no_steps": ("منابع فعالیت‌ها یا مراحل طرح را به ترتیب نمی‌دهند.", "The sources do not give the plan's activities or phases in order."),
    "book_section": ("کتاب و کتاب الکترونیک", "The book and the e-book"),
    "kind_ebook": ("کتاب الکترونیک (EPUB)", "E-book (EPUB)"),
    "kind_book": ("کتاب (PDF)", "Book (PDF)"),
    "kind_book-print": ("کتاب برای چاپ (PDF، با لبه برش و نشانه‌های برش)", "Book for print (PDF, bleed and crop marks)"),
    "kind_book-cover": ("جلد کتاب برای چاپ (PDF)", "Book cover for print (PDF)"),
    "kind_guide": ("راهنمای اجرایی (PDF)", "Implementation guide (PDF)"),

# ---- book. and epub. (the package-wide book and e-book) ------------------------------------------------------
    "doc.book": ("کتاب", "Book"),
    "book.title": ("مستندسازی طرح‌های تحول سازمان تأمین اجتماعی", "Documenting the SSO's transformation plans"),
    "book.subtitle": ("کتاب بسته دانشی: گزارش طرح‌ها از روی اسناد منبع", "The knowledge package as a book: the plans as the source documents give them"),
    "book.colophon": ("شناسنامه", "Colophon"),
    "book.foreword": ("پیش‌گفتار: برنامه تحول", "Foreword: the transformation programme"),
    "book.foreword_text": ("سازمان تأمین اجتماعی بیش از ۶۰ مسئله و گلوگاه را شناسایی کرد و ۲۰ طرح تحولی طراحی کرد؛ "
                           "چهار طرح (۱۲، ۱۴، ۱۵ و ۱۸) سیاست‌گذاری را به پایان رسانده و وارد مرحله اجرا شده‌اند و ۱۶ طرح "
                           "باقی مانده است. این کتاب هر طرح را فقط از روی اسناد منبع شرح می‌دهد؛ آنچه منابع نمی‌دهند در پیوست "
                           "هر بخش فهرست شده و پر نشده است. دستاوردها مورد انتظارند، نه تحقق‌یافته.",
                           "The SSO identified more than 60 problems and bottlenecks and designed 20 transformation plans; "
                           "four of them (12, 14, 15 and 18) finished policy-making and entered execution, and 16 remain. "
                           "This book describes each topic from the source documents only; what they do not give is listed, "
                           "not filled in, in each part's annex. Outcomes are expected, not achieved."),
    "book.foreword_source": ("منبع: فراخوان مستندسازی طرح‌های تحولی، مقدمه", "Source: the call for proposals, introduction"),
    "book.part": ("بخش", "Part"),
    "book.gaps": ("پیوست: هنوز گردآوری نشده", "Annex: still to be gathered"),
    "book.sources": ("فهرست منابع", "List of sources"),
    "book.approval": ("وضعیت انتشار", "Publication status"),
    "book.approved_parts": ("بخش‌های دارای مجوز انتشار", "Parts approved for publication"),
    "book.draft_parts": ("بخش‌های پیش‌نویس", "Parts still in draft"),
    "book.isbn": ("شابک", "ISBN"),
    "book.font": ("قلم", "Typeface"),
    "book.font_text": ("وزیرمتن (Vazirmatn)، با مجوز SIL Open Font License 1.1", "Vazirmatn, under the SIL Open Font License 1.1"),
    "epub.licence": ("مجوز قلم وزیرمتن", "The Vazirmatn font licence"),
    "epub.a11y": ("متن کامل با ساختار سرفصل‌ها، فهرست و نشانه‌های ناوبری؛ هر تصویر متن جایگزین دارد و ارقام جدول‌ها منبع خود را دارند. "
                  "متن فارسی راست به چپ است.",
                  "Full text with a heading structure, a table of contents and navigation landmarks; every image has a text "
                  "alternative and every figure in a table its source. Persian text reads right to left."),
    "epub.nav": ("راهنمای کتاب", "Guide"),
    "epub.start": ("آغاز متن", "Start of content"),
    # the source pack (sources.zip) and the editing folders: what they are, how to rebuild and open them
    "sources.pack_title": ("بستهٔ منبع", "Source pack"),
    "sources.pack_intro": ("هرچه برای ساختن دوبارهٔ خروجی‌های این استوری‌بورد لازم است: استوری‌بورد، package.yaml، "
                           "تصویرها و صداهای ضبط‌شده‌ای که نام می‌برد، و قلم وزیرمتن با مجوزش.",
                           "Everything needed to build this storyboard's outputs again: the storyboard, package.yaml, "
                           "the images and recordings it names, and the Vazirmatn font with its licence."),
    "sources.pack_rebuild": ("برای ساختن دوباره، این فرمان را در همین پوشه اجرا کنید (با media نسخهٔ {version}):",
                             "To rebuild, run this command in this folder (with media {version}):"),
    "sources.pack_same": ("همان نسخهٔ media همان فایل‌ها را بایت به بایت می‌سازد.",
                          "The same media version makes the same files, byte for byte."),
    "sources.pack_contents": ("محتوا", "Contents"),
    "sources.edit_title": ("پوشهٔ تدوین فیلم", "The film's editing folder"),
    "sources.edit_intro": ("همین فیلم، تکه‌تکه، برای تدوین دوباره: هر صحنه یک فایل، صدای گوینده و موسیقی جدا، و پروژه‌هایی "
                           "که آن‌ها را درست همان‌جا که در فیلم هستند می‌چینند. نشانی‌ها نسبی‌اند: کل پوشه را جابه‌جا کنید.",
                           "The same film in pieces, to edit again: each scene as a file, the narration and the music "
                           "apart, and projects that place them exactly where the film has them. Paths are relative: "
                           "move the whole folder."),
    "sources.edit_clips": ("clips/: هر صحنه یک فایل ویدئویی (بی‌صدا)، بریده از فیلم بدون فشرده‌سازی دوباره",
                           "clips/: each scene as an MP4 (no sound), cut from the film without re-encoding"),
    "sources.edit_narration": ("narration/: صدای گوینده هر صحنه (WAV)", "narration/: each scene's narration (WAV)"),
    "sources.edit_music": ("music-bed.wav: موسیقی زمینه در طول فیلم، همان‌قدر که زیر صدا کم می‌شود",
                           "music-bed.wav: the music bed for the whole film, ducked under the voice as in the film"),
    "sources.edit_mix": ("mix.m4a: صدای نهایی فیلم", "mix.m4a: the film's final sound"),
    "sources.edit_srt": ("captions.srt: زیرنویس", "captions.srt: the captions"),
    "sources.edit_otio": ("timeline.otio: خط زمان OpenTimelineIO (با نشانه‌های فصل‌ها)",
                          "timeline.otio: the OpenTimelineIO timeline (with the chapters as markers)"),
    "sources.edit_kdenlive": ("project.kdenlive: پروژهٔ Kdenlive؛ با Kdenlive باز کنید",
                              "project.kdenlive: a Kdenlive project; open it in Kdenlive"),
    "sources.edit_fcp": ("project-fcp7.xml: پروژهٔ Final Cut Pro (XML)؛ در Premiere Pro یا DaVinci Resolve «Import» کنید",
                         "project-fcp7.xml: a Final Cut Pro 7 XML; import it in Premiere Pro or DaVinci Resolve"),
    "sources.edit_font": ("متن‌های روی تصویر در خود قاب‌ها هستند؛ قلم وزیرمتن در بستهٔ منبع (sources.zip) است.",
                          "The texts on screen are in the pictures; the Vazirmatn font is in the source pack (sources.zip)."),
    "sources.for_editors": ("برای طراحان و تدوینگران", "For editors"),
    "sources.editors_hint": ("پرونده‌های ویرایش‌پذیر: هر گرافیک به SVG (متن‌ها متن‌اند، با قلم وزیرمتن)، برای هر فیلم پوشهٔ تدوین "
                             "با صحنه‌ها، صداهای جدا و پروژه‌های Kdenlive و Premiere/Resolve، و بستهٔ منبع برای ساختن دوبارهٔ همه.",
                             "Editable files: every graphic as SVG (texts stay text, in Vazirmatn), an editing folder for "
                             "every film with its scenes, separate sound and Kdenlive and Premiere/Resolve projects, and the "
                             "source pack that builds everything again."),
    "sources.kind_pack": ("بستهٔ منبع (ZIP)", "Source pack (ZIP)"),
    "sources.kind_svg": ("SVG ویرایش‌پذیر", "Editable SVG"),
    "sources.kind_kdenlive": ("پروژهٔ Kdenlive", "Kdenlive project"),
    "sources.kind_fcp": ("Final Cut Pro 7 XML (Premiere، Resolve)", "Final Cut Pro 7 XML (Premiere, Resolve)"),
    "sources.kind_otio": ("خط زمان OpenTimelineIO", "OpenTimelineIO timeline"),
    "sources.kind_edit_readme": ("راهنمای پوشهٔ تدوین", "The editing folder's guide"),
}

STATUSES = tuple(k.split(".", 1)[1] for k in WORDS if k.startswith("status."))
CATEGORIES = tuple(k.split(".", 1)[1] for k in WORDS if k.startswith("category."))


def word(key: str, lang: str) -> str:
    """The word `key` in `lang` ('fa' or 'en')."""
    fa, en = WORDS[key]
    return fa if lang == "fa" else en


def has_word(key: str) -> bool:
    return key in WORDS


def bilingual(key: str) -> dict[str, str]:
    fa, en = WORDS[key]
    return {"fa": fa, "en": en}


def status_word(status: str, lang: str) -> str:
    """'expected' / «مورد انتظار» for a `Claim.status`."""
    return word(f"status.{status}", lang)


def status_label(status: str, lang: str) -> str:
    """The status as a label on its own (capitalised in English): 'Expected'."""
    text = status_word(status, lang)
    return text[:1].upper() + text[1:] if lang == "en" else text


def category_label(category: str, lang: str) -> str:
    return word(f"category.{category}", lang)
