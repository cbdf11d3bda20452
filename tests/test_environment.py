"""The machine, not the storyboard: folders that cannot be written, a locale without UTF-8, standard
streams full or closed. Each run goes through the real command line and must end with one line that names
the path and the fix, exit 4 (cannot write) or 2, no traceback, and nothing written where it should not be.

Read-only folders are real read-only bind mounts in a private mount namespace (`unshare -m`; root here,
where permission bits would not stop anything); those tests are skipped where that is not possible."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import Project, media, snapshot

ROOT = Path(__file__).resolve().parent.parent
BUILD = ("--only", "infographics", "--lang", "fa", "--draft", "-j", "1")


@pytest.fixture
def p(tmp_path) -> Project:
    return Project(tmp_path / "proj")


def _clean(r, rc: int, *fragments: str) -> str:
    """The run ended with `rc`, no traceback, and one problem line holding every fragment; returns it."""
    assert r.rc == rc, (r.rc, r.err[-2000:])
    assert "Traceback" not in r.text and "internal error" not in r.text and "Exception ignored" not in r.text, r.err
    lines = [ln for ln in r.err.splitlines() if all(f in ln for f in fragments)]
    assert lines, f"no line with {fragments}:\n{r.err}"
    return lines[0]


# ---- the output folder -------------------------------------------------------------------------------------

def _under_file(tmp: Path) -> tuple[str, str]:
    (tmp / "a-file").write_text("x")
    return str(tmp / "a-file" / "out"), "is a file, not a folder"


def _dangling(tmp: Path) -> tuple[str, str]:
    os.symlink(tmp / "nowhere" / "site", tmp / "link")
    return str(tmp / "link"), "which does not exist"


def _loop(tmp: Path) -> tuple[str, str]:
    os.symlink(tmp / "loop", tmp / "loop")
    return str(tmp / "loop"), "loops"


def _loop_above(tmp: Path) -> tuple[str, str]:
    os.symlink(tmp / "a", tmp / "b")
    os.symlink(tmp / "b", tmp / "a")
    return str(tmp / "a" / "out"), "loops"


def _fifo(tmp: Path) -> tuple[str, str]:
    os.mkfifo(tmp / "pipe")
    return str(tmp / "pipe"), "is a pipe, not a folder"


OUT_STATES = {
    "under-a-file": _under_file,
    "dev-null": lambda tmp: ("/dev/null", "is a device, not a folder"),
    "dangling-symlink": _dangling,
    "looping-symlink": _loop,
    "looping-symlink-above": _loop_above,
    "a-fifo": _fifo,
    "name-too-long": lambda tmp: (str(tmp / ("n" * 300)), "too long"),
    "path-too-long": lambda tmp: (str(tmp / "/".join(["d" * 200] * 25)), "too long"),
}


@pytest.mark.parametrize("state", OUT_STATES)
def test_an_output_folder_that_cannot_be_one_is_one_line_and_exit_4(state, p, tmp_path):
    out, why = OUT_STATES[state](tmp_path)
    before = snapshot(tmp_path, skip=(tmp_path / "cache",))
    r = media(["build", str(p.sb), "--out", out, *BUILD], cwd=tmp_path, cache=tmp_path / "cache", timeout=60)
    line = _clean(r, 4, why, "--out")
    assert line.split(":")[0] in out or out.startswith(line.split(":")[0].split("…")[0]), line
    assert len(line) < 500, line  # a 5,000-character path is shown by its ends
    assert snapshot(tmp_path, skip=(tmp_path / "cache",)) == before


def test_serve_refuses_the_same_folders(p, tmp_path):
    """`media serve` (which builds, unless --no-build) checks its --out and the cache the same way."""
    os.symlink(tmp_path / "nowhere", tmp_path / "link")
    (tmp_path / "cache-file").write_text("x")
    for args, cache, why in ((["--no-build", "--out", "/dev/null"], tmp_path / "cache", "is a device, not a folder"),
                             ([str(p.sb), "--out", str(tmp_path / "link")], tmp_path / "cache", "which does not exist"),
                             ([str(p.sb), "--out", str(tmp_path / "o")], tmp_path / "cache-file", "MEDIA_CACHE_DIR")):
        r = media(["serve", "--port", "0", *args], cwd=tmp_path, cache=cache, timeout=60)
        _clean(r, 4, why)
    assert not (tmp_path / "o").exists()


def test_a_deleted_current_folder(p, tmp_path):
    """build: one line, exit 4; validate: absolute paths still work, relative ones are located refusals."""
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (f"cd {gone} && rmdir {gone} && {sys.executable} -m media build {p.sb} --out {tmp_path / 'o'} "
              f"{' '.join(BUILD)}; echo rc=$?; {sys.executable} -m media validate {p.sb}; echo rc=$?; "
              f"{sys.executable} -m media validate storyboards/mini.yaml; echo rc=$?")
    r = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, MEDIA_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT / "src")))
    assert r.stdout.count("rc=") == 3, r.stdout + r.stderr
    assert [ln for ln in r.stdout.splitlines() if ln.startswith("rc=")] == ["rc=4", "rc=0", "rc=2"], r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert f"{gone}: the current folder no longer exists" in r.stderr
    assert "storyboards/mini.yaml: cannot read: No such file or directory (the current folder was deleted" in r.stderr
    assert not (tmp_path / "o").exists()


# ---- the cache folder ----------------------------------------------------------------------------------------

def test_a_cache_folder_that_is_a_file_or_a_dangling_link(p, tmp_path):
    (tmp_path / "cache-file").write_text("x")
    os.symlink(tmp_path / "nowhere", tmp_path / "cache-link")
    for cache, why in ((tmp_path / "cache-file", "is a file, not a folder"),
                       (tmp_path / "cache-link", "which does not exist")):
        r = media(["build", str(p.sb), "--out", str(tmp_path / "out"), *BUILD], cwd=tmp_path, cache=cache, timeout=60)
        _clean(r, 4, str(cache), why, "MEDIA_CACHE_DIR")
        # validate needs no cache: the parsed-storyboard cache is a courtesy
        v = media(["validate", str(p.sb)], cwd=tmp_path, cache=cache, timeout=60)
        assert v.rc == 0 and "Traceback" not in v.text, v.err
    assert not (tmp_path / "out").exists()


def test_a_folder_not_writable_by_you(tmp_path, monkeypatch):
    """Permission bits (EACCES, not a read-only file system): root is not stopped by them here, so the
    check itself is shown the answer a normal user's access(2) gives."""
    from media import environment
    from media.errors import OutputError

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == locked else real(path, mode))
    for target, fragment in ((locked, f"{locked}: is not writable by you (the cache folder); set MEDIA_CACHE_DIR"),
                             (locked / "a" / "b", f"{locked}: is not writable by you, so the cache folder "
                                                  f"{locked}/a/b cannot be created in it")):
        with pytest.raises(OutputError) as info:
            environment.writable_folder(target, "cache folder", "set MEDIA_CACHE_DIR to a folder you can write")
        assert info.value.exit_code == 4 and info.value.lines()[0].startswith(fragment), info.value.lines()


def _namespace(tmp_path: Path, mounts: list[Path], script: str) -> subprocess.CompletedProcess:
    """`script` (sh) in a private mount namespace where every folder of `mounts` is a read-only bind mount."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("no private mount namespace here (needs root and unshare)")
    ro = " && ".join(f"mount --bind {m} {m} && mount -o remount,bind,ro {m}" for m in mounts)
    r = subprocess.run(["unshare", "-m", "sh", "-c", f"{ro} || exit 99; {script}"], capture_output=True, text=True,
                       timeout=300, env=dict(os.environ, PYTHONPATH=str(ROOT / "src"), MEDIA_VIDEO_SIZE="160x90@5"))
    if r.returncode == 99:
        pytest.skip(f"cannot make a read-only bind mount here: {r.stderr.strip()[:200]}")
    return r


def _runs(r: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    return [ln for ln in r.stdout.splitlines() if ln.startswith("rc=")]


def test_read_only_folders(p, tmp_path):
    """A read-only cache, HOME read-only (default cache under it), the current folder read-only (default
    --out output), a read-only parent of --out and a read-only --out: each one line naming the folder and
    the fix, exit 4;
    validate still works everywhere; with MEDIA_CACHE_DIR elsewhere, a read-only HOME is no obstacle."""
    ro_cache, home, ro = tmp_path / "ro-cache", tmp_path / "home", tmp_path / "ro"
    for d in (ro_cache, home, ro):
        d.mkdir()
    cache = tmp_path / "cache"
    m = f"{sys.executable} -m media"
    build = f"build {p.sb} {' '.join(BUILD)}"
    script = "; ".join([
        f"MEDIA_CACHE_DIR={ro_cache} {m} {build} --out {tmp_path / 'o1'}", "echo rc=$?",
        f"env -u MEDIA_CACHE_DIR -u XDG_CACHE_HOME HOME={home} {m} {build} --out {tmp_path / 'o2'}", "echo rc=$?",
        f"env -u MEDIA_CACHE_DIR -u XDG_CACHE_HOME HOME={home} {m} validate {p.sb}", "echo rc=$?",
        f"cd {ro} && MEDIA_CACHE_DIR={cache} {m} {build}", "echo rc=$?",
        f"MEDIA_CACHE_DIR={cache} {m} {build} --out {ro / 'sub' / 'out'}", "echo rc=$?",
        f"MEDIA_CACHE_DIR={cache} {m} {build} --out {ro}", "echo rc=$?",
        f"cd {tmp_path} && MEDIA_CACHE_DIR={cache} HOME={home} {m} build {p.sb} --only infographics,podcast --lang en "
        f"--draft -j 1 --out {tmp_path / 'o3'}", "echo rc=$?",
    ])
    r = _namespace(tmp_path, [ro_cache, home, ro], script)
    assert _runs(r) == ["rc=4", "rc=4", "rc=0", "rc=4", "rc=4", "rc=4", "rc=0"], r.stdout + r.stderr
    err = r.stderr
    assert f"{ro_cache}: is on a read-only file system (the cache folder); set MEDIA_CACHE_DIR" in err, err
    assert f"{home}: is on a read-only file system, so the cache folder {home}/.cache/media cannot be created" in err
    assert "it is under your home folder (HOME); set MEDIA_CACHE_DIR" in err
    assert f"{ro}: is on a read-only file system, so the output folder output cannot be created in it; choose another --out" in err
    assert f"the output folder {ro}/sub/out cannot be created in it" in err
    assert f"{ro}: is on a read-only file system (the output folder); choose another --out" in err
    assert not any((tmp_path / o).exists() for o in ("o1", "o2")) and (tmp_path / "o3" / "mini" / "en").is_dir()


def test_an_environment_error_that_escapes_is_one_line_with_its_file(monkeypatch, tmp_path, capsys):
    """The last line of defence: an OSError of the machine (permissions, read-only, full) anywhere in a
    command is exit 4 with the file it names, not an internal error."""
    from media import cli

    for exc in (PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x.png")),
                OSError(errno.EROFS, "Read-only file system", str(tmp_path / "y"))):
        def boom(exc=exc):
            raise exc
        with pytest.raises(SystemExit) as stop:
            cli._run(boom)
        assert stop.value.code == 4
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"{exc.filename}: {exc.strerror}: check this file or its folder"), err
    with pytest.raises(SystemExit) as stop:  # not the machine's: still an internal error with its traceback saved
        cli._run(lambda: (_ for _ in ()).throw(OSError(errno.EINVAL, "Invalid argument")), log_dir=tmp_path / "logs")
    assert stop.value.code == 1 and "internal error" in capsys.readouterr().err


# ---- the locale ---------------------------------------------------------------------------------------------------

def test_an_ascii_locale_without_utf8_mode_builds_a_persian_path(tmp_path):
    """LC_ALL=C with Python's UTF-8 mode and locale coercion off: media runs itself again in UTF-8 mode,
    so a Persian project folder is read, printed and written with its real name."""
    p = Project(tmp_path / "پروژه")
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    v = media(["validate", "پروژه/storyboards/mini.yaml"], cwd=tmp_path, cache=tmp_path / "cache", timeout=60, env=env)
    assert v.rc == 0 and "Traceback" not in v.text, v.err
    assert "پروژه/storyboards/mini.yaml: ok" in v.out and "\\udc" not in v.text, v.out
    b = media(["build", "پروژه/storyboards/mini.yaml", "--out", "خروجی", *BUILD], cwd=tmp_path,
              cache=tmp_path / "cache", timeout=120, env=env)
    assert b.rc == 0 and "Traceback" not in b.text, b.err
    assert (tmp_path / "خروجی" / "mini" / "fa" / "manifest.json").is_file()
    bad = media(["validate", "پروژه/storyboards/نیست.yaml"], cwd=tmp_path, cache=tmp_path / "cache", timeout=60,
                env=env)
    assert bad.rc == 2 and "پروژه/storyboards/نیست.yaml: cannot read" in bad.err, bad.err


# ---- standard streams ----------------------------------------------------------------------------------------------

def _media_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "media", *args]


def _env(tmp_path: Path) -> dict:
    return dict(os.environ, MEDIA_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT / "src"))


@pytest.mark.parametrize("args", [("validate", "{sb}"), ("schema",), ("--help",)])
def test_standard_output_full(args, p, tmp_path):
    args = [a.format(sb=p.sb) for a in args]
    with open("/dev/full", "w") as full:
        r = subprocess.run(_media_cmd(*args), stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                           env=_env(tmp_path))
    assert r.returncode == 4, r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert "media: standard output: no space left on the device it goes to; redirect it" in r.stderr, r.stderr


def test_standard_output_closed_by_its_reader(p, tmp_path):
    """`media validate … | head -1`: the reader is gone before the lines are written."""
    files = [str(p.sb)] * 30
    proc = subprocess.Popen(_media_cmd("validate", *files), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(tmp_path))
    proc.stdout.close()  # the reader leaves at once
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 4, err
    assert "Traceback" not in err and "Exception ignored" not in err and "internal error" not in err, err
    assert "media: standard output: the reader closed the pipe" in err
    r = subprocess.run(["sh", "-c", f"{sys.executable} -m media schema | head -1"], capture_output=True, text=True,
                       timeout=60, env=_env(tmp_path))
    assert r.stdout == "{\n" and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize("how", ["closed", "full"])
def test_standard_error_closed_or_full(how, p, tmp_path):
    """The problems cannot be shown: the exit code still tells, and nothing else breaks."""
    p.sub("plan: 18", "plan: abc")
    redirect = "2>&-" if how == "closed" else "2>/dev/full"
    for args, rc in ((f"validate {p.sb}", 2), (f"build {p.sb} --out {tmp_path / 'o'} {' '.join(BUILD)}", 2),
                     (f"build {p.sb} --out /dev/null {' '.join(BUILD)}", 4)):
        r = subprocess.run(["sh", "-c", f"{sys.executable} -m media {args} {redirect}; echo rc=$?"],
                           capture_output=True, text=True, timeout=60, env=_env(tmp_path))
        assert r.stdout.strip().endswith(f"rc={rc}"), (args, r.stdout)
        assert "Traceback" not in r.stdout, r.stdout


def test_standard_streams_closed_from_the_start(p, tmp_path):
    """`>&- 2>&-`: the build still makes true files (the closed descriptors are held by /dev/null, so no
    file we open takes their number and no child process writes into one)."""
    from tests.hostile import manifest_problems

    out = tmp_path / "out"
    r = subprocess.run(["sh", "-c", f"{sys.executable} -m media build {p.sb} --out {out} --only podcast,infographics "
                                    f"--lang en --draft -j 1 >&- 2>&-; echo rc=$?"],
                       capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert r.stdout.strip() == "rc=0", r.stdout + r.stderr
    assert manifest_problems(out) == [] and any(out.rglob("*.mp3")), sorted(out.rglob("*"))
