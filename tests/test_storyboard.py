"""Storyboard model and loader: every bad input gets located one-line errors, never a traceback."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from media.errors import StoryboardError
from media.storyboard import load_storyboard

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: \S.*$")  # FILE:LINE:COL: key.path: message


def media(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "media", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def mini(project) -> Path:
    return project("basic") / "storyboards" / "mini.yaml"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_valid_fixture_loads(mini):
    sb = load_storyboard(mini)
    assert sb.id == "mini"
    assert sb.model.figure("token-value").value == 1_000_000
    assert sb.model.confidential


def test_real_storyboards_validate():
    files = sorted(str(p) for p in (ROOT / "storyboards").glob("*.yaml"))
    assert any(f.endswith("package.yaml") for f in files)
    result = media("validate", *files)
    assert result.returncode == 0, result.stderr
    assert "placeholder" in result.stderr  # the placeholder site URL warns
    for f in files:
        first = Path(f).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f


# (edit to apply, expected fragment of the error line, expected line:col or None)
BAD = [
    pytest.param(("summary:", "sumary:"), "sumary: unknown key 'sumary'; did you mean 'summary'?", "6:1", id="unknown-key"),
    pytest.param(("plan: 18\n", "plan: 18\nplan: 12\n"), "duplicate key", "3:1", id="duplicate-key"),
    pytest.param(("  en: The TETA netting chain\n", ""), "title.en: missing English text", "3:1", id="missing-translation"),
    pytest.param(("  fa: زنجیره تهاتر «تتا»", "  fa: زنجيره تهاتر"), "title.fa: use Persian ی and ک", "4:3", id="arabic-yeh"),
    pytest.param(("plan: 18", "plan: abc"), "plan: Input should be a valid integer", "2:1", id="wrong-type"),
    pytest.param(("kind: timeline", "kind: pie"), "infographics[1]: kind 'pie' is not one of: 'key_figures'", "26:5", id="unknown-kind"),
    pytest.param(("    figures: [token-value]", "    figures: [token-valu]"),
                 "no figure with id 'token-valu'; did you mean 'token-value'?", "24:", id="bad-reference"),
    pytest.param(('    source: {seed: rfp, section: "plan 18 §3"}\n', ""),
                 "figures[0]: a figure needs a `source`", "15:5", id="unsourced-figure"),
    pytest.param(("    layout: title\n", "    layout: image\n    image: ../../../../../etc/passwd\n"),
                 "scenes[0].image: '../../../../../etc/passwd' leaves the project folder", None, id="asset-escape"),
    pytest.param(("    layout: title\n", "    layout: image\n    image: pictures/missing.png\n"),
                 "scenes[0].image: 'pictures/missing.png' does not exist", None, id="asset-missing"),
    pytest.param(('title:\n  fa: زنجیره', 'title: "unclosed\n  fa: زنجیره'), "YAML:", None, id="yaml-syntax"),
    pytest.param(("    duration_s: 4", "    duration_s: -2"), "scenes[0].duration_s: Input should be greater than 0", None,
                 id="negative-duration"),
]


@pytest.mark.parametrize("edit,fragment,linecol", BAD)
def test_bad_input_gives_located_one_line_errors(mini, edit, fragment, linecol):
    _edit(mini, *edit)
    result = media("validate", str(mini))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "warning:" not in ln and not re.match(r"^\d+ error", ln)]
    assert lines and all(LINE.match(ln) for ln in lines), result.stderr
    hit = [ln for ln in lines if fragment in ln]
    assert hit, f"{fragment!r} not in:\n{result.stderr}"
    if linecol:
        assert f"mini.yaml:{linecol}" in hit[0], hit[0]


def test_all_problems_of_a_file_are_reported_at_once(mini):
    _edit(mini, "summary:", "sumary:")
    _edit(mini, "plan: 18", "plan: x")
    _edit(mini, "kind: timeline", "kind: pie")
    result = media("validate", str(mini))
    errors = [ln for ln in result.stderr.splitlines() if LINE.match(ln) and "warning:" not in ln]
    assert len(errors) >= 4, result.stderr  # unknown key, missing summary, wrong type, bad kind


def test_missing_translation_only_matters_for_languages_built(mini):
    _edit(mini, "  en: The TETA netting chain\n", "")
    assert media("validate", "--lang", "fa", str(mini)).returncode == 0
    assert media("validate", "--lang", "en", str(mini)).returncode == 2


@pytest.mark.parametrize("content,fragment", [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("title: café".encode("latin-1"), "not UTF-8"),
    (b"- a\n- b\n", "expected a mapping"),
    (b"a: &a [1,2]\nb: *a\n", "anchors and aliases"),
    (b"a: !!python/object:os.system echo\n", "tag"),
], ids=["empty", "blank", "binary", "latin1", "list", "alias", "python-tag"])
def test_refused_files(mini, content, fragment):
    mini.write_bytes(content)
    result = media("validate", str(mini))
    assert result.returncode == 2
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if "warning:" not in ln and "error(s)" not in ln]) == 1


def test_alias_bomb_is_refused_fast(mini):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    mini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StoryboardError, match="anchors and aliases"):
        load_storyboard(mini)


def test_oversized_file_is_refused(mini):
    mini.write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(StoryboardError, match="limit"):
        load_storyboard(mini)


def test_deep_nesting_is_refused(mini):
    mini.write_text("a: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    result = media("validate", str(mini))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_schema_command_prints_json_schema():
    result = media("schema")
    doc = json.loads(result.stdout)
    assert doc["$schema"].startswith("https://json-schema.org/")
    assert "scenes" in doc["properties"] and "title" in doc["required"]
    committed = json.loads((ROOT / "schema" / "storyboard.schema.json").read_text(encoding="utf-8"))
    assert committed == doc, "schema/storyboard.schema.json is stale: run `media schema > schema/storyboard.schema.json`"


def test_placeholder_url_warns_and_strict_fails(mini):
    assert media("validate", "--strict", str(mini)).returncode == 2


# ---- property test: random mutations never produce a traceback ---------------------------------

_VALID = (ROOT / "tests" / "roots" / "basic" / "storyboards" / "mini.yaml").read_text(encoding="utf-8")
_TOKENS = [":", "- ", "  ", "\n", "{", "}", "[", "]", '"', "'", "&x", "*x", "!!str", "#", "fa", "en", "id", "kind",
           "value", "-1", "1e999", "null", "~", "ي", "\t", "\u200c", "%", "@", "`", "|", ">", "?"]


@st.composite
def mutated(draw):
    text = _VALID
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "dupline", "dropline", "truncate", "swap"]))
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        if op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)):]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(_TOKENS)) + text[i:]
        elif op in ("dupline", "dropline", "swap"):
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dupline":
                lines.insert(j, lines[j])
            elif op == "dropline":
                del lines[j]
            else:
                k = draw(st.integers(0, len(lines) - 1))
                lines[j], lines[k] = lines[k], lines[j]
            text = "\n".join(lines)
        else:
            text = text[:i]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_random_mutations_never_traceback(mini, text):
    mini.write_text(text, encoding="utf-8")
    try:
        load_storyboard(mini)
    except StoryboardError as exc:
        for line in exc.lines():
            assert "\n" not in line and re.match(r"^\S+?(:\d+:\d+)?: ", line), line
