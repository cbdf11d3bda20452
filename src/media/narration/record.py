"""The recording page of `media serve`: a teleprompter per storyboard and language, and the upload of takes.

Routes (under /_media/record/): `` the list of storyboards; `<id>/<lang>/` the page; `<id>/<lang>/units.json`
the units and their state; `<id>/<lang>/<unit>.flac` the current take (to listen); POST `<id>/<lang>/<unit>`
a new take (the body is the audio). Static files: `record.js`, `record.css`, `font.woff2`.

A write is accepted only with the per-run key that `media serve` prints in the page's address (sent back
by the page in `X-Media-Key`; the key is in the address's fragment, so it never appears in a request line,
a log or a Referer), from the server's own origin (`Origin`, `Sec-Fetch-Site`), with a body of at most
`MAX_TAKE_BYTES` that ffmpeg decodes as audio, for a unit id the storyboard has. The take is processed
(`media.narration.takes`) and stored atomically inside the project (`media.narration.store`).
"""
from __future__ import annotations

import hmac
import html
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from media import LANGS
from media.errors import EngineError, MediaError, OutputError
from media.narration.importer import store
from media.narration.store import current_take, unit_states
from media.narration.takes import MAX_TAKE_BYTES, TakeRefused
from media.narration.units import find_unit
from media.storyboard import load_storyboard
from media.text.fonts import font_dir

PREFIX = "/_media/record/"
STATIC = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; media-src 'self'; "
       "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".woff2": "font/woff2"}
UPLOAD_TYPES = {"audio/webm": ".webm", "audio/ogg": ".ogg", "audio/wav": ".wav", "audio/x-wav": ".wav",
                "audio/wave": ".wav", "audio/flac": ".flac", "audio/mpeg": ".mp3", "audio/mp4": ".m4a",
                "audio/opus": ".opus", "video/webm": ".webm", "application/octet-stream": ".bin"}

WORDS = {
    "fa": {"title": "ضبط روایت", "record": "ضبط", "stop": "پایان ضبط", "listen": "شنیدن", "rerecord": "ضبط دوباره",
           "next": "بعدی", "prev": "قبلی", "before": "پیش از این", "after": "پس از این", "host": "میزبان",
           "guest": "مهمان", "film": "فیلم", "podcast": "پادکست", "missing": "ضبط‌نشده", "recorded": "ضبط‌شده",
           "stale": "متن عوض شده؛ دوباره ضبط کنید", "expected": "زمان تقریبی", "seconds": "ثانیه",
           "recording": "در حال ضبط…", "uploading": "در حال ذخیره…", "saved": "ذخیره شد", "take": "برداشت",
           "nokey": "برای ضبط، نشانی‌ای را باز کنید که media serve چاپ کرده است (با ‎#key=…‎).",
           "nomic": "میکروفون در دسترس نیست", "keys": "میان‌بُرها: R یا فاصله ضبط و توقف، L شنیدن، N بعدی، B قبلی",
           "start": "—", "end": "—", "of": "از", "units": "بخش", "index": "فهرست"},
    "en": {"title": "Record narration", "record": "Record", "stop": "Stop", "listen": "Listen",
           "rerecord": "Record again", "next": "Next", "prev": "Back", "before": "Before", "after": "After",
           "host": "Host", "guest": "Guest", "film": "Film", "podcast": "Podcast", "missing": "missing",
           "recorded": "recorded", "stale": "text changed: record again", "expected": "about",
           "seconds": "s", "recording": "Recording…", "uploading": "Saving…", "saved": "Saved",
           "take": "take", "nokey": "To record, open the address media serve printed (with #key=…).",
           "nomic": "No microphone available", "keys": "Keys: R or Space record/stop, L listen, N next, B back",
           "start": "—", "end": "—", "of": "of", "units": "units", "index": "All storyboards"},
}


@dataclass
class Reply:
    status: int
    body: bytes
    ctype: str = "text/plain; charset=utf-8"
    headers: dict | None = None


def _text(status: int, message: str) -> Reply:
    return Reply(status, (message.rstrip("\n") + "\n").encode("utf-8"))


def _json(status: int, doc) -> Reply:
    return Reply(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


class Recorder:
    """The recording pages and uploads for `storyboards` (paths), with a per-run key."""

    def __init__(self, storyboards: list[Path], langs: tuple[str, ...] = LANGS, key: str | None = None):
        self.files = {Path(f).stem: Path(f) for f in storyboards}
        self.langs = tuple(langs)
        self.key = key or secrets.token_urlsafe(24)
        self.max_bytes = MAX_TAKE_BYTES  # the server refuses a longer body unread

    def url(self, base: str) -> str:
        return f"{base.rstrip('/')}{PREFIX}#key={self.key}"

    # ---- dispatch ---------------------------------------------------------------------------------

    def get(self, path: str) -> Reply:
        rest = path[len(PREFIX):]
        if rest == "":
            return self._index()
        if rest in ("record.js", "record.css"):
            return Reply(200, (STATIC / rest).read_bytes(), TYPES[Path(rest).suffix])
        if rest == "font.woff2":

            return Reply(200, (font_dir() / "Vazirmatn-Regular.woff2").read_bytes(), TYPES[".woff2"])
        parts = rest.split("/")
        if len(parts) != 3 or not self._known(parts[0], parts[1]):
            return _text(404, "404 Not Found")
        sb_id, lang, leaf = parts
        if leaf == "":
            return self._page(sb_id, lang)
        if leaf == "units.json":
            sb = self._load(sb_id, lang)
            return sb if isinstance(sb, Reply) else _json(200, self._units(sb, lang))
        if leaf.endswith(".flac") and _ID.match(leaf[:-5]):
            sb = self._load(sb_id, lang)
            if isinstance(sb, Reply):
                return sb
            found = current_take(sb, lang, leaf[:-5])
            if found is None:
                return _text(404, "404 Not Found: no take")
            return Reply(200, found[0].read_bytes(), "audio/flac")
        return _text(404, "404 Not Found")

    def post(self, path: str, headers, body: bytes) -> Reply:
        """An upload whose key, origin and size the server has already checked (see `check_write`)."""
        parts = path[len(PREFIX):].split("/")
        if len(parts) != 3 or not self._known(parts[0], parts[1]) or not _ID.match(parts[2]):
            return _text(404, "404 Not Found: no such storyboard, language or unit")
        sb_id, lang, unit_id = parts
        sb = self._load(sb_id, lang)
        if isinstance(sb, Reply):
            return sb
        unit = find_unit(sb, lang, unit_id)
        if unit is None:
            return _text(404, f"404 Not Found: {sb_id} has no unit '{unit_id}' in {lang}")
        if unit.explicit_audio:
            return _text(409, f"{unit_id}: the storyboard names its recording ({unit.explicit_audio}); remove "
                              "`audio` there to record it here")
        ctype = (headers.get("Content-Type") or "application/octet-stream").split(";")[0].strip().lower()
        if ctype not in UPLOAD_TYPES:
            return _text(415, f"415 Unsupported Media Type: {ctype} is not audio")
        try:
            meta, _ = store(sb, unit, body, UPLOAD_TYPES[ctype], "recorded in the browser")
        except TakeRefused as exc:
            status = 415 if str(exc).startswith(("not a recording", "the file is empty", "holds no sound")) else 422
            return _json(status, {"error": f"take {str(exc)}"})
        except EngineError as exc:
            return _json(503, {"error": " ".join(exc.lines())})
        except OutputError as exc:  # a read-only project, a full disk
            return _json(507, {"error": " ".join(exc.lines())})
        except MediaError as exc:  # the recordings folder leads out of the project: nothing was written
            return _json(409, {"error": " ".join(exc.lines())})
        except OSError as exc:
            return _json(507, {"error": f"cannot store the take: {exc.strerror or exc}"})
        if meta is None:
            meta = current_take(sb, lang, unit_id)[1]
        return _json(201, {"unit": unit_id, "state": "recorded", "take": meta["take"],
                           "duration_s": meta["duration_s"], "loudness_lufs": meta["loudness_lufs"]})

    def check_write(self, headers, own_origins: set[str]) -> Reply | None:
        """Why a write must be refused (the key, a cross-site origin), or None."""
        given = headers.get("X-Media-Key") or ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.key.encode()):
            return _text(403, "403 Forbidden: writes need the key media serve printed (open its address)")
        origin = headers.get("Origin")
        if origin is not None and origin not in own_origins:
            return _text(403, "403 Forbidden: cross-site request")
        site = headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return _text(403, "403 Forbidden: cross-site request")
        return None

    # ---- pages ------------------------------------------------------------------------------------

    def _known(self, sb_id: str, lang: str) -> bool:
        return sb_id in self.files and lang in self.langs

    def _load(self, sb_id: str, lang: str):

        try:
            return load_storyboard(self.files[sb_id], (lang,))
        except MediaError as exc:
            return _text(409, "the storyboard has problems; fix them and reload:\n" + "\n".join(exc.lines()))
        except OSError as exc:
            return _text(409, f"cannot read the storyboard: {exc.strerror or exc}")

    def _units(self, sb, lang: str) -> dict:
        rows = []
        for u, state, meta in unit_states(sb, lang):
            rows.append({"id": u.id, "kind": u.kind, "speaker": u.speaker, "text": u.text, "state": state,
                         "expected_s": u.expected_s, "take": (meta or {}).get("take"),
                         "duration_s": (meta or {}).get("duration_s"), "fixed": bool(u.explicit_audio)})
        return {"storyboard": sb.id, "lang": lang, "title": sb.model.title.get(lang), "units": rows,
                "words": WORDS[lang]}

    def _shell(self, lang: str, title: str, body: str, data: dict | None = None) -> Reply:
        direction = "rtl" if lang == "fa" else "ltr"
        blob = ""
        if data is not None:  # JSON inside a script element: no "</script>" can end it early
            text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            blob = f'<script type="application/json" id="data">{text}</script>'
        page = (f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{html.escape(title)}</title><link rel="stylesheet" href="{PREFIX}record.css"></head>'
                f'<body>{body}{blob}<script src="{PREFIX}record.js"></script></body></html>')
        return Reply(200, page.encode("utf-8"), "text/html; charset=utf-8", {"Content-Security-Policy": CSP})

    def _index(self) -> Reply:
        items = "".join(f'<li><a class="sb" href="{PREFIX}{html.escape(s)}/{lang}/">{html.escape(s)} · {lang}</a></li>'
                        for s in sorted(self.files) for lang in self.langs)
        return self._shell("en", "Record narration", f'<main class="index"><h1>Record narration</h1><ul>{items}</ul>'
                                                      '</main>')

    def _page(self, sb_id: str, lang: str) -> Reply:
        sb = self._load(sb_id, lang)
        if isinstance(sb, Reply):
            return sb
        w = WORDS[lang]
        data = self._units(sb, lang)
        data["base"] = f"{PREFIX}{sb_id}/{lang}/"
        body = f"""<main class="prompter">
<header><a class="back" href="{PREFIX}">{html.escape(w['index'])}</a>
<h1>{html.escape(w['title'])}: {html.escape(data['title'] or sb_id)}</h1>
<p class="progress" id="progress"></p></header>
<p class="key-missing" id="nokey" hidden>{html.escape(w['nokey'])}</p>
<section class="unit">
<p class="meta"><span id="kind"></span> · <span id="speaker" class="speaker"></span> · <span id="uid" dir="ltr"></span>
 · <span id="expected"></span> · <span id="state" class="state"></span></p>
<p class="context before"><span class="label">{html.escape(w['before'])}</span> <span id="before"></span></p>
<p class="current" id="current"></p>
<p class="context after"><span class="label">{html.escape(w['after'])}</span> <span id="after"></span></p>
</section>
<nav class="controls">
<button type="button" id="prev" accesskey="b">{html.escape(w['prev'])}</button>
<button type="button" id="record" class="primary">{html.escape(w['record'])}</button>
<button type="button" id="listen">{html.escape(w['listen'])}</button>
<button type="button" id="next" accesskey="n">{html.escape(w['next'])}</button>
</nav>
<p class="status" id="status" role="status" aria-live="polite"></p>
<audio id="player" controls preload="none"></audio>
<p class="keys">{html.escape(w['keys'])}</p>
</main>"""
        return self._shell(lang, f"{w['title']}: {sb_id}", body, data)


def reject(message: str, status: int = 400) -> Reply:
    return _text(status, f"{status} {message}")


