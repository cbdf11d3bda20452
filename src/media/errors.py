"""Expected errors: one base class, a category, and a location a person can act on."""
from __future__ import annotations

import re
from dataclasses import dataclass

# What must never reach a terminal raw: C0 and C1 controls (ESC sequences can retitle a window or
# rewrite the screen, BEL rings), DEL, bidi embeddings/overrides/isolates (they reorder the line),
# line and paragraph separators, and lone surrogates (not encodable: printing them would crash).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to echo: every character of _UNPRINTABLE as an escape (\\x1b, \\n, \\u202e).
    Idempotent; Persian, ZWNJ and the direction marks U+200E/U+200F are kept."""
    if not _UNPRINTABLE.search(text):
        return text
    def esc(m: re.Match) -> str:
        o = ord(m.group())
        return {9: "\\t", 10: "\\n", 13: "\\r"}.get(o) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
    return _UNPRINTABLE.sub(esc, text)


@dataclass(frozen=True)
class Location:
    """Where a problem is: `file:line:col` (1-based) and the key path inside the storyboard."""

    file: str
    line: int | None = None
    col: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {printable(self.path)}" if self.path else where


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.location}: {tag}{printable(self.message)}"


class MediaError(Exception):
    """Base of every expected error. Printed as one line per problem, never with a traceback."""

    category = "error"
    exit_code = 1

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        super().__init__(message or "\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems]
        return [printable(str(self))]

    def __reduce__(self):
        # errors cross process boundaries (worker processes, Dask): keep the message and the problems
        return (type(self), ("" if self.problems else str(self), self.problems))


class StoryboardError(MediaError):
    """The storyboard (or package settings) is invalid. Exit code 2."""

    category = "storyboard"
    exit_code = 2


class LayoutError(MediaError):
    """Text does not fit its box even at the minimum size. Exit code 2 (fix the storyboard)."""

    category = "layout"
    exit_code = 2


class EngineError(MediaError):
    """A required external engine (ffmpeg, speech, font) is missing or failed. Exit code 3."""

    category = "engine"
    exit_code = 3


class PrivacyError(MediaError):
    """An online engine was asked for without opt-in, or for confidential content. Exit code 2."""

    category = "privacy"
    exit_code = 2


class OptionError(MediaError):
    """An option or setting names a folder that cannot be used (an `--out` that holds the project, a cache
    folder inside the output folder). Exit code 2 (invalid input)."""

    category = "option"
    exit_code = 2


class OutputError(MediaError):
    """The output folder cannot be written (disk full, permissions). Exit code 4."""

    category = "output"
    exit_code = 4

    @classmethod
    def from_os(cls, exc: OSError, path, needed_bytes: int | None = None, at_least: bool = False) -> "OutputError":
        import errno
        import shutil

        from pathlib import Path

        path = Path(path)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            try:
                free = shutil.disk_usage(next(p for p in [path, *path.parents] if p.exists())).free
            except (OSError, StopIteration):
                free = 0
            more = "more than " if at_least else ""
            need = f"; it needs {more}{_size(needed_bytes)}, {_size(free)} free" if needed_bytes else ""
            return cls(problems=[Problem(Location(str(path)), f"no space left on the device{need}")])
        return cls(problems=[Problem(Location(str(path)), f"cannot write: {exc.strerror or exc}")])


def _size(n: int | None) -> str:
    n = int(n or 0)
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} bytes"
