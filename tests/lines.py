"""Read a child process's output line by line with a deadline that holds even when the child goes silent.

`proc.stdout.readline()` blocks until the child writes or exits: a watcher that misses a save, or a server
that never prints its address, would stall the test (and, under xdist, every test queued behind it). A
reader thread feeds a queue; `wait_for` gives up at its deadline with every line seen so far."""
from __future__ import annotations

import queue
import signal
import subprocess
import re
import threading
import time
from typing import IO


class Lines:
    def __init__(self, stream: IO[str]):
        self.seen: list[str] = []
        self._q: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[str]) -> None:
        try:
            for line in iter(stream.readline, ""):
                self._q.put(line)
        except (OSError, ValueError):  # the stream was closed under us (the test is ending)
            pass
        self._q.put(None)

    def next(self, timeout_s: float) -> str | None:
        """The next line, or None at the end of the output or after `timeout_s` of silence."""
        try:
            line = self._q.get(timeout=max(timeout_s, 0.0))
        except queue.Empty:
            return None
        if line is None:
            self._q.put(None)  # the end stays the end for later calls
            return None
        self.seen.append(line)
        return line

    def wait_for(self, pattern: str, timeout_s: float = 120, *, regex: bool = True) -> re.Match | str:
        """The first new line that matches `pattern` (a regex, or plain text with regex=False); an
        AssertionError naming every line seen if none comes before the deadline or the output ends."""
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            line = self.next(left)
            if line is None:
                if self._q.queue and self._q.queue[0] is None:
                    break  # the output ended
                continue
            if regex:
                m = re.search(pattern, line)
                if m:
                    return m
            elif pattern in line:
                return line
        raise AssertionError(f"no line matching {pattern!r} within {timeout_s} s; seen: {self.seen}")

    def rest(self, timeout_s: float = 60) -> str:
        """Every line still to come, until the output ends (the child exited) or `timeout_s` passes."""
        deadline = time.monotonic() + timeout_s
        start = len(self.seen)
        while (left := deadline - time.monotonic()) > 0:
            if self.next(left) is None and self._q.queue and self._q.queue[0] is None:
                break
        return "".join(self.seen[start:])


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout_s: float = 10) -> None:
    """Ask a child to stop (`sig`), and kill it if it has not within `timeout_s`."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)
