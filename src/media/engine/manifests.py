"""Manifests: each storyboard and language's `manifest.json`, written from the engine's record.

A manifest lists exactly the files on disk of its folder (sha256, bytes, the builder's fields) with the
group's top-level fields (the storyboard's `status`). It is rewritten after every job of its group, so it
stays true even if the build stops half-way; a group no job touched is only checked against the sha256
recorded when it was last written. A `manifest.json` media did not write is never replaced (see
`media.engine.placing`).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from media import __version__
from media.engine import keys
from media.engine.execute import MANIFEST, group_dir
from media.engine.job import PACKAGE
from media.engine.placing import Placer
from media.engine.state import State
from media.errors import OutputError
from media.files import sha256_file

Group = tuple[str, str]  # (storyboard, lang), or (PACKAGE, "")


class Manifests:
    """The manifests of one output folder, from `state`; `groups` maps a group to its top-level fields."""

    def __init__(self, out: Path, state: State, placer: Placer):
        self.out = out
        self.state = state
        self.placer = placer
        self.dirty: set[Group] = set()  # groups whose manifest must be written again

    def doc(self, group: Group, groups: dict[Group, dict]) -> dict[str, Any] | None:
        storyboard, lang = group
        entries = [e for rec in self.state.jobs.values() if (rec["storyboard"], rec["lang"]) == group
                   for e in rec.get("entries", [])]
        meta = dict(groups.get(group) or {})
        if not entries and not meta:
            return None
        head = {"package": True} if storyboard == PACKAGE else {"storyboard": storyboard, "lang": lang}
        entries.sort(key=lambda e: (e["kind"], e["path"]))
        return {**head, **meta, "generator": f"media {__version__}", "artifacts": entries}

    def path(self, group: Group) -> Path:
        return self.out / group_dir(*group) / MANIFEST

    def write(self, group: Group, groups: dict[Group, dict]) -> Path | None:
        """Write one group's manifest (unless it already holds these bytes) and record its sha256."""
        doc = self.doc(group, groups)
        if doc is None:
            return None
        path = self.path(group)
        data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        self.placer.listed(group)  # what the manifest on disk lists, read before it is rewritten
        recorded = (self.state.manifests.get("/".join(group)) or {}).get("sha256")
        try:
            if self.placer.claim_manifest(path, data, recorded):
                self.placer.put(path, data=data)
        except OSError as exc:
            raise OutputError.from_os(exc, path, len(data)) from None
        self.state.manifests["/".join(group)] = {"sha256": hashlib.sha256(data).hexdigest(),
                                                 "fields": keys.digest(groups.get(group) or {})}
        self.dirty.discard(group)
        return path

    def write_all(self, groups: dict[Group, dict]) -> list[Path]:
        """Every group's manifest; one that no job touched is only checked (its recorded sha256 against the
        file), not rebuilt: with a hundred jobs and nothing to do, serialising them all costs a second."""
        out, problems = [], []
        for group in groups:
            path = self.path(group)
            rec = self.state.manifests.get("/".join(group))
            if (group not in self.dirty and rec and rec.get("fields") == keys.digest(groups.get(group) or {})
                    and path.is_file() and not path.is_symlink() and sha256_file(path) == rec.get("sha256")):
                out.append(path)
                continue
            try:
                written = self.write(group, groups)
            except OutputError as exc:  # the other groups' manifests are still written
                problems += exc.problems
                continue
            if written is not None:
                out.append(written)
        self.state.save()
        if problems:
            raise OutputError(problems=problems)
        return out
