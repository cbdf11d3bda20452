"""Audiograms: a moment of a podcast episode as a short video for social feeds (9:16 and 1:1): the episode's
cover, the plan's title, a waveform drawn from the real sound moving with it, the transcript's captions burned
in, and the draft band while the storyboard is not approved. The sound is the episode's own, cut out of its MP3.

Frames are painted the way the films are: the still parts (cover, titles, the caption of the moment, the draft
band) are a display list (`media.graphics`) rendered once per caption and converted once to YUV 4:2:0; each
frame copies that picture and fills the waveform's bars straight into the Y, Cb and Cr planes; x264 encodes
through `media.video.encoder` and the sound is muxed beside it as AAC.

Which moment: the storyboard's `podcast.soundbites`, else the first chapter's opening lines
(`opening_lines`: whole caption cues from the first spoken line until at least 15 s, at most 60 s)."""
from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media import audio
from media.errors import Location
from media.graphics import raster
from media.graphics.frame import draft_band
from media.graphics.primitives import Drawing, Image, Rect, Text
from media.graphics.theme import Theme
from media.storyboard.model import SOUNDBITE_MAX_S, SOUNDBITE_MIN_S
from media.storyboard.settings import Brand
from media.text import TextStyle, layout
from media.video.captions import Cue, screen_cues
from media.video.encoder import EncodeSettings, Encoder, encode_aac, mux, write_ffmetadata
from media.video.layers import Frame, rgb_to_frame
from media.video.render import DRAFT_SIZES, SIZES, FrameSpec

ASPECTS = ("9:16", "1:1")
LEAD_S = 0.25  # a breath before the first word of the default moment
TAIL_S = 0.5  # and after its last
BAR_S = 0.06  # one waveform bar per 60 ms of sound
BARS = 41  # odd: the middle bar is "now"
CAPTION_CHARS = {"9:16": 60, "1:1": 70}  # a cue longer than this is split in time (two or three lines)


def audiogram_spec(aspect: str, draft: bool = False, override: str | None = None) -> FrameSpec:
    """Frame size and rate: 1080x1920 and 1080x1080 at 30 fps; `--draft` the films' preview sizes at 15 fps;
    an override ("WxH@FPS", tests and quick looks) gives the short side and the rate, the aspect stays."""
    if override:
        size, _, fps = override.partition("@")
        w, h = (int(v) for v in size.lower().split("x"))
        short = min(w, h) & ~1
        long = (int(round(short * 16 / 9)) & ~1) if aspect == "9:16" else short
        return FrameSpec(short, long, int(fps or 30), "ultrafast" if draft else "veryfast")
    if draft:
        w, h = DRAFT_SIZES[aspect]
        return FrameSpec(w, h, 15, "ultrafast", 23)
    w, h = SIZES[aspect]
    return FrameSpec(w, h, 30)


# ---- the moment ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Moment:
    """A stretch of the episode: [start_s, start_s + duration_s) of its MP3."""

    start_s: float
    duration_s: float
    title: str  # what the feed calls it ('' for none)
    chosen: bool  # the storyboard chose it (podcast.soundbites) rather than the first chapter's opening

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


_TIMING = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3})\s+-->\s+(\d+):(\d\d):(\d\d)\.(\d{3})")
_VOICE = re.compile(r"<v\s[^>]*>|</v>")


def read_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file as the podcast writes it (`<v Speaker>` spans, escaped &, <, >)."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = block.strip().split("\n")
        for i, line in enumerate(lines):
            m = _TIMING.search(line)
            if m:
                g = [int(x) for x in m.groups()]
                start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
                end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
                body = html.unescape(_VOICE.sub("", " ".join(lines[i + 1:]))).strip()
                if body:
                    cues.append(Cue(start, end, body))
                break
    return cues


def opening_lines(cues: list[Cue], first_line_s: float, total_s: float, title: str) -> Moment:
    """The first chapter's opening lines: whole cues from the first spoken line (the draft notice before it is
    not a line of the script) until they last at least 15 s, never more than 60 s (a cue that would pass 60 s
    is left out, or cut at 60 s when it is the first). An episode shorter than that gives what it has."""
    start = max(0.0, first_line_s - LEAD_S)
    end = None
    for c in (c for c in cues if c.start_s >= first_line_s - 0.01):
        if c.end_s + TAIL_S - start > SOUNDBITE_MAX_S:
            end = end if end is not None else start + SOUNDBITE_MAX_S  # one line longer than a minute: cut
            break
        end = c.end_s + TAIL_S
        if end - start >= SOUNDBITE_MIN_S:
            break
    duration = max(SOUNDBITE_MIN_S, (end or start) - start)
    duration = min(duration, SOUNDBITE_MAX_S, total_s - start)
    return Moment(round(start, 3), round(duration, 3), title, chosen=False)


def cues_within(cues: list[Cue], moment: Moment, aspect: str) -> list[Cue]:
    """The cues heard in the moment, on its own clock, split to fit the screen."""
    out = [Cue(max(0.0, c.start_s - moment.start_s), min(moment.duration_s, c.end_s - moment.start_s), c.text)
           for c in cues if c.end_s > moment.start_s + 0.05 and c.start_s < moment.end_s - 0.05]
    return screen_cues(out, CAPTION_CHARS[aspect])


# ---- the design ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Words:
    """What the frames say, in one language (every text from the storyboard or `media.content.words`)."""

    lang: str
    title: str  # the plan's title
    subtitle: str  # the moment's title ('' for none)
    organisation: str
    draft: str | None  # the draft mark, or None once approved
    title_where: Location | None = None


@dataclass(frozen=True)
class Layout:
    """Where things go, in pixels: the waveform band and everything drawn around it."""

    band: tuple[int, int, int, int]  # x, y, w, h of the waveform (even)
    caption: tuple[float, float, float, float]


def _even(v: float) -> int:
    return int(round(v)) & ~1


def design(words: Words, brand: Brand, cover: Path, spec: FrameSpec, aspect: str,
           caption: str | None) -> tuple[Drawing, Layout]:
    """The still picture of the moment with one caption (or none): a display list and the waveform's band."""
    W, H = spec.width, spec.height
    lang = words.lang
    theme = Theme(W, H, brand, lang)
    u = theme.unit
    m = theme.margin
    items: list = []
    top = 0.0
    if words.draft:
        band = draft_band(theme, 0, 0, W, words.draft, lang=lang, size=3.4 * u, pad=1.6 * u)
        items += list(band)
        top = band.used_h
    white = "#FFFFFF"
    title_style = TextStyle(6.4 * u, "black", 3.6 * u, 1.3, "center", 3)
    sub_style = TextStyle(4.0 * u, "bold", 2.8 * u, 1.3, "center", 2)
    if aspect == "9:16":
        side = 0.56 * W
        cy = top + 0.045 * H
        items.append(Image(str(cover), (W - side) / 2, cy, side, side, tag="cover"))
        ty = cy + side + 0.03 * H
        title = layout(words.title, lang, W - 2 * m, 0.16 * H, title_style, where=words.title_where)
        items.append(Text(title, m, ty, white, tag="title", role="title"))
        ty += title.height + 0.01 * H
        if words.subtitle:
            sub = layout(words.subtitle, lang, W - 2 * m, 0.07 * H, sub_style)
            items.append(Text(sub, m, ty, brand.accent, tag="subtitle", role="subtitle"))
        band_y, band_h = 0.64 * H, 0.10 * H
        cap = (m, 0.765 * H, W - 2 * m, 0.15 * H)
    else:
        side = 0.38 * W
        cy = top + m * 0.8
        cx = W - m - side if theme.rtl else m
        items.append(Image(str(cover), cx, cy, side, side, tag="cover"))
        tx = m if theme.rtl else m + side + theme.gutter
        tw = W - 2 * m - side - theme.gutter
        style = TextStyle(5.6 * u, "black", 3.2 * u, 1.3, "start", 4)
        title = layout(words.title, lang, tw, side * 0.72, style, where=words.title_where)
        items.append(Text(title, tx, cy, white, tag="title", role="title"))
        if words.subtitle:
            sub = layout(words.subtitle, lang, tw, side * 0.26, TextStyle(3.6 * u, "bold", 2.6 * u, 1.3, "start", 2))
            items.append(Text(sub, tx, cy + title.height + u, brand.accent, tag="subtitle", role="subtitle"))
        band_y, band_h = cy + side + 0.04 * H, 0.13 * H
        cap = (m, band_y + band_h + 0.035 * H, W - 2 * m, 0.2 * H)
    if caption:
        cx, cy_, cw, ch = cap
        block = layout(caption, lang, cw - 4 * u, ch - 2 * u, TextStyle(4.4 * u, "bold", 2.6 * u, 1.35, "center", 3))
        box_h = block.height + 2.4 * u
        by = cy_ + (ch - box_h) / 2
        items.append(Rect(cx, by, cw, box_h, fill="#000000", radius=2 * u, opacity=0.35, tag="caption"))
        items.append(Text(block, cx + 2 * u, by + 1.2 * u, white, tag="caption", role="caption"))
    org = layout(words.organisation, lang, W - 2 * m, None, TextStyle(2.6 * u, "medium", 2.0 * u, 1.3, "center", 1))
    items.append(Text(org, m, H - m * 0.6 - org.height, white, opacity=0.85, tag="organisation", role="caption"))
    bx, bw = _even(m), _even(W - 2 * m)
    return Drawing(W, H, brand.primary, tuple(items)), Layout((bx, _even(band_y), bw, _even(band_h)), cap)


# ---- the waveform ----------------------------------------------------------------------------------------

def envelope(samples: np.ndarray, sr: int = audio.SR) -> np.ndarray:
    """RMS of the sound per `BAR_S`, scaled so loud speech fills the band (the 98th percentile is 1)."""
    hop = max(1, int(round(BAR_S * sr)))
    n = max(1, int(np.ceil(len(samples) / hop)))
    padded = np.zeros(n * hop, np.float32)
    padded[: len(samples)] = samples
    rms = np.sqrt((padded.reshape(n, hop).astype(np.float64) ** 2).mean(axis=1))
    ref = float(np.percentile(rms, 98)) if rms.any() else 1.0
    return np.clip(rms / max(ref, 1e-9), 0.0, 1.0).astype(np.float32)


def _yuv(hex_colour: str) -> tuple[int, int, int]:
    rgb = np.array([[[int(hex_colour[i: i + 2], 16) for i in (1, 3, 5)]] * 2] * 2, np.uint8)
    f = rgb_to_frame(rgb)
    return int(f.y[0, 0]), int(f.u[0, 0]), int(f.v[0, 0])


def _mix(a: str, b: str, k: float) -> str:
    ca = [int(a[i: i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i: i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(round(x * k + y * (1 - k))):02X}" for x, y in zip(ca, cb))


def draw_bars(frame: Frame, band: tuple[int, int, int, int], env: np.ndarray, t: float, rtl: bool,
              played: tuple[int, int, int], ahead: tuple[int, int, int]) -> None:
    """The waveform at time t, in place: bars centred on the band's middle line, the sound just heard on the
    reading start's side ("now" in the middle), what comes next on the other side, dimmer."""
    x0, y0, w, h = band
    pitch = w / BARS
    bar_w = max(2, _even(pitch * 0.6))
    mid = y0 + h // 2
    at = t / BAR_S
    for j in range(BARS):
        rel = j - BARS // 2  # < 0: already heard
        pos = at + rel
        k = int(np.floor(pos))
        frac = pos - k
        a = env[k] if 0 <= k < len(env) else 0.0
        b = env[k + 1] if 0 <= k + 1 < len(env) else 0.0
        level = 0.06 + 0.94 * float(a + (b - a) * frac)
        half = max(2, (int(level * h / 2) + 1) & ~1)
        col = BARS - 1 - j if rtl else j
        bx = _even(x0 + col * pitch + (pitch - bar_w) / 2)
        ya, yb = max(y0, mid - half) & ~1, min(y0 + h, mid + half) & ~1
        yy, uu, vv = played if rel <= 0 else ahead
        frame.y[ya:yb, bx:bx + bar_w] = yy
        frame.u[ya // 2:yb // 2, bx // 2:(bx + bar_w) // 2] = uu
        frame.v[ya // 2:yb // 2, bx // 2:(bx + bar_w) // 2] = vv


# ---- the file --------------------------------------------------------------------------------------------

def _picture(drawing: Drawing) -> Frame:
    img = raster.render(drawing, supersample=2, box=True)
    return rgb_to_frame(np.asarray(img.convert("RGB")))


def render_audiogram(samples: np.ndarray, cues: list[Cue], words: Words, brand: Brand, cover: Path,
                     spec: FrameSpec, aspect: str, out: Path, title_tag: str, progress=lambda f: None) -> dict:
    """Write the MP4 at `out`: `samples` (the moment's sound, mono at `audio.SR`) under the frames. Returns
    its facts (frames, duration, size)."""
    fps = spec.fps
    frames = max(1, int(round(len(samples) / audio.SR * fps)))
    duration = frames / fps
    samples = np.asarray(samples, np.float32)[: int(round(duration * audio.SR))]
    if len(samples) < int(round(duration * audio.SR)):
        samples = np.concatenate([samples, np.zeros(int(round(duration * audio.SR)) - len(samples), np.float32)])
    env = envelope(samples)
    played = _yuv(brand.accent)
    ahead = _yuv(_mix(brand.accent, brand.primary, 0.45))
    rtl = words.lang == "fa"
    # square pixels said in the stream (VUI), so players and probes read the display aspect, 9:16 or 1:1
    settings = EncodeSettings(spec.width, spec.height, fps, preset=spec.preset, crf=spec.crf,
                              x264_params=EncodeSettings.x264_params + ":sar=1/1")
    keyframes = list(range(0, frames, 2 * fps))
    with tempfile.TemporaryDirectory(prefix="media-audiogram-") as tmp_name:
        tmp = Path(tmp_name)
        h264 = tmp / "video.h264"
        current: tuple[int, Frame] | None = None
        layout_ = None
        frame = Frame.blank(spec.width, spec.height)
        with Encoder(settings, h264, keyframes) as enc:
            for n in range(frames):
                t = n / fps
                idx = next((i for i, c in enumerate(cues) if c.start_s <= t < c.end_s), -1)
                if current is None or current[0] != idx:
                    drawing, layout_ = design(words, brand, cover, spec, aspect, cues[idx].text if idx >= 0 else None)
                    current = (idx, _picture(drawing))
                np.copyto(frame.buf, current[1].buf)
                draw_bars(frame, layout_.band, env, t, rtl, played, ahead)
                enc.write(frame.buf)
                if n % max(1, fps) == 0:
                    progress(n / frames)
        wav = audio.write_wav(tmp / "sound.wav", samples)
        m4a = tmp / "sound.m4a"
        encode_aac(wav, m4a)
        meta = write_ffmetadata(tmp / "meta.txt", title_tag, [])
        part = out.with_name(f".{out.stem}.part{out.suffix}")
        out.parent.mkdir(parents=True, exist_ok=True)
        mux(h264, fps, m4a, meta, part, words.lang)
        part.replace(out)
    return {"frames": frames, "duration_s": round(duration, 3), "width": spec.width, "height": spec.height, "fps": fps}
