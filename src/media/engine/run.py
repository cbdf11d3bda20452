"""The engine: from planned jobs to files in the output folder, doing only what is needed.

For each planned job, in dependency order:
1. its key is computed (`media.engine.keys`); a job with dependencies adds their output digests;
2. it is fresh, and skipped, when the key equals the recorded one and every file it made last time is
   on disk with the recorded size and sha256 (a deleted or damaged output is made again);
3. otherwise it runs (an executor: thread, worker processes or Dask) into staging; its files are then
   moved into place one by one, atomically, and a file whose bytes did not change is left untouched
   (its mtime too); files it made last time and not now are removed;
4. the record and the manifest of its storyboard and language are rewritten, so a manifest always
   lists exactly the files on disk.
Recorded jobs of a planned scope that are no longer planned (an infographic removed from the storyboard)
have their files removed. A failed job does not stop the others; its dependants do not run; all
failures are reported together at the end.
"""
from __future__ import annotations

import concurrent.futures as cf
import errno
import fnmatch
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from media.engine import keys
from media.engine.execute import Deps, Outcome, Task, group_dir
from media.engine.job import PACKAGE, Job
from media.engine.progress import Display, Quiet
from media.engine.state import State, WorkDir, describe_holder, output_lock
from media.errors import EngineError, Location, MediaError, OutputError, Problem
from media.files import sha256_file, write_bytes_atomic

MANIFEST = "manifest.json"


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
    manifests: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{len(self.built)} built", f"{len(self.fresh)} up to date"]
        if self.removed:
            parts.append(f"{len(self.removed)} file(s) removed")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.blocked:
            parts.append(f"{len(self.blocked)} not run")
        return f"{len(self.built) + len(self.fresh) + len(self.failed) + len(self.blocked)} jobs: " + \
            ", ".join(parts) + f" in {self.seconds:.1f} s"


class Engine:
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

    # ---- entry point --------------------------------------------------------------------------------------

    def run(self, plan: Plan) -> Report:
        started = time.perf_counter()
        self.out.mkdir(parents=True, exist_ok=True)
        report = Report()
        with output_lock(self.work, self.command,
                         wait=lambda who: self.display.line(f"waiting: {who} is writing {self.out}", "yellow")):
            self.state = State(self.work)
            self._dirty: set[tuple[str, str]] = set()  # groups whose manifest must be written again
            self._sweep_parts()
            self._check_graph(plan)
            self._remove_unplanned(plan, report)
            self._execute(plan, report)
            report.manifests = self._write_manifests(plan)
        report.seconds = time.perf_counter() - started
        if report.failed:
            problems: list[Problem] = []
            first: MediaError | None = None
            for job_id, exc in report.failed.items():
                first = first or exc
                problems += exc.problems or [Problem(Location(job_id), str(exc))]
            err = type(first)(problems=problems)
            err.report = report  # type: ignore[attr-defined]
            raise err
        return report

    # ---- planning checks and removal -----------------------------------------------------------------------

    def _check_graph(self, plan: Plan) -> None:
        """Resolve `needs` (ids, or patterns such as `plan-18/fa/*`: planned jobs, and recorded jobs that
        are not planned this time, so `--only site` shows what earlier builds made) and order the jobs."""
        ids = [j.id for j in plan.jobs]
        if len(set(ids)) != len(ids):
            raise RuntimeError(f"two jobs share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
        known = set(ids)
        recorded = [jid for jid in self.state.jobs if jid not in known and self._intact(jid)]
        self.recorded_deps: set[str] = set()
        resolved = []
        for j in plan.jobs:
            needs: list[str] = []
            for n in j.needs:
                if any(ch in n for ch in "*?["):
                    matches = [x for x in ids + recorded if x != j.id and fnmatch.fnmatchcase(x, n)]
                    needs += [x for x in matches if x not in needs]
                elif n in known:
                    needs.append(n)
                elif n in recorded:
                    needs.append(n)
                else:
                    raise RuntimeError(f"job {j.id} needs {n}, which is neither planned nor made before")
            self.recorded_deps.update(x for x in needs if x not in known)
            resolved.append(replace(j, needs=tuple(needs)))
        plan.jobs[:] = resolved
        self.order = _toposort(plan.jobs)

    def _intact(self, job_id: str) -> bool:
        rec = self.state.jobs[job_id]
        folder = self.out / group_dir(rec["storyboard"], rec["lang"])
        return all((folder / f["path"]).is_file() for f in rec.get("files", []))

    def _sweep_parts(self) -> None:
        """A build killed while writing one file leaves its temporary `.<name>.<random>.<ext>.part` beside the
        final path (never the final file itself): the next build removes them."""
        for part in self.out.rglob(".*.part"):
            if part.is_file():
                part.unlink(missing_ok=True)

    def _remove_unplanned(self, plan: Plan, report: Report) -> None:
        planned = {j.id for j in plan.jobs}
        gone = [jid for jid, rec in self.state.jobs.items()
                if jid not in planned and rec.get("scope") in plan.scopes.get((rec["storyboard"], rec["lang"]), ())]
        for jid in gone:
            rec = self.state.jobs.pop(jid)
            self._dirty.add((rec["storyboard"], rec["lang"]))
            folder = self.out / group_dir(rec["storyboard"], rec["lang"])
            for f in rec.get("files", []):
                report.removed.append(self._unlink(folder / f["path"]))
        if gone:
            self.state.save()

    def _unlink(self, path: Path) -> str:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        # empty folders the job made go too (never the output folder itself)
        parent = path.parent
        while parent != self.out and self.out in parent.parents:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent
        return path.relative_to(self.out).as_posix()

    # ---- the loop ----------------------------------------------------------------------------------------

    def _execute(self, plan: Plan, report: Report) -> None:
        static = {j.id: self._static_key(j, plan) for j in plan.jobs}
        by_id = {j.id: j for j in plan.jobs}
        waiting = list(self.order)
        running: dict[cf.Future, Job] = {}
        done: set[str] = set(self.recorded_deps)
        bad: set[str] = set()
        final_key: dict[str, str] = {}
        executors = _Executors(self)
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
                    key = self._final_key(job, static[job.id])
                    final_key[job.id] = key
                    if not self.force and self._fresh(job, key):
                        done.add(job.id)
                        report.fresh.append(job.id)
                        self.display.job_finished(job.id, "fresh")
                        continue
                    self.display.job_started(job.id, cost[job.id])
                    running[executors.submit(self._task(job, plan, by_id))] = job
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
                        self._commit(job, final_key[job.id], outcome, plan, report)
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

    # ---- keys and freshness ------------------------------------------------------------------------------

    def _static_key(self, job: Job, plan: Plan) -> str:
        module = plan.targets[job.builder].split(":")[0]
        return keys.digest({
            "job": job.id, "inputs": job.inputs, "files": [keys.file_digest(p) for p in job.files],
            "code": keys.code_digest(module), "toolchain": keys.toolchain(),
        })

    def _final_key(self, job: Job, static: str) -> str:
        if not job.needs:
            return static
        deps = [[n, [[f["path"], f["sha256"]] for f in self.state.jobs.get(n, {}).get("files", [])]]
                for n in sorted(job.needs)]
        return keys.digest([static, deps])

    def _fresh(self, job: Job, key: str) -> bool:
        """Same key, and every file on disk with its recorded bytes. A file's sha256 is computed again
        whenever its stat differs from when its bytes were last checked (`_seen`): any write changes its
        ctime, which no tool can set back, so a file damaged in place (even with its size and mtime put
        back) is hashed, found different and made again; an untouched one costs a stat."""
        rec = self.state.jobs.get(job.id)
        if not rec or rec.get("key") != key:
            return False
        folder = self.out / group_dir(job.storyboard, job.lang)
        for f in rec.get("files", []):
            path = folder / f["path"]
            try:
                st = path.stat()
                if st.st_size != f["bytes"]:
                    return False
                if f.get("seen") != _seen(st):
                    if sha256_file(path) != f["sha256"]:
                        return False
                    f["seen"] = _seen(st)  # saved with the state at the end of the run
            except OSError:
                return False
        return True

    # ---- tasks and commits -----------------------------------------------------------------------------------

    def _task(self, job: Job, plan: Plan, by_id: dict[str, Job]) -> Task:
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

    def _commit(self, job: Job, key: str, outcome: Outcome, plan: Plan, report: Report) -> None:
        folder = self.out / group_dir(job.storyboard, job.lang)
        owners = {}
        for jid, rec in self.state.jobs.items():
            if jid != job.id:
                for f in rec.get("files", []):
                    owners[(rec["storyboard"], rec["lang"], f["path"])] = jid
        for f in outcome.files:
            other = owners.get((job.storyboard, job.lang, f.rel))
            if other:
                raise RuntimeError(f"jobs {other} and {job.id} both make {group_dir(job.storyboard, job.lang)}/{f.rel}")
        try:
            for f in outcome.files:
                self._place(folder / f.rel, f)
        except OutputError:
            self._record_partial(job, outcome, plan)
            raise
        new = {f.rel for f in outcome.files}
        for old in self.state.jobs.get(job.id, {}).get("files", []):
            if old["path"] not in new:
                report.removed.append(self._unlink(folder / old["path"]))
        self.state.jobs[job.id] = {
            "key": key, "builder": job.builder, "storyboard": job.storyboard, "lang": job.lang,
            "scope": job.scope_id, "seconds": outcome.seconds,
            "files": [{"path": f.rel, "sha256": f.sha256, "bytes": f.bytes, "seen": _stat_of(folder / f.rel)}
                      for f in outcome.files],
            "entries": list(outcome.entries),
        }
        self.state.save()
        self._write_manifest(job.group, plan)

    def _record_partial(self, job: Job, outcome: Outcome, plan: Plan) -> None:
        """A commit stopped half-way (disk full): record what is really on disk for this job (each file with
        the entry of the version it holds, new or old) under an empty key, so the manifest stays true and
        the next build runs the job again."""
        folder = self.out / group_dir(job.storyboard, job.lang)
        old = self.state.jobs.get(job.id, {})
        versions: dict[tuple[str, str], list[dict]] = {}
        for e in [*old.get("entries", []), *outcome.entries]:
            versions.setdefault((e["path"], e["sha256"]), []).append(e)
        files, entries = [], []
        for rel in dict.fromkeys([f["path"] for f in old.get("files", [])] + [f.rel for f in outcome.files]):
            path = folder / rel
            if not path.is_file():
                continue
            sha = sha256_file(path)
            if (rel, sha) in versions:
                files.append({"path": rel, "sha256": sha, "bytes": path.stat().st_size})
                entries += versions[(rel, sha)]
        self.state.jobs[job.id] = {"key": "", "builder": job.builder, "storyboard": job.storyboard, "lang": job.lang,
                                   "scope": job.scope_id, "seconds": outcome.seconds, "files": files,
                                   "entries": entries}
        self.state.save()
        try:
            self._write_manifest(job.group, plan)
        except OutputError:
            pass  # no room for the manifest either: the first error is the one to report

    def _place(self, final: Path, f) -> None:
        """Move one output into place atomically, unless the file there already has these bytes."""
        try:
            if final.is_file() and final.stat().st_size == f.bytes and sha256_file(final) == f.sha256:
                return
            final.parent.mkdir(parents=True, exist_ok=True)
            if f.data is not None:
                write_bytes_atomic(final, f.data)
                return
            try:
                os.chmod(f.staged, 0o666 & ~_umask())
                os.replace(f.staged, final)  # same file system: atomic, no copy
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                from media.files import atomic_path

                with atomic_path(final) as tmp:
                    shutil.copyfile(f.staged, tmp)
        except OSError as exc:
            raise OutputError.from_os(exc, final, f.bytes) from None

    # ---- manifests -------------------------------------------------------------------------------------------

    def _manifest_doc(self, group: tuple[str, str], plan: Plan) -> dict | None:
        storyboard, lang = group
        entries = [e for rec in self.state.jobs.values() if (rec["storyboard"], rec["lang"]) == group
                   for e in rec.get("entries", [])]
        meta = dict(plan.groups.get(group) or {})
        if not entries and not meta:
            return None
        from media import __version__

        head = {"package": True} if storyboard == PACKAGE else {"storyboard": storyboard, "lang": lang}
        entries.sort(key=lambda e: (e["kind"], e["path"]))
        return {**head, **meta, "generator": f"media {__version__}", "artifacts": entries}

    def _write_manifest(self, group: tuple[str, str], plan: Plan) -> Path | None:
        doc = self._manifest_doc(group, plan)
        if doc is None:
            return None
        path = self.out / group_dir(*group) / MANIFEST
        data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            if not (path.is_file() and path.read_bytes() == data):
                write_bytes_atomic(path, data)
        except OSError as exc:
            raise OutputError.from_os(exc, path, len(data)) from None
        self.state.manifests["/".join(group)] = {"sha256": hashlib.sha256(data).hexdigest(),
                                                 "fields": keys.digest(plan.groups.get(group) or {})}
        self._dirty.discard(group)
        return path

    def _write_manifests(self, plan: Plan) -> list[Path]:
        """Every group's manifest; one that no job touched is only checked (its recorded sha256 against the
        file), not rebuilt: with a hundred jobs and nothing to do, serialising them all costs a second."""
        out = []
        for group in plan.groups:
            path = self.out / group_dir(*group) / MANIFEST
            rec = self.state.manifests.get("/".join(group))
            if (group not in self._dirty and rec and rec.get("fields") == keys.digest(plan.groups.get(group) or {})
                    and path.is_file() and sha256_file(path) == rec.get("sha256")):
                out.append(path)
                continue
            written = self._write_manifest(group, plan)
            if written is not None:
                out.append(written)
        self.state.save()
        return out


def _seen(st: os.stat_result) -> list[int]:
    """What says a file was not written since its bytes were checked: size, mtime, ctime, inode, device."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _stat_of(path: Path) -> list[int] | None:
    try:
        return _seen(path.stat())
    except OSError:
        return None


class _Executors:
    """Jobs go to the chosen executor, except on Dask: jobs that read other jobs' outputs, and package-wide
    jobs (they read every storyboard), run where the output folder is (Dask workers do not see it)."""

    def __init__(self, engine: Engine):
        from media.engine.executors import DaskExecutor, InlineExecutor, ProcessExecutor

        sink = engine.display.job_progress
        self.main = None
        self.local = None
        self._make_main = lambda: (DaskExecutor(engine.scheduler, sink) if engine.scheduler
                                   else ProcessExecutor(engine.jobs, sink) if engine.jobs > 1
                                   else InlineExecutor(sink))
        self._make_local = lambda: InlineExecutor(sink)
        self.engine = engine

    @property
    def capacity(self) -> int:
        """Jobs handed out at once: as many as run (the costliest first), so the display tells the truth."""
        if self.engine.scheduler:
            workers = getattr(self.main, "workers", None) if self.main is not None else None
            return (workers or 2) + 1  # + the local thread for jobs that read other jobs' outputs
        return self.engine.jobs

    def submit(self, task: Task) -> cf.Future:
        if self.engine.scheduler and (task.job.needs or task.job.storyboard == PACKAGE):
            self.local = self.local or self._make_local()
            return self.local.submit(task)
        self.main = self.main or self._make_main()
        if getattr(self.main, "remote", False):
            task = _by_value(task)
        return self.main.submit(task)

    def poll(self) -> None:
        for ex in (self.main, self.local):
            if ex is not None:
                ex.poll()

    def shutdown(self, cancel: bool = False) -> None:
        for ex in (self.main, self.local):
            if ex is not None:
                ex.shutdown(cancel)


def _by_value(task: Task) -> Task:
    """A task for a machine that does not share our disk: input files as bytes, no staging folder."""
    from dataclasses import replace

    from media.engine.keys import font_files

    fonts = {str(p) for p in font_files()}
    shutil.rmtree(task.staging, ignore_errors=True)
    files = [Path(p) for p in task.job.files if str(p) not in fonts]
    sb = task.sb
    anchors = [Path(sb.path), Path(sb.settings_path)] if sb is not None else []
    if not files and not anchors:
        return replace(task, staging=None, assets={}, project_root=None)
    root = Path(os.path.commonpath([str(p.resolve()) for p in files + anchors]))
    if root.is_file():
        root = root.parent
    assets = {Path(os.path.relpath(p.resolve(), root)).as_posix(): p.read_bytes() for p in files}
    return replace(task, staging=None, assets=assets, project_root=root)


def _toposort(jobs: list[Job]) -> list[Job]:
    """Dependencies first; among ready jobs, the costliest first (long videos start early)."""
    by_id = {j.id: j for j in jobs}
    indeg = {j.id: 0 for j in jobs}
    users: dict[str, list[str]] = {j.id: [] for j in jobs}
    for j in jobs:
        for n in j.needs:
            if n in users:  # needs outside the plan (recorded earlier) are already done
                indeg[j.id] += 1
                users[n].append(j.id)
    ready = sorted((j for j in jobs if not indeg[j.id]), key=lambda j: -j.cost_s)
    out: list[Job] = []
    while ready:
        j = ready.pop(0)
        out.append(j)
        for u in users[j.id]:
            indeg[u] -= 1
            if not indeg[u]:
                ready.append(by_id[u])
        ready.sort(key=lambda j: -j.cost_s)
    if len(out) != len(jobs):
        raise RuntimeError("job dependencies form a cycle")
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["Engine", "Plan", "Report", "describe_holder"]
