"""Helpers for the hostile-input tests: a small project to spoil, hostile files, the real CLI, and
the checks every run must pass (exit code, no traceback, located messages, writes confined to the
output folder and the cache, no temporary file left, manifests that match the disk)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tests import zygote

ROOT = Path(__file__).resolve().parent.parent
BASIC = ROOT / "tests" / "roots" / "basic" / "storyboards"
VIDEO_SIZE = "160x90@5"
# a problem line: FILE:LINE:COL: message, or FILE: message for what concerns a whole file
LOCATED = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<col>\d+):)? (?P<msg>.+)$")
WHOLE_FILE = ("file is empty", "is a folder", "is not a regular file", "file is ", "cannot read",
              "no package.yaml found", "file is over",
              # a folder media cannot write (tests/test_environment.py): the path is the location
              "not a folder", "symbolic link", "read-only file system", "not writable", "too long", "check this file",
              # the output folder: an option, or a path in it (media.engine.outdir, media.engine.placing)
              "--out: ", "is a symbolic link", "is a file media did not make", "is a file where media makes a folder",
              "warning: changed since media made it", "warning: was not made by media")
NOT_A_FILE = ("command line", "environment")  # where an option or a variable is at fault
NOT_PROBLEMS = re.compile(r"^(\[\d+/\d+\] |\d+ error\(s\)|.+: \d+ jobs: |waiting: )")


class Project:
    """A copy of the basic fixture project under `root` (storyboards/mini.yaml + package.yaml)."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "storyboards"
        shutil.copytree(BASIC, self.dir)
        self.sb = self.dir / "mini.yaml"

    @property
    def text(self) -> str:
        return self.sb.read_text(encoding="utf-8")

    def sub(self, old: str, new: str, file: str = "mini.yaml") -> "Project":
        path = self.dir / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def write(self, rel: str, data: bytes | str) -> Path:
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def scene(self, extra: str, layout: str = "image") -> "Project":
        """The scene's layout and one more key of it (an image, say)."""
        return self.sub("    layout: title\n", f"    layout: {layout}\n{extra}")

    def package(self, old: str, new: str) -> "Project":
        return self.sub(old, new, "package.yaml")


# ---- hostile files -----------------------------------------------------------------------------------------

def png(w: int = 64, h: int = 36, mode: str = "RGB", **save) -> bytes:
    import io

    from PIL import Image

    im = Image.new(mode, (w, h), {"RGB": (20, 90, 160), "RGBA": (20, 90, 160, 128), "L": 128, "LA": (128, 200),
                                  "P": 3, "1": 1, "I;16": 40000, "CMYK": (10, 20, 30, 0)}[mode])
    buf = io.BytesIO()
    im.save(buf, format=save.pop("format", "PNG"), **save)
    return buf.getvalue()


def png_header(w: int, h: int) -> bytes:
    """A PNG that claims w x h pixels (a decompression bomb's header) with a token of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def wav(seconds: float = 1.0, amp: float = 0.3, sr: int = 22050) -> bytes:
    import io
    import math
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(b"".join(struct.pack("<h", int(amp * 32767 * math.sin(2 * math.pi * 220 * i / sr)))
                               for i in range(int(seconds * sr))))
    return buf.getvalue()


# ---- running the real CLI ----------------------------------------------------------------------------------

@dataclass
class Run:
    args: tuple
    rc: int
    out: str
    err: str
    seconds: float
    timed_out: bool = False
    cpu_s: float = 0.0  # user + system time of the command and its children (ffmpeg ...)

    @property
    def text(self) -> str:
        return self.out + self.err


def media(args, *, cwd: Path, cache: Path, timeout: float, env: dict | None = None) -> Run:
    e = {**os.environ, "MEDIA_CACHE_DIR": str(cache), "MEDIA_VIDEO_SIZE": VIDEO_SIZE, "PYTHONIOENCODING": "utf-8",
         "COLUMNS": "200", **(env or {})}
    e.pop("SOURCE_DATE_EPOCH", None)
    import resource

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    if zygote.usable(e):  # the same command in a forked child of a process that imported media once
        import tempfile

        with tempfile.TemporaryDirectory(prefix="media-run-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            r = zygote.Zygote.get().run(list(args), cwd=cwd, env=e, timeout=timeout, stdout=out, stderr=err)
            text = [f.read_bytes().decode("utf-8", "replace") if f.exists() else "" for f in (out, err)]
        return Run(tuple(args), r["rc"], text[0], text[1], r["seconds"], r["timed_out"], cpu_s=r["cpu_s"])
    started, cpu0 = time.perf_counter(), cpu()
    try:
        proc = subprocess.run([sys.executable, "-m", "media", *args], cwd=cwd, env=e, capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return Run(tuple(args), -9, (exc.stdout or b"").decode("utf-8", "replace"),
                   (exc.stderr or b"").decode("utf-8", "replace"), time.perf_counter() - started, True)
    return Run(tuple(args), proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"), time.perf_counter() - started, cpu_s=cpu() - cpu0)


def _unescape(text: str) -> str:
    return re.sub(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[ntr])",
                  lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)


def unlocated(run: Run, cwd: Path) -> list[str]:
    """Problem lines of a failed run that do not start with an existing file (and a line and column,
    unless the message is about the whole file)."""
    bad = []
    for line in run.err.splitlines():
        if not line.strip() or NOT_PROBLEMS.match(line):
            continue
        m = LOCATED.match(line)
        if not m:
            bad.append(line)
            continue
        file = m.group("file")
        if file in NOT_A_FILE:
            continue
        path = Path(_unescape(file))
        path = path if path.is_absolute() else cwd / path
        if not (path.exists() or path.is_symlink()):
            bad.append(line)
        elif m.group("line") is None and not any(w in m.group("msg") for w in WHOLE_FILE):
            bad.append(line)
    return bad


# ---- what a run may leave behind ---------------------------------------------------------------------------

def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, tuple]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        d = Path(dirpath)
        dirnames[:] = [n for n in dirnames if d / n not in skip]
        for n in [*filenames, *dirnames]:
            p = d / n
            try:
                st = p.lstat()
            except OSError:
                continue
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns, st.st_mode)
    return out


def leftovers(out: Path) -> list[str]:
    """Temporary files in the output folder (an interrupted or failed write)."""
    if not out.exists():
        return []
    return [str(p.relative_to(out)) for p in out.rglob("*") if p.name.startswith(".") or p.name.endswith(".part")]


def manifest_problems(out: Path, ignore=lambda path: False) -> list[str]:
    """Every file under `out` is listed by the manifest of its folder (or of a folder above), and every
    listed file is on disk with the recorded size and sha256. `ignore(path)`: the user's own files."""
    if not out.exists():
        return []
    problems, listed = [], set()
    for man in out.rglob("manifest.json"):
        if ignore(man):
            continue
        try:
            doc = json.loads(man.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{man}: not JSON ({exc})")
            continue
        listed.add(man.resolve())
        for a in doc.get("artifacts", []):
            p = (man.parent / a["path"]).resolve()
            listed.add(p)
            if not p.is_file():
                problems.append(f"{man}: lists {a['path']}, which is not on disk")
            elif p.stat().st_size != a.get("bytes") or hashlib.sha256(p.read_bytes()).hexdigest() != a.get("sha256"):
                problems.append(f"{man}: {a['path']} differs from its record")
    for p in out.rglob("*"):
        if p.is_file() and not ignore(p) and p.resolve() not in listed:
            problems.append(f"{p.relative_to(out)} is in the output folder but in no manifest")
    return problems


@dataclass
class Verdict:
    runs: list[Run] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
