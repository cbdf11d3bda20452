"""The package's layers stay honest: imports point one way (cli → build → builders → media → content →
storyboard → text), no module imports a module of a higher layer, no builder imports another builder's
module except to subclass it, no import circle, no source file over 600 lines."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PKG = SRC / "media"

# Bottom to top: a module may import its own layer's packages and any layer below, never one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("media", "errors", "files", "options"),   # the package itself (version), errors, file helpers, options
    ("text", "audio"),                          # shaping, numerals, fonts; decoding and loudness
    ("storyboard", "engine"),                   # the model and its checks; jobs, keys, commits
    ("content",),                               # what a storyboard says in one language
    ("graphics", "speech", "slides"),           # display lists and painters; voices; PPTX mechanics
    ("typeset", "video", "site", "narration"),  # documents, films, the site, recorded takes
    ("builders",),                              # one module per output, planning jobs
    ("build", "doctor", "feasibility"),        # feasibility: what the builders would refuse, before any job
    ("cli", "__main__", "environment", "cli_support", "cli_narration"),  # the commands; the machine's folders, locale, streams
)
RANK = {name: k for k, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        out[".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")] = p
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> list[tuple[str, int, ast.ImportFrom | ast.Import]]:
    """(module imported, line, node) for every import of our own modules, at any depth of the file."""
    out = []
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "media" and n.level == 0:
            for a in n.names:
                full = f"{n.module}.{a.name}"
                out.append((full if full in MODULES else _resolve(n.module), n.lineno, n))
        elif isinstance(n, ast.Import):
            out += [(_resolve(a.name), n.lineno, n) for a in n.names if a.name.split(".")[0] == "media"]
    return [(m, line, n) for m, line, n in out if m]


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "media"


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(p) if t != m} for m, p in MODULES.items()}


def test_every_package_has_a_layer():
    assert {_layer(m) for m in MODULES} <= set(RANK), "a new package of src/media needs its place in LAYERS"


def test_no_module_imports_a_higher_layer():
    wrong = []
    for m, p in MODULES.items():
        for t, line, _ in _imports(p):
            if RANK[_layer(t)] > RANK[_layer(m)]:
                wrong.append(f"{p.relative_to(SRC)}:{line}: {m} ({_layer(m)}) imports {t} ({_layer(t)})")
    assert not wrong, "\n".join(wrong)


def test_builders_do_not_borrow_from_each_other():
    """A builder module may import another builder's module only for the class it subclasses."""
    wrong = []
    for m, p in MODULES.items():
        if not m.startswith("media.builders.") or m == "media.builders":
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for c in ast.walk(tree)
                 if isinstance(c, ast.ClassDef) for b in c.bases}
        for t, line, node in _imports(p):
            if not t.startswith("media.builders.") or t == m:
                continue
            names = {a.asname or a.name for a in node.names} if isinstance(node, ast.ImportFrom) else set()
            if not names or not names <= bases:
                wrong.append(f"{p.relative_to(SRC)}:{line}: imports {sorted(names) or t} from {t}")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_source_file_over_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.relative_to(SRC)} has {lines} lines: split it by responsibility"


def test_the_checks_can_fail():
    """The layer rule and the circle finder catch what they are for (on made-up modules)."""
    assert RANK["builders"] > RANK["content"] > RANK["storyboard"] > RANK["text"]
    assert _resolve("media.content.words.word") == "media.content.words"
    assert _layer("media.builders.deck") == "builders" and _layer("media") == "media"
