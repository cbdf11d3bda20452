"""A bounded YAML reader for storyboards: linear time, bounded depth, plain data with every key's position.

Storyboards are plain YAML: mappings, sequences and scalars. This reader walks the parser's *events*
(libyaml's C parser through PyYAML when available, else ruamel's pure-Python parser) and builds the
data itself, without recursion, so that:

- nesting deeper than `MAX_DEPTH` stops the parse at the first event that goes too deep (and a cheap
  scan of the text refuses absurd nesting before any parser sees it);
- anchors, aliases (alias bombs), tags other than the plain ones, several documents and non-text
  keys are refused with the line and column where they are;
- duplicate keys are refused at the second occurrence;
- scalars follow the YAML 1.2 core schema (what ruamel read before), except that dates stay the text
  the user wrote (`2026-13-45` is then an ordinary located type error, not a crash of a date parser);
- every text (key or value) is checked by `media.storyboard.checks.text_problem` (lone surrogates,
  control characters, bidi overrides and unbalanced bidi controls).

Measured on the 2-core CI machine: about 1 MB/s for a dense storyboard with libyaml (ruamel: 0.03 MB/s).
"""
from __future__ import annotations

import re
from typing import Any, Callable

from media.errors import Location, Problem, StoryboardError

MAX_DEPTH = 40  # mappings and sequences inside each other; real storyboards use 6
MAX_NODES = 50_000  # keys, values and items; the largest shipped storyboard has about 1,500
PRESCAN_DEPTH = 100  # the text scan over-estimates (continuation lines), so it refuses only far beyond
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}

# YAML 1.2 core schema, as ruamel read it (underscores in numbers allowed)
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_INT_BASE = re.compile(r"([-+]?)0(?:(o)[0-7_]+|(x)[0-9a-fA-F_]+|(b)[01_]+)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = {".nan", ".NaN", ".NAN"}
MAX_NUMBER_CHARS = 100  # a number longer than this is a mistake (and Python refuses ints over 4300 digits)

# Characters the YAML reader refuses (outside YAML's printable set): located here, before parsing.
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_LEADING = re.compile(r"^ +", re.M)
_CHAIN = re.compile(r"^ *((?:[-?][ \t]+)+)", re.M)
_CHAIN_AT = re.compile(r"(?:[-?][ \t]+)+")
_BLOCK_TOKENS = re.compile(r"[\[{\"'#|>]")
_FLOW_TOKENS = re.compile(r"[\[\]{}\"'#]")


class _Stop(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def char_name(ch: str) -> str:
    import unicodedata

    names = {"\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x1b": "ESC", "\x7f": "DEL", "\r": "CARRIAGE RETURN"}
    return f"U+{ord(ch):04X}" + (f" ({names.get(ch) or unicodedata.name(ch, '')})" if names.get(ch) or
                                  unicodedata.name(ch, "") else "")


def unreadable(text: str, name: str) -> Problem | None:
    """The first character no YAML file may hold (NUL anywhere, other C0/C1 controls, U+FFFE/U+FFFF)."""
    m = _UNREADABLE.search(text)
    if m is None:
        return None
    line, col = _line_col(text, m.start())
    return Problem(Location(name, line, col), f"control character {char_name(m.group())} is not allowed in a "
                                              "storyboard (binary data, or a copy-paste accident): remove it")


def prescan_depth(text: str, name: str, limit: int = PRESCAN_DEPTH) -> Problem | None:
    """A linear scan that over-estimates nesting (block indentation levels + '- '/'? ' chains at the start of
    a line + flow brackets outside quotes and comments) and refuses text nested beyond `limit` before any
    parser sees it. Exact depth is enforced while reading events (MAX_DEPTH, with the key path).

    The scan stops early once it has seen more nodes than the parser accepts (MAX_NODES): the parser
    stops there itself, so what lies beyond is never parsed."""
    # a bound computed at C speed first: brackets + indentation levels + '- ' chains on one line
    bound = text.count("[") + text.count("{")
    if bound <= limit:
        bound += max((len(m) for m in _LEADING.findall(text)), default=0) + 1
        bound += max((len(m) for m in _CHAIN.findall(text)), default=0) // 2 + 1
        if bound <= limit:
            return None

    def refuse(index: int) -> Problem:
        line_no, col = _line_col(text, index)
        return Problem(Location(name, line_no, col),
                       f"nested deeper than {MAX_DEPTH} levels (brackets or indentation); flatten it")

    def token_before(j: int, start: int, marks: str) -> bool:
        k = j - 1
        while k >= start and text[k] in " \t":
            k -= 1
        return k < start or (text[k] in marks and (text[k] != ":" or k + 1 < j))

    def skip_quoted(j: int) -> int:
        """Index just after the quoted scalar starting at j (or the end of the text)."""
        q = text[j]
        k = j + 1
        while k < n:
            c = text[k]
            if q == '"' and c == "\\":
                k += 2
                continue
            if c == q:
                if q == "'" and k + 1 < n and text[k + 1] == "'":
                    k += 2
                    continue
                return k + 1
            k += 1
        return n

    indents: list[int] = []
    flow = 0
    nodes = 0
    n = len(text)
    i = 0
    block_indent: int | None = None  # inside a block scalar (| or >): lines indented more than this
    while i < n:
        end = text.find("\n", i)
        if end < 0:
            end = n
        indent = i
        while indent < end and text[indent] == " ":
            indent += 1
        blank = indent == end or text[indent] in "\r\t"
        col = indent - i
        if block_indent is not None:
            if blank or col > block_indent:
                i = end + 1
                continue
            block_indent = None
        depth = 0
        start = indent
        if flow == 0 and not blank and text[indent] != "#":
            while indents and indents[-1] >= col:
                indents.pop()
            indents.append(col)
            nodes += 1
            chain = _CHAIN_AT.match(text, indent, end)
            if chain:
                depth += (chain.end() - chain.start()) // 2
                start = chain.end()
        depth += len(indents)
        if depth + flow > limit:
            return refuse(indent)
        pos = start
        while pos < end:
            if flow == 0:
                m = _BLOCK_TOKENS.search(text, pos, end)
                if m is None:
                    break
                j = m.start()
                ch = text[j]
                pos = j + 1
                if ch == "#":
                    if j == indent or text[j - 1] in " \t":
                        break  # a comment: the rest of the line
                    continue
                if not token_before(j, start, ":-?"):
                    continue  # inside a plain scalar
                if ch in "\"'":
                    k = skip_quoted(j)
                    if k > end:  # it ends on a later line: go on from there
                        end = text.find("\n", k - 1)
                        end = n if end < 0 else end
                        start = k
                    pos = k
                elif ch in "[{":
                    flow = 1
                    nodes += 1
                    if depth + flow > limit:
                        return refuse(j)
                elif ch in "|>":  # a block scalar: its lines are text
                    block_indent = col
                    break
                continue
            for m in _FLOW_TOKENS.finditer(text, pos, end):
                ch = m.group()
                j = m.start()
                if ch == "[" or ch == "{":
                    flow += 1
                    nodes += 1
                    if depth + flow > limit:
                        return refuse(j)
                    if nodes > MAX_NODES:
                        return None
                elif ch == "]" or ch == "}":
                    flow -= 1
                    if flow == 0:
                        pos = j + 1
                        break
                elif ch == "#":
                    if text[j - 1] in " \t":
                        pos = end
                        break
                elif token_before(j, start, "[{,:?"):
                    nodes += 1
                    k = skip_quoted(j)
                    if k > end:
                        end = text.find("\n", k - 1)
                        end = n if end < 0 else end
                        start = k
                    pos = k
                    break
            else:
                pos = end
        if nodes > MAX_NODES:
            return None
        i = end + 1
    return None


def _events(text: str):
    """(event iterator, module of its event classes, its error base class)."""
    try:
        import yaml

        if getattr(yaml, "__with_libyaml__", False):
            from yaml.cyaml import CParser

            parser = CParser(text)

            def gen():
                try:
                    while parser.check_event():
                        yield parser.get_event()
                finally:
                    parser.dispose()

            return gen(), yaml.events, yaml.YAMLError
    except ImportError:
        pass
    from ruamel.yaml import YAML, events
    from ruamel.yaml.error import YAMLError

    return YAML(typ="safe", pure=True).parse(text), events, YAMLError  # "rt" marks folds with BEL


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema; dates stay text."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    first = value[0]
    if not (first.isdigit() or first in "+-."):
        return value
    if len(value) > MAX_NUMBER_CHARS and (_INT.fullmatch(value) or _FLOAT.fullmatch(value)):
        raise ValueError(f"a number of {len(value)} characters; write it shorter")
    try:
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        m = _INT_BASE.fullmatch(value)
        if m:
            base = 8 if m.group(2) else 16 if m.group(3) else 2
            digits = value[len(m.group(1)) + 2:].replace("_", "")
            if digits:
                return int(m.group(1) + digits, base)
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
    except ValueError:
        return value
    if _INF.fullmatch(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if value in _NAN:
        return float("nan")
    return value


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(top)"


def parse(text: str, name: str, text_problem: Callable[[str], str | None] | None = None,
          max_depth: int = MAX_DEPTH, long_texts: list | None = None,
          long_min: int = 80) -> tuple[Any, dict[tuple, tuple[int, int]]]:
    """Plain data (dict/list/str/int/float/bool/None) and {key path: (line, col)}, or StoryboardError.
    `long_texts`, when given, collects (key path, text) of every text longer than `long_min`."""
    problem = unreadable(text, name) or prescan_depth(text, name)
    if problem is not None:
        raise StoryboardError(problems=[problem])
    if text_problem is not None and "\\" not in text and not _SUSPECT_RAW.search(text):
        text_problem = None  # nothing to find: no escapes, no suspect character anywhere
    where: dict[tuple, tuple[int, int]] = {}
    try:
        data = _build(text, name, where, text_problem, max_depth, long_texts, long_min)
    except _Stop as stop:
        raise StoryboardError(problems=[stop.problem]) from None
    return data, where


_SUSPECT_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _build(text: str, name: str, where: dict, text_problem, max_depth: int, long_texts: list | None,
           long_min: int) -> Any:
    events, ev, YAMLError = _events(text)
    Scalar, Alias = ev.ScalarEvent, ev.AliasEvent
    MapStart, SeqStart = ev.MappingStartEvent, ev.SequenceStartEvent
    MapEnd, SeqEnd, DocStart = ev.MappingEndEvent, ev.SequenceEndEvent, ev.DocumentStartEvent
    STR = "tag:yaml.org,2002:str"

    def stop(mark, path: tuple, message: str):
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise _Stop(Problem(Location(name, line, col, _dotted(path) if path else ""), message))

    # The open collections: parallel stacks of (container, its key path, is-a-mapping, pending key).
    containers: list[Any] = []
    paths: list[tuple] = []
    is_map: list[bool] = []
    keys: list[Any] = []  # for mappings: the key waiting for its value, or None
    root: Any = None
    docs = 0
    nodes = 0

    try:
        for e in events:
            cls = type(e)
            if cls is Scalar or cls is MapStart or cls is SeqStart:
                nodes += 1
                mark = e.start_mark
                if nodes > MAX_NODES:
                    stop(mark, paths[-1] if paths else (), f"more than {MAX_NODES:,} keys and values: a storyboard "
                                                          "is one topic; split it into several files")
                if containers:
                    if is_map[-1]:
                        expecting_key = keys[-1] is None
                        path = paths[-1] if expecting_key else paths[-1] + (keys[-1],)
                    else:
                        expecting_key = False
                        path = paths[-1] + (len(containers[-1]),)
                else:
                    expecting_key, path = False, ()
                if e.anchor:
                    stop(mark, path, "YAML anchors and aliases (& and *) are not supported in storyboards; "
                                     "repeat the text")
                tag = e.tag
                if tag and str(tag) not in _PLAIN_TAGS:
                    stop(mark, path, f"YAML tag {tag} is not allowed")
                if expecting_key:
                    if cls is not Scalar:
                        stop(mark, path, "keys must be text, not a list or mapping")
                    key = e.value if (e.style or tag) else resolve_plain(e.value)
                    if not isinstance(key, str):
                        stop(mark, path, f"keys must be text, got {e.value!r}")
                    if text_problem is not None:
                        bad = text_problem(key)
                        if bad:
                            stop(mark, path, f"key: {bad}")
                    container = containers[-1]
                    if key in container:
                        first = where.get(path + (key,), (0, 0))[0]
                        stop(mark, path, f"duplicate key '{key}' (first at line {first})")
                    container[key] = None
                    keys[-1] = key
                    where[path + (key,)] = (mark.line + 1, mark.column + 1)
                    continue
                if cls is Scalar:
                    raw = e.value
                    if e.style or (tag and str(tag) in (STR, "!")):
                        value: Any = raw
                    else:
                        try:
                            value = resolve_plain(raw)
                        except ValueError as exc:
                            stop(mark, path, str(exc))
                        if tag:
                            want = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}.get(
                                str(tag).rsplit(":", 1)[-1])
                            if want is not None and (not isinstance(value, want) or
                                                     (want is int and isinstance(value, bool))):
                                stop(mark, path, f"'{raw}' is not a valid {tag}")
                    if value.__class__ is str:
                        if text_problem is not None:
                            bad = text_problem(value)
                            if bad:
                                stop(mark, path, bad)
                        if long_texts is not None and len(value) > long_min:
                            long_texts.append((path, value))
                else:
                    if len(containers) >= max_depth:
                        stop(mark, path, f"nested deeper than {max_depth} levels; flatten it")
                    value = {} if cls is MapStart else []
                # attach the value where it belongs
                if not containers:
                    root = value
                elif is_map[-1]:
                    containers[-1][keys[-1]] = value
                    keys[-1] = None
                else:
                    where[path] = (mark.line + 1, mark.column + 1)
                    containers[-1].append(value)
                if cls is not Scalar:
                    containers.append(value)
                    paths.append(path)
                    is_map.append(cls is MapStart)
                    keys.append(None)
            elif cls is MapEnd or cls is SeqEnd:
                containers.pop()
                paths.pop()
                is_map.pop()
                keys.pop()
            elif cls is Alias:
                path = paths[-1] if paths else ()
                stop(e.start_mark, path,
                     "YAML anchors and aliases (& and *) are not supported in storyboards; repeat the text")
            elif cls is DocStart:
                docs += 1
                if docs > 1:
                    stop(e.start_mark, (), "more than one YAML document (a second '---'): one storyboard per file")
    except _Stop:
        raise
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        msg = (getattr(exc, "problem", None) or getattr(exc, "context", None) or "")
        if mark is None and getattr(exc, "position", None) is not None:  # a reader error
            line, col = _line_col(text, exc.position)
            raise _Stop(Problem(Location(name, line, col), f"YAML: {getattr(exc, 'reason', '') or exc}")) from None
        msg = str(msg or (str(exc).splitlines()[0] if str(exc) else "invalid YAML")).strip()
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise _Stop(Problem(Location(name, line, col), f"YAML: {msg}")) from None
    except RecursionError:  # the ruamel fallback parser recurses; the depth checks make this unreachable
        raise _Stop(Problem(Location(name, 1, 1), f"YAML: nested deeper than {max_depth} levels")) from None
    return root
