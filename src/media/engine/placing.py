"""Putting files into the output folder: only over the engine's own files, through real folders, atomically.

The output folder is ours only where we wrote. A file there is the engine's when its record lists the
path with the bytes the file now holds: the job records in `state.json`, the files a commit was putting in
place when its build was killed (`pending`), or, when the cache folder was deleted, the manifest in the
file's folder (which the engine wrote). Then:

- the engine's own file is replaced or removed;
- a file the engine made and someone changed since is kept aside as `<name>.kept.<ext>` (never deleted),
  with a warning naming it;
- any other file (or symbolic link) at a path a job writes stops the job with one line naming it; with
  `--force` it is kept aside the same way and the new file takes its place, with a line saying so;
- a folder where a file goes, or a link or a file where a folder goes, is always refused.

A new file reaches its final path by an atomic rename from a folder the engine owns on the same file
system: the staging folder in the cache folder, or, when the cache is on another file system,
`.media-tmp-<tag>` in the output folder (the tag is a digest of the folder's path), which is removed
at the end of the build and, if a build was killed, by the next one. No other file is ever swept.
"""
from __future__ import annotations

import errno
import itertools
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Callable

from media.engine.execute import MANIFEST, group_dir
from media.engine.freshness import seen
from media.engine.outdir import Folders
from media.engine.state import State, WorkDir
from media.errors import Location, OutputError, Problem
from media.files import sha256_file

Group = tuple[str, str]
Warn = Callable[[Problem], None]

KEPT = "kept"  # `<stem>.kept.<ext>`: an edited output, or a user's file taken over with --force


class Placer:
    """Writes and removes files in one output folder for one build."""

    def __init__(self, out: Path, work: WorkDir, state: State, *, force: bool = False, warn: Warn | None = None):
        self.out = Path(out)
        self.work = work
        self.state = state
        self.force = force
        self.warn = warn or (lambda problem: None)
        self.folders = Folders(self.out)
        self.kept: list[str] = []  # files kept aside, relative to the output folder
        self._spool: Path | None = None
        self._count = itertools.count()
        self._listed: dict[Group, dict[str, str]] = {}

    # ---- the engine's temporary folder --------------------------------------------------------------------

    @property
    def out_spool(self) -> Path:
        return self.out / f".media-tmp-{self.work.tag}"

    def sweep(self) -> None:
        """Remove the temporary folder a killed build may have left in the output folder (only that one)."""
        spool = self.out_spool
        if spool.is_dir() and not spool.is_symlink():
            shutil.rmtree(spool, ignore_errors=True)

    def finish(self) -> None:
        self.sweep()
        shutil.rmtree(self.work.staging / "commit", ignore_errors=True)

    def _spool_dir(self) -> Path:
        if self._spool is None:
            try:
                same = os.stat(self.work.path).st_dev == os.stat(self.out).st_dev
            except OSError:
                same = False
            self._spool = self.work.staging / "commit" if same else self.out_spool
        if self._spool == self.out_spool:
            self.folders.make(self._spool)
        else:
            self._spool.mkdir(parents=True, exist_ok=True)
        return self._spool

    def put(self, final: Path, *, staged: Path | None = None, data: bytes | None = None) -> None:
        """Put a staged file, or bytes, at `final` with one atomic rename. The caller has claimed the path."""
        self.folders.make(final.parent)
        try:
            if staged is not None:
                os.chmod(staged, 0o666 & ~_umask())
                try:
                    os.replace(staged, final)  # staging is on the output folder's file system: no copy
                    return
                except OSError as exc:
                    if exc.errno != errno.EXDEV:
                        raise
            for _ in range(2):  # the second time through the output folder's own spool
                tmp = self._spool_dir() / f"{os.getpid()}-{next(self._count)}.tmp"
                try:
                    if staged is not None:
                        shutil.copyfile(staged, tmp)
                    else:
                        tmp.write_bytes(data or b"")
                    os.chmod(tmp, 0o666 & ~_umask())
                    os.replace(tmp, final)
                    return
                except OSError as exc:
                    if exc.errno != errno.EXDEV or self._spool == self.out_spool:
                        raise
                    self._spool = self.out_spool  # another file system after all: spool in the output folder
                finally:
                    tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError.from_os(exc, final, len(data) if data is not None else _size(staged)) from None

    # ---- whose file is it ------------------------------------------------------------------------------------

    def claim(self, final: Path, sha256: str, size: int, known: list[dict], job_id: str, group: Group,
              rel: str) -> tuple[str, Problem | str | None]:
        """What is at `final`, where a job puts a file with `sha256`, and what to do with it (nothing is changed
        here): ("free", None) nothing there; ("same", None) these bytes already (left alone, mtime included);
        ("ours", None) the engine's file, to replace; ("keep", why) to keep aside first (`keep`);
        ("refused", problem). `known`: the records of this path ({sha256, seen})."""
        problem = self.folders.problem(final.parent)
        if problem:
            return "refused", problem
        try:
            st = os.lstat(final)
        except FileNotFoundError:
            return "free", None
        except OSError as exc:
            return "refused", Problem(Location(str(final)), f"cannot read: {exc.strerror or exc}")
        if stat.S_ISDIR(st.st_mode):
            return "refused", Problem(Location(str(final)), "is a folder where media writes a file; move it away")
        if stat.S_ISREG(st.st_mode):
            now = seen(st)
            for k in known:
                if k.get("seen") == now:  # unchanged since the engine wrote or checked it
                    return ("same" if k["sha256"] == sha256 else "ours"), None
            current = sha256_file(final)
            if current == sha256 and st.st_size == size:
                return "same", None
            pending = self.state.pending.get(job_id, {}).get(rel)
            listed = self.listed(group).get(rel)
            if current in {k["sha256"] for k in known} | {pending, listed}:
                return "ours", None
            if known or pending or listed:
                return "keep", "changed since media made it"
        if self.force:
            return "keep", "was not made by media; replaced (--force)"
        what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "a file media did not make"
        return "refused", Problem(Location(str(final)), f"is {what}, where media writes {final.name}: move it away, "
                                                        f"or build with --force to keep it as {_aside(final).name} "
                                                        "and write over it")

    def listed(self, group: Group) -> dict[str, str]:
        """The files the group's manifest on disk lists ({path: sha256}), read once per build, before the
        engine rewrites it: the record of what the engine made when its cache folder is gone."""
        if group not in self._listed:
            self._listed[group] = {}
            path = self.out / group_dir(*group) / MANIFEST
            doc = _media_manifest(path)
            if doc is not None and self.folders.problem(path.parent) is None:
                self._listed[group] = {a["path"]: a["sha256"] for a in doc.get("artifacts", [])
                                       if isinstance(a, dict) and isinstance(a.get("path"), str)
                                       and isinstance(a.get("sha256"), str)}
        return self._listed[group]

    def manifest_problem(self, path: Path, recorded_sha256: str | None) -> Problem | None:
        """Why the engine may not write its manifest at `path`, or None: nothing is there, or a manifest
        media wrote, or (with --force) a user's file, which `claim_manifest` keeps aside. Changes nothing."""
        problem = self.folders.problem(path.parent)
        if problem:
            return problem
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return Problem(Location(str(path)), f"cannot read: {exc.strerror or exc}")
        if stat.S_ISREG(st.st_mode) and (_media_manifest(path) is not None
                                         or (recorded_sha256 and sha256_file(path) == recorded_sha256)):
            return None
        if stat.S_ISDIR(st.st_mode):
            return Problem(Location(str(path)), "is a folder where media writes its manifest; move it away")
        if self.force:
            return None
        what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "a file media did not make"
        return Problem(Location(str(path)), f"is {what}, where media writes the folder's manifest: move it away, "
                                            f"or build with --force to keep it as {_aside(path).name}")

    def claim_manifest(self, path: Path, data: bytes, recorded_sha256: str | None) -> bool:
        """May the engine write its manifest (`data`) at `path`? False: these bytes are there already. True:
        nothing is there, or a manifest media wrote, or (with --force) a user's file, now kept aside.
        Otherwise OutputError naming what is in the way."""
        problem = self.manifest_problem(path, recorded_sha256)
        if problem:
            raise OutputError(problems=[problem])
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return True
        except OSError as exc:
            raise OutputError.from_os(exc, path) from None
        if stat.S_ISREG(st.st_mode):
            if st.st_size == len(data) and path.read_bytes() == data:
                return False
            if _media_manifest(path) is not None or (recorded_sha256 and sha256_file(path) == recorded_sha256):
                return True
        self.keep(path, "was not made by media; replaced (--force)")
        return True

    # ---- removing ------------------------------------------------------------------------------------------

    def remove(self, path: Path, record: dict) -> str | None:
        """Remove a file the engine made and no longer makes, if it still holds the recorded bytes (an
        edited one is kept aside); then the folders it leaves empty. Returns its path relative to the
        output folder, or None when nothing was removed."""
        if self.folders.problem(path.parent) is not None:
            return None  # a link or a file took the folder's place: whatever is there is not ours
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            self._prune(path.parent)
            return None
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None  # replaced by a link or a folder: not ours any more
        if record.get("seen") != seen(st) and sha256_file(path) != record.get("sha256"):
            self.keep(path, "changed since media made it; media no longer makes it")
            return None
        path.unlink()
        self._prune(path.parent)
        return path.relative_to(self.out).as_posix()

    def _prune(self, folder: Path) -> None:
        """Remove the empty folders left by a removal, up to (never including) the output folder."""
        while folder != self.out and self.out in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent

    def keep(self, path: Path, why: str) -> Problem:
        """Rename `path` aside (`<stem>.kept.<ext>`) and warn, naming both."""
        aside = _aside(path)
        try:
            os.rename(path, aside)
        except OSError as exc:
            raise OutputError.from_os(exc, aside) from None
        self.kept.append(aside.relative_to(self.out).as_posix())
        problem = Problem(Location(str(path)), f"{why}; kept as {aside.name}", "warning")
        self.warn(problem)
        return problem


def _aside(path: Path) -> Path:
    """A free name beside `path`: `phases.kept.csv`, `phases.kept-2.csv`, ..."""
    stem, suffix = (path.stem, path.suffix) if path.stem else (path.name, "")
    for n in itertools.count(1):
        candidate = path.with_name(f"{stem}.{KEPT}{'' if n == 1 else f'-{n}'}{suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise AssertionError("unreachable")


def _media_manifest(path: Path) -> dict | None:
    """The manifest at `path` if it is a regular file that media wrote (its `generator`), else None."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > 64 << 20:
            return None
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(doc, dict) and str(doc.get("generator", "")).startswith("media ") \
            and isinstance(doc.get("artifacts"), list):
        return doc
    return None


def _size(path: Path | None) -> int | None:
    try:
        return os.path.getsize(path) if path is not None else None
    except OSError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
