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
