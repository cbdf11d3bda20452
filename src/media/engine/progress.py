"""What a person sees while the engine works: the whole package with an ETA and one line per running job
on a terminal; one line per finished job in a log (CI, a pipe)."""
from __future__ import annotations

import time
from typing import Any


class Display:
    def __init__(self, console: Any = None, live: bool | None = None):
        from rich.console import Console

        self.console = console or Console(stderr=True)
        self.live = self.console.is_terminal if live is None else live
        self._progress = None
        self._overall = None
        self._tasks: dict[str, Any] = {}
        self._costs: dict[str, float] = {}
        self._done_cost = 0.0
        self._total = 0
        self._finished = 0

    # the engine calls these
    def start(self, total_jobs: int, total_cost_s: float) -> None:
        self._total = total_jobs
        if not self.live or not total_jobs:
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(bar_width=24),
                                  TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                                  TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True)
        self._progress.start()
        self._overall = self._progress.add_task(f"package: 0/{total_jobs} jobs", total=max(total_cost_s, 1e-3))

    def job_started(self, job_id: str, cost_s: float) -> None:
        self._costs[job_id] = cost_s
        if self._progress is not None:
            self._tasks[job_id] = self._progress.add_task(f"  {job_id}", total=1.0)

    def job_progress(self, job_id: str, label: str, fraction: float) -> None:
        if self._progress is None or job_id not in self._tasks:
            return
        fraction = max(0.0, min(1.0, fraction))
        self._progress.update(self._tasks[job_id], completed=fraction, description=f"  {job_id}: {label}")
        self._update_overall(extra=sum(self._costs[j] * self._progress.tasks[self._index(t)].completed
                                       for j, t in self._tasks.items()))

    def job_finished(self, job_id: str, status: str, seconds: float | None = None) -> None:
        self._finished += 1
        self._done_cost += self._costs.pop(job_id, 0.0)
        if self._progress is not None:
            task = self._tasks.pop(job_id, None)
            if task is not None:
                self._progress.remove_task(task)
            self._update_overall()
        if status != "fresh":
            took = f" in {seconds:.1f} s" if seconds is not None else ""
            self.line(f"[{self._finished}/{self._total}] {job_id}: {status}{took}")

    def line(self, text: str, style: str | None = None) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True, style=style)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    # helpers
    def _index(self, task_id) -> int:
        return next(i for i, t in enumerate(self._progress.tasks) if t.id == task_id)

    def _update_overall(self, extra: float = 0.0) -> None:
        if self._progress is None:
            return
        self._progress.update(self._overall, completed=self._done_cost + extra,
                              description=f"package: {self._finished}/{self._total} jobs, {len(self._tasks)} running")


class Quiet(Display):
    """No output at all (library use, tests)."""

    def __init__(self):
        self.live = False
        self._progress = None
        self._tasks = {}
        self._costs = {}
        self._done_cost = 0.0
        self._total = 0
        self._finished = 0
        self.console = None

    def line(self, text: str, style: str | None = None) -> None:
        pass


def clock() -> str:
    return time.strftime("%H:%M:%S")
