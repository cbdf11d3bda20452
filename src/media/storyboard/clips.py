"""Video clips a storyboard names (`scenes[i].clip`): probed and decoded for real before any build.

A clip is refused, with the reason, when ffmpeg cannot read it (not a video, truncated before its index,
damaged), when it holds no picture (zero length, only sound) or pictures far too large to decode safely
(`MAX_SIDE`, `MAX_PIXELS`), when no picture decodes at its `in` or just before its `out` (a file truncated
after its index says it is longer than it is), when `in`/`out` lie beyond its length, and (interviews)
when it has no sound. Every ffmpeg run has a timeout, so a hostile file costs seconds, never a hang.
Variable frame rate is not refused: the film resamples every clip to its own constant rate
(`media.video.footage`).

There is no ffprobe beside the ffmpeg that imageio-ffmpeg ships, so the container is read from ffmpeg's
own description of its input (`ffmpeg -i`, the same libavformat ffprobe uses). Facts are kept by the
sha256 of the file's bytes in the user cache, so an unchanged clip is probed once.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from media import audio
from media.errors import EngineError
from media.files import cache_root, write_text_atomic

MAX_SIDE = 8192  # px: 8K; beyond this a frame is a decompression bomb more likely than footage
MAX_PIXELS = 8192 * 4320
TIMEOUT_S = 20.0  # per ffmpeg run
PROBE_VERSION = 2
_SLACK_S = 0.05  # a container's duration is rounded to 10 ms; out may equal it


class ClipProblem(Exception):
    """Why a clip cannot be used (a message without the path); `key` is the clip key it concerns."""

    def __init__(self, message: str, key: str = "path"):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class ClipInfo:
    """What the film needs to know of a clip: its length, its picture as shown (rotation applied), its sound."""

    duration_s: float
    width: int
    height: int
    fps: float
    has_audio: bool
    codec: str
    sha256: str


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _run(args: list[str], what: str) -> subprocess.CompletedProcess:
    cmd = [audio.ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise ClipProblem(f"{what} took more than {TIMEOUT_S:.0f} s: is the file damaged or hostile?") from None
    except OSError as exc:
        raise EngineError(f"cannot run ffmpeg: {exc.strerror}") from None


_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+[^\n]*?: Video: (\w+)([^\n]*)")
_SIZE = re.compile(r", (\d{1,7})x(\d{1,7})[ ,\[\n]")
_FPS = re.compile(r", (\d+(?:\.\d+)?) (?:fps|tbr)")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")


def _describe(path: Path) -> ClipInfo:
    proc = _run(["-i", str(path)], "reading the clip")
    text = proc.stderr.decode("utf-8", "replace")
    if "Input #0" not in text:
        lines = [ln.replace(str(path), "").strip(" :") for ln in text.splitlines() if ln.strip()]
        why = lines[-1][:160] if lines else "no message"
        raise ClipProblem(f"is not a video ffmpeg can read ({why}): is it truncated or damaged?")
    videos = [(m.group(1), m.group(2), m.end()) for m in _VIDEO.finditer(text) if "attached pic" not in m.group(2)]
    if not videos:
        raise ClipProblem("has no video stream (a sound file or a still picture?)")
    codec, rest, end = videos[0]
    size = _SIZE.search(rest + "\n")
    if size is None:
        raise ClipProblem(f"its picture size cannot be read ({codec}): is it damaged?")
    w, h = int(size.group(1)), int(size.group(2))
    if w < 2 or h < 2:
        raise ClipProblem(f"has pictures of {w}x{h} pixels: nothing to show")
    if max(w, h) > MAX_SIDE or w * h > MAX_PIXELS:
        raise ClipProblem(f"has pictures of {w}x{h} pixels, beyond the {MAX_SIDE} px and "
                          f"{MAX_PIXELS // 1_000_000} megapixels a film may decode: scale it down (e.g. to 1920x1080)")
    rot = _ROTATION.search(text[end:end + 400].split("Stream #")[0])
    if rot and round(abs(float(rot.group(1)))) % 180 == 90:
        w, h = h, w
    fps_m = _FPS.search(rest)
    fps = float(fps_m.group(1)) if fps_m else 0.0
    dur_m = _DURATION.search(text)
    if dur_m is None:
        raise ClipProblem("its length cannot be read (Duration: N/A): remux it (e.g. ffmpeg -i in -c copy out.mp4)")
    duration = int(dur_m.group(1)) * 3600 + int(dur_m.group(2)) * 60 + float(dur_m.group(3))
    has_audio = re.search(r"Stream #\d+:\d+[^\n]*?: Audio: ", text) is not None
    return ClipInfo(round(duration, 3), w, h, fps, has_audio, codec, "")


def _pictures(path: Path, start_s: float, span_s: float) -> int:
    """How many pictures decode in [start_s, start_s + span_s] (tiny grey thumbnails: cheap)."""
    proc = _run(["-loglevel", "error", "-ss", f"{start_s:.3f}", "-i", str(path), "-t", f"{span_s:.3f}",
                 "-map", "0:v:0", "-vf", "scale=16:16,format=gray", "-f", "rawvideo", "pipe:1"],
                "decoding the clip")
    return len(proc.stdout) // 256


def _sound(path: Path, start_s: float, span_s: float) -> float:
    """Seconds of sound that decode in the span (mono, 8 kHz)."""
    proc = _run(["-loglevel", "error", "-ss", f"{start_s:.3f}", "-i", str(path), "-t", f"{span_s:.3f}",
                 "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "8000", "-f", "s16le", "pipe:1"], "decoding the sound")
    return len(proc.stdout) / 2 / 8000


_memo: dict[tuple, dict] = {}


def check(path: Path, in_s: float, out_s: float | None, need_audio: bool) -> ClipInfo:
    """The clip's facts, or ClipProblem (its `key`: path, in or out) saying why it cannot be used."""
    st = path.stat()
    if st.st_size == 0:
        raise ClipProblem("is empty (0 bytes), not a video")
    stamp = (str(path), st.st_size, st.st_mtime_ns, st.st_ino, in_s, out_s, need_audio)
    if stamp not in _memo:
        _memo[stamp] = _checked(path, in_s, out_s, need_audio)
    record = _memo[stamp]
    if record.get("problem"):
        raise ClipProblem(record["problem"], record.get("key", "path"))
    return ClipInfo(**record["info"])


def _checked(path: Path, in_s: float, out_s: float | None, need_audio: bool) -> dict:
    digest = sha256_of(path)
    name = hashlib.sha256(f"clip:{PROBE_VERSION}:{digest}:{in_s!r}:{out_s!r}:{need_audio}".encode()).hexdigest()
    cached = cache_root() / "checked" / f"{name}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        info = _verify(path, in_s, out_s, need_audio)
        record = {"info": {**asdict(info), "sha256": digest}}
    except ClipProblem as exc:
        record = {"problem": str(exc), "key": exc.key}
    try:
        write_text_atomic(cached, json.dumps(record))
    except OSError:
        pass  # a cache is a courtesy
    return record


def _verify(path: Path, in_s: float, out_s: float | None, need_audio: bool) -> ClipInfo:
    info = _describe(path)
    if info.duration_s <= 0.0:
        raise ClipProblem("has no length (0 s): nothing to show")
    if in_s >= info.duration_s:
        raise ClipProblem(f"`in` {in_s:g} s is at or past the clip's end ({info.duration_s:g} s)", "in")
    if out_s is not None and out_s > info.duration_s + _SLACK_S:
        raise ClipProblem(f"`out` {out_s:g} s is past the clip's end ({info.duration_s:g} s)", "out")
    end = min(out_s if out_s is not None else info.duration_s, info.duration_s)
    head = min(0.5, end - in_s)
    if _pictures(path, in_s, head) == 0:
        if in_s == 0.0:
            raise ClipProblem("no picture decodes: it holds no frames, or it is damaged")
        raise ClipProblem(f"no picture decodes at `in` ({in_s:g} s): the file is damaged there", "in")
    # the last half second must hold about the pictures its rate says (half of them at least: a variable
    # rate may leave gaps), or the file stops before its index says it does
    tail = max(in_s, end - 0.5)
    least = max(1, int((end - tail) * info.fps * 0.5)) if info.fps > 0 else 1
    if _pictures(path, tail, end - tail) < least:
        key = "out" if out_s is not None else "path"
        raise ClipProblem(f"no picture decodes before {end:g} s although the file says it lasts {info.duration_s:g} s: "
                          "it is truncated or damaged (set `out` before the damage, or export it again)", key)
    if need_audio:
        if not info.has_audio:
            raise ClipProblem("has no sound: an interview is heard (use layout: footage for pictures alone)")
        if _sound(path, in_s, end - in_s) < 0.5 * (end - in_s):
            raise ClipProblem(f"its sound does not decode between {in_s:g} s and {end:g} s: is it damaged?")
    return info


def scene_problems(sc, i: int, base: Path, root: Path, pos, check_asset) -> list:
    """Located problems of scene `i`'s documentary keys (`clip`, `speaker`, `transcript`, `caption`,
    `credit`); `check_asset` is the loader's check that a named file is inside the project."""
    from media.storyboard.model import CLIP_LAYOUTS

    out = []
    key = ("scenes", i)
    if sc.layout in CLIP_LAYOUTS and sc.clip is None:
        out.append(pos.locate(key + ("clip",), f"layout '{sc.layout}' needs `clip` (path, in, out)"))
    if sc.clip is not None and sc.layout not in CLIP_LAYOUTS:
        out.append(pos.locate(key + ("clip",), f"`clip` is shown by layout footage or interview, not '{sc.layout}'"))
    if sc.layout == "interview" and sc.speaker is None:
        out.append(pos.locate(key + ("speaker",), "layout 'interview' needs `speaker` (name, role, date)"))
    for name in ("speaker", "transcript"):
        if getattr(sc, name) and sc.layout != "interview":
            out.append(pos.locate(key + (name,), f"`{name}` belongs to layout 'interview', not '{sc.layout}'"))
    if sc.caption is not None and sc.layout != "image":
        out.append(pos.locate(key + ("caption",), f"`caption` belongs to layout 'image', not '{sc.layout}'"))
    if sc.credit is not None and sc.layout not in ("image", *CLIP_LAYOUTS):
        out.append(pos.locate(key + ("credit",), f"`credit` belongs to a photograph or a clip, not layout '{sc.layout}'"))
    if sc.clip is None or sc.layout not in CLIP_LAYOUTS:
        return out
    clip = sc.clip
    bad = check_asset(base, clip.path, key + ("clip", "path"), pos, root)
    if bad:
        return out + bad
    try:
        info = check((base / clip.path).resolve(), clip.in_, clip.out, sc.layout == "interview" and clip.sound != "mute")
    except ClipProblem as exc:
        return out + [pos.locate(key + ("clip", exc.key), f"'{clip.path}' {exc}")]
    except (EngineError, OSError) as exc:
        return out + [pos.locate(key + ("clip", "path"), f"'{clip.path}' cannot be checked: {exc}")]
    length = min(clip.out if clip.out is not None else info.duration_s, info.duration_s) - clip.in_
    if sc.duration_s is not None and sc.duration_s > length + _SLACK_S:
        out.append(pos.locate(key + ("duration_s",), f"duration_s {sc.duration_s:g} is longer than the clip "
                                                     f"({length:.2f} s from `in` to `out`): shorten it or remove it"))
    for j, line in enumerate(sc.transcript):
        if line.end_s > length + _SLACK_S:
            out.append(pos.locate(key + ("transcript", j, "end_s"),
                                  f"{line.end_s:g} s is past the clip's trimmed length ({length:.2f} s): transcript "
                                  "times count from the clip's `in`"))
    return out
