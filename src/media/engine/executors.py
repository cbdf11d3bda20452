"""Where jobs run: a thread of this process (-j 1), worker processes (-j N), or a Dask cluster.

Every executor takes a `Task` and returns a `concurrent.futures.Future` of its `Outcome`, so the
engine's loop is the same for all three. Progress from worker processes comes back through a queue.
`Executors` sends each task to the one that must run it.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import queue
import signal
import threading
import time
from typing import Callable

from media.engine import keys
from media.engine.execute import Outcome, Task, by_value, execute
from media.engine.job import PACKAGE
from media.errors import EngineError

ProgressSink = Callable[[str, str, float], None]  # job id, label, fraction


class InlineExecutor:
    """One job at a time in a daemon thread: the main thread stays free for the display and Ctrl-C."""

    remote = False

    def __init__(self, progress: ProgressSink):
        self._progress = progress
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="media-job", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            task, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(execute(task, lambda label, f, _id=task.job.id: self._progress(_id, label, f)))
            except BaseException as exc:  # noqa: BLE001 - handed to the engine
                fut.set_exception(exc)

    def submit(self, task: Task) -> cf.Future:
        fut: cf.Future = cf.Future()
        self._queue.put((task, fut))
        return fut

    def poll(self) -> None:
        pass

    def shutdown(self, cancel: bool = False) -> None:
        self._queue.put(None)


# ---- worker processes -------------------------------------------------------------------------------------

_worker_queue = None


def _init_worker(q) -> None:
    global _worker_queue
    _worker_queue = q
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops


def _run_in_worker(task: Task) -> Outcome:
    last = [0.0]

    def progress(label: str, fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2 or fraction >= 1.0:
            last[0] = now
            _worker_queue.put((task.job.id, label, fraction))

    return execute(task, progress)


class ProcessExecutor:
    """N worker processes (forkserver: no thread of this process is copied into them)."""

    remote = False

    def __init__(self, workers: int, progress: ProgressSink):
        ctx = multiprocessing.get_context("forkserver")
        self._progress = progress
        self._queue = ctx.Queue()
        self._pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                            initargs=(self._queue,))

    def submit(self, task: Task) -> cf.Future:
        return self._pool.submit(_run_in_worker, task)

    def poll(self) -> None:
        while True:
            try:
                job_id, label, fraction = self._queue.get_nowait()
            except (queue.Empty, OSError, EOFError):
                return
            self._progress(job_id, label, fraction)

    def shutdown(self, cancel: bool = False) -> None:
        if cancel:
            for p in list(getattr(self._pool, "_processes", {}).values()):
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except (OSError, AttributeError):
                    pass
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


# ---- Dask --------------------------------------------------------------------------------------------------

def _worker_environment() -> dict[str, str]:
    """Run on each Dask worker (sent by reference: the worker imports this module)."""
    return keys.environment()


class DaskExecutor:
    """Jobs on a Dask distributed cluster. Inputs travel by value (the task pickles the storyboard and the
    bytes of its images and recordings) and outputs come back as bytes that the engine writes, so workers
    share no folder with the client. A worker needs the same `media` (code and fonts): checked on connect."""

    remote = True

    def __init__(self, address: str, progress: ProgressSink):
        try:
            from distributed import Client
        except ImportError:
            raise EngineError("--scheduler needs Dask: pip install -e '.[dask]'") from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        mine = keys.environment()
        theirs = self.client.run(_worker_environment)
        if not theirs:
            self.client.close()
            raise EngineError(f"the Dask scheduler at {address} has no workers")
        differ = {w: e for w, e in theirs.items() if e != mine}
        if differ:
            self.client.close()
            w, e = next(iter(differ.items()))
            parts = ", ".join(f"{k} {e.get(k)} (here {mine[k]})" for k in mine if e.get(k) != mine[k])
            raise EngineError(f"Dask worker {w} runs a different media: {parts}; install the same version and fonts")
        self.workers = sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()) or len(theirs)

    def submit(self, task: Task) -> cf.Future:
        import uuid

        fut: cf.Future = cf.Future()
        fut.set_running_or_notify_cancel()
        remote = self.client.submit(execute, task, key=f"media-{task.job.id}-{uuid.uuid4().hex[:8]}", pure=False)

        def done(r) -> None:
            try:
                fut.set_result(r.result())
            except BaseException as exc:  # noqa: BLE001 - handed to the engine
                fut.set_exception(exc)

        remote.add_done_callback(done)
        fut._media_remote = remote  # type: ignore[attr-defined] - to cancel it
        return fut

    def poll(self) -> None:
        pass

    def shutdown(self, cancel: bool = False) -> None:
        self.client.close()


# ---- which executor runs a task ----------------------------------------------------------------------------

class Executors:
    """Jobs go to the chosen executor, except on Dask: jobs that read other jobs' outputs, and package-wide
    jobs (they read every storyboard), run where the output folder is (Dask workers do not see it).
    Executors start on the first task they get (a build with nothing to do starts none)."""

    def __init__(self, jobs: int, scheduler: str | None, progress: ProgressSink):
        self.jobs = jobs
        self.scheduler = scheduler
        self.main = None
        self.local = None
        self._progress = progress

    def _make_main(self):
        if self.scheduler:
            return DaskExecutor(self.scheduler, self._progress)
        return ProcessExecutor(self.jobs, self._progress) if self.jobs > 1 else InlineExecutor(self._progress)

    @property
    def capacity(self) -> int:
        """Jobs handed out at once: as many as run (the costliest first), so the display tells the truth."""
        if self.scheduler:
            workers = getattr(self.main, "workers", None) if self.main is not None else None
            return (workers or 2) + 1  # + the local thread for jobs that read other jobs' outputs
        return self.jobs

    def submit(self, task: Task) -> cf.Future:
        if self.scheduler and (task.job.needs or task.job.storyboard == PACKAGE):
            self.local = self.local or InlineExecutor(self._progress)
            return self.local.submit(task)
        self.main = self.main or self._make_main()
        if getattr(self.main, "remote", False):
            task = by_value(task)
        return self.main.submit(task)

    def poll(self) -> None:
        for ex in (self.main, self.local):
            if ex is not None:
                ex.poll()

    def shutdown(self, cancel: bool = False) -> None:
        for ex in (self.main, self.local):
            if ex is not None:
                ex.shutdown(cancel)
