"""`output/<storyboard>/<lang>/manifest.json`: the contract between builders and what comes next.

{"storyboard", "lang", "artifacts": [{"kind", "path" (relative to the manifest), "sha256", "bytes", ...}]}
A partial build (`--only`) replaces the entries of the kinds it built and keeps the others.
"""
from __future__ import annotations

import json
from pathlib import Path

from media.builders import Artifact
from media.files import sha256_file, write_text_atomic

MANIFEST = "manifest.json"


def artifact_entry(a: Artifact, out_dir: Path) -> dict:
    return {"kind": a.kind, "path": a.path.resolve().relative_to(out_dir.resolve()).as_posix(),
            "sha256": sha256_file(a.path), "bytes": a.path.stat().st_size, **a.extra}


def write_manifest(out_dir: Path, storyboard: str, lang: str, built_kinds: set[str],
                   artifacts: list[Artifact], generator: str) -> Path:
    path = out_dir / MANIFEST
    kept: list[dict] = []
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            kept = [e for e in old.get("artifacts", [])
                    if e.get("kind") not in built_kinds and (out_dir / e.get("path", "")).is_file()]
        except (json.JSONDecodeError, AttributeError, TypeError):
            kept = []
    entries = kept + [artifact_entry(a, out_dir) for a in artifacts]
    entries.sort(key=lambda e: (e["kind"], e["path"]))
    doc = {"storyboard": storyboard, "lang": lang, "generator": generator, "artifacts": entries}
    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path
