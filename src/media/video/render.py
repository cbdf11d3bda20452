"""One video from a storyboard and a language: plan (narration, timing), soundtrack, frames, files.

Timing: a scene lasts lead-in + narration + tail unless it fixes `duration_s`, rounded to whole
frames, so the MP4's duration is exactly the sum of its scenes' frames. Transitions (a crossfade from the
previous scene's last frame) happen inside the incoming scene's lead-in, so they add no time.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from media.errors import Problem, StoryboardError
from media.text.numerals import localize
from media.content.chapters import chapter_list
from media.content.words import bilingual, word
from media import audio
from media.files import atomic_path
from media.graphics.primitives import Rect, Text
from media.graphics.theme import Theme
from media.speech import synthesize_narration
from media.storyboard.model import Bilingual, Narration, Scene
from media.text import PillowMeasurer, TextStyle, layout
from media.video.captions import Cue, clean_cues, screen_cues
from media.video.compositor import crossfade
from media.video import footage
from media.video.design import Context, SceneTiming
from media.video.encoder import EncodeSettings, Encoder, encode_aac, encode_pcm, mux, write_ffmetadata
from media.video.layers import Frame, blend, render_layer
from media.video.motion import ease_in_out
from media.video.safe_area import Padder, graphics_safe
from media.video.segments import design_key, join, last_picture_key, scene_key, segment_dir, store

LEAD_IN_S = 0.7  # transition + a beat before the voice starts
TAIL_S = 1.1  # the last words settle before the cut
TRANSITION_S = 0.5
INTRO_S = 4.0  # synthetic cards when the storyboard has none
OUTRO_S = 7.0
TRUE_PEAK_CEILING_DBTP = -1.0  # EBU R128 / streaming platforms
SIZES = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080), "4:5": (1080, 1350)}
DRAFT_SIZES = {"16:9": (640, 360), "9:16": (360, 640), "1:1": (480, 480), "4:5": (432, 540)}
SIZE_ENV = "MEDIA_VIDEO_SIZE"  # e.g. "320x180@10": render size for tests and quick looks


@dataclass(frozen=True)
class FrameSpec:
    width: int
    height: int
    fps: int
    preset: str = "veryfast"
    crf: int = 20
    # Parameters of other deliveries (the broadcast master): everything drawn fits inside this fraction
    # of each side (the picture is laid out in the inner box, whose edges are extended to the frame);
    # a keyframe at least every `keyint_s`; scene starts on the frame grid of a film at `timing_fps`
    # (0: this one's own), so a 25 fps cut keeps the 30 fps film's scene timing.
    safe: float = 0.0
    keyint_s: float = 2.0
    timing_fps: int = 0

    @property
    def picture(self) -> "FrameSpec":
        """The spec of what is drawn: the whole frame, or its safe area."""
        if not self.safe:
            return self
        _, _, w, h = graphics_safe(self.width, self.height, self.safe)
        return replace(self, width=w, height=h, safe=0.0)


@dataclass(frozen=True)
class SoundSpec:
    """The soundtrack: integrated loudness of the programme (all channels, BS.1770), channels, codec
    (AAC-LC in an MP4, or 24-bit PCM in a QuickTime MOV), all at 48 kHz."""

    lufs: float = -16.0
    channels: int = 1
    codec: str = "aac"  # or "pcm_s24le"

    @property
    def container(self) -> str:
        return "mp4" if self.codec == "aac" else "mov"


def frame_spec(aspect: str = "16:9", draft: bool = False, override: str | None = None) -> FrameSpec:
    """Frame size and rate for an aspect; `override` ("WxH@FPS") wins (tests, previews)."""
    if override:
        size, _, fps = override.partition("@")
        w, h = (int(v) for v in size.lower().split("x"))
        return FrameSpec(w & ~1, h & ~1, int(fps or 30), "ultrafast" if draft else "veryfast")
    if draft:
        w, h = DRAFT_SIZES[aspect]
        return FrameSpec(w, h, 15, "ultrafast", 23)
    w, h = SIZES[aspect]
    return FrameSpec(w, h, 30)


@dataclass
class PlannedScene:
    scene: Scene
    sb_index: int | None  # None: a synthetic intro/outro card
    start_frame: int
    frames: int
    fps: int
    speech: object | None = None  # media.speech.Speech
    timing: object | None = None  # design.SceneTiming

    @property
    def start_s(self) -> float:
        return self.start_frame / self.fps

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps


@dataclass
class VideoResult:
    path: Path
    duration_s: float
    width: int
    height: int
    fps: int
    cues: list[Cue]
    chapters: list[tuple[str, float, float]]
    stats: dict = field(default_factory=dict)
    clips: list[dict] = field(default_factory=list)  # each clip shown: path, sha256, in_s, out_s (footage.clips_used)


def scenes_with_cards(sb) -> list[tuple[Scene, int | None]]:
    """The storyboard's scenes, with an identity card before and a QR outro after when it has none."""
    scenes: list[tuple[Scene, int | None]] = [(s, i) for i, s in enumerate(sb.model.scenes)]
    m = sb.model
    if not scenes or scenes[0][0].layout != "title":
        scenes.insert(0, (Scene(id="intro-card", layout="title", heading=m.title, narration=Narration(),
                                duration_s=INTRO_S), None))
    if scenes[-1][0].layout != "outro":

        scenes.append((Scene(id="outro-card", layout="outro", heading=Bilingual(**bilingual("learn_more")),
                             narration=Narration(), duration_s=OUTRO_S), None))
    return scenes


def plan(sb, lang: str, options, spec: FrameSpec) -> list[PlannedScene]:
    """Narrate every scene (cached speech) and fix its frames."""

    problems: list[Problem] = []
    narrated = []
    for scene, idx in scenes_with_cards(sb):
        speech = None
        if getattr(scene.narration, lang) or (scene.narration.audio or {}).get(lang):
            speech = synthesize_narration(scene, lang, sb, options)
        speech_s = speech.duration_s if speech else 0.0
        natural = LEAD_IN_S + speech_s + TAIL_S if speech else INTRO_S
        clip_s = footage.clip_length(sb, scene) if scene.clip is not None and scene.layout in footage.CLIP_LAYOUTS else None
        if clip_s is not None:  # a clip scene lasts its clip (or less), and its narration must fit in it
            natural = clip_s
            if speech and LEAD_IN_S + speech_s > min(clip_s, scene.duration_s or clip_s) + 1e-6:
                problems.append(Problem(sb.locate(("scenes", idx, "narration", lang), ""),
                                        f"the narration lasts {speech_s:.1f} s (+{LEAD_IN_S} s lead-in) but the clip shows "
                                        f"{min(clip_s, scene.duration_s or clip_s):.1f} s: shorten the narration or the cut"))
        duration = scene.duration_s if scene.duration_s is not None else natural
        if speech and scene.duration_s is not None and LEAD_IN_S + speech_s > scene.duration_s + 1e-6:
            problems.append(Problem(sb.locate(("scenes", idx, "duration_s"), ""),
                                    f"the narration lasts {speech_s:.1f} s (+{LEAD_IN_S} s lead-in) but duration_s is "
                                    f"{scene.duration_s:g}: make the scene longer or remove duration_s"))
        narrated.append((scene, idx, speech, duration, clip_s is not None))
    if problems:
        raise StoryboardError(problems=problems)
    planned: list[PlannedScene] = []
    start = 0
    frame_counts = scene_frames([n[3] for n in narrated], spec, clips=[n[4] for n in narrated])
    for (scene, idx, speech, _, _), frames in zip(narrated, frame_counts):
        speech_s = speech.duration_s if speech else 0.0
        starts = tuple(LEAD_IN_S + c.start_s for c in (speech.cues if speech else []))
        timing = SceneTiming(frames / spec.fps, TRANSITION_S * 0.6 if planned else 0.2, starts,
                             LEAD_IN_S + speech_s if speech else frames / spec.fps)
        planned.append(PlannedScene(scene, idx, start, frames, spec.fps, speech, timing))
        start += frames
    return planned


def scene_frames(durations: list[float], spec: FrameSpec, clips: list[bool] | None = None) -> list[int]:
    """Each scene's frames. Each scene is rounded to whole frames on its own duration (not on the film's
    cumulative time), so a scene's length, and with it its encoded segment, does not change when an
    earlier scene's narration does (media.video.segments). The total may differ from the sum of the
    durations by half a frame per scene; narration is placed at each scene's first frame, so it never
    drifts. A clip scene is rounded down (never past the clip's `out`). With `timing_fps`, the scenes are
    rounded so on that film's grid and each start is then taken to the nearest frame of this one: every
    scene starts within half a frame of that film's."""
    grid = spec.timing_fps or spec.fps
    clips = clips or [False] * len(durations)
    own = [max(1, int(d * grid + (1e-6 if clip else 0.5))) for d, clip in zip(durations, clips)]
    if grid == spec.fps:
        return own
    edges = [0]
    for n in own:
        edges.append(edges[-1] + n)
    starts = [int(e * spec.fps / grid + 0.5) for e in edges]
    return [max(1, b - a) for a, b in zip(starts, starts[1:])]


def captions_of(planned: list[PlannedScene], lang: str = "fa") -> list[Cue]:
    cues = []
    for p in planned:
        if p.speech:
            for c in p.speech.cues:
                cues.append(Cue(p.start_s + LEAD_IN_S + c.start_s, p.start_s + LEAD_IN_S + c.end_s, c.text))
        for start, end, text, who in footage.transcript_cues(p.scene, lang, p.start_s, p.start_s + p.duration_s):
            cues.append(Cue(start, end, text, voice=who))  # an interview's words, tagged with who says them
    return cues


def chapters_of(sb, lang: str, planned: list[PlannedScene]) -> list[tuple[str, float, float]]:
    """One chapter per scene heading, in film order, none repeated (`media.content.chapters`)."""
    total = planned[-1].start_s + planned[-1].duration_s
    return chapter_list([(p.scene.heading.get(lang) if p.scene.heading else "", p.start_s) for p in planned], total, lang)


def soundtrack(planned: list[PlannedScene], total_s: float, path: Path, sound: SoundSpec = SoundSpec(),
               sb=None) -> dict:
    """Narration placed at each scene's lead-in, a music bed ducked under it, at the programme loudness
    (-16 LUFS for the films), true peak <= -1 dBTP. The mix is mono: played on `sound.channels` equal
    channels, which BS.1770 sums, it measures 10 log10(channels) dB louder than the one channel.
    A clip's own sound: an interview's as a voice (the bed ducks under it), a B-roll's under the voice."""

    voice = audio.silence(total_s)
    ambient = None
    spoken: list[tuple[float, float]] = []
    narrated: list[tuple[float, float]] = []
    for p in planned:
        if p.speech:
            at = p.start_s + LEAD_IN_S
            audio.place(voice, p.speech.samples(), at)
            spoken.append((at, at + p.speech.duration_s))
            narrated.append(spoken[-1])
        own = footage.clip_sound(sb, p.scene, p.duration_s) if sb is not None and p.scene.clip is not None else None
        if own is not None and footage.sound_of(p.scene) == "full":
            audio.place(voice, own, p.start_s)
            spoken.append((p.start_s, p.start_s + len(own) / audio.SR))
        elif own is not None:
            ambient = audio.silence(total_s) if ambient is None else ambient
            audio.place(ambient, own, p.start_s)
    bed = audio.music_bed(total_s)
    if spoken:
        bed = audio.duck(bed, intervals=spoken)
    # The bed leads for films without narration; with narration it sits ~18 dB under the voice.
    layers = [voice, bed]
    if ambient is not None:
        layers.append(audio.duck(ambient, intervals=narrated) if narrated else ambient)
    track = audio.mix(layers)
    # Limited below the ceiling: AAC encoding overshoots by a few tenths of a dB (checked after muxing).
    spread = 10 * math.log10(sound.channels)
    track, lufs, tp = audio.normalize(track, target_lufs=sound.lufs - spread, ceiling_dbtp=TRUE_PEAK_CEILING_DBTP - 0.8)
    audio.write_wav(path, track)
    return {"lufs": round(lufs + spread, 2), "true_peak_dbtp": round(tp, 2)}


CAPTION_LINE_SPACING = 1.35


def _caption_metrics(spec: FrameSpec, brand, lang: str):
    """Theme, text width, text size and bottom edge of the burned-caption box."""

    t = Theme(spec.width, spec.height, brand, lang)
    u = t.unit
    w = spec.width - 2 * t.margin if spec.width >= spec.height else spec.width - 1.2 * t.margin
    size = max(t.min_size, (3.1 if spec.width >= spec.height else 3.8) * u)
    bottom = spec.height - 11.0 * u - 2.0 * u  # above the lower third
    return t, w, size, bottom


def caption_band(spec: FrameSpec, brand, lang: str) -> float:
    """Height that content keeps free for burned captions: a two-line box and its padding, so a caption
    never covers what the scene shows."""
    t, _, size, _ = _caption_metrics(spec, brand, lang)
    box_h = 2 * size * CAPTION_LINE_SPACING + 1.4 * t.unit
    # content already ends 2.5u above the lower third and the box 2u above it: 1.5u of air between
    return box_h + 1.0 * t.unit


def caption_layers(cues: list[Cue], lang: str, spec: FrameSpec, brand):
    """Burned-in captions: shaped by the text engine, two lines at most, on a soft dark box above the lower third."""

    t, w, size, bottom = _caption_metrics(spec, brand, lang)
    u = t.unit
    max_chars = int(w / (size * 0.5)) * 2 // 2
    pieces = screen_cues(cues, max(24, int(max_chars * 1.6)))
    out = []
    for cue in pieces:
        style = TextStyle(size=size, weight="medium", min_size=t.min_size, align="center", max_lines=2,
                          line_spacing=CAPTION_LINE_SPACING)
        block = layout(cue.text, lang, w - 3 * u, None, style, PillowMeasurer())
        bw = block.text_width + 3 * u
        bh = block.height + 1.4 * u
        x = (spec.width - bw) / 2
        y = bottom - bh
        items = [Rect(x, y, bw, bh, fill="#0B1520", radius=1.0 * u, opacity=0.78),
                 Text(block, x + 1.5 * u - (block.box_width - block.text_width) / 2, y + 0.7 * u, "#FFFFFF", role="caption")]
        out.append((cue, render_layer(items, spec.width, spec.height)))
    return out


def render_video(sb, lang: str, options, out_path: Path, spec: FrameSpec, burn_subtitles: bool = False,
                 work_dir: Path | None = None, progress=None, sound: SoundSpec = SoundSpec()) -> VideoResult:
    """Plan, mix, compose and encode; write `out_path` atomically. With `spec.safe` every picture is
    laid out in the safe area (`spec.picture`) and its edges extended to the frame."""
    import tempfile

    t0 = time.perf_counter()
    if progress is not None:
        progress("narration", 0.02)
    planned = plan(sb, lang, options, spec)
    total_frames = planned[-1].start_frame + planned[-1].frames
    total_s = total_frames / spec.fps
    cues = captions_of(planned, lang)

    cues = clean_cues(cues, total_s)
    chapters = chapters_of(sb, lang, planned)
    t_plan = time.perf_counter()
    stats: dict = {"frames": total_frames, "composed": 0}
    with tempfile.TemporaryDirectory(prefix="media-video-", dir=work_dir) as tmp:
        wav = Path(tmp) / "soundtrack.wav"
        title = localize(sb.model.title.get(lang), lang)
        if sb.model.is_draft:  # players show the title: a draft says so there too

            title = f"{title} ({word('draft_mark', lang)})"
        # QuickTime keeps chapters as a text track: the MOV master has the title only
        meta = write_ffmetadata(Path(tmp) / "chapters.txt", title, chapters if sound.container == "mp4" else [])
        aac = Path(tmp) / f"soundtrack.{'m4a' if sound.codec == 'aac' else 'mov'}"
        # The soundtrack (speech placement, ducking, loudness, AAC encoding and its true-peak check) is
        # made in a thread while frames are encoded: numpy and scipy release the GIL in their loops and
        # ffmpeg runs in its own process. The final mux copies both streams.
        audio_box: dict = {}

        def mix_audio() -> None:
            try:
                audio_box.update(soundtrack(planned, total_s, wav, sound, sb))
                def encode() -> None:
                    if sound.codec == "aac":
                        encode_aac(wav, aac, settings.audio_bitrate)
                    else:
                        encode_pcm(wav, aac, sound.codec, sound.channels)

                encode()
                if sound.codec == "aac":
                    audio_box["true_peak_dbtp"] = _keep_true_peak(aac, wav, encode)
                else:  # PCM: each channel is the mix itself at 48 kHz, no codec overshoot to take back
                    audio_box["true_peak_dbtp"] = round(audio.true_peak_db(audio.load(wav, sr=48000), 48000), 2)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
                audio_box["error"] = exc

        settings = EncodeSettings(spec.width, spec.height, spec.fps, spec.preset, spec.crf, keyint_s=spec.keyint_s)
        mixer = threading.Thread(target=mix_audio, name="soundtrack", daemon=True)
        mixer.start()
        pic = spec.picture
        burned = caption_layers(cues, lang, pic, sb.settings.brand) if burn_subtitles else []
        video_only = Path(tmp) / "video.h264"
        pad = Padder(spec.width, spec.height, graphics_safe(spec.width, spec.height, spec.safe)) if spec.safe else None
        try:
            _encode_frames(sb, lang, planned, pic, settings, burned, video_only, stats, progress,
                           segment_dir(options.cache_dir), pad)
        finally:
            mixer.join()
        if "error" in audio_box:
            raise audio_box["error"]
        stats.update(audio_box)
        t_frames = time.perf_counter()
        with atomic_path(out_path) as part:
            mux(video_only, spec.fps, aac, meta, part, lang, sound.container)
    t_end = time.perf_counter()
    stats.update({"plan_s": round(t_plan - t0, 2), "frames_s": round(t_frames - t_plan, 2),
                  "mux_s": round(t_end - t_frames, 2), "total_s": round(t_end - t0, 2)})
    return VideoResult(out_path, total_s, spec.width, spec.height, spec.fps, cues, chapters, stats,
                       footage.clips_used(sb, planned))


def frame_schedule(planned, designs, spec, burned, keyint: int) -> tuple[list[tuple], list[bool], list[int]]:
    """Decide every frame before drawing any: its key (equal keys = equal pictures), whether x264 codes it
    (the key changed, or a keyframe is due), and the keyframes as indexes among the coded frames.
    Keyframes: each scene's first frame, and a held frame is coded again when `keyint` frames have
    passed since the last keyframe, so a player can seek anywhere quickly."""
    tr_frames = max(1, int(round(TRANSITION_S * spec.fps)))
    keys: list[tuple] = []
    coded: list[bool] = []
    keyframes: list[int] = []
    n_coded = 0
    last_idr = 0
    cue_i = 0
    for k, p in enumerate(planned):
        anims = designs[k].motion.animations
        for f in range(p.frames):
            i = p.start_frame + f
            g = i / spec.fps
            state = tuple(a.state(f / spec.fps) for a in anims)
            tr = int(round(((f + 1) / (tr_frames + 1)) * 64)) if k > 0 and f < tr_frames else None
            while cue_i < len(burned) and burned[cue_i][0].end_s <= g:
                cue_i += 1
            cue = cue_i if cue_i < len(burned) and burned[cue_i][0].start_s <= g else None
            key = (k, state, tr, cue)
            idr = f == 0 or i - last_idr >= keyint
            code = idr or not keys or key != keys[-1]
            if idr:
                keyframes.append(n_coded)
                last_idr = i
            keys.append(key)
            coded.append(code)
            n_coded += code
    return keys, coded, keyframes


def _encode_frames(sb, lang, planned, spec, settings, burned, out: Path, stats: dict, progress=None,
                   cache: Path | None = None, pad: Padder | None = None) -> None:
    """Encode the film scene by scene into `out` (Annex B): a scene whose segment is in `cache` is
    reused, any other has the frames whose picture changed composed and sent to x264 (held frames
    become skip pictures) and its segment stored (`media.video.segments`)."""
    import tempfile

    band = caption_band(spec, sb.settings.brand, lang) if burned else 0.0
    designs = [footage.design_for(Context(sb, lang, spec.width, spec.height, k, len(planned), band), p.scene,
                                  p.sb_index, p.timing, p.frames, spec.fps) for k, p in enumerate(planned)]
    keys, coded, keyframes = frame_schedule(planned, designs, spec, burned,
                                            max(1, int(round(settings.keyint_s * spec.fps))))
    stats.update({"scenes_encoded": 0, "scenes_reused": 0})
    segments: list[Path] = []
    last_picture = None  # the previous scene's last picture, when it was drawn in this run
    with tempfile.TemporaryDirectory(prefix="media-scenes-", dir=out.parent) as tmp:
        n_coded = 0
        for k, p in enumerate(planned):
            span = range(p.start_frame, p.start_frame + p.frames)
            scene_coded = sum(coded[i] for i in span)
            scene_keyframes = [x - n_coded for x in keyframes if n_coded <= x < n_coded + scene_coded]
            n_coded += scene_coded
            cues = sorted({keys[i][3] for i in span if keys[i][3] is not None})
            # what the scene shows, not where it sits in the film: no scene index, caption pieces counted
            # from the scene's first
            schedule = [[coded[i], keys[i][1], keys[i][2], None if keys[i][3] is None else keys[i][3] - cues[0]]
                        for i in span]
            previous = None
            if any(keys[i][2] is not None for i in span):  # crossfades from the previous scene's last picture
                before = planned[k - 1]
                previous = last_picture_key(designs[k - 1], keys[p.start_frame - 1][1], (before.frames - 1) / spec.fps)
            try:
                key = scene_key(settings=settings, width=spec.width, height=spec.height, schedule=schedule,
                                keyframes=scene_keyframes, design=design_key(designs[k], [keys[i][1] for i in span]),
                                previous=previous, captions=[[burned[c][0].text, burned[c][1]] for c in cues])
            except TypeError:  # something in the scene the key cannot describe: encoded, never reused
                key = None
                stats["scenes_unkeyed"] = stats.get("scenes_unkeyed", 0) + 1
            path = cache / key[:2] / f"{key}.h264" if cache is not None and key is not None else None
            if path is not None and path.is_file():
                stats["scenes_reused"] += 1
                last_picture = None
            else:
                part = Path(tmp) / f"scene-{k}.h264"
                last_picture = _encode_scene(planned, designs, k, spec, settings, burned, keys, coded, scene_keyframes,
                                             part, stats, last_picture, pad)
                stats["scenes_encoded"] += 1
                path = store(path, part) if path is not None else part
            segments.append(path)
            if k > 0:
                designs[k - 1] = None  # free the display list
            if progress is not None:
                progress(f"scene {k + 1}/{len(planned)}", 0.25 + 0.7 * (k + 1) / len(planned))
        join(segments, out)


def _encode_scene(planned, designs, k, spec, settings, burned, keys, coded, keyframes, out: Path, stats,
                  before=None, pad: Padder | None = None):
    """One scene's segment; returns its last picture (without captions), for the next crossfade.
    Its first frame is an IDR picture; a transition crossfades from the previous scene's last
    picture: `before`, or when the previous scene was reused, drawn by a fresh renderer (the same
    picture: a renderer's frame does not depend on the frames asked before)."""

    p = planned[k]
    design = designs[k]
    renderer = footage.renderer(design, spec.width, spec.height)
    prev_last: Frame | None = before
    mixed = Frame.blank(spec.width, spec.height)
    last_key = None
    out_frame = mixed
    with Encoder(settings, out, keyframes) as enc:
        for f in range(p.frames):
            i = p.start_frame + f
            if not coded[i]:  # a hold: nothing composed, nothing encoded
                enc.hold()
                continue
            key = keys[i]
            if key != last_key:
                _, _, tr, cue = key
                stats["composed"] += 1
                frame, _ = renderer.frame_at(f / spec.fps)
                out_frame = frame
                if tr is not None:
                    if prev_last is None:
                        before = designs[k - 1]
                        prev_last = footage.renderer(before, spec.width, spec.height).frame_at(
                            (planned[k - 1].frames - 1) / spec.fps)[0].copy()
                    crossfade(mixed, prev_last, frame, ease_in_out(tr / 64))
                    out_frame = mixed
                if cue is not None:
                    if out_frame is not mixed:
                        mixed.copy_from(out_frame)
                        out_frame = mixed
                    blend(out_frame, burned[cue][1])
                last_key = key
            enc.write(out_frame.buf if pad is None else pad(out_frame))
    for name, value in enc.stats.items():
        if isinstance(value, (int, float)):
            stats[name] = stats.get(name, 0) + value
    return renderer.frame_at((p.frames - 1) / spec.fps)[0].copy()


def _keep_true_peak(encoded: Path, wav: Path, reencode) -> float:
    """Measure the true peak of the *encoded* audio; if AAC pushed it over the ceiling, lower the
    soundtrack by the excess (a fraction of a dB, inaudible in loudness) and encode again."""

    tp = audio.true_peak_db(audio.load(encoded, sr=48000), 48000)
    for _ in range(2):
        if tp <= TRUE_PEAK_CEILING_DBTP - 0.05:
            break
        x = audio.load(wav)
        audio.write_wav(wav, (x * audio.db_to_gain(TRUE_PEAK_CEILING_DBTP - 0.25 - tp)).astype("float32"))
        reencode()
        tp = audio.true_peak_db(audio.load(encoded, sr=48000), 48000)
    return round(tp, 2)
