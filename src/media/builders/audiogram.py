"""Audiograms per storyboard and language: the podcast's chosen moments (`podcast.soundbites`, else the first
chapter's opening lines) as 9:16 and 1:1 videos for social feeds (`media.video.audiogram`).

One job per aspect. Each reads the podcast job's files (its MP3, timed transcript and cover), so it needs that
job and its key holds their sha256: a changed episode makes the audiograms again. Output in
`audiogram/audiogram-<n>-<aspect>.mp4`; each manifest entry says which moment of the episode it holds
(`start_s`, `duration_s`), which the site lists and the feed gives as `podcast:soundbite`."""
from __future__ import annotations

import os
from pathlib import Path

from media import audio
from media.builders import Artifact, Builder, fonts
from media.content.words import word
from media.engine import Job
from media.errors import OptionError, StoryboardError
from media.storyboard import LoadedStoryboard
from media.storyboard.views import monolingual
from media.text.numerals import localize
from media.video.audiogram import (ASPECTS, Moment, Words, audiogram_spec, cues_within, opening_lines, read_vtt,
                                   render_audiogram)
from media.video.render import SIZE_ENV

FOLDER = "audiogram"


def audiogram_name(n: int, aspect: str) -> str:
    return f"{FOLDER}/audiogram-{n}-{aspect.replace(':', 'x')}.mp4"


class AudiogramBuilder(Builder):
    name = "audiogram"
    kinds = ("audiogram",)

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        pod = sb.model.podcast
        if pod is None:
            return []
        inputs = {"title": sb.model.title.get(lang), "soundbites": monolingual(pod.soundbites, lang),
                  "organisation": sb.settings.organisation.get(lang), "brand": sb.settings.brand,
                  "status": sb.model.status}
        seconds = sum(s.duration_s for s in pod.soundbites) or 30.0
        jobs = []
        for aspect in ASPECTS:
            spec = audiogram_spec(aspect, self.options.draft, os.environ.get(SIZE_ENV))
            cost = 1.0 + seconds * spec.fps * spec.width * spec.height / (1080 * 1920 * 30) * 0.6
            # a pattern, not the podcast job's id: `--only audiogram` without a podcast says so (in `run`)
            jobs.append(self.job(sb, lang, aspect.replace(":", "x"), {**inputs, "aspect": aspect, "frame": spec},
                                 files=fonts(), needs=[f"{sb.id}/{lang}/podcast/*"],
                                 params={"aspect": aspect, "frame": spec}, cost_s=cost))
        return jobs

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        lang, aspect, spec = job.lang, job.params["aspect"], job.params["frame"]
        found = deps.artifacts("podcast")
        if not found:
            raise OptionError(f"{sb.id} ({lang}): the audiograms are cut from the podcast, which is not built: "
                              "build both (media build --only podcast,audiogram)")
        entry, mp3 = found[0]
        vtt = next(p for _, p in deps.artifacts("podcast-subtitles"))
        cover = next(p for _, p in deps.artifacts("podcast-cover"))
        cues = read_vtt(vtt.read_text(encoding="utf-8"))
        total = float(entry["duration_s"])
        moments = self.moments(sb, lang, entry, cues, total)
        sound = audio.load(mp3)
        pod = sb.model.podcast
        draft = word("draft_mark", lang) if sb.model.is_draft else None
        arts = []
        for n, moment in enumerate(moments, 1):
            self.progress(f"audiogram {n}/{len(moments)}", (n - 1) / len(moments))
            a, b = int(round(moment.start_s * audio.SR)), int(round(moment.end_s * audio.SR))
            words = Words(lang, localize(sb.model.title.get(lang), lang), localize(moment.title, lang),
                          localize(sb.settings.organisation.get(lang), lang), draft,
                          title_where=sb.locate(("title", lang), ""))
            tag = localize(f"{pod.title.get(lang)}: {moment.title}" if moment.title else pod.title.get(lang), lang)
            out = out_dir / audiogram_name(n, aspect)
            facts = render_audiogram(sound[a:b], cues_within(cues, moment, aspect), words, sb.settings.brand, cover,
                                     spec, aspect, out, f"{tag} ({draft})" if draft else tag)
            arts.append(Artifact("audiogram", out, {
                **facts, "aspect": aspect, "soundbite": n, "start_s": moment.start_s,
                "soundbite_duration_s": moment.duration_s, "title": moment.title, "chosen": moment.chosen,
                "draft": sb.model.is_draft, "source": mp3.name}))
        return arts

    @staticmethod
    def moments(sb: LoadedStoryboard, lang: str, entry: dict, cues, total: float) -> list[Moment]:
        """The storyboard's soundbites (each must lie inside the episode), else the first chapter's opening."""
        chosen = sb.model.podcast.soundbites
        if not chosen:
            chapters = entry.get("chapters") or []
            first = float(entry.get("first_line_s", cues[0].start_s if cues else 0.0))
            return [opening_lines(cues, first, total, chapters[0]["title"] if chapters else "")]
        problems = []
        for i, s in enumerate(chosen):
            if s.start_s + s.duration_s > total + 1e-6:
                problems.append(_problem(sb, i, f"the episode ({lang}) lasts {total:.1f} s: a soundbite from "
                                                f"{s.start_s:g} s for {s.duration_s:g} s ends after it"))
        if problems:
            raise StoryboardError(problems=problems)
        return [Moment(s.start_s, s.duration_s, s.title.get(lang) if s.title else "", chosen=True) for s in chosen]


def _problem(sb: LoadedStoryboard, i: int, message: str):
    return sb.positions.locate(("podcast", "soundbites", i, "start_s"), message)
