"""Where the engine keeps what it knows, outside the site.

The output folder is the site a user copies to a web host, so nothing of the engine's goes there:
caches (speech), the record of what each job made (`state.json`), crash logs and job staging live
in the user's cache folder, one work folder per output folder:

    $MEDIA_CACHE_DIR or $XDG_CACHE_HOME/media or ~/.cache/media
      speech/                       synthesised sentences, shared by every build
      parsed/                       storyboards already parsed (by the sha256 of their text)
      builds/<out-name>-<hash>/     per output folder (hash of its real path)
        state.json                  per job: key, files (sha256, bytes), manifest entries, seconds
        pending.json                files a commit is putting in place (for a build killed meanwhile)
        holder.json                 who holds the output folder's lock
        logs/                       crash tracebacks, one file per crash
        staging/                    jobs write here; the engine moves finished files into place
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from media.files import cache_root, write_text_atomic

STATE_VERSION = 1


@dataclass(frozen=True)
class WorkDir:
    """The engine's private folder for one output folder."""

    out: Path
    path: Path

    @classmethod
    def for_output(cls, out: Path, root: Path | None = None) -> "WorkDir":
        real = Path(os.path.realpath(out))
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", real.name)[:40] or "out"
        tag = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:12]
        return cls(real, (root or cache_root()) / "builds" / f"{slug}-{tag}")

    def ensure(self) -> "WorkDir":
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

    @property
    def tag(self) -> str:
        """The output folder's own tag (a digest of its real path): names the engine's temporary folder in it."""
        return self.path.name.rsplit("-", 1)[-1]

    @property
    def state_file(self) -> Path:
        return self.path / "state.json"

    @property
    def pending_file(self) -> Path:
        return self.path / "pending.json"

    @property
    def logs(self) -> Path:
        return self.path / "logs"

    @property
    def staging(self) -> Path:
        return self.path / "staging"


class State:
    """What each job made last time it ran successfully: {job id: record}."""

    def __init__(self, work: WorkDir):
        self.work = work
        self.jobs: dict[str, dict[str, Any]] = {}
        self.manifests: dict[str, dict[str, str]] = {}  # "<storyboard>/<lang>" -> sha256 and fields last written
        # job id -> {path: sha256} of files a commit is putting in place: saved before the first rename, so a
        # build killed half-way knows the files it left at final paths are its own. A file of its own, small:
        # saving it costs nothing next to the whole record.
        self.pending: dict[str, dict[str, str]] = {}
        try:
            doc = json.loads(work.state_file.read_text(encoding="utf-8"))
            if doc.get("version") == STATE_VERSION and isinstance(doc.get("jobs"), dict):
                self.jobs = doc["jobs"]
                self.manifests = doc.get("manifests") or {}
        except (OSError, ValueError):
            pass  # no state, or a damaged one: every job is simply run again
        try:
            doc = json.loads(work.pending_file.read_text(encoding="utf-8"))
            if isinstance(doc, dict):
                self.pending = {k: v for k, v in doc.items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass

    def save(self) -> None:
        doc = {"version": STATE_VERSION, "out": str(self.work.out), "jobs": self.jobs, "manifests": self.manifests}
        write_text_atomic(self.work.state_file, json.dumps(doc, ensure_ascii=False) + "\n")

    def save_pending(self) -> None:
        """Save `pending` (after `save`, when a job's record replaces its pending files)."""
        if self.pending:
            write_text_atomic(self.work.pending_file, json.dumps(self.pending, ensure_ascii=False) + "\n")
        else:
            self.work.pending_file.unlink(missing_ok=True)


# ---- the output folder's lock ---------------------------------------------------------------------------

class Busy(Exception):
    """Another build holds the output folder."""

    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


def describe_holder(work: WorkDir) -> str:
    try:
        h = json.loads((work.path / "holder.json").read_text(encoding="utf-8"))
        since = time.strftime("%H:%M:%S", time.localtime(h.get("since", 0)))
        return f"media build (pid {h.get('pid')} on {h.get('host')}, since {since}: {h.get('command', '')})"
    except (OSError, ValueError):
        return "another media build"


@contextlib.contextmanager
def output_lock(work: WorkDir, command: str, wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder for one build. The lock is the folder itself (flock on its descriptor), so
    no file is added to the site and a killed build releases it with its process.

    When another build holds it: `wait(holder)` is called once and this blocks until it is free; with
    `wait=None`, raises `Busy`."""
    work.out.mkdir(parents=True, exist_ok=True)
    fd = os.open(work.out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = describe_holder(work)
            if wait is None:
                raise Busy(holder) from None
            wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        work.ensure()
        write_text_atomic(work.path / "holder.json", json.dumps(
            {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(), "command": command}) + "\n")
        yield
    finally:
        os.close(fd)  # releases the lock
