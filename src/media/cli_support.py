"""What every `media` command shares: one-line errors (a saved traceback for the unexpected), files and languages
from the command line."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from media import LANGS, environment
from media.environment import ENVIRONMENT_ERRNOS, StreamError
from media.errors import MediaError, Problem, printable
from media.files import cache_root


PACKAGE_FILE = "package.yaml"


def _echo_problems(problems: list[Problem] | list[str]) -> None:
    for p in problems:
        click.echo(printable(str(p)), err=True)


def crash_log(log_dir: Path, text: str) -> Path:
    """Save a traceback under `log_dir` in a file of its own: time to the microsecond, pid, and a
    random part made by O_EXCL creation, so two crashes never share (and overwrite) a file."""
    import datetime
    import tempfile

    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-{os.getpid()}-", suffix=".txt", dir=log_dir)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
    return Path(name)


def _run(fn, log_dir: Path | None = None):
    """Turn expected errors into one-line messages and unexpected ones into a saved traceback."""
    try:
        return fn()
    except MediaError as exc:
        _echo_problems(exc.lines())
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(printable(f"media: {exc.format_message()}"), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted: what was finished is in place; run the same command to finish the rest", err=True)
        sys.exit(130)
    except StreamError as exc:
        _stdout_failed(exc)
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRNOS:
            _internal(exc, log_dir)
        err = environment.os_error(exc)
        _echo_problems(err.lines())
        sys.exit(err.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        _internal(exc, log_dir)


def _stdout_failed(exc: OSError):
    click.echo(environment.stream_message(exc), err=True)
    environment.stdout_lost()
    sys.exit(4)


def _internal(exc: BaseException, log_dir: Path | None):
    try:
        log_dir = log_dir or cache_root() / "logs"
        where = f"; traceback saved to {crash_log(log_dir, traceback.format_exc())}"
    except (OSError, RuntimeError):
        where = ""
    click.echo(printable(f"media: internal error: {type(exc).__name__}: {exc}{where}"), err=True)
    click.echo("Please report it with the storyboard that caused it.", err=True)
    sys.exit(1)


def _split_files(files: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """Separate package settings files from storyboards (so `storyboards/*.yaml` just works)."""
    settings, storyboards = [], []
    for f in files:
        p = Path(f)
        (settings if p.name == PACKAGE_FILE else storyboards).append(p)
    return settings, storyboards


def _langs(value: str) -> tuple[str, ...]:
    langs = tuple(x.strip() for x in value.split(",") if x.strip())
    bad = [x for x in langs if x not in LANGS]
    if bad or not langs:
        raise click.BadParameter(f"languages are {', '.join(LANGS)}; got {value!r}")
    return langs
