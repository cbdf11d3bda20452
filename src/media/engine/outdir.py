"""The output folder's bounds: which `--out` folders are refused, and which folders in it may be written.

The output folder is the site people publish, inside the user's own disk: the engine writes only below
it, only through real folders (a symbolic link could lead anywhere), and never into a folder that holds
the project's sources. Refused before anything is read or written (exit 2):

- an empty `--out` (it would mean the current folder);
- the project folder (the one holding `package.yaml`), a folder holding the storyboards, or any folder
  above them: the site would mix with its sources, and removing an outdated output could reach them
  (mkdocs refuses a `site_dir` that contains its `docs_dir` for the same reason);
- a cache folder (`$MEDIA_CACHE_DIR`, `$XDG_CACHE_HOME/media`, `~/.cache/media`) inside the output
  folder: the engine's records, logs and staging would be published with the site.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from media.errors import Location, OptionError, OutputError, Problem

OWN_FOLDER = "choose a folder of its own, e.g. --out output"


def check_out_option(raw: str) -> None:
    """`--out` as typed: an empty value is refused (it would build into the current folder)."""
    if not raw.strip():
        raise OptionError(problems=[Problem(Location("command line", path="--out"), f"is empty; {OWN_FOLDER}")])


def real(path: Path | str) -> str:
    """The real absolute path (links resolved; never raises, even on a link loop)."""
    return os.path.realpath(os.path.abspath(path))


def within(inner: str, outer: str) -> bool:
    """`inner` is `outer` or below it (both from `real`)."""
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def check_output_folder(out: Path, storyboards: Iterable[Path], projects: Iterable[Path],
                        caches: Iterable[tuple[Path, Location]]) -> None:
    """Refuse an output folder that is, or holds, the project or the storyboards, or that holds a cache.

    `projects`: the folders holding the storyboards' package.yaml; `caches`: (folder, what set it: an
    environment variable, `Location("environment", path="MEDIA_CACHE_DIR")`, or an option)."""
    out_real = real(out)
    shown = str(out)
    problems: list[Problem] = []
    for project in dict.fromkeys(real(p) for p in projects):
        if out_real == project:
            problems.append(Problem(Location(shown, path="--out"),
                                    f"is the project folder (it holds package.yaml); {OWN_FOLDER}"))
        elif within(project, out_real):
            problems.append(Problem(Location(shown, path="--out"),
                                    f"holds the project {project}: the site must not contain its sources; {OWN_FOLDER}"))
    if not problems:
        for folder in dict.fromkeys(real(Path(s).parent) for s in storyboards):
            if within(folder, out_real):
                problems.append(Problem(Location(shown, path="--out"),
                                        f"holds the storyboards in {folder}; {OWN_FOLDER}"))
                break
    for folder, origin in caches:
        if within(real(folder), out_real):
            fix = origin.path if origin.file == "options" else "MEDIA_CACHE_DIR"
            problems.append(Problem(origin, f"the cache folder {folder} is inside the output folder {shown}, which "
                                            f"is the site people publish: set {fix} to a folder outside it"))
            break
    if problems:
        raise OptionError(problems=problems)


class Folders:
    """Folders below the output folder, checked or made one level at a time: each must be a real folder,
    not a symbolic link (writing through it would write wherever it points) and not a file. A folder
    found good is remembered for the rest of the build."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self._good: set[Path] = {self.out}

    def problem(self, folder: Path) -> Problem | None:
        """Why `folder` (the output folder or below) cannot be written into, or None (missing folders are fine)."""
        for d in self._chain(folder):
            if d in self._good:
                continue
            try:
                st = os.lstat(d)
            except FileNotFoundError:
                return None
            except OSError as exc:
                return Problem(Location(str(d)), f"cannot read: {exc.strerror or exc}")
            if stat.S_ISLNK(st.st_mode):
                return Problem(Location(str(d)), f"is a symbolic link (to {_target(d)}); media writes only into "
                                                 "real folders of the output folder: remove the link")
            if not stat.S_ISDIR(st.st_mode):
                return Problem(Location(str(d)), "is a file where media makes a folder; move it away")
            self._good.add(d)
        return None

    def make(self, folder: Path) -> None:
        """Make `folder` and those above it up to the output folder; OutputError naming a link or a file in the way."""
        problem = self.problem(folder)
        if problem:
            raise OutputError(problems=[problem])
        for d in self._chain(folder):
            if d in self._good:
                continue
            try:
                os.mkdir(d)
            except FileExistsError:
                problem = self.problem(d)  # made meanwhile: look at what it is
                if problem:
                    raise OutputError(problems=[problem]) from None
            except OSError as exc:
                raise OutputError.from_os(exc, d) from None
            self._good.add(d)

    def _chain(self, folder: Path) -> list[Path]:
        """The folders from just below the output folder down to `folder`."""
        chain, cur = [], self.out
        for part in Path(folder).relative_to(self.out).parts:
            cur = cur / part
            chain.append(cur)
        return chain


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"
