"""The video builder: narrated motion-graphic MP4 per storyboard, language and aspect, captions and chapters."""
from __future__ import annotations

import os
from pathlib import Path

from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.storyboard import LoadedStoryboard
from media.content.citations import cited_sources
from media.content.upload import tags, upload_text
from media.content.words import word
from media.files import write_bytes_atomic, write_text_atomic
from media.speech.engines import get_engine
from media.speech.synth import check_voice, resolve_voice
from media.storyboard.views import monolingual
from media.video.captions import Cue, chapters_webvtt, srt, webvtt
from media.video.render import SIZE_ENV, frame_spec, render_video
from media.video.thumbnail import thumbnail_jpeg


def aspect_suffix(aspect: str) -> str:
    """'' for 16:9 (the main cut keeps the plain names), '-9x16' for the others."""
    return "" if aspect == "16:9" else "-" + aspect.replace(":", "x")


class VideoBuilder(Builder):
    name = "video"
    kinds = ("video", "subtitles", "chapters", "upload", "thumbnail")

    def __init__(self, options=None, frame_override: str | None = None):
        super().__init__(options)
        # Tests and quick looks set a render size ("320x180@10") here or in MEDIA_VIDEO_SIZE.
        self.frame_override = frame_override

    def _spec(self, aspect: str):

        return frame_spec(aspect, self.options.draft, self.frame_override or os.environ.get(SIZE_ENV))

    def film_aspects(self) -> tuple[str, ...]:
        """The cuts planned: one film per aspect asked for."""
        return self.options.aspects

    def scopes(self, sb: LoadedStoryboard, lang: str) -> set[str]:
        return {f"video:{a}" for a in self.options.aspects}

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:

        model = sb.model
        if not model.scenes:
            return []
        voice = None
        if any(getattr(s.narration, lang) and not (s.narration.audio or {}).get(lang) for s in model.scenes):
            choice = resolve_voice(sb, lang, "host", self.options)
            check_voice(sb, lang, choice, self.options)  # refused here, before any output of the run
            voice = f"{choice.label}/{get_engine(choice.engine).version()}"
        files = [*fonts(), *brand_logo(sb)]
        for s in model.scenes:
            if s.image:
                files.append(sb.asset(s.image))
            if s.clip is not None:  # the clip's bytes are part of the film's key
                files.append(sb.asset(s.clip.path))
            if (s.narration.audio or {}).get(lang):
                files.append(sb.asset(s.narration.audio[lang]))
        # what the film shows: its scenes, the infographics they animate and the figures they count up
        used_infographics = [i for i in model.infographics if i.id in {s.infographic for s in model.scenes}]
        used_figures = {fid for s in model.scenes for fid in s.figures}
        used_figures |= {fid for i in used_infographics for fid in getattr(i, "figures", [])}
        story = monolingual(model.model_copy(update={
            "podcast": None, "poster": None, "infographics": used_infographics,
            "figures": [f for f in model.figures if f.id in used_figures]}), lang)
        settings = {"organisation": sb.settings.organisation.get(lang), "brand": sb.settings.brand,
                    "base_url": sb.settings.base_url, "sources": monolingual(sb.settings.sources, lang)}
        words = sum(len((getattr(s.narration, lang) or "").split()) for s in model.scenes)
        # the upload kit also prints every source the storyboard cites and its tags (`media.content.upload`)
        upload = {"sources": cited_sources(sb, lang), "tags": tags(sb, lang)}
        jobs = []
        for aspect in self.film_aspects():
            spec = self._spec(aspect)
            inputs = {"storyboard": story, "id": sb.id, "settings": settings, "voice": voice, "aspect": aspect,
                      "frame": spec, "burn_subtitles": self.options.burn_subtitles, "status": model.status,
                      "upload": upload}
            cost = 3.0 + words / 150 * 60 * (spec.width * spec.height / 1920 / 1080) * 0.12 + 0.3 * len(model.scenes)
            # the frame decided here travels with the job: a worker's environment does not change it
            jobs.append(self.job(sb, lang, aspect.replace(":", "x"), inputs, files=files,
                                 params={"aspect": aspect, "frame": spec},
                                 cost_s=cost, scope=f"video:{aspect}"))
        return jobs

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:

        lang = job.lang
        aspect = job.params["aspect"]
        spec = job.params.get("frame") or self._spec(aspect)
        folder = out_dir / "video"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = aspect_suffix(aspect)
        mp4 = folder / f"video{suffix}.mp4"
        result = render_video(sb, lang, self.options, mp4, spec, burn_subtitles=self.options.burn_subtitles,
                              progress=self.progress)
        cues = list(result.cues)
        if sb.model.is_draft:  # the captions say it too, on top of the frame, while the title card shows it

            cues.insert(0, Cue(0.0, round(min(4.0, result.duration_s), 3), word("draft_mark", lang), "line:0"))
        vtt = write_text_atomic(folder / f"video{suffix}.vtt", webvtt(cues, lang))
        srt_path = write_text_atomic(folder / f"video{suffix}.srt", srt(cues, lang))
        chapters = write_text_atomic(folder / f"video{suffix}-chapters.vtt", chapters_webvtt(result.chapters, lang))

        def rel(p: Path) -> str:
            return p.resolve().relative_to(out_dir.resolve()).as_posix()

        video = Artifact("video", mp4, {
            "duration_s": round(result.duration_s, 3), "width": result.width, "height": result.height,
            "fps": result.fps, "aspect": aspect, "draft": self.options.draft,
            "burned_subtitles": self.options.burn_subtitles,
            "subtitles": [rel(vtt), rel(srt_path)], "chapters_file": rel(chapters),
            "chapters": [{"title": t, "start_s": s} for t, s, _ in result.chapters],
            "loudness_lufs": result.stats.get("lufs"), "true_peak_dbtp": result.stats.get("true_peak_dbtp"),
            "clips": result.clips,
        })
        return [video,
                Artifact("subtitles", vtt, {"format": "webvtt", "lang": lang, "cues": len(cues), "aspect": aspect}),
                Artifact("subtitles", srt_path, {"format": "srt", "lang": lang, "cues": len(cues), "aspect": aspect}),
                Artifact("chapters", chapters, {"format": "webvtt", "count": len(result.chapters), "aspect": aspect}),
                *upload_kit(sb, lang, folder, suffix, aspect, result)]


def upload_kit(sb: LoadedStoryboard, lang: str, folder: Path, suffix: str, aspect: str, result) -> list[Artifact]:
    """Beside each film: `upload<suffix>.txt` (title, description with chapters, tags: `media.content.upload`)
    and `thumbnail<suffix>.jpg` (1280x720: `media.video.thumbnail`)."""
    text = upload_text(sb, lang, result.chapters, result.duration_s)
    txt = write_text_atomic(folder / f"upload{suffix}.txt", text)
    jpg = write_bytes_atomic(folder / f"thumbnail{suffix}.jpg", thumbnail_jpeg(sb, lang))
    return [Artifact("upload", txt, {"format": "text", "lang": lang, "aspect": aspect}),
            Artifact("thumbnail", jpg, {"format": "jpeg", "width": 1280, "height": 720, "aspect": aspect})]
