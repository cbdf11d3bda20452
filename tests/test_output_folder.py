"""The output folder is ours only where we wrote (issue 20, items 1 and 5).

Every class of hostile output folder, each through the engine (fast) or the real command line (exit code,
no traceback, one located line): a user's file, link or folder where a job writes; a link or a file where
the engine makes a folder; an output file the user edited, rebuilt or no longer made; the user's own
`*.part` files; `--out` that is empty, the project, the storyboards' folder or above them; a cache folder
inside the site; a build killed between moving files and recording them; the cache folder deleted; a
cache on another file system than the site.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from media.build import build
from media.engine.placing import Placer
from media.engine.state import WorkDir
from media.errors import OptionError, OutputError
from media.options import BuildOptions
from tests.hostile import Project, media, unlocated

KINDS = ["infographics"]


@pytest.fixture
def p(tmp_path) -> Project:
    return Project(tmp_path / "proj")


def _build(p: Project, out: Path, kinds=KINDS, langs=("fa",), **kw):
    return build([p.sb], langs, kinds, out, BuildOptions(draft=True), jobs=1, **kw)


def _tree(root: Path) -> dict[str, str]:
    """Every file and link under `root`: relative path -> sha256 of its bytes, or '-> target' for a link."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_located_line(exc, path: Path) -> str:
    lines = [ln for ln in exc.lines() if str(path) in ln]
    assert len(lines) == 1, exc.lines()
    assert lines[0].startswith(f"{path}: "), lines[0]
    return lines[0]


# ---- a user's file, link or folder where a job writes -------------------------------------------------------

def _put_file(path: Path, tmp_path: Path | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("the user's own notes\n", encoding="utf-8")


def _put_link(path: Path, tmp_path: Path) -> None:
    """A link to a file outside the output folder: writing through it would change that file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(tmp_path / "outside-target.txt", path)


def _put_folder(path: Path, tmp_path: Path | None = None) -> None:
    (path / "inside.txt").parent.mkdir(parents=True, exist_ok=True)
    (path / "inside.txt").write_text("kept\n", encoding="utf-8")


@pytest.mark.parametrize("rel", ["mini/fa/infographics/phases.csv", "mini/fa/infographics/phases-square.png",
                                 "mini/fa/manifest.json", "index.html"])
@pytest.mark.parametrize("put", [_put_file, _put_link, _put_folder], ids=["file", "link", "folder"])
def test_something_of_the_users_where_a_job_writes_stops_it_with_one_line(p, tmp_path, rel, put):
    out = tmp_path / "out"
    outside = tmp_path / "outside-target.txt"
    outside.write_text("outside, not to be written\n", encoding="utf-8")
    put(out / rel, tmp_path)
    before, outside_before = _tree(out), _sha(outside)
    kinds = ["infographics", "site"] if rel == "index.html" else KINDS
    with pytest.raises(OutputError) as err:
        _build(p, out, kinds)
    assert err.value.exit_code == 4
    _one_located_line(err.value, out / rel)
    after = _tree(out)
    assert {k: after.get(k) for k in before} == before  # nothing of the user's changed or went
    assert _sha(outside) == outside_before
    assert not list(out.rglob("*.kept*"))
    if rel.endswith("manifest.json"):  # no file lands that its manifest could not list
        assert not [k for k in after if k.startswith("mini/fa/") and k not in before]


@pytest.mark.parametrize("put", [_put_file, _put_link], ids=["file", "link"])
def test_force_takes_a_users_file_over_keeping_it_aside_and_says_so(p, tmp_path, put):
    out = tmp_path / "out"
    rel = "mini/fa/infographics/phases.csv"
    (tmp_path / "outside-target.txt").write_text("outside\n", encoding="utf-8")
    put(out / rel, tmp_path)
    before = _tree(out)[rel]
    report = _build(p, out, force=True)
    kept = out / "mini/fa/infographics/phases.kept.csv"
    assert report.kept == ["mini/fa/infographics/phases.kept.csv"]
    assert _tree(out)["mini/fa/infographics/phases.kept.csv"] == before  # the same file (or link), renamed
    [warning] = [str(w) for w in report.warnings]
    assert warning.startswith(f"{out / rel}: warning: ") and "--force" in warning and kept.name in warning
    assert (out / rel).is_file() and not (out / rel).is_symlink()
    assert (tmp_path / "outside-target.txt").read_text(encoding="utf-8") == "outside\n"


def test_force_never_takes_a_folder_over(p, tmp_path):
    out = tmp_path / "out"
    _put_folder(out / "mini/fa/infographics/phases.csv")
    with pytest.raises(OutputError) as err:
        _build(p, out, force=True)
    assert "is a folder" in _one_located_line(err.value, out / "mini/fa/infographics/phases.csv")
    assert (out / "mini/fa/infographics/phases.csv/inside.txt").read_text(encoding="utf-8") == "kept\n"


def test_a_users_file_with_the_very_bytes_a_job_makes_is_simply_adopted(p, tmp_path):
    ref = tmp_path / "ref"
    _build(p, ref)
    out = tmp_path / "out"
    (out / "mini/fa/infographics").mkdir(parents=True)
    shutil.copy(ref / "mini/fa/infographics/phases.csv", out / "mini/fa/infographics/phases.csv")
    report = _build(p, out)
    assert not report.kept and not report.warnings


# ---- links and files where the engine makes a folder ------------------------------------------------------------

@pytest.mark.parametrize("where", ["mini", "mini/fa", "mini/fa/infographics"])
@pytest.mark.parametrize("to", ["outside", "inside"])
def test_nothing_is_written_through_a_linked_folder(p, tmp_path, where, to):
    out = tmp_path / "out"
    target = tmp_path / "elsewhere" if to == "outside" else out / "other"
    target.mkdir(parents=True)
    (out / where).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, out / where)
    with pytest.raises(OutputError) as err:
        _build(p, out, force=True)  # --force does not follow links either
    assert "symbolic link" in _one_located_line(err.value, out / where)
    assert list(target.iterdir()) == []


def test_a_linked_folder_of_one_storyboard_does_not_stop_the_others(p, tmp_path):
    out = tmp_path / "out"
    (tmp_path / "elsewhere").mkdir()
    (out / "mini").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere", out / "mini" / "fa")
    with pytest.raises(OutputError) as err:
        _build(p, out, langs=("fa", "en"))
    report = err.value.report
    assert sorted(report.built) == ["mini/en/infographics/_contact-sheet", "mini/en/infographics/key-figures",
                                    "mini/en/infographics/phases"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_file_where_a_folder_goes_is_refused(p, tmp_path):
    out = tmp_path / "out"
    _put_file(out / "mini" / "fa")
    with pytest.raises(OutputError) as err:
        _build(p, out)
    assert "is a file where media makes a folder" in _one_located_line(err.value, out / "mini" / "fa")
    assert (out / "mini" / "fa").read_text(encoding="utf-8") == "the user's own notes\n"


def test_the_output_folder_itself_may_be_a_link(p, tmp_path):
    (tmp_path / "real-site").mkdir()
    os.symlink(tmp_path / "real-site", tmp_path / "out")
    _build(p, tmp_path / "out")
    assert (tmp_path / "real-site" / "mini" / "fa" / "manifest.json").is_file()


# ---- outputs the user edited -----------------------------------------------------------------------------------

def test_an_edited_output_is_kept_aside_when_it_is_made_again(p, tmp_path):
    out = tmp_path / "out"
    _build(p, out)
    csv = out / "mini/fa/infographics/phases.csv"
    made = csv.read_bytes()
    csv.write_bytes(made + b"my own row\n")
    report = _build(p, out)
    assert report.built == ["mini/fa/infographics/phases"]
    assert (out / "mini/fa/infographics/phases.kept.csv").read_bytes() == made + b"my own row\n"
    assert csv.read_bytes() == made
    [warning] = [str(w) for w in report.warnings]
    assert warning == f"{csv}: warning: changed since media made it; kept as phases.kept.csv"
    csv.write_bytes(b"again\n")  # a second edit does not overwrite the first one kept
    report = _build(p, out)
    assert (out / "mini/fa/infographics/phases.kept-2.csv").read_bytes() == b"again\n"
    assert (out / "mini/fa/infographics/phases.kept.csv").read_bytes() == made + b"my own row\n"


def _drop_infographic(p: Project, ident: str) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    doc = yaml.load(p.sb.read_text(encoding="utf-8"))
    doc["infographics"] = [i for i in doc["infographics"] if i["id"] != ident]
    with open(p.sb, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)


def test_an_edited_output_no_longer_made_is_kept_aside_not_deleted(p, tmp_path):
    out = tmp_path / "out"
    _build(p, out)
    folder = out / "mini/fa/infographics"
    (folder / "key-figures.csv").write_bytes(b"edited by hand\n")
    _drop_infographic(p, "key-figures")
    report = _build(p, out)
    assert "mini/fa/infographics/key-figures-square.png" in report.removed  # unedited: removed
    assert not (folder / "key-figures-square.png").exists() and not (folder / "key-figures.csv").exists()
    assert (folder / "key-figures.kept.csv").read_bytes() == b"edited by hand\n"
    assert [str(w) for w in report.warnings] == [
        f"{folder / 'key-figures.csv'}: warning: changed since media made it; media no longer makes it; "
        "kept as key-figures.kept.csv"]
    doc = json.loads((out / "mini/fa/manifest.json").read_text(encoding="utf-8"))
    assert not [a for a in doc["artifacts"] if "key-figures" in a["path"]]


def test_a_removed_output_replaced_by_a_link_is_left_alone(p, tmp_path):
    out = tmp_path / "out"
    _build(p, out)
    target = tmp_path / "keep-me.txt"
    target.write_text("mine\n", encoding="utf-8")
    csv = out / "mini/fa/infographics/key-figures.csv"
    csv.unlink()
    os.symlink(target, csv)
    _drop_infographic(p, "key-figures")
    _build(p, out)
    assert csv.is_symlink() and target.read_text(encoding="utf-8") == "mine\n"


# ---- temporary files --------------------------------------------------------------------------------------------

def test_the_users_part_files_are_never_swept(p, tmp_path):
    """Builds used to delete every `.*.part` under the output folder: a user's backup, or with `--out ..`
    files of the project and its sibling folders."""
    out = tmp_path / "out"
    mine = [out / ".backup.tar.part", out / "private" / ".notes.txt.part", out / "mini" / "fa" / ".x.png.part"]
    for f in mine:
        _put_file(f)
    _build(p, out)
    _build(p, out, force=True)
    for f in mine:
        assert f.read_text(encoding="utf-8") == "the user's own notes\n"
    assert not [x for x in out.rglob(".media-tmp-*")]


def test_a_killed_builds_temporary_folder_is_removed_and_only_it(p, tmp_path):
    out = tmp_path / "out"
    spool = out / f".media-tmp-{WorkDir.for_output(out).tag}"
    (spool / "123-0.tmp").parent.mkdir(parents=True)
    (spool / "123-0.tmp").write_bytes(b"half")
    other = out / ".media-tmp-0123456789ab"  # another tag: not this folder's engine
    _put_file(other / "x")
    _build(p, out)
    assert not spool.exists() and (other / "x").is_file()


def test_a_cache_on_another_file_system_spools_in_the_output_folder_and_cleans_up(p, tmp_path, monkeypatch):
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK) or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system to put the cache on")
    cache = Path(os.environ["MEDIA_CACHE_DIR"])
    ref = tmp_path / "ref"
    _build(p, ref, kinds=["infographics", "site"])
    import tempfile

    other = Path(tempfile.mkdtemp(dir=shm, prefix="media-cache-"))
    try:
        monkeypatch.setenv("MEDIA_CACHE_DIR", str(other))
        out = tmp_path / "out"
        seen_spools = []
        real_put = Placer.put

        def put(self, final, **kw):
            real_put(self, final, **kw)
            seen_spools.append(self._spool)

        monkeypatch.setattr(Placer, "put", put)
        _build(p, out, kinds=["infographics", "site"])
        assert _tree(out) == _tree(ref)  # same bytes; nothing of the engine left in the site
        assert any(s is not None and s.parent == out for s in seen_spools)  # it did spool in the output folder
    finally:
        shutil.rmtree(other, ignore_errors=True)
        monkeypatch.setenv("MEDIA_CACHE_DIR", str(cache))


# ---- records lost or half-written ---------------------------------------------------------------------------------

def _recolour(p: Project) -> None:
    p.package('accent: "#F2A900"', 'accent: "#D81B60"')  # every picture changes, the CSVs do not


def test_a_deleted_cache_folder_costs_time_not_refusals(p, tmp_path):
    """Without the engine's record, the manifests in the site say which files media made: a build that
    changes them replaces them (no refusal, nothing kept aside)."""
    out = tmp_path / "out"
    _build(p, out, kinds=["infographics", "site"])
    before = _tree(out)
    shutil.rmtree(WorkDir.for_output(out).path)
    _recolour(p)
    report = _build(p, out, kinds=["infographics", "site"])
    assert report.built and not report.kept and not report.warnings
    after = _tree(out)
    assert after["mini/fa/infographics/phases-square.png"] != before["mini/fa/infographics/phases-square.png"]
    assert set(after) == set(before)


def test_a_build_stopped_between_moving_files_and_recording_them_finishes_next_time(p, tmp_path, monkeypatch):
    """The paths and bytes a commit is about to move are recorded first (`pending`), so the files a build
    killed half-way left at final paths are known as the engine's own, not a user's, even when the next
    build makes them differently."""
    out = tmp_path / "out"
    real_put = Placer.put
    landed: list[Path] = []

    def put_then_die(self, final, **kw):
        real_put(self, final, **kw)
        landed.append(final)
        if len(landed) == 2:
            raise KeyboardInterrupt  # as SIGKILL would: files at final paths, their job not recorded

    monkeypatch.setattr(Placer, "put", put_then_die)
    with pytest.raises(KeyboardInterrupt):
        _build(p, out)
    monkeypatch.setattr(Placer, "put", real_put)
    work = WorkDir.for_output(out)
    state = json.loads(work.state_file.read_text(encoding="utf-8")) if work.state_file.exists() else {}
    assert json.loads(work.pending_file.read_text(encoding="utf-8")) and not state.get("jobs")
    made = {f: _sha(f) for f in landed}
    _recolour(p)
    ref = tmp_path / "ref"
    _build(p, ref)
    report = _build(p, out)
    assert not report.kept and not report.warnings
    assert _tree(out) == _tree(ref)
    assert any(made[f] != _sha(ref / f.relative_to(out)) for f in landed)  # the case this test is about
    assert not work.pending_file.exists()


# ---- --out that is the project, holds it, or holds the cache: refused before anything is written ---------------

def _outs(p: Project, tmp_path: Path) -> dict[str, Path]:
    link = tmp_path / "link-to-project"
    os.symlink(p.dir, link)
    return {"project": p.dir, "parent-of-project": p.root, "grandparent": tmp_path, "link-to-project": link,
            "storyboards-below": p.root}


@pytest.mark.parametrize("which", ["project", "parent-of-project", "grandparent", "link-to-project"])
def test_out_that_is_or_holds_the_project_is_refused_before_anything_is_read(p, tmp_path, which):
    out = _outs(p, tmp_path)[which]
    before = _tree(tmp_path)
    with pytest.raises(OptionError) as err:
        _build(p, out)
    assert err.value.exit_code == 2
    [line] = err.value.lines()
    assert line.startswith(f"{out}: --out: ") and ("project" in line), line
    assert _tree(tmp_path) == before


def test_out_holding_storyboards_outside_the_project_folder_is_refused(tmp_path):
    """package.yaml above the storyboards' folder: the project is the folder above; a folder holding
    only the storyboards is refused too."""
    p = Project(tmp_path / "proj")
    sub = p.dir / "topics"
    sub.mkdir()
    p.sb.rename(sub / "mini.yaml")
    with pytest.raises(OptionError) as err:
        build([sub / "mini.yaml"], ("fa",), KINDS, sub, BuildOptions(draft=True))
    assert "holds the storyboards" in err.value.lines()[0] or "project" in err.value.lines()[0]


@pytest.mark.parametrize("var", ["MEDIA_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_cache_folder_inside_the_site_is_refused_before_anything_is_written(p, tmp_path, monkeypatch, var):
    out = tmp_path / "out"
    monkeypatch.delenv("MEDIA_CACHE_DIR", raising=False)
    monkeypatch.setenv(var, str(out / ".cache"))
    with pytest.raises(OptionError) as err:
        _build(p, out)
    [line] = err.value.lines()
    assert line.startswith(f"environment: {var}: the cache folder {out / '.cache'}") and "inside the output" in line
    assert not out.exists()


def test_a_speech_cache_option_inside_the_site_is_refused(p, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OptionError) as err:
        build([p.sb], ("fa",), KINDS, out, BuildOptions(draft=True, cache_dir=out / ".cache"))
    [line] = err.value.lines()
    assert line.startswith(f"options: cache_dir: the cache folder {out / '.cache'} is inside the output folder")
    assert not out.exists()


# ---- the command line: exit codes, one located line, no traceback ------------------------------------------------

@pytest.mark.parametrize("case", ["empty", "dot-in-project", "dotdot", "user-file", "linked-id", "cache-inside"])
def test_the_command_line_refuses_with_one_located_line(p, tmp_path, case):
    cwd, cache = tmp_path / "cwd", tmp_path / "cache"
    cwd.mkdir()
    args = [str(p.sb), "--only", "infographics", "--lang", "fa", "--draft", "-j", "1"]
    out = tmp_path / "out"
    rc = 4
    if case == "empty":
        args += ["--out", ""]
        rc = 2
    elif case == "dot-in-project":
        cwd = p.dir
        args += ["--out", "."]
        rc = 2
    elif case == "dotdot":
        cwd = p.dir
        args = ["mini.yaml", *args[1:], "--out", ".."]
        rc = 2
    elif case == "user-file":
        _put_file(out / "mini/fa/infographics/phases.csv")
        args += ["--out", str(out)]
    elif case == "linked-id":
        (tmp_path / "elsewhere").mkdir()
        out.mkdir()
        os.symlink(tmp_path / "elsewhere", out / "mini")
        args += ["--out", str(out)]
    elif case == "cache-inside":
        cache = out / "cache"
        args += ["--out", str(out)]
        rc = 2
    before = _tree(tmp_path)
    run = media(["build", *args], cwd=cwd, cache=cache, timeout=180)
    assert run.rc == rc, run.err
    assert "Traceback" not in run.text and "internal error" not in run.text
    problems = [ln for ln in run.err.splitlines() if ln.strip() and "warning:" not in ln and not ln.startswith("[")]
    assert len(problems) == 1, run.err
    assert not unlocated(run, cwd), run.err
    after = _tree(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before  # no file of the user's touched
    if case != "user-file" and case != "linked-id":
        assert after == before  # and nothing written at all
    assert not (tmp_path / "elsewhere").exists() or list((tmp_path / "elsewhere").iterdir()) == []
