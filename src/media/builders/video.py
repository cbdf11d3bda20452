"""The video builder: narrated motion-graphic MP4 per storyboard and language, captions and chapters."""
from __future__ import annotations

import os
from pathlib import Path

from media.builders import Artifact, Builder
from media.storyboard import LoadedStoryboard


class VideoBuilder(Builder):
    name = "video"
    kinds = ("video", "subtitles", "chapters")

    def __init__(self, options, frame_override: str | None = None):
        super().__init__(options)
        # Tests and quick looks set a render size ("320x180@10") here or in MEDIA_VIDEO_SIZE.
        self.frame_override = frame_override

    def build(self, sb: LoadedStoryboard, lang: str, out_dir: Path) -> list[Artifact]:
        from media.files import write_text_atomic
        from media.video.captions import chapters_webvtt, srt, webvtt
        from media.video.render import SIZE_ENV, frame_spec, render_video

        if not sb.model.scenes:
            return []
        aspect = self.options.aspect
        spec = frame_spec(aspect, self.options.draft, self.frame_override or os.environ.get(SIZE_ENV))
        folder = out_dir / "video"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = "" if aspect == "16:9" else "-" + aspect.replace(":", "x")
        mp4 = folder / f"video{suffix}.mp4"
        result = render_video(sb, lang, self.options, mp4, spec, burn_subtitles=self.options.burn_subtitles)
        vtt = write_text_atomic(folder / "video.vtt", webvtt(result.cues, lang))
        srt_path = write_text_atomic(folder / "video.srt", srt(result.cues, lang))
        chapters = write_text_atomic(folder / "video-chapters.vtt", chapters_webvtt(result.chapters, lang))

        def rel(p: Path) -> str:
            return p.resolve().relative_to(out_dir.resolve()).as_posix()

        video = Artifact("video", mp4, {
            "duration_s": round(result.duration_s, 3), "width": result.width, "height": result.height,
            "fps": result.fps, "aspect": aspect, "draft": self.options.draft,
            "burned_subtitles": self.options.burn_subtitles,
            "subtitles": [rel(vtt), rel(srt_path)],
            "chapters": [{"title": t, "start_s": s} for t, s, _ in result.chapters],
            "loudness_lufs": result.stats.get("lufs"), "true_peak_dbtp": result.stats.get("true_peak_dbtp"),
        })
        return [video,
                Artifact("subtitles", vtt, {"format": "webvtt", "lang": lang, "cues": len(result.cues)}),
                Artifact("subtitles", srt_path, {"format": "srt", "lang": lang, "cues": len(result.cues)}),
                Artifact("chapters", chapters, {"format": "webvtt", "count": len(result.chapters)})]
