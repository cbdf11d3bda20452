"""The engine: from planned jobs to files in the output folder, doing only what is needed.

For each planned job, in dependency order (`media.engine.graph`):
1. its key is computed; it is fresh, and skipped, when the key equals the recorded one and every file it
   made last time is on disk with the recorded size and sha256 (`media.engine.freshness`);
2. otherwise it runs (an executor: thread, worker processes or Dask, `media.engine.executors`) into staging;
3. its files are moved into place and the files it made last time and not now removed
   (`media.engine.commit`); the record and the manifest of its storyboard and language are rewritten
   (`media.engine.manifests`), so a manifest always lists exactly the files on disk.
Recorded jobs of a planned scope that are no longer planned (an infographic removed from the storyboard)
have their files removed. A failed job does not stop the others; its dependants do not run; all
failures are reported together at the end.
"""
from __future__ import annotations

import concurrent.futures as cf
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from media.engine import freshness, graph
from media.engine.commit import Committer
from media.engine.execute import Deps, Task, group_dir
from media.engine.executors import Executors
from media.engine.job import PACKAGE, Job
from media.engine.manifests import Manifests
from media.engine.outdir import check_output_folder
from media.engine.placing import Placer
from media.engine.progress import Display, Quiet
from media.engine.state import State, WorkDir, describe_holder, output_lock
from media.errors import Location, MediaError, OutputError, Problem
from media.files import CACHE_ENV, cache_root


@dataclass
class Plan:
    """What the planners made: jobs, the storyboards they read, and per manifest group its top-level fields
    and the scopes planned (for removing what a storyboard no longer has)."""

    jobs: list[Job]
    storyboards: dict[str, Any]  # id -> LoadedStoryboard
    targets: dict[str, str]  # builder name -> "module:Class"
    groups: dict[tuple[str, str], dict] = field(default_factory=dict)  # (storyboard, lang) -> manifest fields
    scopes: dict[tuple[str, str], set[str]] = field(default_factory=dict)


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    failed: dict[str, MediaError] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)  # not run: a dependency failed
    removed: list[str] = field(default_factory=list)  # files removed (paths relative to the output folder)
    kept: list[str] = field(default_factory=list)  # files kept aside as <name>.kept.<ext> (edited, or --force)
    warnings: list[Problem] = field(default_factory=list)  # one per file kept aside, naming it
    manifests: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{len(self.built)} built", f"{len(self.fresh)} up to date"]
        if self.removed:
            parts.append(f"{len(self.removed)} file(s) removed")
        if self.kept:
            parts.append(f"{len(self.kept)} file(s) kept aside")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.blocked:
            parts.append(f"{len(self.blocked)} not run")
        return f"{len(self.built) + len(self.fresh) + len(self.failed) + len(self.blocked)} jobs: " + \
            ", ".join(parts) + f" in {self.seconds:.1f} s"


class Engine:
    """Runs a `Plan` into one output folder: orders the jobs, skips the fresh ones, runs the others and
    commits what they made."""

    def __init__(self, out: Path, options: Any, *, jobs: int = 1, scheduler: str | None = None,
                 force: bool = False, display: Display | None = None, work: WorkDir | None = None,
                 command: str = "media build"):
        self.out = Path(out)
        self.options = options
        self.jobs = max(1, int(jobs))
        self.scheduler = scheduler
        self.force = force
        self.display = display or Quiet()
        self.work = work or WorkDir.for_output(self.out)
        self.command = command

    def run(self, plan: Plan) -> Report:
        started = time.perf_counter()
        self.check(plan)
        self.out.mkdir(parents=True, exist_ok=True)
        report = Report()

        def warn(problem: Problem) -> None:
            report.warnings.append(problem)
            self.display.line(str(problem), "yellow")

        with output_lock(self.work, self.command,
                         wait=lambda who: self.display.line(f"waiting: {who} is writing {self.out}", "yellow")):
            self.state = State(self.work)
            self.placer = Placer(self.out, self.work, self.state, force=self.force, warn=warn)
            self.manifests = Manifests(self.out, self.state, self.placer)
            self.committer = Committer(self.out, self.state, self.manifests, self.placer)
            try:
                self._run(plan, report)
            finally:
                self.placer.finish()
                report.kept = list(self.placer.kept)
        report.seconds = time.perf_counter() - started
        if report.failed:
            problems: list[Problem] = []
            first: MediaError | None = None
            for job_id, exc in report.failed.items():
                first = first or exc
                problems += exc.problems or [Problem(Location(job_id), str(exc))]
            err = type(first)(problems=list(dict.fromkeys(problems)))  # one line per problem, however many jobs met it
            err.report = report  # type: ignore[attr-defined]
            raise err
        return report

    def check(self, plan: Plan) -> None:
        """Refuse an output folder that is or holds the project, or that holds the engine's folders
        (`media.engine.outdir`)."""
        sbs = [sb for sb in plan.storyboards.values() if getattr(sb, "path", None) is not None]
        projects = [Path(sb.settings_path).parent for sb in sbs if getattr(sb, "settings_path", None) is not None]
        speech = getattr(self.options, "cache_dir", None)
        option = [(Path(speech), Location("options", path="cache_dir"))] if speech else []
        check_output_folder(self.out, [sb.path for sb in sbs], projects, caches(self.work) + option)

    def _run(self, plan: Plan, report: Report) -> None:
        self.placer.sweep()
        planned = {j.id for j in plan.jobs}
        recorded = [jid for jid, rec in self.state.jobs.items()
                    if jid not in planned and freshness.intact(rec, self.out)]
        plan.jobs[:], self.recorded_deps = graph.resolve_needs(plan.jobs, recorded)
        self.order = graph.toposort(plan.jobs)
        report.removed += self.committer.remove_unplanned(planned, plan.scopes)
        self._execute(plan, report)
        try:
            report.manifests = self.manifests.write_all(plan.groups)
        except OutputError as exc:
            report.failed["manifests"] = exc

    def _execute(self, plan: Plan, report: Report) -> None:
        static = {j.id: freshness.static_key(j, plan.targets[j.builder].split(":")[0]) for j in plan.jobs}
        waiting = list(self.order)
        running: dict[cf.Future, Job] = {}
        done: set[str] = set(self.recorded_deps)
        bad: set[str] = set()
        final_key: dict[str, str] = {}
        executors = Executors(self.jobs, self.scheduler, self.display.job_progress)
        cost = {j.id: float(self.state.jobs.get(j.id, {}).get("seconds") or j.cost_s) for j in plan.jobs}
        self.display.start(len(plan.jobs), sum(cost.values()))
        try:
            while waiting or running:
                progressed = False
                for job in list(waiting):
                    if any(n in bad for n in job.needs):
                        waiting.remove(job)
                        bad.add(job.id)
                        report.blocked.append(job.id)
                        self.display.job_finished(job.id, "not run (a job it needs failed)")
                        progressed = True
                        continue
                    if not all(n in done for n in job.needs):
                        continue
                    if len(running) >= executors.capacity:  # only what really runs is shown running
                        break
                    waiting.remove(job)
                    progressed = True
                    key = freshness.final_key(job, static[job.id], self.state.jobs)
                    final_key[job.id] = key
                    if not self.force and freshness.is_fresh(self.state.jobs.get(job.id), key, self.out):
                        done.add(job.id)
                        report.fresh.append(job.id)
                        self.display.job_finished(job.id, "fresh")
                        continue
                    blocked = self.placer.folders.problem(self.out / group_dir(job.storyboard, job.lang))
                    if blocked:  # a link or a file where its folder goes: refused before it runs
                        bad.add(job.id)
                        report.failed[job.id] = OutputError(problems=[blocked])
                        self.display.job_finished(job.id, "failed")
                        continue
                    self.display.job_started(job.id, cost[job.id])
                    running[executors.submit(self._task(job, plan))] = job
                if not running:
                    if not progressed and waiting:
                        raise RuntimeError(f"jobs wait on each other: {[j.id for j in waiting]}")
                    continue
                finished, _ = cf.wait(list(running), timeout=0.1, return_when=cf.FIRST_COMPLETED)
                executors.poll()
                for fut in finished:
                    job = running.pop(fut)
                    try:
                        outcome = fut.result()
                        report.removed += self.committer.commit(job, final_key[job.id], outcome, plan.groups)
                    except MediaError as exc:
                        bad.add(job.id)
                        report.failed[job.id] = exc
                        self.display.job_finished(job.id, "failed")
                        continue
                    done.add(job.id)
                    report.built.append(job.id)
                    self.display.job_finished(job.id, "built", outcome.seconds)
        except BaseException:
            executors.shutdown(cancel=True)
            raise
        finally:
            self.display.stop()
            shutil.rmtree(self.work.staging, ignore_errors=True)
        executors.shutdown()

    def _task(self, job: Job, plan: Plan) -> Task:
        """What the job needs to run: its storyboard (every one for a package-wide job), the recorded outputs
        of the jobs it needs, and a staging folder of its own in the engine's work folder."""
        sb = plan.storyboards.get(job.storyboard)
        deps = None
        if job.needs:
            deps = Deps(self.out.resolve(), {
                n: (group_dir(self.state.jobs[n]["storyboard"], self.state.jobs[n]["lang"]),
                    list(self.state.jobs[n].get("entries", [])))
                for n in job.needs if n in self.state.jobs})
        if job.storyboard == PACKAGE:
            sb = tuple(plan.storyboards.values())
        staging = self.work.staging / f"{os.getpid()}-{abs(hash(job.id)):x}-{time.monotonic_ns()}"
        staging.mkdir(parents=True, exist_ok=True)
        return Task(job, plan.targets[job.builder], self.options, sb, deps, staging)


def caches(work: WorkDir | None = None) -> list[tuple[Path, Location]]:
    """The engine's folders that must stay out of the site, each with the variable that put it there."""
    origin = Location("environment", path=next((v for v in (CACHE_ENV, "XDG_CACHE_HOME") if os.environ.get(v)),
                                               "HOME"))
    return [(cache_root(), origin)] + ([(work.path, origin)] if work is not None else [])


__all__ = ["Engine", "Plan", "Report", "describe_holder"]
