"""Content keys: a job's key is the digest of exactly what it reads (Bazel's action key, ninja's edges).

key = sha256 of
- the job's `inputs` in canonical JSON (storyboard parts, settings parts, options),
- the sha256 of every file in `files` (fonts, images, recordings),
- the builder's code version: the source of its module and of every `media` module it imports,
  transitively (found by reading the imports, so no one has to remember to bump a number),
- the toolchain that shapes its bytes (media, Pillow with or without raqm, ffmpeg, ReportLab, ...),
- once its dependencies have run, the sha256 of every file they made.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import media
from media.files import sha256_file
from media.text.fonts import WEIGHTS, font_dir

_PACKAGE_DIR = Path(media.__file__).resolve().parent


def _json_default(value: Any) -> Any:
    """What json cannot write by itself: pydantic models, dataclasses, paths, sets."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"cannot key a {type(value).__name__}: {value!r}")


def digest(value: Any) -> str:
    # json's C encoder walks the value; only what it cannot write goes through _json_default
    blob = json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_file_digests: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path | str) -> str:
    """sha256 of a file, memoised per (path, size, mtime) within a process; a missing file has its own digest."""

    p = os.path.abspath(path)
    try:
        st = os.stat(p)
    except OSError:
        return "missing"
    memo = (p, st.st_size, st.st_mtime_ns)
    if memo not in _file_digests:
        _file_digests[memo] = sha256_file(Path(p))
    return _file_digests[memo]


# ---- code version ---------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _module_file(name: str) -> Path | None:
    base = os.path.join(str(_PACKAGE_DIR), *name.split(".")[1:])
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(candidate):
            return Path(candidate)
    return None


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+([^\n#]+))", re.M)


@lru_cache(maxsize=None)
def _imports(name: str) -> tuple[str, ...]:
    """The `media` modules that module `name` imports anywhere (function bodies included). A regular
    expression over the source, not `ast`: ten times faster, and a key is computed on every build."""
    path = _module_file(name)
    if path is None:
        return ()
    found: set[str] = set()
    parts = name.split(".")
    for frm, names, plain in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            mods = [x.split(" as ")[0].strip() for x in plain.split(",")]
        else:
            level = len(frm) - len(frm.lstrip("."))
            base = frm.lstrip(".")
            if level:  # relative: resolve against this module's package
                pkg = parts if path.name == "__init__.py" else parts[:-1]
                base = ".".join(pkg[: len(pkg) - level + 1] + ([base] if base else []))
            listed = [x.split(" as ")[0].strip() for x in names.strip("()").replace("\\\n", " ").split(",")]
            mods = [base] + [f"{base}.{x}" for x in listed if x]
        for mod in mods:
            if mod == "media" or mod.startswith("media."):
                # `import media.a.b` also runs media/a/__init__.py
                pieces = mod.split(".")
                for k in range(1, len(pieces) + 1):
                    candidate = ".".join(pieces[:k])
                    if _module_file(candidate) is not None:
                        found.add(candidate)
    found.discard(name)
    return tuple(sorted(found))


# Modules that move, check or describe bytes but never make them: a change to them rebuilds nothing.
# (The engine's own format changes bump STATE_VERSION instead.)
_NOT_SHAPING = ("media.engine", "media.storyboard.loader", "media.storyboard.checks", "media.storyboard.locate", "media.errors", "media.cli",
                "media.build", "media.doctor", "media.content.publication")


def _shapes_bytes(module: str) -> bool:
    return not any(module == x or module.startswith(x + ".") for x in _NOT_SHAPING)


@lru_cache(maxsize=None)
def code_digest(module: str) -> str:
    """Digest of the source of `module` and every `media` module it reaches through imports (except the
    ones in _NOT_SHAPING)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        m = todo.pop()
        if m in seen or not _shapes_bytes(m):
            continue
        seen.add(m)
        todo += _imports(m)
    h = hashlib.sha256()
    for m in sorted(seen):
        path = _module_file(m)
        if path is not None:
            h.update(m.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# ---- toolchain and fonts -----------------------------------------------------------------------------

_DISTRIBUTIONS = ("pillow", "reportlab", "imageio-ffmpeg", "numpy", "scipy", "mutagen", "qrcode",
                  "python-bidi", "arabic-reshaper", "pypdfium2", "espeakng-loader", "piper-tts", "typst",
                  "python-pptx", "jinja2")


@lru_cache(maxsize=1)
def toolchain() -> dict[str, str]:
    """Versions of what turns the same inputs into different bytes when it changes."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"media": media.__version__}
    for dist in _DISTRIBUTIONS:
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    try:  # shaping: HarfBuzz through raqm, or the pure-Python fallback, lay text out differently
        from PIL import features

        out["raqm"] = str(features.version("raqm") or "-")
    except Exception:  # noqa: BLE001 - a key part, never a failure
        out["raqm"] = "?"
    return out


def font_files() -> tuple[Path, ...]:

    d = font_dir()
    return tuple(d / name for name in sorted(WEIGHTS.values()))


def fonts_digest() -> str:
    return digest([file_digest(p) for p in font_files()])


@lru_cache(maxsize=1)
def package_digest() -> str:
    """Digest of every source file of `media`."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def environment() -> dict[str, str]:
    """What a worker must share with the client for its outputs to be the same bytes (checked on Dask)."""
    return {"media": media.__version__, "code": package_digest()[:16], "fonts": fonts_digest()[:16],
            "toolchain": digest(toolchain())[:16]}
