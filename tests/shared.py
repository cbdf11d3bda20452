"""A fixture made once per test run, even when pytest-xdist spreads a module's tests over workers (a
module-scoped fixture would be made once per worker: each deck build and LibreOffice conversion twice)."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def made_once(tmp_path_factory, name: str):
    """Yield (folder, todo): `todo` is True for the one caller that must make the contents; the others
    wait on the lock until it is done and get todo=False."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run:
        folder = tmp_path_factory.getbasetemp().parent / f"{name}-{run}"
    else:
        folder = tmp_path_factory.mktemp(name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".done"
        todo = not done.exists()
        yield Path(folder), todo
        if todo:
            done.touch()


COURSE = Path(__file__).parent / "roots" / "deck"
COURSE_EPOCH = "1795305600"  # 2026-11-22
EVERYTHING = ["infographics", "podcast", "video", "poster", "report", "summary", "checklist", "deck", "bundle"]


def course_build(tmp_path_factory) -> tuple[Path, Path]:
    """The deck fixture storyboard built once per run with everything its bundle holds (tiny video size,
    draft resolution): (folder, storyboard path); outputs in folder/out/course/<lang>/."""
    import shutil

    import pytest

    from media.build import build
    from media.builders import BuildOptions

    with made_once(tmp_path_factory, "course") as (base, todo):
        yaml = base / "deck" / "storyboards" / "course.yaml"
        if todo:
            shutil.copytree(COURSE, base / "deck")
            mp = pytest.MonkeyPatch()
            mp.setenv("SOURCE_DATE_EPOCH", COURSE_EPOCH)
            mp.setenv("MEDIA_VIDEO_SIZE", "320x180@10")
            try:
                report = build([yaml], ("fa", "en"), EVERYTHING, base / "out", BuildOptions(draft=True), jobs=2)
            finally:
                mp.undo()
            assert not report.failed
    return base, yaml
