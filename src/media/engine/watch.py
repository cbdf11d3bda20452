"""Rebuild on save: poll the inputs' modification times (a few dozen files: cheap, and no dependency that
needs inotify), wait for an editor's save to settle, rebuild, say what was rebuilt and how long it took."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

Snapshot = dict[str, tuple[int, int] | None]


def snapshot(paths: list[Path]) -> Snapshot:
    out: Snapshot = {}
    for p in paths:
        try:
            st = os.stat(p)
            out[str(p)] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[str(p)] = None
    return out


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    keys = set(before) | set(after)
    return sorted(k for k in keys if before.get(k) != after.get(k))


def watch(rebuild: Callable[[list[str]], None], inputs: Callable[[], list[Path]], *, interval_s: float = 0.4,
          settle_s: float = 0.25, stop: Callable[[], bool] = lambda: False) -> None:
    """Call `rebuild([])` now, then `rebuild(changed_files)` after every save of a file in `inputs()`
    (asked again after each rebuild: a storyboard may have gained an image). Returns when `stop()`."""
    paths = inputs()
    state = snapshot(paths)  # taken before each rebuild: a save during a rebuild starts the next one

    def refresh() -> list[Path]:
        new = inputs()
        state.update({k: v for k, v in snapshot(new).items() if k not in state})
        return new

    rebuild([])
    paths = refresh()
    while not stop():
        time.sleep(interval_s)
        now = snapshot(paths)
        diff = changed(state, now)
        if not diff:
            continue
        while True:  # editors save in several writes: wait until the files stop changing
            time.sleep(settle_s)
            later = snapshot(paths)
            if later == now:
                break
            now = later
        state = now
        rebuild([os.path.basename(d) for d in diff])
        paths = refresh()
