"""Podcast per storyboard and language: jingle, spoken segments over a ducked music bed, chapters.

Output in out_dir (output/<id>/<lang>/):
- `podcast.mp3`: 44.1 kHz mono, 96 kbps CBR, -16 LUFS integrated, true peak <= -1 dBTP; ID3v2.3
  tags (title, artist, album, language, year, genre, comment with the sources), cover art, and
  chapters (CHAP/CTOC), one per storyboard chapter;
- `podcast.txt`: transcript with chapter times and speakers, and the sources by title and section;
- `podcast.vtt`: timed captions, one cue per prepared sentence (what is said, as a reader reads it);
- `podcast-cover.jpg`: 1400 x 1400 cover in the package's brand colours.

A draft (no `approval` in the storyboard) says so everywhere: the host speaks the draft mark before the
first segment (so it is also the first caption), the transcript's first line is the mark, the title
tag ends with it and the comment starts with it, and the cover carries the draft band.

The speech, captions and transcript come from the same prepared sentences (`media.speech.prepare`).
Synthesised sentences are cached, so a rebuild only mixes, normalises and encodes.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media import audio
from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.errors import EngineError, Location, Problem
from media.files import atomic_path, write_bytes_atomic, write_text_atomic
from media.graphics.primitives import Drawing, Image, Polygon, Rect, Text
from media.graphics.svg import to_svg
from media.speech.synth import Utterance, check_voice, resolve_voice, utterance
from media.storyboard import LoadedStoryboard
from media.text.numerals import localize, plain_line
from media.content.words import word
from media.graphics.frame import DRAFT_FILL, DRAFT_INK
from media.speech.engines import get_engine
from media.storyboard.claims import claims
from media.storyboard.model import Bilingual
from media.storyboard.views import monolingual
from media.text import TextStyle, layout, paint_pillow

TARGET_LUFS = -16.0
CEILING_DBTP = -1.0  # the published limit
LIMITER_DBTP = -1.5  # before encoding: MP3 adds a few tenths of overshoot
# LAME (through ffmpeg) plays back a constant 0.45 dB quieter than its input; compensated up front,
# and whatever remains is measured on the decoded file and corrected by a second encoding.
MP3_GAIN_DB = -0.45
BITRATE_KBPS = 96
COVER_PX = 1400

INTRO_SPEECH_AT = 4.0  # speech starts as the intro jingle rings out
BED_FROM = 2.6
GAP_TURN = 0.55  # between segments of different speakers
GAP_SAME = 0.7  # between segments of the same speaker (a new paragraph)
GAP_CHAPTER = 1.8  # before a new chapter: the bed swells in the gap
OUTRO_AFTER = 1.2  # from the last word to the outro jingle
MERGE_GAP = 1.2  # speech gaps shorter than this keep the bed ducked (no pumping)
BED_DUCK_DB = -12.0
SPEECH_LUFS = -20.0
BED_LUFS = SPEECH_LUFS - 10.0  # bed in the gaps; under speech it is BED_DUCK_DB lower still
JINGLE_LUFS = SPEECH_LUFS + 1.0

ROLE_NAMES = {"fa": {"host": "میزبان", "guest": "مهمان"}, "en": {"host": "Host", "guest": "Guest"}}
LABELS = {"fa": {"podcast": "پادکست", "plan": "طرح", "sources": "منابع"},
          "en": {"podcast": "PODCAST", "plan": "Plan", "sources": "Sources"}}
ID3_LANG = {"fa": "per", "en": "eng"}  # ISO 639-2/B


@dataclass
class Placed:
    """A segment's speech placed on the timeline."""

    index: int
    speaker: str
    start_s: float
    utt: Utterance
    chapter: str | None

    @property
    def end_s(self) -> float:
        return self.start_s + self.utt.duration_s


@dataclass
class Mixed:
    samples: np.ndarray
    placed: list[Placed]
    chapters: list[tuple[str, float, float]]  # title, start_s, end_s
    cues: list[tuple[float, float, str, str]]  # start, end, speaker, display text


class PodcastBuilder(Builder):
    name = "podcast"
    kinds = ("podcast", "podcast-transcript", "podcast-subtitles", "podcast-cover", "podcast-cover-svg")

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:

        pod = sb.model.podcast
        if pod is None:
            return []
        voices = self._check_voices(sb, lang)  # refused here, before any output of the run
        recordings = [sb.asset(seg.audio[lang]) for seg in pod.segments if (seg.audio or {}).get(lang)]
        inputs = {"podcast": monolingual(pod, lang), "title": sb.model.title.get(lang), "plan": sb.model.plan,
                  "organisation": sb.settings.organisation.get(lang), "year": sb.settings.year,
                  "sources": sources_text(sb, lang), "brand": sb.settings.brand, "voices": voices,
                  "status": sb.model.status}
        words = sum(len(seg.text.get(lang).split()) for seg in pod.segments)
        return [self.job(sb, lang, "podcast", inputs, files=[*fonts(), *brand_logo(sb), *recordings],
                         cost_s=2.0 + words / 60.0)]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        lang = job.lang
        progress = self.progress
        progress("voices", 0.0)
        self._check_voices(sb, lang)
        utts = self._speech(sb, lang)
        notice = None
        if sb.model.is_draft:  # the host says it first: a draft is not approved for publication

            mark = word("draft_mark", lang)
            notice = utterance(Bilingual(**{lang: mark + "."}), lang, sb, self.options, "host",
                               where=("podcast", "segments", 0, "text", lang))
        progress("mixing", 0.6)
        mixed = assemble(sb, lang, utts, notice)
        mp3 = out_dir / "podcast.mp3"
        cover = out_dir / "podcast-cover.jpg"
        progress("cover", 0.7)
        cover_bytes = draw_cover(sb, lang, cover)
        cover_vector = cover_svg(sb, lang, out_dir / "podcast-cover.svg")
        progress("loudness and encoding", 0.75)
        lufs, tp = encode_podcast(mixed.samples, mp3, lambda path: write_tags(path, sb, lang, mixed, cover_bytes))
        progress("transcript", 0.95)
        txt = write_text_atomic(out_dir / "podcast.txt", transcript(sb, lang, mixed))
        vtt = write_text_atomic(out_dir / "podcast.vtt", webvtt(lang, mixed))
        progress("done", 1.0)
        voices: dict[str, list[str]] = {}
        for p in mixed.placed:
            label = p.utt.voice.label if p.utt.voice else "recorded"
            if label not in voices.setdefault(p.speaker, []):
                voices[p.speaker].append(label)
        extra = {
            "duration_s": round(len(mixed.samples) / audio.SR, 2),
            "lufs": round(lufs, 2),
            "true_peak_db": round(tp, 2),
            "chapters": [{"title": t, "start_s": round(s, 3)} for t, s, _ in mixed.chapters],
            # where the script's first line starts (after the jingle and a draft's spoken notice): audiograms
            "first_line_s": round(mixed.placed[0].start_s, 3),
            "bitrate_kbps": BITRATE_KBPS,
            "sample_rate": audio.SR,
            "voices": {role: ", ".join(labels) for role, labels in voices.items()},
        }
        return [Artifact("podcast", mp3, extra),
                Artifact("podcast-transcript", txt, {"format": "text"}),
                Artifact("podcast-subtitles", vtt, {"format": "webvtt", "cues": len(mixed.cues)}),
                Artifact("podcast-cover", cover, {"width": COVER_PX, "height": COVER_PX}),
                Artifact("podcast-cover-svg", cover_vector, {"width": COVER_PX, "height": COVER_PX})]

    def _check_voices(self, sb: LoadedStoryboard, lang: str) -> dict[str, str]:
        """Refuse (privacy, missing engine) before anything is synthesised; the voices, for the key."""

        roles = {seg.speaker for seg in sb.model.podcast.segments if not (seg.audio or {}).get(lang)}
        out = {}
        for role in sorted(roles):
            choice = resolve_voice(sb, lang, role, self.options)
            check_voice(sb, lang, choice, self.options)
            out[role] = f"{choice.label}/{get_engine(choice.engine).version()}"
        return out

    def _speech(self, sb: LoadedStoryboard, lang: str) -> list[Utterance]:
        segments = sb.model.podcast.segments
        out = []
        for i, seg in enumerate(segments):
            self.progress(f"speech {i + 1}/{len(segments)}", 0.05 + 0.55 * i / len(segments))
            rec = (seg.audio or {}).get(lang)
            where = ("podcast", "segments", i, "audio", lang) if rec else ("podcast", "segments", i, "text", lang)
            out.append(utterance(seg, lang, sb, self.options, seg.speaker, where=where))
        return out


# ---- assembly ----------------------------------------------------------------------------------

def assemble(sb: LoadedStoryboard, lang: str, utts: list[Utterance], notice: Utterance | None = None) -> Mixed:
    """Timeline: intro jingle, the spoken notice (a draft's mark) if any, segments with gaps, ducked bed,
    outro jingle. Not yet normalised."""
    segments = sb.model.podcast.segments
    placed: list[Placed] = []
    t = INTRO_SPEECH_AT
    said: list[tuple[float, Utterance]] = []
    if notice is not None:
        said.append((t, notice))
        t += notice.duration_s + GAP_TURN
    for i, (seg, u) in enumerate(zip(segments, utts)):
        if i:
            prev = segments[i - 1]
            t += GAP_CHAPTER if seg.chapter else (GAP_SAME if seg.speaker == prev.speaker else GAP_TURN)
        placed.append(Placed(i, seg.speaker, t, u, localize(seg.chapter.get(lang), lang) if seg.chapter else None))
        t += u.duration_s
    outro_at = t + OUTRO_AFTER
    outro = audio.jingle("outro", lufs=JINGLE_LUFS)
    total = outro_at + len(outro) / audio.SR

    voice = audio.silence(total)
    said += [(p.start_s, p.utt) for p in placed]
    for at, u in said:
        audio.place(voice, audio.fade(audio.level_to(u.samples, SPEECH_LUFS)), at)

    bed_to = outro_at + 1.5
    bed = audio.music_bed(bed_to - BED_FROM, lufs=BED_LUFS)
    intervals: list[list[float]] = []
    for at, u in said:
        if intervals and at - intervals[-1][1] < MERGE_GAP:
            intervals[-1][1] = at + u.duration_s
        else:
            intervals.append([at, at + u.duration_s])
    bed = audio.duck(bed, intervals=[(a - BED_FROM, b - BED_FROM) for a, b in intervals], depth_db=BED_DUCK_DB,
                     attack_s=0.25, release_s=0.8, lookahead_s=0.3)
    music = audio.silence(total)
    audio.place(music, audio.jingle("intro", lufs=JINGLE_LUFS), 0.0)
    audio.place(music, bed, BED_FROM)
    audio.place(music, outro, outro_at)
    samples = audio.fade(voice + music, 0.01, 0.05)

    starts = [(p.chapter, 0.0 if k == 0 else p.start_s - GAP_CHAPTER / 2)
              for k, p in enumerate(x for x in placed if x.chapter is not None)]
    chapters = [(title, start, starts[j + 1][1] if j + 1 < len(starts) else total)
                for j, (title, start) in enumerate(starts)]
    cues = [(at + c.start_s, at + c.end_s, "host", c.text) for at, u in said[:1] if notice is not None for c in u.cues]
    cues += [(p.start_s + c.start_s, p.start_s + c.end_s, p.speaker, c.text) for p in placed for c in p.utt.cues]
    return Mixed(samples, placed, chapters, cues)


def encode_podcast(samples: np.ndarray, mp3: Path, tag) -> tuple[float, float]:
    """Normalise, encode, verify the decoded MP3 (loudness, true peak); retry tighter if it overshoots."""
    limiter = LIMITER_DBTP - MP3_GAIN_DB
    target = TARGET_LUFS - MP3_GAIN_DB
    y, _, _ = audio.normalize(samples, target, limiter)
    for attempt in range(3):
        with atomic_path(mp3) as tmp:
            audio.encode_mp3(y, tmp, BITRATE_KBPS)
            decoded = audio.load(tmp)
            lufs, tp = audio.loudness(decoded), audio.true_peak_db(decoded)
            ok = tp <= CEILING_DBTP - 0.05 and abs(lufs - TARGET_LUFS) <= 0.5
            if ok or attempt == 2:
                if not ok and (tp > CEILING_DBTP or abs(lufs - TARGET_LUFS) > 1.0):
                    raise EngineError(f"podcast loudness out of range after encoding: {lufs:.1f} LUFS, {tp:.1f} dBTP")
                tag(tmp)
                return lufs, tp
        limiter -= max(0.3, tp - (CEILING_DBTP - 0.1))
        target += TARGET_LUFS - lufs
        y, _, _ = audio.normalize(samples, target, limiter)
    raise AssertionError("unreachable")


# ---- tags, transcript, captions ----------------------------------------------------------------

def cited(sb: LoadedStoryboard) -> list:
    """Every `Source` the storyboard cites (figures, infographics, their steps and items, quotes), in order."""

    model = sb.model
    found = [f.source for f in model.figures] + [getattr(i, "source", None) for i in model.infographics]
    found += [c.source for _, c, _ in claims(model)]
    return [s for s in found if s is not None and s.seed in sb.settings.sources]


def sources_used(sb: LoadedStoryboard) -> list[str]:
    """Keys of the seed documents the storyboard cites, in order of first use."""
    return list(dict.fromkeys(s.seed for s in cited(sb)))


def sources_text(sb: LoadedStoryboard, lang: str) -> str:
    """'Sources:' and one line per document: '<title>: <section>; <section>', titles and sections in the
    episode's language (sections themselves contain commas: they are separated by semicolons), never a
    file name."""
    sections: dict[str, list[str]] = {}
    for s in cited(sb):
        secs = sections.setdefault(s.seed, [])
        if s.section_text(lang) not in secs:
            secs.append(s.section_text(lang))
    if not sections:
        return ""
    sep = "؛ " if lang == "fa" else "; "
    lines = [f"{LABELS[lang]['sources']}:"] + [plain_line(f"{sb.settings.sources[k].title.get(lang)}: {sep.join(secs)}",
                                                           lang) for k, secs in sections.items()]
    return localize("\n".join(lines), lang)


def write_tags(path: Path, sb: LoadedStoryboard, lang: str, mixed: Mixed, cover_jpeg: bytes) -> None:
    """ID3v2.3: text frames, comment with sources, front cover, chapters with a table of contents."""
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TXXX, CTOCFlags

    pod = sb.model.podcast
    title = localize(pod.title.get(lang), lang)  # tag readers show the text as is: Persian digits here
    mark = word("draft_mark", lang) if sb.model.is_draft else None
    if mark:  # a draft says so in the title players show, and first in the comment
        title = f"{title} ({mark})"
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=localize(sb.settings.organisation.get(lang), lang)))
    tags.add(TALB(encoding=3, text=localize(sb.model.title.get(lang), lang)))
    tags.add(TLAN(encoding=3, text=ID3_LANG[lang]))
    tags.add(TDRC(encoding=3, text=str(sb.settings.year)))
    tags.add(TCON(encoding=3, text="Podcast"))
    comment = localize(pod.description.get(lang), lang)
    if mark:
        comment = f"{mark}\n\n{comment}"
    if sources_text(sb, lang):
        comment += "\n\n" + sources_text(sb, lang)
    tags.add(COMM(encoding=3, lang=ID3_LANG[lang], desc="", text=comment))
    tags.add(TXXX(encoding=3, desc="status", text=sb.model.status))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=cover_jpeg))
    ids = [f"chp{i}" for i in range(len(mixed.chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text=title)]))
    for cid, (title, start, end) in zip(ids, mixed.chapters):
        tags.add(CHAP(element_id=cid, start_time=int(round(start * 1000)), end_time=int(round(end * 1000)),
                      start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF, sub_frames=[TIT2(encoding=3, text=title)]))
    tags.save(str(path), v2_version=3)


def _clock(seconds: float, vtt: bool = False) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}" if vtt else (f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}")


def transcript(sb: LoadedStoryboard, lang: str, mixed: Mixed) -> str:

    pod = sb.model.podcast
    names = ROLE_NAMES[lang]
    head = [plain_line(word("draft_mark", lang), lang)] if sb.model.is_draft else []
    lines = [*head, plain_line(pod.title.get(lang), lang), plain_line(pod.description.get(lang), lang), ""]
    chapter = 0
    for p in mixed.placed:
        if p.chapter is not None:
            start = mixed.chapters[chapter][1]
            chapter += 1
            # plain_line: Persian timecode digits, and right to left even if the chapter name starts in Latin
            lines += ["" if len(lines) > 3 + len(head) else None, plain_line(f"[{_clock(start)}] {p.chapter}", lang), ""]
        lines.append(f"{names[p.speaker]}: " + " ".join(c.text for c in p.utt.cues))
    src = sources_text(sb, lang)
    if src:
        lines += ["", src]
    return "\n".join(x for x in lines if x is not None).rstrip() + "\n"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(lang: str, mixed: Mixed) -> str:
    names = ROLE_NAMES[lang]
    out = ["WEBVTT", ""]
    for n, (start, end, speaker, text) in enumerate(mixed.cues, 1):
        out += [str(n), f"{_clock(start, True)} --> {_clock(end, True)}",
                f"<v {names[speaker]}>{_vtt_escape(plain_line(text, lang))}", ""]
    return "\n".join(out)


# ---- cover -------------------------------------------------------------------------------------

def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i: i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def cover_design(sb: LoadedStoryboard, lang: str) -> Drawing:
    """The cover laid out once, over its gradient (`cover_gradient`): sound bars, draft band, label pill,
    title, organisation, logo. Painted as the JPEG (`draw_cover`) and as SVG (`cover_svg`)."""

    size = COVER_PX
    brand = sb.settings.brand
    margin = int(size * 0.08)
    rtl = lang == "fa"
    items: list = []

    # sound bars along the lower third, deterministic per title
    seed = int(hashlib.sha256(sb.model.podcast.title.get(lang).encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng(seed)
    n_bars = 34
    bar_w = (size - 2 * margin) / n_bars
    base_y = size * 0.72
    for i in range(n_bars):
        h = size * (0.025 + 0.09 * abs(math.sin(i * 0.45 + seed % 7)) * rng.uniform(0.45, 1.0))
        x0 = margin + i * bar_w + bar_w * 0.2
        items.append(Rect(x0, base_y - h, bar_w * 0.6, 2 * h, fill=brand.accent, radius=bar_w * 0.3,
                          opacity=200 / 255, tag="bars"))

    if sb.model.is_draft:  # the draft mark across the top, inside the top margin (nothing else moves)

        band_h = int(size * 0.066)
        items.append(Rect(0, 0, size, band_h, fill=DRAFT_FILL, tag="draft"))
        for k in range(4):
            sx = (margin * 0.6 - (k + 1) * 40) if rtl else (size - margin * 0.6 + k * 40)
            items.append(Polygon(((sx, band_h), (sx + 18, band_h), (sx + 18 + band_h * 0.5, 0), (sx + band_h * 0.5, 0)),
                                 fill=DRAFT_INK, tag="draft"))
        mark = layout(word("draft_mark", lang), lang, size - 2 * margin, None,
                      TextStyle(size=size * 0.034, weight="black", max_lines=1))
        items.append(Text(mark, margin, (band_h - mark.height) / 2, DRAFT_INK, tag="draft", role="draft"))

    # label pill: PODCAST / پادکست (+ plan number)
    label = LABELS[lang]["podcast"]
    if sb.model.plan is not None:
        # A middle dot beside Persian digits reads as zero (۰): use a bar in Persian.
        label += f"{' | ' if lang == 'fa' else ' · '}{LABELS[lang]['plan']} {sb.model.plan}"
    label_block = layout(label, lang, size - 2 * margin, None, TextStyle(size=size * 0.04, weight="bold"))
    pad = size * 0.022
    pill_w = label_block.text_width + 2 * pad
    pill_h = label_block.height + pad
    px = size - margin - pill_w if rtl else margin
    items.append(Rect(px, margin, pill_w, pill_h, fill=brand.accent, radius=pill_h / 2, tag="label"))
    lb = layout(label, lang, label_block.text_width + 1, None, TextStyle(size=size * 0.04, weight="bold"))
    items.append(Text(lb, px + pad, margin + pad / 2, brand.text, tag="label", role="label"))

    # title
    where = sb.locate(("podcast", "title", lang), "")
    title = layout(sb.model.podcast.title.get(lang), lang, size - 2 * margin, size * 0.36,
                   TextStyle(size=size * 0.085, weight="black", min_size=size * 0.045, line_spacing=1.3,
                             max_lines=5), where=where)
    items.append(Text(title, margin, size * 0.20, "#FFFFFF", tag="title", role="title"))

    # organisation at the bottom
    org = layout(localize(sb.settings.organisation.get(lang), lang), lang, size - 2 * margin, size * 0.07,
                 TextStyle(size=size * 0.038, weight="medium", min_size=size * 0.025, max_lines=1))
    items.append(Text(org, margin, size * 0.89, "#FFFFFF", opacity=235 / 255, tag="organisation", role="caption"))

    if brand.logo:
        from PIL import Image as PILImage

        path = sb.settings_path.parent / brand.logo
        try:
            with PILImage.open(path) as logo:
                logo.thumbnail((int(size * 0.16), int(size * 0.16)))
                w, h = logo.size
        except OSError as exc:
            raise EngineError(problems=[Problem(Location(str(sb.settings_path), path="brand.logo"),
                                                f"cannot read the logo: {exc}")]) from None
        items.append(Image(str(path), margin if rtl else size - margin - w, margin, w, h, tag="logo"))
    return Drawing(size, size, brand.primary, tuple(items))


def cover_svg(sb: LoadedStoryboard, lang: str, path: Path) -> Path:
    """The cover as SVG: its gradient as an SVG gradient, everything on it as `cover_design` lays it out."""
    brand = sb.settings.brand
    # the JPEG mixes 0.75 of the height and 0.25 of the width: a linear gradient towards (0.4, 1.2) of the box
    backdrop = (f'<defs><linearGradient id="cover-ramp" x1="0" y1="0" x2="0.4" y2="1.2">'
                f'<stop offset="0" stop-color="{brand.primary}"/><stop offset="1" stop-color="{brand.secondary}"/>'
                f'</linearGradient></defs><rect width="{COVER_PX}" height="{COVER_PX}" fill="url(#cover-ramp)"/>')
    return write_bytes_atomic(path, to_svg(cover_design(sb, lang), title=localize(sb.model.podcast.title.get(lang), lang),
                                           lang=lang, backdrop=backdrop, font_url="../../assets/fonts"))


def draw_cover(sb: LoadedStoryboard, lang: str, path: Path) -> bytes:
    """A square cover in the brand's colours: label, title (shaped by media.text), sound bars, organisation."""
    import io

    from PIL import Image as PILImage
    from PIL import ImageDraw

    size = COVER_PX
    brand = sb.settings.brand
    top, bottom = np.array(_rgb(brand.primary), float), np.array(_rgb(brand.secondary), float)
    ramp = np.linspace(0.0, 1.0, size)[:, None, None]
    xs = np.linspace(0.0, 1.0, size)[None, :, None]
    mix = np.clip(0.75 * ramp + 0.25 * xs, 0, 1)
    img = PILImage.fromarray((top * (1 - mix) + bottom * mix).astype(np.uint8))
    draw = ImageDraw.Draw(img, "RGBA")
    for it in cover_design(sb, lang).items:  # the same calls, in the same order, as before the design moved out
        alpha = int(round(255 * it.opacity))
        if isinstance(it, Rect) and it.radius > 0:
            draw.rounded_rectangle([it.x, it.y, it.x + it.w, it.y + it.h], radius=it.radius,
                                   fill=_rgb(it.fill) + (alpha,))
        elif isinstance(it, Rect):
            draw.rectangle([it.x, it.y, it.x + it.w, it.y + it.h], fill=_rgb(it.fill) + (alpha,))
        elif isinstance(it, Polygon):
            draw.polygon(list(it.points), fill=_rgb(it.fill) + (alpha,))
        elif isinstance(it, Text):
            paint_pillow(draw, it.block, it.x, it.y, _rgb(it.color) + ((alpha,) if alpha < 255 else ()))
        elif isinstance(it, Image):
            logo = PILImage.open(it.path).convert("RGBA")
            logo.thumbnail((int(size * 0.16), int(size * 0.16)))
            img.paste(logo, (int(it.x), int(it.y)), logo)

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=88, optimize=True, progressive=False)
    data = buf.getvalue()
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return data
