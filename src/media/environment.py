"""The machine media runs on: its locale, standard streams and the folders it writes, checked up front.

Whatever the machine does wrong (a read-only home, a deleted current folder, `--out` under a file or
through a dangling symlink, standard output full or closed by `head`), the user gets one line with the
path and the fix, and exit 4 (the output or cache folder cannot be written) instead of a traceback:

- `utf8_mode()`: under an ASCII locale without Python's UTF-8 mode (`LC_ALL=C PYTHONUTF8=0`) Persian
  file names arrive as surrogate escapes and Persian messages cannot be printed; the command runs
  itself again in UTF-8 mode (`python -X utf8`, PEP 540), which Python itself picks for the C locale
  unless told not to.
- `guard_streams()`: writes to standard output that fail (a full disk behind `> /dev/full`, a pipe
  the reader closed) raise `StreamError`, which the command line turns into one line and exit 4;
  standard error that cannot be written is given up silently (there is nowhere left to say so).
- `writable_folder()`: an output or cache folder that can be created and written, or an `OutputError`
  that says which part of its path is wrong and what to do.
"""
from __future__ import annotations

import errno
import io
import os
import stat
import sys
from pathlib import Path

from media.errors import Location, OutputError, Problem

REEXEC_FLAG = "MEDIA_UTF8_REEXEC"  # set in the re-executed command: never loop
# errnos that mean "this machine's folders or streams", not a bug of ours: the last line of defence
# (media.cli) reports them as one line with the file instead of a traceback
ENVIRONMENT_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR,
                                errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP, errno.EIO, errno.EMLINK, errno.ETXTBSY})
_LONG = 160  # a path longer than this is shown by its ends


# ---- the locale ----------------------------------------------------------------------------------------------

def needs_utf8_mode() -> bool:
    return not sys.flags.utf8_mode and sys.getfilesystemencoding().lower().replace("-", "") != "utf8"


def utf8_mode() -> None:
    """Run this command again under `python -X utf8` when the locale is not UTF-8 (returns only when
    there is nothing to do or it cannot be done: then the streams at least never fail on a character)."""
    if not needs_utf8_mode():
        return
    argv = list(getattr(sys, "orig_argv", []) or [])
    if sys.executable and argv and not os.environ.get(REEXEC_FLAG):
        env = dict(os.environ, PYTHONUTF8="1", **{REEXEC_FLAG: "1"})
        try:
            sys.stdout and sys.stdout.flush()
            os.execve(sys.executable, [sys.executable, "-X", "utf8", *argv[1:]], env)
        except OSError:
            pass
    for name in ("stdout", "stderr"):  # the fallback: every character printable, escaped if need be
        stream = getattr(sys, name)
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


# ---- the standard streams ----------------------------------------------------------------------------------

class StreamError(OSError):
    """Standard output could not be written (full, or a pipe whose reader is gone)."""


class _GuardedFd(io.RawIOBase):
    """File descriptor 1 or 2 as a raw stream: on stdout a failed write raises StreamError; on stderr it is
    dropped (a message that cannot be shown must not become a traceback that cannot be shown either)."""

    def __init__(self, fd: int, name: str, quiet: bool):
        super().__init__()
        self._fd, self.name_, self._quiet = fd, name, quiet
        self.failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        try:
            return os.isatty(self._fd)
        except OSError:
            return False

    def write(self, data) -> int:
        if self.failed:
            if self._quiet:
                return len(data)
            raise StreamError(errno.EPIPE, "already failed", self.name_)
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            self.failed = True
            if self._quiet:
                return len(data)
            raise StreamError(exc.errno, exc.strerror, self.name_) from None


def guard_streams() -> None:
    """Replace sys.stdout and sys.stderr (when they are open) by guarded streams with the same encoding.

    A standard descriptor closed when we started (`>&-`, `2>&-`) gets /dev/null: otherwise the next file
    we open would take its number, and a child process (ffmpeg, the espeak server) writing to its
    inherited standard output would write into that file."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                got = os.open(os.devnull, os.O_RDWR)
                if got != fd:  # a lower descriptor was free too (cannot be: 0..fd-1 were just checked)
                    os.close(got)
            except OSError:
                pass
    for fd, name, quiet in ((1, "stdout", False), (2, "stderr", True)):
        old = getattr(sys, name)
        if old is None:
            continue  # closed when we started: click and rich then write nothing
        try:
            old.flush()
            os.fstat(fd)
        except (OSError, ValueError):
            continue
        raw = _GuardedFd(fd, f"standard {'output' if fd == 1 else 'error'}", quiet)
        new = io.TextIOWrapper(io.BufferedWriter(raw), encoding=old.encoding, errors=old.errors or "strict",
                               line_buffering=getattr(old, "line_buffering", False) or raw.isatty(),
                               write_through=False)
        setattr(sys, name, new)


def stdout_lost() -> None:
    """After stdout failed: point fd 1 at /dev/null, so that nothing (Python's flush at exit included)
    tries it again and prints 'Exception ignored ...'."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_GuardedFd(1, "standard output", True)), encoding="utf-8")


def stream_message(exc: OSError) -> str:
    if exc.errno == errno.EPIPE:
        return "media: standard output: the reader closed the pipe (e.g. `| head`); the rest was not printed"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "media: standard output: no space left on the device it goes to; redirect it to a file that has room"
    return f"media: standard output: cannot write: {exc.strerror or exc}; redirect it to a file or a terminal"


# ---- folders ---------------------------------------------------------------------------------------------------

def shown(path: Path | str) -> str:
    """A path for a message: whole when short, else its start and end."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    return text if len(text) <= _LONG else f"{text[:60]}…{text[-90:]} ({len(text)} characters)"


def cwd_problem() -> str | None:
    try:
        os.getcwd()
        return None
    except OSError:
        return "the current folder no longer exists (deleted while you were in it?); cd to a folder that exists"


def _error(path: Path | str, message: str) -> OutputError:
    return OutputError(problems=[Problem(Location(shown(path)), message)])


def writable_folder(path: Path, what: str, fix: str, room: int = 0) -> None:
    """Check that `path` is (or can be made) a folder media can write; raise OutputError (exit 4) naming
    the part of the path that is wrong, else return. Creates nothing. `what`: "output folder" ...;
    `fix`: how to choose another one ("choose another --out"); `room`: bytes of path the files inside
    it need (an output folder holds <id>/<lang>/infographics/<id>-landscape.png)."""
    raw = os.fspath(path)
    if not raw:
        raise _error("(empty)", f"an empty path is not a folder; {fix}")
    if not os.path.isabs(raw) and cwd_problem():
        raise _error(raw, f"the {what} is a relative path, and {cwd_problem()}, or give an absolute path")
    absolute = os.path.abspath(raw)
    encoded = os.fsencode(absolute)
    try:
        path_max = os.pathconf("/", "PC_PATH_MAX")
        name_max = os.pathconf("/", "PC_NAME_MAX")
    except (OSError, ValueError):
        path_max, name_max = 4096, 255
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if len(encoded) + room >= path_max or longest > name_max:
        raise _error(raw, f"the {what}'s path is too long for this system ({len(encoded)} bytes, a name of {longest}; "
                          f"the limits are {path_max}" + (f" less {room} for the files inside it" if room else "")
                          + f", and {name_max} per name); {fix}")
    # walk down from the root: the first part that is not a folder, or a missing part, decides
    current = Path(absolute)
    chain = [current, *current.parents][::-1]
    for i, part in enumerate(chain):
        try:
            st = os.lstat(part)
        except FileNotFoundError:
            parent = chain[i - 1] if i else Path("/")
            _check_writable(parent, raw, what, fix, creating=True)
            return
        except OSError as exc:
            raise _error(part, f"cannot be looked at ({exc.strerror or exc}), so neither can the {what}; {fix}") from None
        if stat.S_ISLNK(st.st_mode):
            try:
                st = os.stat(part)
            except OSError as exc:
                target = _readlink(part)
                of = "" if part == current else f" (on the way to the {what} {shown(raw)})"
                if exc.errno == errno.ELOOP:
                    raise _error(part, f"is a symbolic link that loops (-> {target}){of}; remove it or {fix}") from None
                if exc.errno == errno.ENOENT:
                    raise _error(part, f"the {what} is a symbolic link to {target}, which does not exist{of}; "
                                       f"create that folder, remove the link, or {fix}") from None
                raise _error(part, f"symbolic link that cannot be followed ({exc.strerror or exc}){of}; {fix}") from None
        if not stat.S_ISDIR(st.st_mode):
            kind = "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else (
                "a pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a file")
            if part == current:
                raise _error(part, f"the {what} is {kind}, not a folder; {fix}")
            raise _error(part, f"is {kind}, not a folder, so the {what} {shown(raw)} cannot be made inside it; {fix}")
    _check_writable(current, raw, what, fix, creating=False)


def _readlink(p: Path) -> str:
    try:
        return shown(os.readlink(p))
    except OSError:
        return "?"


def _check_writable(folder: Path, raw: str, what: str, fix: str, creating: bool) -> None:
    if os.access(folder, os.W_OK | os.X_OK):
        return
    try:
        os.statvfs(folder)
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    why = "is on a read-only file system" if read_only else "is not writable by you"
    made = f", so the {what} {shown(raw)} cannot be created in it" if creating else f" (the {what})"
    raise _error(folder, f"{why}{made}; {fix}")


def cache_fix() -> str:
    """How to choose another cache folder, naming the variable the current one came from."""
    if os.environ.get("MEDIA_CACHE_DIR"):
        return "set MEDIA_CACHE_DIR to a folder you can write"
    if os.environ.get("XDG_CACHE_HOME"):
        return "set MEDIA_CACHE_DIR (or XDG_CACHE_HOME) to a folder you can write"
    return "it is under your home folder (HOME); set MEDIA_CACHE_DIR to a folder you can write"


def os_error(exc: OSError) -> OutputError:
    """An environment OSError that escaped every other handler, as one line with its file and exit 4."""
    where = exc.filename if exc.filename is not None else "media"
    more = f" -> {shown(exc.filename2)}" if getattr(exc, "filename2", None) else ""
    return OutputError(problems=[Problem(Location(shown(os.fsdecode(where)) + more),
                                         f"{exc.strerror or exc}: check this file or its folder (permissions, "
                                         "free space, a read-only disk) or choose another place")])
