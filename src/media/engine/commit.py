"""Commit: a job's finished files moved from staging into the output folder, and what it no longer makes removed.

Files are moved into place one by one with an atomic rename; a file whose bytes did not change is left
untouched (its mtime too). After each job the record is saved and its manifest rewritten, so the output
folder always matches its manifests, even when a build is killed or the disk fills half-way.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from media.engine.execute import OutFile, Outcome, group_dir
from media.engine.freshness import stat_of
from media.engine.job import Job
from media.engine.manifests import Group, Manifests
from media.engine.state import State
from media.errors import OutputError
from media.files import atomic_path, sha256_file, write_bytes_atomic


class Committer:
    """Moves outputs into `out` and removes the ones the record says the engine made and no longer makes."""

    def __init__(self, out: Path, state: State, manifests: Manifests):
        self.out = out
        self.state = state
        self.manifests = manifests

    def sweep_parts(self) -> None:
        """A build killed while writing one file leaves its temporary `.<name>.<random>.<ext>.part` beside the
        final path (never the final file itself): the next build removes them."""
        for part in self.out.rglob(".*.part"):
            if part.is_file():
                part.unlink(missing_ok=True)

    def remove_unplanned(self, planned: set[str], scopes: dict[Group, set[str]]) -> list[str]:
        """Remove the files of recorded jobs of a planned scope that are not planned any more (an infographic
        removed from the storyboard); return their paths relative to the output folder."""
        removed: list[str] = []
        gone = [jid for jid, rec in self.state.jobs.items()
                if jid not in planned and rec.get("scope") in scopes.get((rec["storyboard"], rec["lang"]), ())]
        for jid in gone:
            rec = self.state.jobs.pop(jid)
            self.manifests.dirty.add((rec["storyboard"], rec["lang"]))
            folder = self.out / group_dir(rec["storyboard"], rec["lang"])
            for f in rec.get("files", []):
                removed.append(self._unlink(folder / f["path"]))
        if gone:
            self.state.save()
        return removed

    def commit(self, job: Job, key: str, outcome: Outcome, groups: dict[Group, dict]) -> list[str]:
        """Put the job's files in place, remove the ones it made last time and not now, record it under `key`
        and rewrite its manifest. Returns the removed paths (relative to the output folder)."""
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
            self._record_partial(job, outcome, groups)
            raise
        removed: list[str] = []
        new = {f.rel for f in outcome.files}
        for old in self.state.jobs.get(job.id, {}).get("files", []):
            if old["path"] not in new:
                removed.append(self._unlink(folder / old["path"]))
        self.state.jobs[job.id] = {
            "key": key, "builder": job.builder, "storyboard": job.storyboard, "lang": job.lang,
            "scope": job.scope_id, "seconds": outcome.seconds,
            "files": [{"path": f.rel, "sha256": f.sha256, "bytes": f.bytes, "seen": stat_of(folder / f.rel)}
                      for f in outcome.files],
            "entries": list(outcome.entries),
        }
        self.state.save()
        self.manifests.write(job.group, groups)
        return removed

    def _record_partial(self, job: Job, outcome: Outcome, groups: dict[Group, dict]) -> None:
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
            self.manifests.write(job.group, groups)
        except OutputError:
            pass  # no room for the manifest either: the first error is the one to report

    def _place(self, final: Path, f: OutFile) -> None:
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
                with atomic_path(final) as tmp:
                    shutil.copyfile(f.staged, tmp)
        except OSError as exc:
            raise OutputError.from_os(exc, final, f.bytes) from None

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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
