"""The broadcast master: per storyboard and language, the main film made again for television (EBU R128 /
R95, PAL): 1920x1080 at 25 frames per second progressive, every graphic and caption inside the R95
graphics-safe area (the pictures are laid out in the centred 90 % box and their edges extended to the
frame: reflowed and scaled, never cropped), 48 kHz stereo at -23 LUFS integrated with the true peak at or
under -1 dBTP, the same scenes starting within half a frame of the main film's.

Mezzanine: H.264 High 4:2:0 8-bit at CRF 10 (against 20 for the web film), an IDR picture every second,
no B-frames (every GOP closed), with the sound as 24-bit PCM, in a QuickTime MOV (`video/broadcast.mov`):
near-lossless pictures of flat graphics and text at a fraction of a fixed-rate intra format's size, and
uncompressed sound, so the loudness a broadcaster measures is the one we measured. Beside it,
`broadcast-loudness.json` (ffmpeg's EBU R128 meter on the finished file: integrated, range, true peak,
maximum short-term and momentary) and `broadcast.srt`. A master that misses the loudness target is an
error, never a file.

A subclass of the video builder to plan the same inputs with its own frame (`_spec`) and sound."""
from __future__ import annotations

import json
import os
from pathlib import Path

from media.audio.ebur128 import measure
from media.builders import Artifact
from media.builders.video import VideoBuilder
from media.content.words import word
from media.engine import Job
from media.errors import EngineError
from media.files import write_text_atomic
from media.storyboard import LoadedStoryboard
from media.video.captions import Cue, srt
from media.video.render import DRAFT_SIZES, SIZE_ENV, SIZES, FrameSpec, SoundSpec, render_video
from media.video.safe_area import R95_GRAPHICS_SAFE, graphics_safe

BROADCAST_FPS = 25
MEZZANINE_CRF = 10
TARGET_LUFS = -23.0
TOLERANCE_LU = 0.5
MAX_TRUE_PEAK_DBTP = -1.0
SOUND = SoundSpec(lufs=TARGET_LUFS, channels=2, codec="pcm_s24le")


class BroadcastBuilder(VideoBuilder):
    name = "broadcast"
    kinds = ("broadcast", "broadcast-loudness", "broadcast-captions")

    def __init__(self, options=None, frame_override: str | None = None, size: str | None = None):
        super().__init__(options, frame_override)
        # Tests: "WxH" renders the master that small (at 25 fps, with the same safe-area proportions). A frame
        # override or MEDIA_VIDEO_SIZE (tests and previews of the whole package) gives it the film's size and rate.
        self.size = size

    def film_aspects(self) -> tuple[str, ...]:
        return ("16:9",)

    def scopes(self, sb: LoadedStoryboard, lang: str) -> set[str]:
        return {"broadcast"}

    def _spec(self, aspect: str) -> FrameSpec:
        film = super()._spec("16:9")  # the main film's frame grid: its scene starts are kept
        fps = BROADCAST_FPS
        override = self.frame_override or os.environ.get(SIZE_ENV)
        safe = R95_GRAPHICS_SAFE
        if self.size:
            w, h = (int(v) for v in self.size.lower().split("x"))
        elif override:  # tests and quick looks of the whole package: the films' frame (cheap); at thumbnail
            # sizes a safe area 10 % smaller leaves no room for the text, so the picture fills the frame
            w, h, fps, safe = film.width, film.height, film.fps, 0.0
        else:
            w, h = DRAFT_SIZES["16:9"] if self.options.draft else SIZES["16:9"]
        return FrameSpec(w & ~1, h & ~1, fps, film.preset, MEZZANINE_CRF, safe=safe,
                         keyint_s=1.0, timing_fps=film.fps)

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        return [self.job(sb, lang, "broadcast", {**j.inputs, "sound": SOUND, "upload": None}, files=j.files,
                         params=j.params, cost_s=1.3 * j.cost_s, scope="broadcast")
                for j in super().plan(sb, lang)]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        lang = job.lang
        spec: FrameSpec = job.params["frame"]
        folder = out_dir / "video"
        folder.mkdir(parents=True, exist_ok=True)
        mov = folder / "broadcast.mov"
        result = render_video(sb, lang, self.options, mov, spec, burn_subtitles=self.options.burn_subtitles,
                              progress=self.progress, sound=SOUND)
        self.progress("loudness", 0.97)
        meter = measure(mov)
        ok = abs(meter["integrated_lufs"] - TARGET_LUFS) <= TOLERANCE_LU and meter["true_peak_dbtp"] <= MAX_TRUE_PEAK_DBTP
        if not ok:
            mov.unlink()
            raise EngineError(f"{mov.name}: the broadcast master measures {meter['integrated_lufs']} LUFS and "
                              f"{meter['true_peak_dbtp']} dBTP (EBU R128: {TARGET_LUFS} +/- {TOLERANCE_LU} LUFS, "
                              f"at most {MAX_TRUE_PEAK_DBTP} dBTP): a bug of the mix, please report it")
        x, y, w, h = graphics_safe(spec.width, spec.height, spec.safe)
        report = {
            "file": mov.name, "standard": "EBU R128 (ITU-R BS.1770-4)", "meter": "ffmpeg ebur128 (peak=true)",
            "target_lufs": TARGET_LUFS, "tolerance_lu": TOLERANCE_LU, "max_true_peak_dbtp": MAX_TRUE_PEAK_DBTP,
            **meter, "passes": ok, "duration_s": round(result.duration_s, 3),
            "video": {"width": spec.width, "height": spec.height, "fps": spec.fps, "scan": "progressive",
                      "codec": "H.264 High 4:2:0 8-bit", "crf": spec.crf, "idr_interval_frames": round(spec.keyint_s * spec.fps),
                      "graphics_safe": {"standard": "EBU R95", "x": x, "y": y, "width": w, "height": h}},
            "audio": {"codec": SOUND.codec, "sample_rate": 48000, "channels": SOUND.channels},
        }
        loud = write_text_atomic(folder / "broadcast-loudness.json",
                                 json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        cues = list(result.cues)
        if sb.model.is_draft:
            cues.insert(0, Cue(0.0, round(min(4.0, result.duration_s), 3), word("draft_mark", lang)))
        captions = write_text_atomic(folder / "broadcast.srt", srt(cues, lang))
        return [Artifact("broadcast", mov, {"duration_s": round(result.duration_s, 3), "width": spec.width,
                                             "height": spec.height, "fps": spec.fps, "container": "mov",
                                             "integrated_lufs": meter["integrated_lufs"],
                                             "true_peak_dbtp": meter["true_peak_dbtp"],
                                             "chapters": [{"title": t, "start_s": s} for t, s, _ in result.chapters]}),
                Artifact("broadcast-loudness", loud, {"format": "json"}),
                Artifact("broadcast-captions", captions, {"format": "srt", "lang": lang, "cues": len(cues)})]
