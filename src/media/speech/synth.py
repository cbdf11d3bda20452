"""From prepared sentences to audio: voice choice, privacy, cache, recorded voice-over, timings.

See `media.speech` for the public API (`speak`, `Speech`, `Cue`).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Sequence

import numpy as np

from media import audio
from media.errors import EngineError, Location, PrivacyError, Problem, StoryboardError
from media.speech.engines import get_engine
from media.speech.prepare import Sentence, letter_names_fa, prepare_all
from media.storyboard.loader import _display, parse_yaml, read_text
from media.storyboard.model import Bilingual, Narration, PodcastSegment
from media.storyboard.settings import Voices

if TYPE_CHECKING:
    from media.options import BuildOptions
    from media.storyboard import LoadedStoryboard

CACHE_VERSION = 1
SPEECH_LEVEL_LUFS = -20.0  # every utterance is levelled to this before mixing (loudness per clip)


class Cue(NamedTuple):
    """One caption: seconds from the start of its audio, and the text a reader sees."""

    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class VoiceChoice:
    """Engine, voice and rate for one language and role, and where that choice came from."""

    engine: str
    voice: str
    rate: float
    origin: str  # for messages: "package.yaml voices.fa.host" or "--engine fa=piper"
    settings_key: tuple | None = None  # key path in package.yaml, when the choice came from there

    @property
    def label(self) -> str:
        return f"{self.engine}:{self.voice}@{self.rate:g}"


@dataclass
class Speech:
    """What `speak` returns: a WAV file (mono, 16-bit, 44.1 kHz) and its captions.

    `cues` are in seconds from the start of `path`; their `text` is the display text of the
    prepared sentences (the same sentences that were spoken).
    """

    path: Path
    duration_s: float
    cues: list[Cue]
    sentences: list[Sentence] = field(default_factory=list)
    voice: VoiceChoice | None = None  # None for a recorded voice-over
    recorded: bool = False

    @property
    def path_wav(self) -> Path:
        return self.path

    def samples(self) -> np.ndarray:
        return audio.load(self.path)


# ---- voices and privacy ----------------------------------------------------------------------------

def resolve_voice(sb: "LoadedStoryboard", lang: str, role: str, options: "BuildOptions") -> VoiceChoice:
    """The voice for `lang`/`role`: package.yaml `voices`, with the engine overridable by `--engine LANG=ENGINE`.

    When the command line picks another engine than package.yaml, that engine's default voice for
    the role is used (voice names are engine-specific); the rate is kept. A role without its own
    entry (no `guest`) gets the host's engine and rate with the engine's default guest voice.
    """

    voices = sb.settings.voices.get(lang) or Voices()
    own = voices.guest if role == "guest" else voices.host
    base = own or voices.host
    key = ("voices", lang, role if own is not None else "host")
    override = (options.engines or {}).get(lang)
    if override and override != base.engine:
        engine = _engine_or_error(override, Location("command line", path=f"--engine {lang}={override}"))
        return VoiceChoice(override, engine.default_voice(lang, role), base.rate, f"--engine {lang}={override}")
    engine = _engine_or_error(base.engine, lambda: _settings_location(sb, key + ("engine",)))
    if base.engine == "piper" and not engine.available():
        # the neural voice is the default, not a requirement: without it English falls back to espeak
        # (media doctor says so and how to install piper); an explicit --engine en=piper still fails
        fallback = get_engine("espeak")
        return VoiceChoice("espeak", fallback.default_voice(lang, role), base.rate,
                           f"package.yaml voices.{lang}.{key[2]} (piper is not installed: espeak fallback)", key)
    voice = (own.voice if own is not None else None) or engine.default_voice(lang, role)
    return VoiceChoice(base.engine, voice, base.rate, f"package.yaml voices.{lang}.{key[2]}", key)


def _engine_or_error(name: str, where):
    """`where`: a Location, or a function making one (only called on error)."""
    try:
        return get_engine(name)
    except EngineError as exc:
        raise EngineError(problems=[Problem(where() if callable(where) else where, str(exc))]) from None


def _settings_location(sb: "LoadedStoryboard", key: tuple) -> Location:
    """Locate a key of package.yaml (parsed again only when an error needs it)."""

    try:
        _, pos = parse_yaml(read_text(sb.settings_path), _display(sb.settings_path))
        return pos.locate(key, "").location
    except Exception:  # noqa: BLE001 - a location is a courtesy; never fail because of it
        return Location(str(sb.settings_path), path=".".join(map(str, key)))


def choice_location(sb: "LoadedStoryboard", choice: VoiceChoice) -> Location:
    if choice.settings_key is not None:
        return _settings_location(sb, choice.settings_key + ("engine",))
    return Location("command line", path=choice.origin)


def check_voice(sb: "LoadedStoryboard", lang: str, choice: VoiceChoice, options: "BuildOptions") -> None:
    """Refuse what must not run: an engine that cannot speak `lang` or is not installed (EngineError),
    an online engine without opt-in or for a confidential storyboard (PrivacyError).
    Called before any synthesis and before the cache is consulted."""
    engine = get_engine(choice.engine)
    if engine.online:
        if sb.model.confidential:
            raise PrivacyError(problems=[Problem(
                sb.locate(("confidential",), ""),
                f"this storyboard is confidential: online speech engine '{engine.name}' ({choice.origin}) would "
                f"send its text to a third party; use an offline engine (espeak, piper) for '{lang}'")])
        if not (options.allow_online or sb.settings.allow_online):
            raise PrivacyError(problems=[Problem(
                choice_location(sb, choice),
                f"speech engine '{engine.name}' is online: it sends the narration text to a third party. "
                "Opt in with --online (or allow_online: true in package.yaml), or use espeak/piper")])
    try:
        engine.check(lang)
    except EngineError as exc:
        raise EngineError(problems=[Problem(choice_location(sb, choice), str(exc))]) from None
    bad = engine.voice_problem(choice.voice) if choice.voice else None
    if bad:  # a voice name package.yaml gives: fixable there (exit 2), not an engine failure
        where = (_settings_location(sb, choice.settings_key + ("voice",)) if choice.settings_key is not None
                 else Location("command line", path=choice.origin))
        raise StoryboardError(problems=[Problem(where, bad)])


# ---- cache and synthesis -------------------------------------------------------------------------

def cache_key(choice: VoiceChoice, lang: str, spoken: str) -> str:
    engine = get_engine(choice.engine)
    blob = json.dumps({"v": CACHE_VERSION, "engine": choice.engine, "build": engine.version(), "voice": choice.voice,
                       "rate": round(choice.rate, 4), "lang": lang, "text": spoken},
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def speech_cache(options: "BuildOptions") -> Path:
    return options.speech_cache


def _engine_text(sentence: Sentence, lang: str, choice: VoiceChoice) -> str:
    # espeak's Persian voice reads Latin letters in English by itself; other Persian voices get Persian letter names
    if lang == "fa" and choice.engine != "espeak":
        return letter_names_fa(sentence.spoken)
    return sentence.spoken


def sentence_audio(sentence: Sentence, lang: str, choice: VoiceChoice, options: "BuildOptions",
                   where: Location | None = None) -> np.ndarray:
    """Samples (44.1 kHz, trimmed) of one sentence, from the cache or the engine (then cached)."""
    text = _engine_text(sentence, lang, choice)
    key = cache_key(choice, lang, text)
    path = speech_cache(options) / f"{key}.wav"
    if path.is_file():
        try:
            x, sr = audio.read_wav(path)
            if sr == audio.SR and len(x):
                return x
        except Exception:  # noqa: BLE001 - a damaged cache entry is simply made again
            pass
    engine = get_engine(choice.engine)
    try:
        raw, sr = engine.synthesize(text, lang, choice.voice, choice.rate)
    except EngineError as exc:
        raise EngineError(problems=[Problem(where or Location("speech"), line) for line in exc.lines()]) from None
    x = audio.trim_silence(audio.resample(np.asarray(raw, dtype=np.float32), sr, audio.SR))
    if audio.is_silent(x):
        raise EngineError(problems=[Problem(
            where or Location("speech"),
            f"speech engine '{choice.engine}' (voice {choice.voice}) returned "
            f"{'no' if len(raw) == 0 else 'silent'} audio for: {sentence.spoken[:80]!r}")])
    audio.write_wav(path, x)
    # what a later build reads back from the cache is 16-bit: use exactly that now, so a build with a
    # cold cache makes the same bytes as one with a warm cache
    return audio.to_int16(x).astype(np.float32) / 32768.0


def render(sentences: Sequence[Sentence], lang: str, choice: VoiceChoice, options: "BuildOptions",
           where: Location | None = None) -> tuple[np.ndarray, list[Cue]]:
    """Sentences spoken one after another with their pauses (no pause after the last) -> samples, cues."""
    parts: list[np.ndarray] = []
    cues: list[Cue] = []
    t = 0
    for i, s in enumerate(sentences):
        x = sentence_audio(s, lang, choice, options, where)
        cues.append(Cue(t / audio.SR, (t + len(x)) / audio.SR, s.display))
        parts.append(x)
        t += len(x)
        if i < len(sentences) - 1:
            gap = audio.silence(s.pause_after)
            parts.append(gap)
            t += len(gap)
    return (np.concatenate(parts) if parts else np.zeros(0, np.float32)), cues


def recorded(path: Path, sentences: Sequence[Sentence], where: Location) -> tuple[np.ndarray, list[Cue]]:
    """A recorded voice-over (any format ffmpeg reads) and approximate cues.

    Cues split the recording's duration (after trimming silence) among the sentences in proportion
    to the length of their spoken text: close enough for captions of a read script.
    """
    audio.ffmpeg_exe()  # a missing ffmpeg is an engine problem (exit 3); what follows is the file's (exit 2)
    try:
        x = audio.load(path)
    except EngineError as exc:
        raise StoryboardError(problems=[Problem(where, f"recorded audio {path}: {exc}")]) from None
    x = audio.trim_silence(x, threshold_db=-55.0, keep_s=0.05)
    if audio.is_silent(x, min_s=0.2):
        raise StoryboardError(problems=[Problem(where, f"recorded audio {path} is empty or silent")])
    weights = np.array([max(1, len(s.spoken)) for s in sentences], dtype=np.float64)
    bounds = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()]) * (len(x) / audio.SR)
    cues = [Cue(float(bounds[i]), float(bounds[i + 1]), s.display) for i, s in enumerate(sentences)]
    return x, cues


@dataclass
class Utterance:
    """Samples of one text in memory (what `speak` writes to a WAV): for builders that mix directly."""

    samples: np.ndarray
    cues: list[Cue]
    sentences: list[Sentence]
    voice: VoiceChoice | None  # None: recorded voice-over
    key: str  # identifies the content (sentence cache keys or the recording)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / audio.SR


def utterance(texts, lang: str, sb: "LoadedStoryboard", options: "BuildOptions", role: str = "host", *,
              audio_file: str | None = None, where: tuple = ()) -> Utterance:
    """Like `speak` but returns the samples instead of writing a WAV."""
    text_list, audio_file = _texts_of(texts, lang, audio_file)
    location = sb.locate(tuple(where), "") if where else Location(str(sb.path))
    sentences = prepare_all(text_list, lang)
    if not sentences:
        raise StoryboardError(problems=[Problem(location, "nothing to say: the text has no words after removing markup")])
    if audio_file:
        src = sb.asset(audio_file)
        samples, cues = recorded(src, sentences, location)
        stamp = os.stat(src).st_mtime_ns if src.exists() else 0
        key = hashlib.sha256(f"rec|{src}|{stamp}|{[s.spoken for s in sentences]}".encode("utf-8")).hexdigest()
        return Utterance(samples, cues, list(sentences), None, key)
    choice = resolve_voice(sb, lang, role, options)
    check_voice(sb, lang, choice, options)
    samples, cues = render(sentences, lang, choice, options, location)
    key = hashlib.sha256(json.dumps([cache_key(choice, lang, _engine_text(s, lang, choice)) for s in sentences]
                                    + [s.pause_after for s in sentences]).encode()).hexdigest()
    return Utterance(samples, cues, list(sentences), choice, key)


def speak(texts, lang: str, sb: "LoadedStoryboard", options: "BuildOptions", role: str = "host", *,
          audio_file: str | None = None, where: tuple = ()) -> Speech:
    """Speak `texts` (see the `media.speech` docstring) -> `Speech` (WAV in the speech cache + cues)."""
    u = utterance(texts, lang, sb, options, role, audio_file=audio_file, where=where)
    path = speech_cache(options) / f"utt-{u.key}.wav"
    if not path.is_file():
        audio.write_wav(path, u.samples)
    return Speech(path, u.duration_s, u.cues, u.sentences, u.voice, recorded=u.voice is None)


def _texts_of(texts, lang: str, audio_file: str | None) -> tuple[list[str], str | None]:
    """Accept a string, a list of strings, a Narration, a PodcastSegment or a Bilingual."""

    if isinstance(texts, str):
        return [texts], audio_file
    if isinstance(texts, Narration):
        value = getattr(texts, lang)
        return ([value] if value else []), audio_file or (texts.audio or {}).get(lang)
    if isinstance(texts, PodcastSegment):
        return [texts.text.get(lang)], audio_file or (texts.audio or {}).get(lang)
    if isinstance(texts, Bilingual):
        return [texts.get(lang)], audio_file
    return [str(t) for t in texts], audio_file
