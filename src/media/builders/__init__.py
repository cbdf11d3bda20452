"""Builders: one module per output kind. A builder *plans* jobs for a storyboard and language (what each
unit of output reads) and *runs* one job when the engine asks (`media.engine`); it never checks whether
its outputs are up to date. The registry maps names to classes, imported lazily."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, ClassVar

from media.content.dates import iso, package_date
from media.engine.execute import Deps
from media.engine.graph import toposort
from media.options import BuildOptions
from media.storyboard import LoadedStoryboard
from media.engine import Artifact, Job, PACKAGE, no_progress
from media.engine.keys import font_files
from media.errors import LayoutError
from media.storyboard.locate import locate_layout_error

# name -> "module:Class"; the order is the order of `--only` and of the help text.
_REGISTRY: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register a builder by name. Duplicate names are a programming error."""
    if name in _REGISTRY:
        raise ValueError(f"builder '{name}' is already registered ({_REGISTRY[name]})")
    _REGISTRY[name] = target


def names() -> list[str]:
    return list(_REGISTRY)


def target(name: str) -> str:
    return _REGISTRY[name]


def get(name: str) -> type["Builder"]:
    module, cls = _REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), cls)


class Builder:
    """Base class. Subclasses set `name` and `kinds` and implement `plan` and `run`."""

    name: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()  # artifact kinds this builder writes in the manifest

    def __init_subclass__(cls, **kw):
        """Every builder's `run` reports a text that does not fit at its storyboard key, even when the
        drawing code did not know the key (then at the text it quotes, or the storyboard's first line)."""
        super().__init_subclass__(**kw)
        run = cls.__dict__.get("run")
        if run is not None and not getattr(run, "_locates_layout", False):
            cls.run = _locating(run)

    def __init__(self, options: BuildOptions | None = None):
        self.options = options or BuildOptions()
        self.progress = no_progress  # the engine sets a sink: (label, fraction)

    # ---- what subclasses implement ---------------------------------------------------------------------

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        """The jobs for this storyboard and language, with what each reads. Cheap: nothing is drawn here.
        Refusals that must come before any output (privacy) are raised here."""
        raise NotImplementedError

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps: Deps) -> list[Artifact]:
        """Make one job's files in `out_dir` (a staging copy of output/<storyboard>/<lang>/)."""
        raise NotImplementedError

    def plan_package(self, storyboards: list[LoadedStoryboard], langs: tuple[str, ...]) -> list[Job]:
        """Package-wide jobs (home page, feeds, data package): `storyboard` is PACKAGE, and `run` gets the
        tuple of every storyboard of the build instead of one. Most builders have none."""
        return []

    def scopes(self, sb: LoadedStoryboard, lang: str) -> set[str]:
        """Scopes this builder plans for: recorded jobs of these scopes that are not planned again are
        removed with their files (an infographic deleted from the storyboard)."""
        return {self.name}

    # ---- helpers -------------------------------------------------------------------------------------------

    def job(self, sb: LoadedStoryboard | None, lang: str, name: str, inputs: Any, *, files=(), needs=(),
            params=None, cost_s: float = 1.0, scope: str = "") -> Job:
        """A job of this builder; `sb=None` for a package-wide job. `needs` holds job ids or patterns
        (`plan-18/fa/*`, `*/*/video/*`): see `media.engine.graph`."""

        return Job(builder=self.name, name=name, storyboard=sb.id if sb is not None else PACKAGE,
                   lang=lang if sb is not None else "", inputs=inputs,
                   files=tuple(Path(f) for f in files), needs=tuple(needs), params=dict(params or {}),
                   cost_s=cost_s, scope=scope)

    def build(self, sb: LoadedStoryboard, lang: str, out_dir: Path) -> list[Artifact]:
        """Plan and run every job here, in order, straight into `out_dir`, with no engine and no record of
        what was made (tests, benchmarks). `media build` goes through the engine instead."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        made: dict[str, list[Artifact]] = {}
        for job in toposort(self.plan(sb, lang)):
            entries = {n: ("", [{"kind": a.kind, "path": Path(a.path).resolve().relative_to(out_dir.resolve()).as_posix(),
                                 **a.extra} for a in made[n]]) for n in job.needs}
            made[job.id] = self.run(job, sb, out_dir, Deps(out_dir, entries))
        return [a for arts in made.values() for a in arts]



class PackageBuilder(Builder):
    """A builder of one volume per language for the whole package (the book, the e-book): no per-storyboard
    jobs; one job per language whose key covers every storyboard's view and the package's date."""

    job_cost_s: ClassVar[float] = 2.0

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        return []

    def scopes(self, sb: LoadedStoryboard, lang: str) -> set[str]:
        return set()

    def package_files(self, storyboards: list[LoadedStoryboard]) -> list[Path]:
        """The files every job reads (fonts, templates)."""
        raise NotImplementedError

    def package_inputs(self, storyboards: list[LoadedStoryboard], lang: str) -> Any:
        raise NotImplementedError

    def plan_package(self, storyboards: list[LoadedStoryboard], langs: tuple[str, ...]) -> list[Job]:
        if not storyboards:
            return []
        day = iso(package_date(storyboards))  # planned here, never read again where the job runs
        files = self.package_files(storyboards)
        return [self.job(None, lang, f"{self.name}-{lang}", {"date": day, **self.package_inputs(storyboards, lang)},
                         files=files, params={"date": day, "lang": lang}, scope=f"{self.name}-{lang}",
                         cost_s=self.job_cost_s) for lang in langs]

def _locating(run):
    import functools

    @functools.wraps(run)
    def wrapper(self, job, sb, out_dir, deps):
        try:
            return run(self, job, sb, out_dir, deps)
        except LayoutError as exc:

            located = locate_layout_error(exc, sb, job)
            if located is exc:
                raise
            raise located from None

    wrapper._locates_layout = True
    return wrapper


def fonts() -> tuple[Path, ...]:
    """The font files every drawing job reads (their bytes are part of its key)."""

    return font_files()


def brand_logo(sb: LoadedStoryboard) -> list[Path]:
    logo = sb.settings.brand.logo
    return [(sb.settings_path.parent / logo).resolve()] if logo else []


register("infographics", "media.builders.infographics:InfographicsBuilder")
register("podcast", "media.builders.podcast:PodcastBuilder")
register("video", "media.builders.video:VideoBuilder")
register("poster", "media.builders.poster:PosterBuilder")
register("audiogram", "media.builders.audiogram:AudiogramBuilder")
register("report", "media.builders.report:ReportBuilder")
register("summary", "media.builders.summary:SummaryBuilder")
register("checklist", "media.builders.checklist:ChecklistBuilder")
register("guide", "media.builders.guide:GuideBuilder")
register("book", "media.builders.book:BookBuilder")
register("ebook", "media.builders.ebook:EbookBuilder")
register("deck", "media.builders.deck:DeckBuilder")
register("broadcast", "media.builders.broadcast:BroadcastBuilder")
register("timeline", "media.builders.timeline:TimelineBuilder")
register("sources", "media.builders.sources:SourcesBuilder")
register("bundle", "media.builders.bundle:BundleBuilder")
# last: the site reads what every other builder made (nothing may need it)
register("site", "media.builders.site:SiteBuilder")

__all__ = ["Artifact", "BuildOptions", "Builder", "PackageBuilder", "Job", "brand_logo", "fonts", "get", "names", "register", "target"]
