"""The real `media` command without paying Python's start-up each time: one process per test worker imports
media (and every builder, Pillow, NumPy ...) once, then forks a child per command. The child is a real
process: its own folder, environment and standard streams (files), `sys.argv`, exit code, its own process
group (a hang is killed whole, ffmpeg included) and its own CPU time. What it skips is only the import.

The hostile-input corpus runs ~360 commands; each used to spend ~0.8 s importing (most of a case's time).

Used by `tests.hostile.media` when the command needs no interpreter setting of its own (locale, `-X`
flags, a variable Python reads at start-up): those still start a fresh interpreter."""
from __future__ import annotations

import atexit
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# variables the interpreter reads when it starts, which a forked child cannot take on
STARTUP_VARIABLES = ("PYTHONUTF8", "PYTHONIOENCODING", "PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH", "LC_ALL",
                     "LC_CTYPE", "LANG", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "PYTHONWARNINGS",
                     "PYTHONDEVMODE", "PYTHONFAULTHANDLER", "PYTHONMALLOC")


def _preload() -> None:
    import importlib
    import pkgutil

    import media.cli  # noqa: F401
    import media.builders as builders

    for mod in pkgutil.iter_modules(builders.__path__):
        importlib.import_module(f"media.builders.{mod.name}")


def _streams(encoding: str) -> None:
    """Standard streams as the interpreter makes them at start-up (UTF-8 mode)."""
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding=encoding,
                                 errors="surrogateescape")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding=encoding,
                                  errors="surrogateescape")
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding=encoding,
                                  errors="backslashreplace", line_buffering=True)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr


def _child(req: dict) -> None:
    code = 1
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(req["env"])
        os.chdir(req["cwd"])
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            f = os.open(path, flags, 0o600)
            os.dup2(f, fd)
            os.close(f)
        _streams("utf-8")
        sys.argv = ["media", *req["args"]]
        from media.cli import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:  # what the interpreter would print for an uncaught exception
            import traceback

            traceback.print_exc()
            code = 1
        try:
            threading._shutdown()  # type: ignore[attr-defined]  # as at interpreter exit: wait for threads
        except Exception:
            pass
        atexit._run_exitfuncs()
        for s in (sys.stdout, sys.stderr):
            try:
                s.flush()
            except Exception:
                pass
    finally:
        os._exit(code)


def serve() -> None:
    """Read one JSON request per line on stdin; answer one JSON line per finished command on stdout."""
    _preload()
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in sys.stdin:
        req = json.loads(line)
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            _child(req)
        deadline = started + req["timeout"]
        timed_out = False
        while True:
            wpid, status, usage = os.wait4(pid, os.WNOHANG)
            if wpid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                wpid, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.004)
        reply.write(json.dumps({"rc": -9 if timed_out else os.waitstatus_to_exitcode(status), "timed_out": timed_out,
                                "seconds": time.perf_counter() - started,
                                "cpu_s": usage.ru_utime + usage.ru_stime}) + "\n")
        reply.flush()


class Zygote:
    """The test side: starts `serve()` in a fresh interpreter (UTF-8 mode, as `media` runs itself) and asks it
    to run commands. One per test process, started on first use."""

    _lock = threading.Lock()
    _one: "Zygote | None" = None

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        self.proc = subprocess.Popen([sys.executable, "-X", "utf8", "-c", "from tests.zygote import serve; serve()"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        atexit.register(self.close)

    @classmethod
    def get(cls) -> "Zygote":
        with cls._lock:
            if cls._one is None or cls._one.proc.poll() is not None:
                cls._one = Zygote()
            return cls._one

    def run(self, args: list[str], *, cwd: Path, env: dict, timeout: float, stdout: Path, stderr: Path) -> dict:
        req = {"args": [str(a) for a in args], "cwd": str(cwd), "env": env, "timeout": timeout,
               "stdout": str(stdout), "stderr": str(stderr)}
        with self._lock:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()  # the zygote answers within `timeout` (it kills the command then)
        if not line:
            raise RuntimeError(f"the test zygote died (exit {self.proc.poll()})")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def usable(env: dict) -> bool:
    """Whether a command with this environment can run in a forked child (no interpreter setting differs
    from the zygote's)."""
    return all(env.get(k) == os.environ.get(k) for k in STARTUP_VARIABLES if k not in ("PYTHONIOENCODING", "PYTHONPATH"))
