"""Manifests: each storyboard and language's `manifest.json`, written from the engine's record.

A manifest lists exactly the files on disk of its folder (sha256, bytes, the builder's fields) with the
group's top-level fields (the storyboard's `status`). It is rewritten after every job of its group, so it
stays true even if the build stops half-way; a group no job touched is only checked against the sha256
recorded when it was last written.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from media import __version__
from media.engine import keys
from media.engine.execute import group_dir
from media.engine.job import PACKAGE
from media.engine.state import State
from media.errors import OutputError
from media.files import sha256_file, write_bytes_atomic

MANIFEST = "manifest.json"

Group = tuple[str, str]  # (storyboard, lang), or (PACKAGE, "")


class Manifests:
    """The manifests of one output folder, from `state`; `groups` maps a group to its top-level fields."""

    def __init__(self, out: Path, state: State):
        self.out = out
        self.state = state
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
        try:
            if not (path.is_file() and path.read_bytes() == data):
                write_bytes_atomic(path, data)
        except OSError as exc:
            raise OutputError.from_os(exc, path, len(data)) from None
        self.state.manifests["/".join(group)] = {"sha256": hashlib.sha256(data).hexdigest(),
                                                 "fields": keys.digest(groups.get(group) or {})}
        self.dirty.discard(group)
        return path

    def write_all(self, groups: dict[Group, dict]) -> list[Path]:
        """Every group's manifest; one that no job touched is only checked (its recorded sha256 against the
        file), not rebuilt: with a hundred jobs and nothing to do, serialising them all costs a second."""
        out = []
        for group in groups:
            path = self.path(group)
            rec = self.state.manifests.get("/".join(group))
            if (group not in self.dirty and rec and rec.get("fields") == keys.digest(groups.get(group) or {})
                    and path.is_file() and sha256_file(path) == rec.get("sha256")):
                out.append(path)
                continue
            written = self.write(group, groups)
            if written is not None:
                out.append(written)
        self.state.save()
        return out
