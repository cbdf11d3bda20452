"""Running one job, wherever it runs (this process, a worker process, a Dask worker).

A job writes into a staging folder of its own, never into the output folder; what it made comes
back as an `Outcome` and only the engine moves files into place (`media.engine.commit`). On a Dask
worker, the job's input files travel by value (`Task.assets`) and its output bytes come back in the
outcome, so a worker needs nothing of the client's disk: only the same `media` and fonts.
"""
from __future__ import annotations

import errno
import importlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from media.engine.keys import font_files
from media.engine.job import PACKAGE, Job, Progress, no_progress
from media.errors import MediaError, OutputError
from media.files import sha256_file
from media.options import BuildOptions


MANIFEST = "manifest.json"  # in each group's folder: what the engine made there


def group_dir(storyboard: str, lang: str) -> str:
    """A manifest's folder relative to the output folder: `<storyboard>/<lang>`, or '' for the package."""
    return "" if storyboard == PACKAGE else f"{storyboard}/{lang}"


@dataclass(frozen=True)
class Deps:
    """The outputs of the jobs a job `needs`, read from the output folder (where they were committed)."""

    root: Path
    entries: dict[str, tuple[str, list[dict]]] = field(default_factory=dict)  # job id -> (folder, entries)

    def artifacts(self, kind: str | None = None, job: str | None = None) -> list[tuple[dict, Path]]:
        out = []
        for job_id, (folder, entries) in self.entries.items():
            if job is not None and job_id != job:
                continue
            for e in entries:
                if kind is None or e["kind"] == kind:
                    out.append((e, self.root / folder / e["path"]))
        return out


@dataclass(frozen=True)
class Task:
    """Everything a job needs to run, picklable."""

    job: Job
    target: str  # "module:Class" of the builder
    options: Any  # media.options.BuildOptions
    sb: Any = None  # LoadedStoryboard (None for package-wide jobs)
    deps: Deps | None = None
    staging: Path | None = None  # where to write; None: a temporary folder (remote workers)
    assets: dict[str, bytes] | None = None  # remote: input files by value, relative to `project_root`
    project_root: Path | None = None


@dataclass(frozen=True)
class OutFile:
    rel: str  # relative to the job's manifest folder
    sha256: str
    bytes: int
    staged: Path | None = None  # local: the file in staging
    data: bytes | None = None  # remote: the file's bytes


@dataclass(frozen=True)
class Outcome:
    job_id: str
    files: tuple[OutFile, ...]
    entries: tuple[dict, ...]  # manifest entries
    seconds: float


def _relocate(task: Task, root: Path):
    """Write the input files under `root` with the layout they had under the project root, and point the
    storyboard there, so relative asset paths resolve on a machine that never saw the client's disk."""
    for rel, data in (task.assets or {}).items():
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    sb = task.sb
    if sb is None:
        return None
    base = Path(task.project_root)
    moved = replace(sb, path=root / Path(sb.path).relative_to(base),
                    settings_path=root / Path(sb.settings_path).relative_to(base))
    for p in (moved.path, moved.settings_path):  # the folders exist, as they do at home (the files are by value)
        p.parent.mkdir(parents=True, exist_ok=True)
    return moved


def _out_of_space(exc: BaseException, staging: Path) -> bool:
    """A job failed because its disk is full: ENOSPC/EDQUOT itself, an engine (ffmpeg) that said so, or
    a broken pipe to an engine on a disk with nothing left."""
    if isinstance(exc, MediaError):
        return "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    try:
        return shutil.disk_usage(staging).free < 256 * 1024
    except OSError:
        return False


def _no_space(exc: BaseException, folder: Path, staging: Path) -> OutputError:
    """An OutputError naming the file (or the staging folder) and the space the job had already used."""
    made = 0
    for root, _, names in os.walk(staging):
        for name in names:
            try:
                made += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    path = Path(getattr(exc, "filename", None) or folder)
    return OutputError.from_os(OSError(errno.ENOSPC, "No space left on device"), path, max(made, 1), at_least=True)


def execute(task: Task, progress: Progress = no_progress) -> Outcome:
    """Run the job's builder into staging; return what it made (its bytes too when run remotely)."""
    started = time.perf_counter()
    module, cls = task.target.split(":")
    builder = getattr(importlib.import_module(module), cls)(task.options)
    builder.progress = progress
    remote = task.staging is None
    staging = Path(tempfile.mkdtemp(prefix="media-job-")) if remote else task.staging
    try:
        sb = task.sb
        options = task.options
        if task.assets is not None:
            sb = _relocate(task, staging / "_inputs")
        if remote:
            # a worker keeps its own speech cache; the client's path means nothing there
            builder.options = options = replace(options, cache_dir=None) if isinstance(options, BuildOptions) else options
        folder = staging / "_out" / group_dir(task.job.storyboard, task.job.lang)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            artifacts = builder.run(task.job, sb, folder, task.deps or Deps(Path(".")))
        except (OSError, MediaError) as exc:
            if _out_of_space(exc, staging):
                raise _no_space(exc, folder, staging) from None
            raise
        files: list[OutFile] = []
        entries: list[dict] = []
        seen: set[str] = set()
        for a in artifacts:
            path = Path(a.path)
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
            if rel.startswith("..") or os.path.isabs(rel):
                raise RuntimeError(f"job {task.job.id} wrote {path} outside its folder")
            rel = Path(rel).as_posix()
            sha, size = sha256_file(path), path.stat().st_size
            if rel not in seen:
                seen.add(rel)
                files.append(OutFile(rel, sha, size, None if remote else path, path.read_bytes() if remote else None))
            entries.append({"kind": a.kind, "path": rel, "sha256": sha, "bytes": size, **a.extra})
        return Outcome(task.job.id, tuple(files), tuple(entries), round(time.perf_counter() - started, 3))
    finally:
        if remote:
            shutil.rmtree(staging, ignore_errors=True)


def by_value(task: Task) -> Task:
    """A task for a machine that does not share our disk: input files as bytes, no staging folder."""
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
