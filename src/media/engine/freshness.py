"""Freshness: a job's key, and whether the files it made last time are still on disk as recorded.

A job is fresh, and skipped, when its key equals the recorded one and every file it made is on disk
with the recorded size and sha256. The key is the digest of what the job reads (`media.engine.keys`)
and, for a job that reads other jobs' files, of their recorded sha256.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from media.engine import keys
from media.engine.execute import group_dir
from media.engine.job import Job
from media.files import sha256_file


def static_key(job: Job, module: str) -> str:
    """What the job reads, its builder's code (`module` and what it imports) and the toolchain."""
    return keys.digest({
        "job": job.id, "inputs": job.inputs, "files": [keys.file_digest(p) for p in job.files],
        "code": keys.code_digest(module), "toolchain": keys.toolchain(),
    })


def final_key(job: Job, static: str, records: dict[str, dict[str, Any]]) -> str:
    """The static key, plus the recorded files (path and sha256) of every job this one needs."""
    if not job.needs:
        return static
    deps = [[n, [[f["path"], f["sha256"]] for f in records.get(n, {}).get("files", [])]]
            for n in sorted(job.needs)]
    return keys.digest([static, deps])


def is_fresh(record: dict[str, Any] | None, key: str, out: Path) -> bool:
    """Same key, and every file on disk with its recorded bytes. A file's sha256 is computed again
    whenever its stat differs from when its bytes were last checked (`seen`): any write changes its
    ctime, which no tool can set back, so a file damaged in place (even with its size and mtime put
    back) is hashed, found different and made again; an untouched one costs a stat.

    Updates the record's `seen` of a file whose bytes were checked again (saved with the state)."""
    if not record or record.get("key") != key:
        return False
    folder = out / group_dir(record["storyboard"], record["lang"])
    for f in record.get("files", []):
        path = folder / f["path"]
        try:
            st = path.stat()
            if st.st_size != f["bytes"]:
                return False
            if f.get("seen") != seen(st):
                if sha256_file(path) != f["sha256"]:
                    return False
                f["seen"] = seen(st)
        except OSError:
            return False
    return True


def intact(record: dict[str, Any], out: Path) -> bool:
    """Every file of a recorded job is still there (its outputs can be read by the jobs that need it)."""
    folder = out / group_dir(record["storyboard"], record["lang"])
    return all((folder / f["path"]).is_file() for f in record.get("files", []))


def seen(st: os.stat_result) -> list[int]:
    """What says a file was not written since its bytes were checked: size, mtime, ctime, inode, device."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def stat_of(path: Path) -> list[int] | None:
    try:
        return seen(path.stat())
    except OSError:
        return None
