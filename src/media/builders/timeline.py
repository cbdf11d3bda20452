"""Editing timelines: beside each film, a folder with its scenes as clips (cut from the MP4 by stream copy at the
scene keyframes), the narration of each scene and the music bed as stems, the final mix, the captions as SRT,
and an OpenTimelineIO timeline with the Kdenlive and Final Cut Pro 7 projects made from it (`media.video.edit`).

A subclass of the video builder only to plan the same inputs: one timeline job per film job, which needs it
and reads the finished MP4. Scene timings come from the same plan the film was rendered from (cached speech,
so planning again costs no synthesis)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from media import audio
from media.builders import Artifact
from media.builders.video import VideoBuilder
from media.content.words import word
from media.engine import Job
from media.errors import EngineError
from media.files import write_bytes_atomic, write_text_atomic
from media.storyboard import LoadedStoryboard
from media.video import edit
from media.video.render import LEAD_IN_S, TRUE_PEAK_CEILING_DBTP, plan

README_LINES = ("edit_clips", "edit_narration", "edit_music", "edit_mix", "edit_srt", "edit_otio", "edit_kdenlive",
                "edit_fcp", "edit_font")


def _slug(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in text).strip("-") or "scene"


def cut(mp4: Path, start_frame: int, frames: int, fps: int, out: Path) -> None:
    """Frames [start, start+frames) of the film's video by stream copy. The scene starts on a keyframe; seeking
    half a frame past it lands on that keyframe (ffmpeg seeks to the keyframe at or before the time)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with_tmp = out.with_name(f".{out.stem}.part{out.suffix}")
    audio.run_ffmpeg(["-y", "-ss", f"{(start_frame + 0.5) / fps:.6f}", "-i", str(mp4), "-map", "0:v:0",
                       "-frames:v", str(frames), "-c", "copy", "-an", "-map_metadata", "-1", "-map_chapters", "-1",
                       "-avoid_negative_ts", "make_zero", "-fflags", "+bitexact", "-movflags", "+faststart",
                       str(with_tmp)], what="cutting a scene")
    with_tmp.replace(out)


def gain_curve(raw: np.ndarray, final: np.ndarray) -> np.ndarray:
    """The gain, sample by sample, that loudness normalisation and its limiter gave the film's mix
    (final = raw x gain, with a gain curve smooth over milliseconds): read where the mix is not near zero,
    interpolated between. Applied to the stems, they add up to the film's sound, limiter included."""
    raw = np.asarray(raw, np.float64)
    final = np.asarray(final, np.float64)[: len(raw)]
    strong = np.flatnonzero(np.abs(raw[: len(final)]) > 0.05 * max(1e-9, float(np.abs(raw).max())))
    if len(strong) == 0:
        return np.ones(len(raw), np.float32)
    return np.interp(np.arange(len(raw)), strong, final[strong] / raw[strong]).astype(np.float32)


class TimelineBuilder(VideoBuilder):
    name = "timeline"
    kinds = ("timeline", "timeline-clip", "timeline-stem", "timeline-project")

    def scopes(self, sb: LoadedStoryboard, lang: str) -> set[str]:
        return {f"timeline:{a}" for a in self.options.aspects}

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        # super().plan() makes the film jobs under this builder's name: the film job itself is the video builder's
        return [self.job(sb, lang, j.name, j.inputs, files=j.files, needs=[f"{sb.id}/{lang}/{VideoBuilder.name}/{j.name}"],
                         params=j.params,
                         cost_s=1.0 + 0.2 * len(sb.model.scenes), scope=f"timeline:{j.params['aspect']}")
                for j in super().plan(sb, lang)]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        lang, aspect = job.lang, job.params["aspect"]
        spec = job.params["frame"]
        film, mp4 = next((e, p) for e, p in deps.artifacts("video") if e.get("aspect") == aspect)
        srt = next(p for e, p in deps.artifacts("subtitles") if e.get("format") == "srt" and e.get("aspect") == aspect)
        fps = int(film["fps"])
        suffix = mp4.stem.removeprefix("video")  # "" for 16:9, "-9x16": the film's own name says its cut
        folder = out_dir / "video" / f"edit{suffix}"
        planned = plan(sb, lang, self.options, spec)
        total_frames = planned[-1].start_frame + planned[-1].frames
        total_s = total_frames / fps
        if abs(total_s - float(film["duration_s"])) > 0.5 / fps:  # the film was made from another plan
            raise EngineError(f"{mp4.name} lasts {film['duration_s']} s but its scenes add up to {total_s:.3f} s: "
                              "build the film again (media build --only video,timeline --force)")
        arts: list[Artifact] = []
        clips, stems = [], []
        voice = audio.silence(total_s)
        spoken = []
        for n, p in enumerate(planned, 1):
            self.progress(f"scene {n}", 0.6 * n / len(planned))
            stem = f"{n:02d}-{_slug(p.scene.id)}"
            clip = folder / "clips" / f"{stem}.mp4"
            cut(mp4, p.start_frame, p.frames, fps, clip)
            clips.append(edit.Piece(stem, f"clips/{clip.name}", p.start_frame / fps, p.frames / fps))
            arts.append(Artifact("timeline-clip", clip, {"aspect": aspect, "scene": p.scene.id,
                                                         "start_s": round(p.start_frame / fps, 3),
                                                         "frames": p.frames}))
            if p.speech:
                at = p.start_s + LEAD_IN_S
                samples = p.speech.samples()
                audio.place(voice, samples, at)
                spoken.append((at, at + p.speech.duration_s))
                stems.append((stem, at, samples))
        # the film's mix, as render.soundtrack makes it; its loudness gain is measured and given to the stems,
        # so the stems add up to the film's sound
        bed = audio.music_bed(total_s)
        if spoken:
            bed = audio.duck(bed, intervals=spoken)
        raw = audio.mix([voice, bed])
        final, _, _ = audio.normalize(raw, target_lufs=-16.0, ceiling_dbtp=TRUE_PEAK_CEILING_DBTP - 0.8)
        gain = gain_curve(raw, final)
        narration = []
        for stem, at, samples in stems:
            i = int(round(at * audio.SR))
            part = np.asarray(samples, np.float32)[: max(0, len(gain) - i)]
            path = audio.write_wav(folder / "narration" / f"{stem}.wav", part * gain[i:i + len(part)])
            narration.append(edit.Piece(stem, f"narration/{path.name}", at, len(samples) / audio.SR))
            arts.append(Artifact("timeline-stem", path, {"aspect": aspect, "stem": "narration", "start_s": round(at, 3)}))
        music = audio.write_wav(folder / "music-bed.wav", bed[: len(gain)] * gain[: len(bed)])
        arts.append(Artifact("timeline-stem", music, {"aspect": aspect, "stem": "music", "start_s": 0.0}))
        mix = folder / "mix.m4a"
        tmp = mix.with_name(".mix.part.m4a")
        folder.mkdir(parents=True, exist_ok=True)
        audio.run_ffmpeg(["-y", "-i", str(mp4), "-map", "0:a:0", "-c", "copy", "-vn", "-map_metadata", "-1",
                           "-map_chapters", "-1", "-fflags", "+bitexact", str(tmp)], what="the film's mix")
        tmp.replace(mix)
        arts.append(Artifact("timeline-stem", mix, {"aspect": aspect, "stem": "mix", "start_s": 0.0}))
        captions = write_bytes_atomic(folder / "captions.srt", srt.read_bytes())
        arts.append(Artifact("timeline-stem", captions, {"aspect": aspect, "stem": "captions", "format": "srt"}))
        self.progress("projects", 0.9)
        markers = [(c["title"], c["start_s"]) for c in film.get("chapters", [])]
        title = f"{sb.id}-{lang}{suffix}"
        tl = edit.timeline(title, fps, total_s, clips, narration,
                           [edit.Piece("music-bed", "music-bed.wav", 0.0, total_s)], markers)
        width, height = int(film["width"]), int(film["height"])
        otio_path = write_text_atomic(folder / "timeline.otio", edit.otio_json(tl))
        kden = write_text_atomic(folder / "project.kdenlive", edit.kdenlive(tl, width, height, fps, total_s))
        fcp_text, timebase = edit.fcp_xml(tl, fps)
        fcp = write_text_atomic(folder / "project-fcp7.xml", fcp_text)
        readme = write_text_atomic(folder / "README.txt", "\n".join(
            [word("sources.edit_title", lang), "", word("sources.edit_intro", lang), "",
             *[f"- {word('sources.' + k, lang)}" for k in README_LINES], ""]))
        extra = {"aspect": aspect, "fps": fps, "frames": total_frames, "duration_s": round(total_s, 3),
                 "width": width, "height": height, "clips": len(clips), "stems": len(narration) + 2,
                 "markers": len(markers)}
        arts += [Artifact("timeline", otio_path, {**extra, "format": "otio"}),
                 Artifact("timeline-project", kden, {**extra, "format": "kdenlive"}),
                 Artifact("timeline-project", fcp, {**extra, "format": "fcp7-xml", "timebase": timebase}),
                 Artifact("timeline-project", readme, {"aspect": aspect, "format": "text", "lang": lang})]
        return arts
