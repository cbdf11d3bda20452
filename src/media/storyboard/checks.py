"""What validation promises the builders: texts they can draw, speak and tag; files they can open.

Texts (every key and value of a storyboard or package.yaml):
- no lone surrogates (`"\\ud800"` escapes: not a character, MP3 tags and UTF-8 files cannot hold them);
- no control characters except tab and line feed (ESC, BEL, C1 ...: they reach terminals and files);
- no bidi *overrides* (U+202D, U+202E): they reverse what people read; embeddings (U+202A/B ... U+202C)
  and isolates (U+2066/7/8 ... U+2069) only balanced and properly nested, at most `MAX_BIDI_DEPTH` deep
  (renderers without isolate support get them as embeddings: `media.text.shaping.visual`);
- short texts (titles, headings, labels ...) at most `MAX_SHORT_CHARS`, any text at most
  `MAX_TEXT_CHARS`, no word longer than `MAX_WORD_CHARS` (it could never be wrapped).

Files (scene images, the brand logo, recordings), opened once here rather than failing mid-build:
- images: decoded for real with Pillow, within its decompression-bomb limit (`Image.MAX_IMAGE_PIXELS`);
- recordings: decoded for real with ffmpeg; they must hold sound.
A file that passed is remembered by the sha256 of its bytes (in the user cache), so it is decoded once.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

MAX_SHORT_CHARS = 300
MAX_TEXT_CHARS = 20_000
MAX_WORD_CHARS = 80
MAX_BIDI_DEPTH = 16
from media.storyboard.model import _ID as ID_PATTERN  # noqa: E402 - the one id pattern, shared with the schema
from media.storyboard.model import MAX_ID as MAX_ID_CHARS  # noqa: E402 - ids name files: far below NAME_MAX 255
from media import audio
from media.errors import EngineError
from media.files import cache_root, write_text_atomic
from media.storyboard.safe_yaml import char_name

# Which texts are paragraphs (summaries, bodies, narration, podcast lines, report points); every other
# text is drawn on one line or a few (titles, headings, labels, bullets ...).
LONG_OWNERS = {"summary", "body", "narration", "description"}

_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_NAMES = {"\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING", "\u202c": "POP DIRECTIONAL FORMATTING",
          "\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
          "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE"}
ID_RE = re.compile(ID_PATTERN)


def _u(ch: str) -> str:

    return f"U+{ord(ch):04X} ({_NAMES[ch]})" if ch in _NAMES else char_name(ch)


def text_problem(s: str) -> str | None:
    """Why a text cannot be used as it is, or None. Linear; most texts are checked by one regex search."""
    m = _SUSPECT.search(s)
    if m is None:
        return None
    stack: list[str] = []
    for i in range(m.start(), len(s)):
        ch = s[i]
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF:
            return (f"lone surrogate U+{o:04X} at character {i + 1} is not a character (an escape such as "
                    f"\"\\u{o:04x}\"?): write the character itself")
        if o < 0x20 and ch not in "\t\n" or 0x7F <= o <= 0x9F:
            return f"control character {_u(ch)} at character {i + 1} is not allowed in text: remove it"
        if ch in ("\ufffe", "\uffff"):
            return f"{_u(ch)} at character {i + 1} is not a character: remove it"
        if ch in ("\u202d", "\u202e"):
            return (f"bidi override {_u(ch)} at character {i + 1} reverses what people read: remove it "
                    "(use U+200F RIGHT-TO-LEFT MARK or U+200E LEFT-TO-RIGHT MARK to set a direction)")
        if ch in _OPENERS:
            stack.append(ch)
            if len(stack) > MAX_BIDI_DEPTH:
                return f"bidi controls nested deeper than {MAX_BIDI_DEPTH} at character {i + 1}: remove them"
        elif ch in ("\u202c", "\u2069"):
            if not stack or _OPENERS[stack[-1]] != ch:
                return (f"unbalanced bidi control {_u(ch)} at character {i + 1}: "
                        + (f"it does not close {_u(stack[-1])}" if stack else "nothing is open") + "; remove it")
            stack.pop()
    if stack:
        return (f"unbalanced bidi control {_u(stack[-1])}: it is never closed (with "
                f"{_u(_OPENERS[stack[-1]])}); close it or remove it")
    return None


def text_limits(data: Any) -> list[tuple[tuple, str]]:
    """(key path, message) for texts too long to lay out, or with a word that cannot be wrapped.
    Texts are the values of `fa`/`en` keys (not recordings) and the one-text forms of `section` and `by`."""
    out: list[tuple[tuple, str]] = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        node, p = stack.pop()
        if isinstance(node, dict):
            stack += [(v, p + (k,)) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, p + (i,)) for i, v in enumerate(node)]
        elif isinstance(node, str) and p:
            if p[-1] in ("fa", "en") and "audio" not in p:
                owner = next((x for x in reversed(p[:-1]) if isinstance(x, str)), "")
            elif p[-1] in ("section", "by"):
                owner = p[-1]
            else:
                continue
            long = (owner in LONG_OWNERS or (owner == "text" and "segments" in p)
                    or (owner == "points" and "sections" in p))
            limit = MAX_TEXT_CHARS if long else MAX_SHORT_CHARS
            if len(node) > limit:
                out.append((p, f"text of {len(node):,} characters; the limit here is {limit:,}: shorten it"))
                continue
            if len(node) > MAX_WORD_CHARS:
                longest = max(node.split(), key=len, default="")
                if len(longest) > MAX_WORD_CHARS:
                    out.append((p, f"a word of {len(longest):,} characters ('{longest[:30]}…') cannot be wrapped; "
                                   f"the limit is {MAX_WORD_CHARS}: add spaces"))
    return out


# Folders the package site keeps at the top of the output folder beside the storyboards' own: a storyboard
# with one of these ids would write into them.
RESERVED_IDS = frozenset({"en", "fa", "assets", "book", "data", "feeds", "search"})


def id_problem(value: str, what: str = "id") -> str | None:
    if len(value) > MAX_ID_CHARS:
        return f"{what} of {len(value)} characters; the limit is {MAX_ID_CHARS} (ids name output files)"
    if not ID_RE.match(value):
        return f"{what} '{value}' must be lower-case letters, digits and hyphens, starting with a letter or digit"
    return None


# ---- files -----------------------------------------------------------------------------------------------

_memo: dict[tuple, str | None] = {}
CHECK_VERSION = 1


def _stamp(path: Path) -> tuple:
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ino)


def _cached(kind: str, path: Path, check) -> str | None:
    """`check(path)` -> problem or None, remembered per file state (this process) and per content (disk)."""

    stamp = (kind, *_stamp(path))
    if stamp in _memo:
        return _memo[stamp]
    h = hashlib.sha256(f"{kind}:{CHECK_VERSION}:".encode())
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    record = cache_root() / "checked" / f"{h.hexdigest()}.json"
    try:
        result = json.loads(record.read_text(encoding="utf-8"))["problem"]
    except (OSError, ValueError, KeyError, TypeError):
        result = check(path)
        if result is not None and result.startswith("\0"):  # not decided (no engine): do not remember
            return result
        try:
            write_text_atomic(record, json.dumps({"problem": result}))
        except OSError:
            pass  # a cache is a courtesy
    _memo[stamp] = result
    return result


def image_problem(path: Path) -> str | None:
    """Why Pillow cannot draw this image, or None. Decodes it for real, within the bomb limit."""
    return _cached("image", path, _check_image)


def _check_image(path: Path) -> str | None:
    import warnings

    from PIL import Image, UnidentifiedImageError

    if path.stat().st_size == 0:
        return "is empty (0 bytes), not an image"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                im.load()
                im.convert("RGBA").getbbox()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        size = re.search(r"\((\d+) pixels\)", str(exc))
        what = f"{int(size.group(1)):,} pixels" if size else "too many pixels"
        return (f"has {what}: more than the {Image.MAX_IMAGE_PIXELS:,} allowed "
                "(a decompression bomb, or far too large): scale it down")
    except UnidentifiedImageError:
        return "is not an image Pillow can read (PNG, JPEG, WebP, GIF ...)"
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        return f"cannot be decoded as an image ({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__}): " \
               "is it truncated or damaged?"
    except Exception as exc:  # noqa: BLE001 - Pillow's plugins raise many types on hostile files
        return f"cannot be decoded as an image ({type(exc).__name__}): is it truncated or damaged?"
    if w < 1 or h < 1:
        return "has no pixels"
    return None


def recording_problem(path: Path) -> str | None:
    """Why this recording cannot be used, or None; '\\0...' when it cannot be checked (no ffmpeg)."""
    return _cached("recording", path, _check_recording)


def _check_recording(path: Path) -> str | None:

    if path.stat().st_size == 0:
        return "is empty (0 bytes), not a recording"
    try:
        audio.ffmpeg_exe()
    except EngineError:
        return "\0ffmpeg is missing: the recording cannot be checked (run `media doctor`)"
    try:
        seconds, peak = audio.probe(path)
    except ValueError as exc:
        return f"is not a recording ffmpeg can decode ({exc})"
    except EngineError as exc:
        return "\0" + str(exc)
    if seconds <= 0.05:
        return "holds no sound (0 seconds of audio)"
    if peak <= 1e-4:
        return f"is silent ({seconds:.1f} s of silence)"
    return None
