"""Footage and interview scenes: a clip decoded once, the overlays that change composited over it.

A footage scene's pictures all move, so the hold trick of drawn scenes (`media.video.h264`) does not apply;
what keeps it cheap is doing each step once and in the right place:

- **One ffmpeg per scene decodes the clip** from `in` for exactly the scene's frames, resampled to the
  film's constant rate (`fps`: a variable-frame-rate clip becomes constant), cropped around the focus
  point *before* scaling (a 9:16 cut of a 16:9 clip scales a third of the picture) and converted to the
  encoder's limited-range YUV 4:2:0; the frames come back through a pipe straight into the frame buffer.
  A clip that already has the film's size and pixel format is only resampled in time.
- **Overlays are sprites** (the interview's lower third, a credit), painted and converted once
  (`media.video.layers`) and blended over each frame only while they are on screen.
- The picture a clip shows at a frame depends only on the clip, the crop and the frame number, so a
  renderer started afresh gives the same picture (the crossfade into the next scene relies on that,
  `media.video.segments`).

`design_for` is the scene design of every layout: clips here, photographs with a caption and a credit
here, everything else `media.video.design`.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass

import numpy as np

from media import audio
from media.content.claims import claim_note
from media.errors import EngineError, Location, Problem
from media.graphics.primitives import Drawing, Image, Rect, Text
from media.storyboard import clips
from media.storyboard.model import CLIP_LAYOUTS
from media.text.numerals import localize
from media.video.compositor import SceneRenderer
from media.video.design import Context, SceneDesign, SceneTiming, _one, design_scene
from media.video.layers import Frame, blend, render_layer
from media.video.motion import FADE_STEPS, Reveal, SceneMotion

LOWER_THIRD_S = 5.0  # how long the speaker's name stays (documentary convention: the first seconds)
FADE_S = 0.3
INTERVIEW_LUFS = -20.0  # the level speech gets (synthesis and recorded takes), so the film's -16 holds
AMBIENT_LUFS = -30.0  # a B-roll clip's own sound, under the voice like the music bed


@dataclass(frozen=True)
class ClipFrames:
    """The clip as an animation: its state is the frame number, so every frame of the scene is coded.
    `crop` (x, y, w, h in source pixels) is taken, scaled to `size` and placed at `at` in the frame."""

    tag: str
    path: str
    sha256: str
    in_s: float
    frames: int
    fps: int
    crop: tuple[int, int, int, int]
    size: tuple[int, int]
    at: tuple[int, int]
    frame_size: tuple[int, int]

    def state(self, t: float):
        return ("clip", min(self.frames - 1, max(0, int(round(t * self.fps)))))


@dataclass(frozen=True)
class Shown:
    """An overlay on screen from `start_s` to `end_s`, fading in and out over `fade_s`."""

    tag: str
    start_s: float
    end_s: float
    fade_s: float = FADE_S

    def state(self, t: float):
        if t < self.start_s or t >= self.end_s:
            return None
        p = min(1.0, (t - self.start_s) / self.fade_s, (self.end_s - t) / self.fade_s) if self.fade_s > 0 else 1.0
        return ("shown", max(1, int(round(p * FADE_STEPS))))


def placement(src_w: int, src_h: int, width: int, height: int, focus=(0.5, 0.5), fit: str = "fill"):
    """(crop, size, at): the part of the source picture shown, the size it is scaled to and where it sits.
    `fill` covers the frame and crops around `focus`; `fit` shows the whole picture, centred."""
    if fit == "fit":
        k = min(width / src_w, height / src_h)
        w, h = max(2, int(src_w * k) & ~1), max(2, int(src_h * k) & ~1)
        return (0, 0, src_w, src_h), (w, h), ((width - w) // 2 & ~1, (height - h) // 2 & ~1)
    k = max(width / src_w, height / src_h)
    cw, ch = min(src_w, max(2, int(round(width / k)))), min(src_h, max(2, int(round(height / k))))
    cx = int(round(min(max(focus[0] * src_w - cw / 2, 0), src_w - cw)))
    cy = int(round(min(max(focus[1] * src_h - ch / 2, 0), src_h - ch)))
    return (cx & ~1, cy & ~1, cw, ch), (width, height), (0, 0)


def clip_info(sb, scene) -> clips.ClipInfo:
    """The clip's facts (checked and cached when the storyboard was loaded)."""
    c = scene.clip
    return clips.check(sb.asset(c.path), c.in_, c.out, False)


def clip_length(sb, scene) -> float:
    c = scene.clip
    info = clip_info(sb, scene)
    return min(c.out if c.out is not None else info.duration_s, info.duration_s) - c.in_


def sound_of(scene) -> str:
    """How the clip's own sound is used: full (interview), duck (under the narration) or mute."""
    if scene.clip.sound is not None:
        return scene.clip.sound
    return "full" if scene.layout == "interview" else "duck"


# ---- design ------------------------------------------------------------------------------------

def design_for(ctx: Context, scene, idx: int | None, timing: SceneTiming, frames: int, fps: int) -> SceneDesign:
    """The design of any scene: a clip's here, a photograph's with its caption and credit, else the drawn one."""
    if scene.layout in CLIP_LAYOUTS and scene.clip is not None:
        return _clip_design(ctx, scene, idx, timing, frames, fps)
    design = design_scene(ctx, scene, idx, timing)
    if scene.layout == "image" and (scene.caption or scene.credit):
        items, motion = _photo_words(ctx, scene, idx, timing, design.drawing)
        design = SceneDesign(Drawing(design.drawing.width, design.drawing.height, design.drawing.background,
                                     design.drawing.items + tuple(items), safe=design.drawing.safe),
                             SceneMotion(design.motion.animations + tuple(motion)))
    return design


def _where(ctx: Context, idx: int | None, *path):
    return ctx.sb.locate(("scenes", idx) + path, "") if idx is not None else None


def _clip_design(ctx: Context, scene, idx, timing: SceneTiming, frames: int, fps: int) -> SceneDesign:
    info = clip_info(ctx.sb, scene)
    crop, size, at = placement(info.width, info.height, ctx.width, ctx.height, scene.clip.focus, scene.clip.fit)
    anim = ClipFrames("clip", str(ctx.sb.asset(scene.clip.path)), info.sha256, scene.clip.in_, frames, fps,
                      crop, size, at, (ctx.width, ctx.height))
    items: list = []
    motion: list = [anim]
    if scene.speaker is not None:
        items += lower_third(ctx, scene, idx)
        motion.append(Shown("speaker", min(0.3, timing.duration_s / 4),
                            min(LOWER_THIRD_S, timing.duration_s - 0.2)))
    if scene.credit is not None:
        items += _credit(ctx, scene, idx)
        motion.append(Shown("credit", 0.0, timing.duration_s + 1.0, 0.0))
    background = "#000000"
    return SceneDesign(Drawing(ctx.width, ctx.height, background, tuple(items), safe=ctx.theme.safe),
                       SceneMotion(tuple(motion)))


def lower_third(ctx: Context, scene, idx: int | None) -> list:
    """The speaker's name, role and what kind of statement it is (date, status, as reported by), on a dark
    card at the reading start (the right in Persian, laid out right to left), above burned captions."""
    t = ctx.theme
    u, b, m = t.unit, t.brand, t.margin
    W, H = ctx.width, ctx.height
    sp = scene.speaker
    w = min(W - 2 * m, (62 if W >= H else 90) * u)
    pad = 1.6 * u
    bar = 0.8 * u
    text_w = w - 2 * pad - bar
    lines = [(_one(ctx, localize(sp.name.get(ctx.lang), ctx.lang), text_w, 3.6 * u, weight="bold", max_lines=1,
                   where=_where(ctx, idx, "speaker", "name", ctx.lang)), "#FFFFFF", "speaker-name")]
    if sp.role is not None:
        lines.append((_one(ctx, localize(sp.role.get(ctx.lang), ctx.lang), text_w, 2.6 * u, max_lines=2,
                           where=_where(ctx, idx, "speaker", "role", ctx.lang)), "#E6ECF2", "speaker-role"))
    note = claim_note(sp, ctx.lang)
    if note:
        lines.append((_one(ctx, localize(note, ctx.lang), text_w, max(t.min_size, 2.2 * u), max_lines=2,
                           where=_where(ctx, idx, "speaker")), b.accent, "speaker-note"))
    gap = 0.5 * u
    h = sum(bk.height for bk, _, _ in lines) + gap * (len(lines) - 1) + 2 * pad
    y = H - m * 0.9 - ctx.caption_band - h
    x = W - m - w if t.rtl else m
    items: list = [Rect(x, y, w, h, fill="#0B1520", radius=0.8 * u, opacity=0.82, tag="speaker"),
                   Rect(x + w - bar if t.rtl else x, y, bar, h, fill=b.accent, tag="speaker")]
    ty = y + pad
    tx = x + pad if t.rtl else x + pad + bar
    for block, color, role in lines:
        items.append(Text(block, tx, ty, color, tag="speaker", role=role))
        ty += block.height + gap
    return items


def _credit(ctx: Context, scene, idx: int | None) -> list:
    """Who made the picture, small, at the top of the reading end."""
    t = ctx.theme
    u, m = t.unit, t.margin
    block = _one(ctx, localize(scene.credit.get(ctx.lang), ctx.lang), ctx.width * 0.45, max(t.min_size, 2.0 * u),
                 max_lines=1, where=_where(ctx, idx, "credit", ctx.lang))
    pad = 0.6 * u
    w, h = block.text_width + 2 * pad, block.height + 2 * pad
    x = m * 0.6 if t.rtl else ctx.width - m * 0.6 - w
    return [Rect(x, m * 0.6, w, h, fill="#0B1520", radius=0.5 * u, opacity=0.6, tag="credit"),
            Text(block, x + pad - (block.box_width - block.text_width) * (1 if t.rtl else 0), m * 0.6 + pad, "#FFFFFF",
                 tag="credit", role="credit")]


def _photo_words(ctx: Context, scene, idx: int | None, timing: SceneTiming, drawing: Drawing) -> tuple[list, list]:
    """A photograph's caption and credit, on a dark band over its foot, at the reading start."""
    image = next(it for it in drawing.items if isinstance(it, Image) and it.tag == "image")
    t = ctx.theme
    u = t.unit
    pad = 1.0 * u
    items: list = []
    motion: list = []
    x, y, w, h = image.x, image.y, image.w, image.h
    blocks = []
    if scene.caption is not None:
        blocks.append((_one(ctx, localize(scene.caption.get(ctx.lang), ctx.lang), w - 2 * pad, max(t.min_size, 2.6 * u),
                            weight="medium", max_lines=2, where=_where(ctx, idx, "caption", ctx.lang)), "#FFFFFF"))
    if scene.credit is not None:
        blocks.append((_one(ctx, localize(scene.credit.get(ctx.lang), ctx.lang), w - 2 * pad, max(t.min_size, 2.0 * u),
                            max_lines=1, where=_where(ctx, idx, "credit", ctx.lang)), "#D5DEE8"))
    band = sum(bk.height for bk, _ in blocks) + pad * (len(blocks) + 1)
    items.append(Rect(x, y + h - band, w, band, fill="#0B1520", opacity=0.72, tag="photo-caption"))
    ty = y + h - band + pad
    for block, color in blocks:
        items.append(Text(block, x + pad, ty, color, tag="photo-caption", role="caption"))
        ty += block.height + pad
    motion.append(Reveal("photo-caption", timing.content_start_s + 0.6, 0.6, "fade"))
    return items, motion


# ---- frames --------------------------------------------------------------------------------------

def renderer(design: SceneDesign, width: int, height: int):
    """The renderer of a scene's design: a clip's or a drawn scene's."""
    if design.motion.animations and isinstance(design.motion.animations[0], ClipFrames):
        return FootageRenderer(design, width, height)
    return SceneRenderer(design.drawing, design.motion, width, height)


def decode_command(c: ClipFrames) -> list[str]:
    """ffmpeg decoding the clip's frames for the scene: constant rate, crop, scale, limited-range YUV 4:2:0."""
    sw, sh = c.size
    W, H = c.frame_size
    x, y, w, h = c.crop
    # round=up: each frame shows the clip's picture on screen at that moment (the last one at or before it);
    # the default (near) would take the last picture of the frame's half-period, up to half a frame late
    chain = [f"fps={c.fps}:round=up"]
    if (w, h) != (sw, sh) or (x, y) != (0, 0):
        chain.append(f"crop={w}:{h}:{x}:{y}:exact=1")
    chain.append(f"scale={sw}:{sh}:flags=bicubic:out_range=tv")
    if (sw, sh) != (W, H):
        chain.append(f"pad={W}:{H}:{c.at[0]}:{c.at[1]}:color=black")
    chain.append("setsar=1,format=yuv420p")
    return [audio.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", f"{c.in_s:.6f}",
            "-i", c.path, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", ",".join(chain),
            "-frames:v", str(c.frames), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]


class FootageRenderer:
    """Frames of a clip scene in order (`frame_at(t)`, like `SceneRenderer`): each read once from ffmpeg,
    with the overlays on screen blended over it. Asking for an earlier frame starts the decoder again from
    `in` (only the crossfade after a reused scene does), so any frame is the same picture however reached."""

    def __init__(self, design: SceneDesign, width: int, height: int):
        anims = design.motion.animations
        self.clip: ClipFrames = anims[0]
        self.overlays = [a for a in anims[1:] if isinstance(a, Shown)]
        self.width, self.height = width, height
        self.layers = {a.tag: render_layer([it for it in design.drawing.items if it.tag == a.tag], width, height)
                       for a in self.overlays}
        self.raw = Frame.blank(width, height)
        self.out = Frame.blank(width, height)
        self.proc: subprocess.Popen | None = None
        self.err = None
        self.read = 0  # frames read from the decoder
        self.ended = False

    def _start(self) -> None:
        self.close()
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(decode_command(self.clip), stdout=subprocess.PIPE, stderr=self.err,
                                     stdin=subprocess.DEVNULL)
        self.read = 0
        self.ended = False

    def _next(self) -> None:
        """Read the next frame into `raw`; past the clip's last frame, `raw` keeps it (a frozen last frame)."""
        if self.ended:
            self.read += 1
            return
        view = memoryview(self.raw.buf)
        got = 0
        while got < len(view):
            n = self.proc.stdout.readinto(view[got:])
            if not n:
                break
            got += n
        if got < len(view):
            self.ended = True
            if self.read == 0:
                self.err.seek(0)
                why = self.err.read().decode("utf-8", "replace").strip().splitlines()
                self.close()
                raise EngineError(problems=[Problem(Location(self.clip.path),
                                                    f"no picture could be decoded: {why[-1][:200] if why else 'no message'}")])
        self.read += 1

    def frame_at(self, t: float) -> tuple[Frame, tuple]:
        state = tuple(a.state(t) for a in (self.clip, *self.overlays))
        n = state[0][1]
        if n < self.read - 1 or (self.proc is None and self.read == 0):
            self._start()
        while self.read <= n:
            self._next()
        if self.read >= self.clip.frames:
            self.close()
        shown = [(a, s) for a, s in zip(self.overlays, state[1:]) if s is not None and self.layers.get(a.tag)]
        if not shown:
            return self.raw, state
        self.out.copy_from(self.raw)
        for a, s in shown:
            blend(self.out, self.layers[a.tag], 0, 0, s[1] / FADE_STEPS)
        return self.out, state

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.proc = None
        if self.err is not None:
            self.err.close()
            self.err = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


# ---- sound and words ---------------------------------------------------------------------------

def clip_sound(sb, scene, seconds: float, sr: int = audio.SR):
    """The clip's own sound for the scene's `seconds` (mono, `sr`), levelled for its use; None when muted."""
    use = sound_of(scene)
    if use == "mute" or not clip_info(sb, scene).has_audio:
        return None
    c = scene.clip
    raw = audio.run_ffmpeg(["-ss", f"{c.in_:.6f}", "-i", str(sb.asset(c.path)), "-t", f"{seconds:.6f}",
                            "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(sr), "-f", "f32le", "pipe:1"],
                           what=f"decoding the sound of {c.path}")
    x = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if len(x) == 0 or audio.is_silent(x):
        return None
    x = audio.level_to(x, INTERVIEW_LUFS if use == "full" else AMBIENT_LUFS)
    return audio.fade(x, 0.02, 0.05)


def transcript_cues(scene, lang: str, start_s: float, end_s: float):
    """(start, end, text, speaker) of an interview's transcript, placed in the film."""
    if not scene.transcript:
        return []
    who = localize(scene.speaker.name.get(lang), lang) if scene.speaker is not None else None
    return [(start_s + ln.start_s, min(end_s, start_s + ln.end_s), localize(ln.text.get(lang), lang), who)
            for ln in scene.transcript]


def clips_used(sb, planned) -> list[dict]:
    """What the manifest records of each clip the film shows: path (as written), sha256, in and out."""
    out = []
    for p in planned:
        s = p.scene
        if s.layout in CLIP_LAYOUTS and s.clip is not None:
            info = clip_info(sb, s)
            out.append({"scene": s.id, "path": s.clip.path, "sha256": info.sha256, "in_s": s.clip.in_,
                        "out_s": round(s.clip.in_ + p.frames / p.fps, 3), "sound": sound_of(s)})
    return out
