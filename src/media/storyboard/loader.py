"""Load storyboards and package settings safely, keeping the line and column of every key.

Every problem becomes a located `Problem` (`FILE:LINE:COL: key.path: message`) and all problems of
a file are reported together. Refused outright, before parsing: empty, oversized, binary and
non-UTF-8 files; refused while parsing: duplicate keys, anchors/aliases (alias bombs), tags.
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
from media.storyboard import model as m

MAX_BYTES = 1_000_000  # a storyboard is text; a megabyte is already a book
MAX_DEPTH = 40
MAX_ASSET_BYTES = 200_000_000
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}
PACKAGE_FILE = "package.yaml"


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
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


# ---- raw YAML --------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """Read a YAML file as UTF-8 text, refusing what is not a storyboard, fast."""
    name = _display(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoryboardError(problems=[Problem(Location(name), f"cannot read: {exc.strerror}")]) from None
    if path.is_dir():
        raise StoryboardError(problems=[Problem(Location(name), "is a folder, not a YAML file")])
    if size > MAX_BYTES:
        raise StoryboardError(problems=[Problem(Location(name), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
    data = path.read_bytes()
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
    """Parse with ruamel's safe round-trip loader; return plain data and the positions of every key.

    ruamel's pure-Python parser takes about 0.3 s for a storyboard, which alone would break the 2 s
    budget of a rebuild with nothing to do; a parse that succeeded is kept in the user cache under the
    sha256 of the text (and of this file), so an unchanged storyboard is read back in a millisecond."""
    cached = _parsed_cache(text)
    if cached is not None:
        try:
            doc = json.loads(cached.read_text(encoding="utf-8"))
            positions = Positions(name, {tuple(k): (line, col) for k, line, col in doc["where"]})
            return doc["data"], positions
        except (OSError, ValueError, KeyError, TypeError):
            pass
    data, positions = _parse_yaml(text, name)
    if cached is not None:
        try:
            from media.files import write_text_atomic

            write_text_atomic(cached, json.dumps({"data": data, "where": [[list(k), lc[0], lc[1]]
                                                                           for k, lc in positions.where.items()]},
                                                 ensure_ascii=False))
        except (OSError, ValueError, TypeError):
            pass  # a cache is a courtesy
    return data, positions


def _parsed_cache(text: str) -> Path | None:
    import hashlib

    from media.files import cache_root

    try:
        h = hashlib.sha256(Path(__file__).read_bytes())
        h.update(text.encode("utf-8", "surrogatepass"))
        return cache_root() / "parsed" / f"{h.hexdigest()}.json"
    except (OSError, UnicodeError):
        return None


def _parse_yaml(text: str, name: str) -> tuple[Any, Positions]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        # Refuse anchors/aliases before composing: no alias bombs, and storyboards stay plain.
        for event in yaml.parse(text):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, AliasEvent) or anchor:
                mark = event.start_mark
                raise StoryboardError(problems=[Problem(
                    Location(name, mark.line + 1, mark.column + 1),
                    "YAML anchors and aliases (& and *) are not supported in storyboards; repeat the text")])
            tag = getattr(event, "tag", None)
            if tag and str(tag) not in _PLAIN_TAGS:
                mark = event.start_mark
                raise StoryboardError(problems=[Problem(
                    Location(name, mark.line + 1, mark.column + 1), f"YAML tag {tag} is not allowed")])
        doc = yaml.load(text)
    except StoryboardError:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in str(exc) or "found duplicate key" in msg:
            msg = "duplicate key " + msg.split("duplicate key", 1)[-1].strip()
        raise StoryboardError(problems=[Problem(Location(name, line, col), f"YAML: {msg}")]) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise StoryboardError(problems=[Problem(Location(name), f"YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")]) from None
    positions = Positions(name)
    plain = _plain(doc, (), positions, 0)
    return plain, positions


def _plain(node: Any, path: tuple, pos: Positions, depth: int) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if depth > MAX_DEPTH:
        raise StoryboardError(problems=[pos.locate(path, f"nested deeper than {MAX_DEPTH} levels")])
    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            if not isinstance(key, str):
                line, col = node.lc.key(key)
                raise StoryboardError(problems=[Problem(Location(pos.file, line + 1, col + 1, dotted(path)),
                                                        f"keys must be text, got {key!r}")])
            line, col = node.lc.key(key)
            pos.where[path + (key,)] = (line + 1, col + 1)
            out[key] = _plain(node[key], path + (key,), pos, depth + 1)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            pos.where[path + (i,)] = (line + 1, col + 1)
            out_list.append(_plain(item, path + (i,), pos, depth + 1))
        return out_list
    if isinstance(node, str):
        return str(node)
    if hasattr(node, "isoformat"):  # dates: keep the text the user wrote
        return node.isoformat()
    return node


# ---- model validation ------------------------------------------------------------------------

def _all_field_names() -> set[str]:
    names: set[str] = set()
    for obj in vars(m).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for fname, f in obj.model_fields.items():
                names.add(f.alias or fname)
    return names


_FIELD_NAMES = _all_field_names()


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


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        hint = difflib.get_close_matches(str(key), sorted(_FIELD_NAMES), n=1, cutoff=0.6)
        return f"unknown key '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
    if kind == "union_tag_invalid":
        return err["msg"].replace("Input tag", "kind").replace("found using 'kind' does not match any of the expected tags", "is not one of")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "literal_error":
        msg = msg.replace("Input should be", "must be one of")
    return msg


def validate_model(cls: type[BaseModel], data: Any, pos: Positions) -> tuple[Any, list[Problem]]:
    if not isinstance(data, dict):
        return None, [pos.locate((), f"expected a mapping of keys at the top, got {type(data).__name__}")]
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        problems = []
        seen = set()
        for err in exc.errors(include_url=False):
            path = _data_path(err["loc"], data)
            message = _message(err)
            if (path, message) in seen:
                continue
            seen.add((path, message))
            if err["type"] == "extra_forbidden":
                problems.append(pos.locate(path, message))
            else:
                problems.append(pos.locate(path, message))
        problems.sort(key=lambda p: (p.location.line or 0, p.location.col or 0))
        return None, problems


# ---- project: package settings + storyboards ---------------------------------------------------

@dataclass(frozen=True)
class LoadedStoryboard:
    """A validated storyboard with its id (the file stem), its file, and its key positions."""

    id: str
    path: Path
    model: m.Storyboard
    positions: Positions
    settings: m.PackageSettings
    settings_path: Path
    warnings: tuple[Problem, ...] = ()

    @property
    def root(self) -> Path:
        """Project folder: asset paths must stay inside it."""
        return self.settings_path.parent.parent.resolve()

    def locate(self, path: tuple, message: str) -> Location:
        return self.positions.locate(path, message).location

    def asset(self, rel: str) -> Path:
        """Resolve an asset path (already checked at load time)."""
        return (self.path.parent / rel).resolve()


def find_settings(storyboard: Path) -> Path:
    for folder in [storyboard.resolve().parent, *storyboard.resolve().parents]:
        candidate = folder / PACKAGE_FILE
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break
    raise StoryboardError(problems=[Problem(Location(_display(storyboard)),
                                            f"no {PACKAGE_FILE} found beside the storyboard or above it")])


_settings_cache: dict[tuple[Path, float], tuple[m.PackageSettings, list[Problem]]] = {}


def load_settings(path: Path) -> tuple[m.PackageSettings, list[Problem]]:
    """Load package.yaml; return the settings and its warnings. Raises StoryboardError when invalid."""
    key = (path.resolve(), path.stat().st_mtime)
    if key in _settings_cache:
        return _settings_cache[key]
    name = _display(path)
    data, pos = parse_yaml(read_text(path), name)
    settings, problems = validate_model(m.PackageSettings, data, pos)
    if problems:
        raise StoryboardError(problems=problems)
    warnings = []
    host = (urlparse(settings.base_url).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in m.PLACEHOLDER_HOSTS):
        warnings.append(pos.locate(("site", "base_url"),
                                   f"'{settings.base_url}' is a placeholder: QR codes and links will point nowhere; "
                                   "set the real package site before publishing", "warning"))
    if settings.brand.logo:
        problems = _check_asset(path.parent, settings.brand.logo, ("brand", "logo"), pos, path.parent.parent)
        if problems:
            raise StoryboardError(problems=problems)
    _settings_cache[key] = (settings, warnings)
    return settings, warnings


def _check_asset(base: Path, rel: str, key: tuple, pos: Positions, root: Path) -> list[Problem]:
    if os.path.isabs(rel):
        return [pos.locate(key, f"'{rel}': use a path relative to the storyboard")]
    target = (base / rel).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        return [pos.locate(key, f"'{rel}' leaves the project folder; keep assets inside it")]
    if not target.is_file():
        return [pos.locate(key, f"'{rel}' does not exist")]
    if target.stat().st_size > MAX_ASSET_BYTES:
        return [pos.locate(key, f"'{rel}' is larger than {MAX_ASSET_BYTES // 1_000_000} MB")]
    return []


def _cross_check(sb: m.Storyboard, pos: Positions, settings: m.PackageSettings, base: Path, root: Path) -> list[Problem]:
    """References between parts of the storyboard, seeds, and asset files."""
    problems: list[Problem] = []
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
            hint = difflib.get_close_matches(value, known, n=1)
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
            problems += _check_asset(base, sc.image, ("scenes", i, "image"), pos, root)
        for lang, rel in (sc.narration.audio or {}).items():
            problems += _check_asset(base, rel, ("scenes", i, "narration", "audio", lang), pos, root)
        if sc.layout == "figures" and not sc.figures:
            problems.append(pos.locate(("scenes", i, "figures"), "layout 'figures' needs `figures`"))
        if sc.layout in ("process", "timeline", "categories", "chart", "quote") and not sc.infographic:
            problems.append(pos.locate(("scenes", i, "infographic"), f"layout '{sc.layout}' needs `infographic`"))
        if sc.layout == "image" and not sc.image:
            problems.append(pos.locate(("scenes", i, "image"), "layout 'image' needs `image`"))
    if sb.podcast:
        for i, seg in enumerate(sb.podcast.segments):
            for lang, rel in (seg.audio or {}).items():
                problems += _check_asset(base, rel, ("podcast", "segments", i, "audio", lang), pos, root)
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
    data, pos = parse_yaml(text, name)
    sb, problems = validate_model(m.Storyboard, data, pos)
    if sb is not None:
        root = settings_path.parent.parent
        problems += _cross_check(sb, pos, settings, path.parent, root)
        from media.storyboard.claims import claim_problems  # truthfulness rules (claims, counts)

        problems += claim_problems(sb, pos)
        for lang in langs:
            for key in missing_translations(sb, lang):
                problems.append(pos.locate(key, f"missing {'Persian' if lang == 'fa' else 'English'} text "
                                                f"(needed to build '{lang}')"))
    if problems:
        problems.sort(key=lambda p: (p.location.line or 0, p.location.col or 0))
        raise StoryboardError(problems=problems)
    return LoadedStoryboard(id=path.stem, path=path.resolve(), model=sb, positions=pos,
                            settings=settings, settings_path=settings_path.resolve(), warnings=tuple(warnings))
