"""Commit: a job's finished files moved from staging into the output folder, and what it no longer makes removed.

Before anything moves, every path the job writes is claimed (`media.engine.placing`): a file media did not
make, a link or a folder in the way stops the job with one line per path, and nothing of it is written.
The paths and bytes about to land are saved as `pending`, so a build killed half-way knows them as its own.
Files are then moved into place one by one with an atomic rename; a file whose bytes did not change is left
untouched (its mtime too). After each job the record is saved and its manifest rewritten, so the output
folder always matches its manifests, even when a build is killed or the disk fills half-way.
"""
from __future__ import annotations

from pathlib import Path

from media.engine.execute import Outcome, group_dir
from media.engine.freshness import stat_of
from media.engine.job import Job
from media.engine.manifests import Group, Manifests
from media.engine.placing import Placer
from media.engine.state import State
from media.errors import OutputError, Problem
from media.files import sha256_file


class Committer:
    """Moves outputs into `out` and removes the ones the record says the engine made and no longer makes."""

    def __init__(self, out: Path, state: State, manifests: Manifests, placer: Placer):
        self.out = out
        self.state = state
        self.manifests = manifests
        self.placer = placer

    def remove_unplanned(self, planned: set[str], scopes: dict[Group, set[str]]) -> list[str]:
        """Remove the files of recorded jobs of a planned scope that are not planned any more (an infographic
        removed from the storyboard); return their paths relative to the output folder."""
        removed: list[str] = []
        gone = [jid for jid, rec in self.state.jobs.items()
                if jid not in planned and rec.get("scope") in scopes.get((rec["storyboard"], rec["lang"]), ())]
        for jid in gone:
            rec = self.state.jobs.pop(jid)
            self.state.pending.pop(jid, None)
            self.manifests.dirty.add((rec["storyboard"], rec["lang"]))
            folder = self.out / group_dir(rec["storyboard"], rec["lang"])
            for f in rec.get("files", []):
                rel = self.placer.remove(folder / f["path"], f)
                if rel is not None:
                    removed.append(rel)
        if gone:
            self.state.save()
            self.state.save_pending()
        return removed

    def commit(self, job: Job, key: str, outcome: Outcome, groups: dict[Group, dict]) -> list[str]:
        """Put the job's files in place, remove the ones it made last time and not now, record it under `key`
        and rewrite its manifest. Returns the removed paths (relative to the output folder)."""
        folder = self.out / group_dir(job.storyboard, job.lang)
        owners, known = {}, {}
        for jid, rec in self.state.jobs.items():
            if (rec["storyboard"], rec["lang"]) != job.group:
                continue
            for f in rec.get("files", []):
                if jid != job.id:
                    owners[f["path"]] = jid
                known.setdefault(f["path"], []).append(f)
        for f in outcome.files:
            other = owners.get(f.rel)
            if other:
                raise RuntimeError(f"jobs {other} and {job.id} both make {group_dir(job.storyboard, job.lang)}/{f.rel}")
        claims = {f.rel: self.placer.claim(folder / f.rel, f.sha256, f.bytes, known.get(f.rel, []), job.id,
                                           job.group, f.rel) for f in outcome.files}
        refused: list[Problem] = [why for action, why in claims.values() if action == "refused"]  # type: ignore[misc]
        manifest = self.manifests.path(job.group)  # checked now: files without their manifest would be orphans
        problem = self.placer.manifest_problem(manifest, (self.state.manifests.get("/".join(job.group)) or {})
                                               .get("sha256"))
        if problem:
            refused.append(problem)
        if refused:
            raise OutputError(problems=refused)
        self.state.pending[job.id] = {f.rel: f.sha256 for f in outcome.files}
        self.state.save_pending()
        try:
            for f in outcome.files:
                action, why = claims[f.rel]
                if action == "same":
                    continue
                if action == "keep":
                    self.placer.keep(folder / f.rel, str(why))
                self.placer.put(folder / f.rel, staged=f.staged, data=f.data)
        except OutputError:
            self._record_partial(job, outcome, groups)
            raise
        removed: list[str] = []
        new = {f.rel for f in outcome.files}
        for old in self.state.jobs.get(job.id, {}).get("files", []):
            if old["path"] not in new:
                rel = self.placer.remove(folder / old["path"], old)
                if rel is not None:
                    removed.append(rel)
        self.state.jobs[job.id] = {
            "key": key, "builder": job.builder, "storyboard": job.storyboard, "lang": job.lang,
            "scope": job.scope_id, "seconds": outcome.seconds,
            "files": [{"path": f.rel, "sha256": f.sha256, "bytes": f.bytes, "seen": stat_of(folder / f.rel)}
                      for f in outcome.files],
            "entries": list(outcome.entries),
        }
        self.state.save()
        self.state.pending.pop(job.id, None)
        self.state.save_pending()
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
            if path.is_symlink() or not path.is_file():
                continue
            sha = sha256_file(path)
            if (rel, sha) in versions:
                files.append({"path": rel, "sha256": sha, "bytes": path.stat().st_size})
                entries += versions[(rel, sha)]
        self.state.jobs[job.id] = {"key": "", "builder": job.builder, "storyboard": job.storyboard, "lang": job.lang,
                                   "scope": job.scope_id, "seconds": outcome.seconds, "files": files,
                                   "entries": entries}
        self.state.save()
        self.state.pending.pop(job.id, None)
        self.state.save_pending()
        try:
            self.manifests.write(job.group, groups)
        except OutputError:
            pass  # no room for the manifest either: the first error is the one to report
