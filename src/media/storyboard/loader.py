"""Load storyboards and package settings safely, keeping the line and column of every key.

Every problem becomes a located `Problem` (`FILE:LINE:COL: key.path: message`) and all problems of
a file are reported together (at most `MAX_PROBLEMS`). Refused outright, before parsing: empty,
oversized, binary and non-UTF-8 files, control characters, absurd nesting; refused while parsing
(`media.storyboard.safe_yaml`): duplicate keys, anchors/aliases (alias bombs), tags, deep nesting, lone
surrogates, control characters and bidi overrides in texts (`media.storyboard.checks`); refused after:
everything the schema does not allow, file names that are not ids, images and recordings that do not
decode. Any file up to `MAX_BYTES` is read in well under 2 s (tests/test_hostile.py times the worst).

The project is the folder holding `package.yaml` (found beside the storyboard or in a folder above it,
up to the checkout's root): every image, logo and recording must be inside that folder, never above it.
"""
from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from media.errors import Location, Problem, StoryboardError
from media.files import cache_root, write_text_atomic
from media.storyboard import checks, clips, model as m, safe_yaml
from media.storyboard.claims import claim_problems
from media.storyboard.safe_yaml import MAX_DEPTH, parse
from media.storyboard.settings import PLACEHOLDER_HOSTS, PackageSettings

MAX_BYTES = 1_000_000  # a storyboard is text; a megabyte is already a book (the largest shipped is 50 KB)
MAX_ASSET_BYTES = 200_000_000
MAX_PROBLEMS = 100  # per file: past this, one line says how many more
PACKAGE_FILE = "package.yaml"
__all__ = ["MAX_BYTES", "MAX_DEPTH", "LoadedStoryboard", "find_settings", "load_settings", "load_storyboard"]


@dataclass(frozen=True)
class Positions:
    """Maps a key path (tuple of keys and indexes) to its (line, col), 1-based."""

    file: str
    where: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: tuple, message: str, severity: str = "error") -> Problem:
        probe = tuple(path)
        while probe and probe not in self.where:
            probe = probe[:-1]
        line, col = self.where.get(probe, (1, 1))
        return Problem(Location(self.file, line, col, dotted(path)), message, severity)


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


def _display(path: Path) -> str:
    """Relative to the working folder when inside it (short, clickable), else absolute."""
    try:
        absolute = Path(os.path.abspath(path))
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
    except OSError:  # the current folder was deleted: the path as given
        return str(path)


def _cwd_gone() -> bool:
    try:
        os.getcwd()
        return False
    except OSError:
        return True


# ---- raw YAML --------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """Read a YAML file as UTF-8 text, refusing what is not a storyboard, fast."""
    import stat

    name = _display(path)
    try:
        st = path.stat()
    except OSError as exc:
        why = exc.strerror or str(exc)
        if not path.is_absolute() and _cwd_gone():
            why += " (the current folder was deleted: cd to a folder that exists, or give an absolute path)"
        raise StoryboardError(problems=[Problem(Location(name), f"cannot read: {why}")]) from None
    if stat.S_ISDIR(st.st_mode):
        raise StoryboardError(problems=[Problem(Location(name), "is a folder, not a YAML file")])
    if not stat.S_ISREG(st.st_mode):  # a pipe or a device would block or never end
        raise StoryboardError(problems=[Problem(Location(name), "is not a regular file")])
    size = st.st_size
    if size > MAX_BYTES:
        raise StoryboardError(problems=[Problem(Location(name), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file that grows while read stays within the limit
    except OSError as exc:
        raise StoryboardError(problems=[Problem(Location(name), f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise StoryboardError(problems=[Problem(Location(name), f"file is over {MAX_BYTES:,} bytes, the limit")])
    if not data.strip():
        raise StoryboardError(problems=[Problem(Location(name), "file is empty")])
    if b"\x00" in data[:8192]:
        raise StoryboardError(problems=[Problem(Location(name, 1, 1), "binary file, expected UTF-8 YAML text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise StoryboardError(problems=[Problem(Location(name, line, col), "not UTF-8 text (save the file as UTF-8)")]) from None
    return text


def parse_yaml(text: str, name: str) -> tuple[Any, Positions]:
    """Parse with the bounded reader (`safe_yaml`); return plain data and the positions of every key.

    A parse that succeeded is kept in the user cache under the sha256 of the text (and of the reader's
    code), so an unchanged storyboard is read back in a millisecond."""
    cached = _parsed_cache(text)
    if cached is not None:
        try:
            doc = json.loads(cached.read_text(encoding="utf-8"))
            positions = Positions(name, {tuple(k): (line, col) for k, line, col in doc["where"]})
            return doc["data"], positions
        except (OSError, ValueError, KeyError, TypeError):
            pass
    data, positions = _parse_yaml(text, name)
    if cached is not None and len(positions.where) <= 20_000:  # hostile sizes are not worth keeping
        try:

            write_text_atomic(cached, json.dumps({"data": data, "where": [[list(k), lc[0], lc[1]]
                                                                           for k, lc in positions.where.items()]},
                                                 ensure_ascii=False))
        except (OSError, ValueError, TypeError):
            pass  # a cache is a courtesy
    return data, positions


def _parsed_cache(text: str) -> Path | None:
    import hashlib

    try:

        h = hashlib.sha256(Path(__file__).read_bytes())
        h.update(Path(safe_yaml.__file__).read_bytes())
        h.update(Path(checks.__file__).read_bytes())
        h.update(text.encode("utf-8", "surrogatepass"))
        return cache_root() / "parsed" / f"{h.hexdigest()}.json"
    except (OSError, UnicodeError):
        return None


def _parse_yaml(text: str, name: str) -> tuple[Any, Positions]:

    data, where = parse(text, name, checks.text_problem)
    return data, Positions(name, where)


# ---- model validation ------------------------------------------------------------------------

def _all_field_names() -> set[str]:
    names: set[str] = set()
    for obj in vars(m).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for fname, f in obj.model_fields.items():
                names.add(f.alias or fname)
    return names


_FIELD_NAMES = sorted(_all_field_names())


def _data_path(loc: tuple, data: Any) -> tuple:
    """Drop pydantic's union tags (e.g. 'process') and validator suffixes from an error location."""
    out: list = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and isinstance(part, str):
            if part in cur:
                out.append(part)
                cur = cur[part]
                continue
            if cur.get("kind") == part or part.startswith("function-") or "[" in part:
                continue  # a discriminator tag or validator name, not a key
            out.append(part)  # missing key: keep it for the message
            cur = None
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            out.append(part)
            cur = cur[part]
        else:
            out.append(part)
            cur = None
    return tuple(out)


def _hint(word: str, known, budget: list[int]) -> list[str]:
    """A close match for a hint, while the budget lasts (difflib is quadratic: never on hostile sizes)."""
    if budget[0] <= 0 or len(word) > 64:
        return []
    budget[0] -= 1
    known = list(known)
    if len(known) > 500:
        return []
    return difflib.get_close_matches(word, known, n=1, cutoff=0.6)


def _keys_at(root: type[BaseModel], loc: tuple) -> list[str] | None:
    """The keys the schema allows where an unknown key was written (`loc` is pydantic's location of that key):
    the model is followed from the storyboard's root through fields, list indexes and union tags. None when
    the path cannot be followed (package.yaml, a mapping of free keys)."""
    import typing

    def models(tp) -> list[type[BaseModel]]:
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [tp]
        if origin is typing.Annotated:
            return models(typing.get_args(tp)[0])
        out = []
        for arg in typing.get_args(tp):
            out += models(arg)
        return out

    current = [root]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        tagged = [c for c in current if c.model_fields.get("kind") is not None
                  and part in typing.get_args(c.model_fields["kind"].annotation)]
        if tagged:  # a discriminator tag: the one model it names
            current = tagged
            continue
        nxt = []
        for c in current:
            for fname, f in c.model_fields.items():
                if part in (fname, f.alias):
                    nxt += models(f.annotation)
        current = nxt
        if not current:
            return None
    if len(current) != 1:
        return None
    return [f.alias or name for name, f in current[0].model_fields.items() if name != "schema_"]


def _message(err: dict, budget: list[int] | None = None, root: type[BaseModel] = m.Storyboard) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        here = _keys_at(root, tuple(err["loc"]))
        # a hint is a key allowed here, never the unknown key itself (a key of another part of the schema)
        known = [k for k in (here if here is not None else _FIELD_NAMES) if k != key]
        hint = _hint(key, known, budget if budget is not None else [20])
        message = f"unknown key '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
        if here is not None and not hint and key in _FIELD_NAMES:
            message += f" here (keys here: {', '.join(sorted(here)[:12])}{' ...' if len(here) > 12 else ''})"
        return message
    if kind == "union_tag_invalid":
        return err["msg"].replace("Input tag", "kind").replace("found using 'kind' does not match any of the expected tags", "is not one of")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "literal_error":
        msg = msg.replace("Input should be", "must be one of")
    if kind == "finite_number":
        msg = "must be a finite number (not .nan, .inf or a number too large for a float)"
    return msg


def validate_model(cls: type[BaseModel], data: Any, pos: Positions) -> tuple[Any, list[Problem]]:
    if not isinstance(data, dict):
        return None, [pos.locate((), f"expected a mapping of keys at the top, got {type(data).__name__}")]
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        problems = []
        seen = set()
        budget = [20]
        for err in exc.errors(include_url=False, include_input=False):
            if len(problems) > MAX_PROBLEMS:
                problems.append(problems[-1])  # counted, not located: only the first MAX_PROBLEMS are shown
                continue
            path = _data_path(err["loc"], data)
            message = _message(err, budget, cls)
            if (path, message) in seen:
                continue
            seen.add((path, message))
            problems.append(pos.locate(path, message))
        problems.sort(key=lambda p: (p.location.line or 0, p.location.col or 0))
        return None, problems


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS, sorted by line; then one located line saying how many more."""
    problems = sorted(problems, key=lambda p: (p.location.line or 0, p.location.col or 0))
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = problems[MAX_PROBLEMS]
    return problems[:MAX_PROBLEMS] + [Problem(rest.location, f"and {len(problems) - MAX_PROBLEMS} more problem(s) "
                                                             "from here on; fix these first")]


# ---- project: package settings + storyboards ---------------------------------------------------

@dataclass(frozen=True)
class LoadedStoryboard:
    """A validated storyboard with its id (the file stem), its file, and its key positions."""

    id: str
    path: Path
    model: m.Storyboard
    positions: Positions
    settings: PackageSettings
    settings_path: Path
    warnings: tuple[Problem, ...] = ()

    @property
    def root(self) -> Path:
        """The project folder: the folder holding package.yaml. Every image, logo and recording must be
        inside it (never above it: `../` out of it is refused, symlinks are followed before checking)."""
        return project_root(self.settings_path)

    def locate(self, path: tuple, message: str) -> Location:
        return self.positions.locate(path, message).location

    def asset(self, rel: str) -> Path:
        """Resolve an asset path (already checked at load time)."""
        return (self.path.parent / rel).resolve()


def project_root(settings_path: Path) -> Path:
    """The project boundary: the folder holding package.yaml."""
    return Path(settings_path).resolve().parent


def find_settings(storyboard: Path) -> Path:
    """package.yaml beside the storyboard, or in the nearest folder above it (not above a folder holding
    `.git` or `pyproject.toml`): the folder it is in is the project (see `project_root`)."""
    for folder in [storyboard.resolve().parent, *storyboard.resolve().parents]:
        candidate = folder / PACKAGE_FILE
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break
    raise StoryboardError(problems=[Problem(Location(_display(storyboard)),
                                            f"no {PACKAGE_FILE} found beside the storyboard or above it")])


_settings_cache: dict[tuple[Path, float], tuple[PackageSettings, list[Problem]]] = {}


def load_settings(path: Path) -> tuple[PackageSettings, list[Problem]]:
    """Load package.yaml; return the settings and its warnings. Raises StoryboardError when invalid."""
    key = (path.resolve(), path.stat().st_mtime)
    if key in _settings_cache:
        return _settings_cache[key]
    name = _display(path)
    data, pos = parse_yaml(read_text(path), name)
    settings, problems = validate_model(PackageSettings, data, pos)
    problems += [pos.locate(key, msg) for key, msg in checks.text_limits(data)]
    if problems:
        raise StoryboardError(problems=_capped(problems))
    warnings = []
    host = (urlparse(settings.base_url).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS):
        warnings.append(pos.locate(("site", "base_url"),
                                   f"'{settings.base_url}' is a placeholder: QR codes and links will point nowhere; "
                                   "set the real package site before publishing", "warning"))
    if settings.brand.logo:
        problems = _check_asset(path.parent, settings.brand.logo, ("brand", "logo"), pos, project_root(path), "image")
        if problems:
            raise StoryboardError(problems=problems)
    _settings_cache[key] = (settings, warnings)
    return settings, warnings


def _check_asset(base: Path, rel: str, key: tuple, pos: Positions, root: Path, kind: str = "",
                 warnings: list[Problem] | None = None) -> list[Problem]:
    """A file a storyboard names: inside the project, a file, not too large, and (kind "image" or
    "recording") decodable; problems name the path as written and where it was written."""
    if os.path.isabs(rel):
        return [pos.locate(key, f"'{rel}': use a path relative to the file that names it")]
    try:
        target = (base / rel).resolve()
        target.relative_to(root.resolve())
    except ValueError:
        return [pos.locate(key, f"'{rel}' leaves the project folder ({_display(root)}, the folder holding "
                                f"{PACKAGE_FILE}); keep images and recordings inside it")]
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
        return [pos.locate(key, f"'{rel}' cannot be opened: {getattr(exc, 'strerror', None) or exc}")]
    try:
        if target.is_dir():
            return [pos.locate(key, f"'{rel}' is a folder, not a file")]
        if not target.is_file():
            return [pos.locate(key, f"'{rel}' does not exist" if not target.exists() else f"'{rel}' is not a file")]
        if target.stat().st_size > MAX_ASSET_BYTES:
            return [pos.locate(key, f"'{rel}' is larger than {MAX_ASSET_BYTES // 1_000_000} MB")]
        if kind == "image":
            bad = checks.image_problem(target)
        elif kind == "recording":
            bad = checks.recording_problem(target)
        else:
            bad = None
    except OSError as exc:
        return [pos.locate(key, f"'{rel}' cannot be read: {exc.strerror or exc}")]
    if bad and bad.startswith("\0"):  # could not be checked here (no ffmpeg): the build will say why
        if warnings is not None:
            warnings.append(pos.locate(key, f"'{rel}': {bad[1:]}", "warning"))
        return []
    return [pos.locate(key, f"'{rel}' {bad}")] if bad else []


def _cross_check(sb: m.Storyboard, pos: Positions, settings: PackageSettings, base: Path, root: Path,
                 warnings: list[Problem] | None = None) -> list[Problem]:
    """References between parts of the storyboard, seeds, and asset files."""
    problems: list[Problem] = []
    budget = [20]
    fig_ids = [f.id for f in sb.figures]
    info_ids = [i.id for i in sb.infographics]
    sec_ids = [s.id for s in sb.sections]

    def dup(ids: list[str], key: str) -> None:
        seen = set()
        for i, x in enumerate(ids):
            if x in seen:
                problems.append(pos.locate((key, i, "id"), f"duplicate id '{x}'"))
            seen.add(x)

    dup(fig_ids, "figures")
    dup(info_ids, "infographics")
    dup(sec_ids, "sections")
    dup([s.id for s in sb.scenes], "scenes")

    def ref(value: str, known: list[str], key: tuple, what: str) -> None:
        if value not in known:
            hint = _hint(value, known, budget)
            problems.append(pos.locate(key, f"no {what} with id '{value}'" + (f"; did you mean '{hint[0]}'?" if hint else "")))

    def seed(src: m.Source | None, key: tuple) -> None:
        if src is not None and src.seed not in settings.sources:
            ref(src.seed, list(settings.sources), key + ("source", "seed"), "source document in package.yaml")

    for i, f in enumerate(sb.figures):
        seed(f.source, ("figures", i))
    for i, info in enumerate(sb.infographics):
        seed(info.source, ("infographics", i))
        if isinstance(info, m.KeyFiguresInfographic):
            for j, fid in enumerate(info.figures):
                ref(fid, fig_ids, ("infographics", i, "figures", j), "figure")
        if isinstance(info, m.QuoteInfographic):
            seed(info.quote.source, ("infographics", i, "quote"))
    for i, sc in enumerate(sb.scenes):
        if sc.section:
            ref(sc.section, sec_ids, ("scenes", i, "section"), "section")
        for j, fid in enumerate(sc.figures):
            ref(fid, fig_ids, ("scenes", i, "figures", j), "figure")
        if sc.infographic:
            ref(sc.infographic, info_ids, ("scenes", i, "infographic"), "infographic")
        if sc.image:
            problems += _check_asset(base, sc.image, ("scenes", i, "image"), pos, root, "image", warnings)
        for lang, rel in (sc.narration.audio or {}).items():
            problems += _check_asset(base, rel, ("scenes", i, "narration", "audio", lang), pos, root, "recording",
                                     warnings)
        if sc.layout == "figures" and not sc.figures:
            problems.append(pos.locate(("scenes", i, "figures"), "layout 'figures' needs `figures`"))
        if sc.layout in ("process", "timeline", "categories", "chart", "quote") and not sc.infographic:
            problems.append(pos.locate(("scenes", i, "infographic"), f"layout '{sc.layout}' needs `infographic`"))
        if sc.layout == "image" and not sc.image:
            problems.append(pos.locate(("scenes", i, "image"), "layout 'image' needs `image`"))
        problems += clips.scene_problems(sc, i, base, root, pos, _check_asset)
    if sb.podcast:
        for i, seg in enumerate(sb.podcast.segments):
            for lang, rel in (seg.audio or {}).items():
                problems += _check_asset(base, rel, ("podcast", "segments", i, "audio", lang), pos, root, "recording",
                                         warnings)
    if sb.poster:
        for j, fid in enumerate(sb.poster.figures):
            ref(fid, fig_ids, ("poster", "figures", j), "figure")
        if sb.poster.graphic:
            ref(sb.poster.graphic, info_ids, ("poster", "graphic"), "infographic")
            if sb.poster.graphic in info_ids:
                kind = sb.infographic(sb.poster.graphic).kind
                if kind not in ("process", "timeline"):
                    problems.append(pos.locate(("poster", "graphic"), f"poster graphic must be a process or timeline, not {kind}"))
    return problems


def missing_translations(obj: Any, lang: str, path: tuple = ()) -> list[tuple]:
    """Key paths of every Bilingual/Narration text lacking `lang`."""
    out: list[tuple] = []
    if isinstance(obj, (m.Bilingual, m.Narration)):
        if getattr(obj, lang) is None:
            out.append(path + (lang,))
        return out
    if isinstance(obj, BaseModel):
        for name, field_info in type(obj).model_fields.items():
            if name == "schema_":
                continue
            out += missing_translations(getattr(obj, name), lang, path + (field_info.alias or name,))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            out += missing_translations(item, lang, path + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out += missing_translations(v, lang, path + (k,))
    return out


def load_storyboard(path: Path | str, langs: tuple[str, ...] = ("fa", "en")) -> LoadedStoryboard:
    """Load, validate and cross-check one storyboard for the languages to build."""
    path = Path(path)
    name = _display(path)
    text = read_text(path)
    settings_path = find_settings(path)
    settings, warnings = load_settings(settings_path)
    warnings = list(warnings)
    data, pos = parse_yaml(text, name)
    sb, problems = validate_model(m.Storyboard, data, pos)
    bad_id = checks.id_problem(path.stem, "storyboard id (the file name without .yaml)")
    if not bad_id and path.stem in checks.RESERVED_IDS:
        bad_id = f"storyboard id '{path.stem}' is a folder of the package site (output/{path.stem}/)"
    if bad_id:
        problems.append(Problem(Location(name, 1, 1, "(file name)"), f"{bad_id}; rename the file"))
    problems += [pos.locate(key, msg) for key, msg in checks.text_limits(data)]
    if sb is not None:
        problems += _cross_check(sb, pos, settings, path.parent, project_root(settings_path), warnings)

        problems += claim_problems(sb, pos)
        silent = {("scenes", i, "narration") for i, sc in enumerate(sb.scenes)  # an interview speaks for itself
                  if sc.layout == "interview" and not (sc.narration.fa or sc.narration.en)}
        for lang in langs:
            for key in missing_translations(sb, lang):
                if key[:3] in silent:
                    continue
                problems.append(pos.locate(key, f"missing {'Persian' if lang == 'fa' else 'English'} text "
                                                f"(needed to build '{lang}')"))
    if problems:
        raise StoryboardError(problems=_capped(problems))
    if not sb.lessons:  # the call makes section 6 mandatory; the seeds give no lessons
        warnings = [*warnings, pos.locate(("lessons",), "no `lessons`: section 6 of the report (lessons learned, "
                                          "success/failure factors, quotations) is empty; gather at least 5", "warning")]
    return LoadedStoryboard(id=path.stem, path=path.resolve(), model=sb, positions=pos,
                            settings=settings, settings_path=settings_path.resolve(), warnings=tuple(warnings))
