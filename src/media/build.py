"""`media build`: validate every storyboard, let each builder plan its jobs, hand the plan to the engine."""
from __future__ import annotations

from pathlib import Path

from media import builders, feasibility
from media.engine import PACKAGE
from media.engine.progress import Display, Quiet
from media.engine.outdir import check_output_folder
from media.engine.run import Engine, Plan, Report, caches
from media.errors import Location, Problem, StoryboardError
from media.narration import with_recordings
from media.options import BuildOptions
from media.storyboard import load_storyboard
from media.storyboard.loader import _display, find_settings


def load_all(files: list[Path], langs: tuple[str, ...], display: Display | None = None) -> list:
    """Every storyboard validated, all problems of all files at once; warnings printed once each.

    Each storyboard writes OUT/<id>/ (its id is its file stem, checked against the id pattern by the
    loader), so two files with one id in a build would overwrite each other: refused, both named."""

    loaded, problems, warned = [], [], set()
    for f in files:
        try:
            sb = with_recordings(load_storyboard(f, langs), langs)  # takes stand in for synthesis
        except StoryboardError as exc:
            problems += exc.problems
            continue
        refused = feasibility.problems(sb, langs)  # what a builder would refuse later, said now
        problems += refused
        if not refused:
            loaded.append(sb)
    first: dict[str, Path] = {}
    for sb in loaded:
        if sb.id in first and first[sb.id] != sb.path:
            problems.append(Problem(Location(_display(sb.path), 1, 1, "(file name)"),
                                    f"storyboard id '{sb.id}' is also {_display(first[sb.id])}: both would write "
                                    f"<out>/{sb.id}/; rename one of the files"))
        first.setdefault(sb.id, sb.path)
    if problems:
        raise StoryboardError(problems=problems)
    for sb in loaded:
        for w in sb.warnings:
            if str(w) not in warned and display is not None:
                display.line(str(w), "yellow")  # str(Problem) escapes control characters
            warned.add(str(w))
    unique = {sb.path: sb for sb in loaded}  # the same file given twice is built once
    return list(unique.values())


def plan_build(storyboards: list, langs: tuple[str, ...], kinds: list[str], options: BuildOptions,
               make_builder=None) -> Plan:
    """Ask each builder for its jobs. `make_builder(name, options)` lets tests and benchmarks configure one."""
    make = make_builder or (lambda name, opts: builders.get(name)(opts))
    objs = {k: make(k, options) for k in kinds}
    plan = Plan(jobs=[], storyboards={sb.id: sb for sb in storyboards},
                targets={k: builders.target(k) for k in kinds})
    problems: list[Problem] = []
    for sb in storyboards:
        for lang in langs:
            group = (sb.id, lang)
            plan.groups[group] = {"status": sb.model.status}
            scopes = plan.scopes.setdefault(group, set())
            for kind, builder in objs.items():
                try:
                    plan.jobs += builder.plan(sb, lang)
                except StoryboardError as exc:
                    problems += exc.problems
                    continue
                scopes |= builder.scopes(sb, lang)
    for kind, builder in objs.items():
        package_jobs = builder.plan_package(storyboards, langs)
        if package_jobs:
            plan.jobs += package_jobs
            plan.groups.setdefault((PACKAGE, ""), {})
            plan.scopes.setdefault((PACKAGE, ""), set()).update(j.scope_id for j in package_jobs)
    if problems:
        raise StoryboardError(problems=problems)
    return plan


def build(files: list[Path], langs: tuple[str, ...], kinds: list[str], out: Path, options: BuildOptions, *,
          jobs: int = 1, scheduler: str | None = None, force: bool = False, display: Display | None = None,
          make_builder=None, command: str = "media build") -> Report:
    display = display or Quiet()
    check_out(out, files)  # before the storyboards are read: reading them writes to the cache
    storyboards = load_all(files, langs, display)
    plan = plan_build(storyboards, langs, kinds, options, make_builder)
    engine = Engine(out, options, jobs=jobs, scheduler=scheduler, force=force, display=display, command=command)
    return engine.run(plan)


def check_out(out: Path, files: list[Path]) -> None:
    """Refuse an output folder that is or holds the project or the storyboards, or holds the cache folder
    (`media.engine.outdir`); a storyboard without package.yaml is left to the loader to report."""
    projects = []
    for f in files:
        try:
            projects.append(find_settings(Path(f)).parent)
        except (StoryboardError, OSError, RuntimeError, ValueError):
            pass
    check_output_folder(Path(out), [Path(f) for f in files], projects, caches())


def run_build(files: list[Path], langs: tuple[str, ...], kinds: list[str], out: Path, options: BuildOptions,
              **kw) -> list[Path]:
    """`build`, returning the manifests written, one per storyboard and language (not the package's own
    `output/manifest.json`, which the site's package-wide jobs write)."""
    root = Path(out).resolve()
    return [m for m in build(files, langs, kinds, out, options, **kw).manifests if m.parent.resolve() != root]
