"""The storyboard schema: one typed, documented, immutable model per topic (package settings: `media.storyboard.settings`).

Every builder reads these models and nothing else. Text a person sees is `Bilingual` ({fa, en});
every number shown is a `Figure` that carries its `source` (or is flagged `illustrative`).

Claims (`Claim`: figures, steps and phases, challenge/outcome items, quotes) may say how far the thing
they describe has got (`status`), when the seed said so (`date`, or `undated`) and who said it when the
seed is a reported statement (`reported_by`). Builders show the status in words in every medium; the
words for each status, in both languages, are `media.content.words (`status.<status>`)`
(`status_word(status, lang)`, and `claim_note(claim, lang)` for the whole line). The rules (an
`achieved` claim needs its own `source`, a reported statement needs its `date`, outcomes and phases
need a status, a scene showing claims says their status aloud, a count in a heading matches what is
shown) are checked by `media.storyboard.claims` with located errors.

Publication: a storyboard without `approval` is a draft (`Storyboard.status`, `is_draft`) and every
output carries `media.content.words.word("draft_mark", lang)`. A storyboard is confidential (never
sent to an online engine) unless it says `confidential: false`.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from media.storyboard import values

Lang = Literal["fa", "en"]
SIZE_NAMES = ("square", "portrait", "story", "landscape", "a4")
SizeName = Literal["square", "portrait", "story", "landscape", "a4"]
CATEGORY_NAMES = (
    "institutional", "legal", "financial", "social", "persuasion", "technical", "cultural",
    "valuation", "governance", "economic", "technological", "organizational", "knowledge",
)
Category = Literal[
    "institutional", "legal", "financial", "social", "persuasion", "technical", "cultural",
    "valuation", "governance", "economic", "technological", "organizational", "knowledge",
]
_ARABIC_LETTERS = re.compile("[\u064a\u0643\u0649]")  # Arabic yeh, kaf, alef maksura
_ID = r"^[a-z0-9][a-z0-9-]*$"
MAX_ID = 64  # ids name output files; far below the 255 bytes a file name may have
MAX_VALUE = 1e18  # a figure or bar beyond this is a typo (and no box could show its digits)


class Model(BaseModel):
    """Base: unknown keys are errors, instances are immutable (modify with `model_copy`)."""

    # allow_inf_nan=False: NaN and infinity (`.nan`, `1e999`) are refused where they are written
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


class Bilingual(Model):
    """A text in Persian and English. A missing translation is an error for a language being built."""

    fa: str | None = Field(None, description="Persian text (Persian ی and ک, half-spaces as ZWNJ).")
    en: str | None = Field(None, description="English text.")

    @field_validator("fa")
    @classmethod
    def _persian_orthography(cls, v: str | None) -> str | None:
        if v is not None and _ARABIC_LETTERS.search(v):
            raise ValueError("use Persian ی and ک (U+06CC, U+06A9), not Arabic ي ك ى")
        return v

    @field_validator("fa", "en")
    @classmethod
    def _not_blank(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("empty text; leave the key out instead")
        return v

    def get(self, lang: str) -> str:
        value = getattr(self, lang)
        if value is None:  # validate_for_lang() guarantees this never reaches a builder
            raise KeyError(lang)
        return value


class Source(Model):
    """Where a figure or claim comes from: a seed document declared in package settings, and a section."""

    seed: str = Field(description="Key of a document in package.yaml `sources` (e.g. `rfp`).")
    section: Bilingual | str = Field(
        description="Section or passage of that document: {fa, en}, or one text for both (e.g. `§3`).")

    def section_text(self, lang: str) -> str:
        if isinstance(self.section, Bilingual):
            return self.section.get(lang) if getattr(self.section, lang) else (self.section.en or self.section.fa or "")
        return self.section


ClaimStatus = Literal["proposed", "planned", "under_study", "under_way", "about_to_operate", "expected", "achieved"]
CLAIM_STATUSES = ("proposed", "planned", "under_study", "under_way", "about_to_operate", "expected", "achieved")
_CLAIM_DATE = r"^(undated|\d{4}-\d{2}-\d{2}|1[34]\d{2}/\d{1,2}/\d{1,2})$"


class Claim(Model):
    """What a figure, step, item or quote claims about the world, and how far it has got.

    Words shown for each status: `media.content.words (`status.<status>`)`. Rules: `media.storyboard.claims`."""

    status: ClaimStatus | None = Field(
        None, description="How far it has got, as the seed says: proposed, planned, under_study, under_way "
                          "(entered execution), about_to_operate, expected, achieved (needs its own `source`).")
    date: Annotated[str | None, AfterValidator(values.real_date)] = Field(
        None, pattern=_CLAIM_DATE,
        description="When the seed says it was said or done: YYYY-MM-DD, a Jalali YYYY/MM/DD, or `undated` "
                    "(required with `reported_by`), a real day from 1900 to 2200. Shown with the claim.")
    reported_by: Bilingual | None = Field(
        None, description="Who said it, when the seed is a reported statement (news): shown as 'as reported by'.")
    source: Source | None = Field(None, description="Where the seed says so (required for `achieved`).")


class Figure(Claim):
    """A number shown to people. Its value is stored once; digits are localised at render time."""

    id: str = Field(pattern=_ID, max_length=MAX_ID)
    value: float = Field(ge=-MAX_VALUE, le=MAX_VALUE, description="The number, e.g. 60 or 1.3.")
    decimals: int = Field(0, ge=0, le=3, description="Digits after the decimal point when shown.")
    grouping: bool = Field(True, description="Thousands separators (false for years and codes: 1430, 42276).")
    low: float | None = Field(None, ge=-MAX_VALUE, le=MAX_VALUE,
                              description="For a range: its lower end; the figure reads 'low to value' (3 to 6).")
    prefix: Bilingual | None = Field(None, description="Shown before the number, e.g. 'more than'.")
    unit: Bilingual | None = Field(None, description="Shown after the number, e.g. 'billion toman', '%'.")
    label: Bilingual = Field(description="What the number counts.")
    source: Source | None = None
    illustrative: bool = Field(False, description="Not from the sources: builders label it visibly.")

    @model_validator(mode="after")
    def _sourced(self) -> "Figure":
        if self.source is None and not self.illustrative:
            raise ValueError("a figure needs a `source`, or `illustrative: true` if it is not from the seeds")
        if self.low is not None and self.low >= self.value:
            raise ValueError("a range's `low` must be less than its `value` (the upper end)")
        return self


class Step(Claim):
    """One step of a process or one phase of a timeline (a phase needs a `status`)."""

    title: Bilingual
    text: Bilingual | None = None
    period: Bilingual | None = Field(None, description="For timelines: when (e.g. 'phase 1').")


class CategoryItem(Claim):
    """A challenge or outcome under one category (institutional, legal, ...); an outcome needs a `status`."""

    category: Category
    text: Bilingual
    label: Bilingual | None = Field(
        None, description="The seed's own name for the category when it differs from the standard one "
                          "(e.g. «اقتناعی و فرهنگی», one category in plan 15); shown instead of it.")


class ChartBar(Model):
    label: Bilingual
    value: float = Field(ge=0, le=MAX_VALUE, description="Bar length (0 or more: bars grow from zero).")
    before: float | None = Field(None, ge=0, le=MAX_VALUE, description="Optional 'before' value for before/after charts.")


class Quote(Claim):
    text: Bilingual
    attribution: Bilingual
    source: Source | None = None


class _Infographic(Model):
    id: str = Field(pattern=_ID, max_length=MAX_ID, description="Unique within the storyboard; names the output files.")
    title: Bilingual
    subtitle: Bilingual | None = None
    sizes: list[SizeName] = Field(default_factory=lambda: ["square", "portrait", "landscape", "a4"],
                                  min_length=1)
    source: Source | None = None


class KeyFiguresInfographic(_Infographic):
    kind: Literal["key_figures"]
    figures: list[str] = Field(min_length=1, max_length=6, description="Ids of `figures`.")


class ProcessInfographic(_Infographic):
    kind: Literal["process"]
    steps: list[Step] = Field(min_length=2, max_length=7)


class TimelineInfographic(_Infographic):
    kind: Literal["timeline"]
    steps: list[Step] = Field(min_length=2, max_length=7)


class CategoriesInfographic(_Infographic):
    kind: Literal["challenges", "outcomes"]
    items: list[CategoryItem] = Field(min_length=1, max_length=8)


class ChartInfographic(_Infographic):
    kind: Literal["chart"]
    unit: Bilingual | None = None
    bars: list[ChartBar] = Field(min_length=1, max_length=8)
    illustrative: bool = Field(False, description="Data not from the seeds: labelled 'illustrative'.")

    @model_validator(mode="after")
    def _sourced(self) -> "ChartInfographic":
        if self.source is None and not self.illustrative:
            raise ValueError("a chart needs a `source`, or `illustrative: true` if its data is not from the seeds")
        return self


class QuoteInfographic(_Infographic):
    kind: Literal["quote"]
    quote: Quote


Infographic = Annotated[
    Union[KeyFiguresInfographic, ProcessInfographic, TimelineInfographic, CategoriesInfographic,
          ChartInfographic, QuoteInfographic],
    Field(discriminator="kind"),
]


class Narration(Model):
    """What is said, per language, and optionally a recorded voice-over that replaces synthesis."""

    fa: str | None = None
    en: str | None = None
    audio: dict[Lang, str] | None = Field(
        None, description="Recorded voice-over per language (path relative to the storyboard).")

    @field_validator("fa")
    @classmethod
    def _persian_orthography(cls, v: str | None) -> str | None:
        return Bilingual._persian_orthography(v)

    def text(self) -> Bilingual:
        return Bilingual(fa=self.fa, en=self.en)


class Section(Model):
    """One of the report's sections (the seed's 8-section structure), as far as the seed gives content."""

    id: str = Field(pattern=_ID, max_length=MAX_ID)
    number: int = Field(ge=1, le=8, description="Section number in the seed's 8-section report structure.")
    title: Bilingual
    body: Bilingual | None = None
    points: list[Bilingual] = Field(default_factory=list, max_length=100)


SceneLayout = Literal["title", "bullets", "figures", "process", "timeline", "categories", "chart",
                      "quote", "image", "outro", "footage", "interview"]
CLIP_LAYOUTS = ("footage", "interview")  # scenes showing a video clip (`media.video.footage`)
MAX_CLIP_S = 6 * 3600.0  # a clip longer than six hours is a mistake, not footage
_Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class Clip(Model):
    """A video clip from the project folder, trimmed to [in, out] (seconds of the file); checked when loaded
    (`media.storyboard.clips`: inside the project, decodes, has the streams it needs, long enough)."""

    path: str = Field(description="Video file (MP4, MOV, MKV, WebM) relative to the storyboard, inside the project.")
    in_: float = Field(0.0, alias="in", ge=0.0, le=MAX_CLIP_S, description="Start, seconds into the file.")
    out: float | None = Field(None, gt=0.0, le=MAX_CLIP_S,
                              description="End, seconds into the file (default: its end). The scene lasts out - in.")
    focus: tuple[_Fraction, _Fraction] = Field(
        (0.5, 0.5), description="The subject, as fractions of the picture's width and height from its top-left "
                                "corner: a crop to another aspect (9:16, 1:1) keeps it in the frame.")
    fit: Literal["fill", "fit"] = Field(
        "fill", description="`fill`: cover the frame, cropped around `focus`; `fit`: the whole picture, bars beside it.")
    sound: Literal["duck", "mute", "full"] | None = Field(
        None, description="The clip's own sound: `duck` (under the narration; default for footage), `mute`, "
                          "or `full` (default for an interview, whose sound is the point).")

    @model_validator(mode="after")
    def _ordered(self) -> "Clip":
        if self.out is not None and self.out <= self.in_:
            raise ValueError(f"`out` ({self.out:g}) must be after `in` ({self.in_:g})")
        return self


class Speaker(Claim):
    """Who speaks in an interview, named in the lower third. What they say is a reported statement (a quote):
    `date` (or `undated`) is required, `status` and `reported_by` as for any claim."""

    name: Bilingual = Field(description="The speaker's name, as they want it shown.")
    role: Bilingual | None = Field(None, description="Their role or office.")


class TranscriptLine(Model):
    """What is said in an interview, when: seconds within the trimmed clip (0 is the clip's `in`)."""

    start_s: float = Field(ge=0.0, le=MAX_CLIP_S)
    end_s: float = Field(gt=0.0, le=MAX_CLIP_S)
    text: Bilingual

    @model_validator(mode="after")
    def _ordered(self) -> "TranscriptLine":
        if self.end_s <= self.start_s:
            raise ValueError(f"`end_s` ({self.end_s:g}) must be after `start_s` ({self.start_s:g})")
        return self


class Scene(Model):
    """One scene of the motion-graphic video."""

    id: str = Field(pattern=_ID, max_length=MAX_ID)
    section: str | None = Field(None, description="Id of the `sections` entry this scene belongs to (chapter).")
    layout: SceneLayout
    heading: Bilingual
    bullets: list[Bilingual] = Field(default_factory=list, max_length=6)
    figures: list[str] = Field(default_factory=list, max_length=12, description="Ids of `figures` (layout: figures).")
    infographic: str | None = Field(None, description="Id of an infographic whose data the scene animates.")
    image: str | None = Field(None, description="Image path relative to the storyboard (layout: image).")
    caption: Bilingual | None = Field(None, description="What the photograph shows (layout: image), over its foot.")
    credit: Bilingual | None = Field(None, description="Who made the photograph or footage (layout: image, footage, "
                                                       "interview), shown small in a corner.")
    clip: Clip | None = Field(None, description="The video clip (layout: footage or interview).")
    speaker: Speaker | None = Field(None, description="Who speaks (layout: interview): name, role, date, status.")
    transcript: list[TranscriptLine] = Field(
        default_factory=list, max_length=2000,
        description="What the speaker says (layout: interview), subtitled and tagged with the speaker.")
    narration: Narration
    duration_s: float | None = Field(None, gt=0, le=600, description="Fixed duration; default: narration + padding.")


class PodcastSegment(Model):
    chapter: Bilingual | None = Field(None, description="Starts a new chapter with this title.")
    speaker: Literal["host", "guest"] = "host"
    text: Bilingual
    audio: dict[Lang, str] | None = Field(None, description="Recorded audio per language, replaces synthesis.")


SOUNDBITE_MIN_S = 15.0  # what social feeds play in full, and the Podcasting 2.0 soundbite's recommended range
SOUNDBITE_MAX_S = 60.0


class Soundbite(Model):
    """A moment of the episode to share: an audiogram (9:16 and 1:1 video) and a `podcast:soundbite` in the feed.
    Times are in the episode's MP3 (listen to it, or read the transcript's chapter times)."""

    start_s: float = Field(ge=0, le=36_000, description="Where it starts in the episode, in seconds.")
    duration_s: float = Field(ge=SOUNDBITE_MIN_S, le=SOUNDBITE_MAX_S, description="How long, 15 to 60 s.")
    title: Bilingual | None = Field(None, description="What it is about (the feed's soundbite title); default: none.")


class Podcast(Model):
    title: Bilingual
    description: Bilingual
    segments: list[PodcastSegment] = Field(min_length=1, max_length=1000)
    soundbites: list[Soundbite] = Field(
        default_factory=list, max_length=10,
        description="Moments to share as audiograms and feed soundbites; without any, the first chapter's opening "
                    "lines (15 to 60 s).")
    speakers: dict[Literal["host", "guest"], Bilingual] = Field(
        default_factory=dict, description="Who speaks each role, by name (the feed's `podcast:person`); a role "
                                          "without a name is listed by its role's word (Host, Guest).")

    @model_validator(mode="after")
    def _first_is_chapter(self) -> "Podcast":
        if self.segments[0].chapter is None:
            raise ValueError("the first segment must start a chapter (give it `chapter`)")
        return self

    @field_validator("soundbites")
    @classmethod
    def _distinct(cls, v: list[Soundbite]) -> list[Soundbite]:
        starts = [round(s.start_s, 3) for s in v]
        if len(set(starts)) != len(starts):
            raise ValueError("two soundbites start at the same time: each audiogram needs its own moment")
        return v


class Poster(Model):
    title: Bilingual
    subtitle: Bilingual | None = None
    figures: list[str] = Field(default_factory=list, max_length=4, description="Ids of `figures`.")
    points: list[Bilingual] = Field(min_length=3, max_length=5)
    graphic: str | None = Field(None, description="Id of a process or timeline infographic to draw.")
    sizes: list[Literal["A2", "A3", "A4", "A5"]] = Field(
        default_factory=lambda: ["A3", "A4"], min_length=1,
        description="Portrait ISO page sizes to print; the first one also gives the PNG preview.")


class Evidence(Model):
    """Where a lesson or a quotation was gathered: an interview, meeting minutes or a document."""

    kind: Literal["interview", "minutes", "document"]
    title: Bilingual = Field(description="What it is, e.g. 'Interview with the plan's executive manager'.")
    date: Annotated[str | None, AfterValidator(values.real_date)] = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="When, YYYY-MM-DD (Gregorian, 1900 to 2200).")
    reference: str | None = Field(None, description="File number or archive reference, if any.")


class Factor(Model):
    """A success or failure factor behind a lesson (one cell of the success/failure factor matrix)."""

    effect: Literal["success", "failure"]
    category: Category | None = Field(None, description="Institutional, legal, financial, ... (rows of the matrix).")
    text: Bilingual


class Quotation(Model):
    """A direct quotation from a manager, an implementer or a stakeholder, with who said it."""

    text: Bilingual
    attribution: Bilingual = Field(description="Name and role of the person quoted.")
    source: Evidence


class Lesson(Model):
    """A lesson learned (report section 6, the checklist, the deck), with the evidence it comes from."""

    id: str = Field(pattern=_ID)
    text: Bilingual
    source: Evidence
    factors: list[Factor] = Field(default_factory=list)
    quotes: list[Quotation] = Field(default_factory=list)


class Approval(Model):
    """The written permission to publish (the call forbids publishing anything without it)."""

    by: Bilingual | str = Field(description="Who gave the written permission (a name, an office).")
    date: Annotated[str, AfterValidator(values.real_date)] = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date of the permission, YYYY-MM-DD (Gregorian, 1900 to 2200).")
    reference: str = Field(min_length=1, description="Number or reference of the letter that gives it.")

    def by_text(self, lang: str) -> str:
        return self.by if isinstance(self.by, str) else (getattr(self.by, lang) or self.by.fa or self.by.en or "")


class Gather(Model):
    """Something this storyboard's own sources leave open (beyond what the call asks of every plan), such as an
    undated news item's date: listed as a gap in its report section and the gaps annex, never filled."""

    section: int = Field(ge=1, le=8, description="The report section (1-8) it belongs to.")
    text: Bilingual = Field(description="What is still to be gathered.")


class Storyboard(Model):
    """One topic (e.g. one transformation plan): the single source of every medium."""

    schema_: str | None = Field(None, alias="$schema", description="Ignored; for editors.")
    plan: int | None = Field(None, ge=0, le=9999, description="Plan number in the SSO transformation programme, if any.")
    title: Bilingual
    subtitle: Bilingual | None = None
    summary: Bilingual
    confidential: bool = Field(
        True, description="Confidential unless it says `confidential: false`: never sent to online engines "
                          "(`media validate` warns what would be sent where when false).")
    sections: list[Section] = Field(default_factory=list, max_length=50)
    figures: list[Figure] = Field(default_factory=list, max_length=200)
    infographics: list[Infographic] = Field(default_factory=list, max_length=100)
    scenes: list[Scene] = Field(default_factory=list, max_length=200)
    podcast: Podcast | None = None
    poster: Poster | None = None
    lessons: list[Lesson] = Field(
        default_factory=list, description="Lessons learned as gathered (interviews, minutes, documents): the "
                                          "report's section 6 and the checklist. The seeds give none.")
    to_gather: list[Gather] = Field(
        default_factory=list, max_length=100,
        description="What this storyboard's sources leave open beyond the call's own list (a news item's date, "
                    "whether a figure is current): gaps, never filled.")
    approval: Approval | None = Field(
        None, description="Written permission to publish. Without it the storyboard is a draft: every output "
                          "carries a visible draft mark.")
    updated: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Date of this version of the storyboard, YYYY-MM-DD (Gregorian): the date its outputs carry "
                    "(posters, documents, deck, bundle, feeds) until an approval date replaces it. Never the build "
                    "day, so the same storyboard gives the same files on any day.")

    @field_validator("updated")
    @classmethod
    def _real_updated(cls, v: str | None) -> str | None:
        import datetime

        if v is not None:
            try:
                datetime.date.fromisoformat(v)
            except ValueError:
                raise ValueError(f"'{v}' is not a real date (YYYY-MM-DD)") from None
        return v

    @property
    def status(self) -> Literal["draft", "approved"]:
        return "approved" if self.approval is not None else "draft"

    @property
    def is_draft(self) -> bool:
        return self.approval is None

    def figure(self, figure_id: str) -> Figure:
        for f in self.figures:
            if f.id == figure_id:
                return f
        raise KeyError(figure_id)

    def infographic(self, infographic_id: str):
        for i in self.infographics:
            if i.id == infographic_id:
                return i
        raise KeyError(infographic_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)
