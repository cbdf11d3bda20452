"""Speech: prepared text -> audio with captions, offline by default, cached, privacy-checked.

Public API (what builders call)
-------------------------------

    from media.speech import speak, synthesize_narration, Speech, Cue

    speech = speak(texts, lang, sb, options, role="host", *, audio_file=None, where=())
    # texts: str | list[str] | Narration | PodcastSegment | Bilingual
    #        (a Narration/PodcastSegment with `audio[lang]` uses that recorded file instead of synthesis)
    # lang:  "fa" | "en";  sb: LoadedStoryboard;  options: BuildOptions;  role: "host" | "guest"
    # where: key path of the text in the storyboard, e.g. ("scenes", 3, "narration"): errors point there
    speech.path        # Path of a WAV (mono, 16-bit, 44.1 kHz) in <cache_dir>/speech/
    speech.duration_s  # float
    speech.cues        # [Cue(start_s, end_s, text)]: one per prepared sentence; text = display text
    speech.sentences   # [Sentence(display, spoken, pause_after)]
    speech.samples()   # float32 numpy array (media.audio.load)

    speech = synthesize_narration(scene, lang, sb, options)   # a Scene (or Narration): same as speak,
                                                               # with errors located at the scene

Captions and speech come from the same `media.speech.prepare.prepare()` sentences, so subtitles and
transcripts always match what is said (numbers, dates, acronyms written as the reader expects, said
in words). Mix the WAV into a soundtrack with `media.audio` (place, duck, normalize, music_bed).

Engines (`media.speech.engines`): espeak (offline, default, fa+en), piper (offline neural, en, extra
`piper`), gtts (online, en only), edge (online neural, fa+en, extra `edge`). The engine per language
and role comes from package.yaml `voices`; `BuildOptions.engines` ({lang: engine}, `--engine
en=piper`) overrides it. Online engines run only with `BuildOptions.allow_online` or
`settings.allow_online`, never for a storyboard with `confidential: true` (PrivacyError). Every
sentence is cached by engine, engine build, voice, rate and spoken text under
`<cache_dir>/speech/<sha256>.wav`: a rebuild never re-synthesises an unchanged sentence. Empty or
silent engine output is an EngineError, never a silent file. espeak's Persian voice gets a few
pronunciation fixes (`media.speech.lexicon`: سازمان, توکن, ezafe, numbers said with "-o").

Timings: `cues` are exact for synthesised speech (one synthesis per sentence); for a recorded
voice-over they split the recording in proportion to the spoken length of each sentence.
"""
from __future__ import annotations

from media.speech.engines import ENGINES, Engine, get_engine
from media.speech.prepare import Sentence, prepare, prepare_all
from media.speech.synth import Cue, Speech, VoiceChoice, check_voice, resolve_voice, speak
from media.storyboard.model import Scene

__all__ = ["ENGINES", "Cue", "Engine", "Sentence", "Speech", "VoiceChoice", "check_voice", "get_engine",
           "prepare", "prepare_all", "resolve_voice", "speak", "synthesize_narration"]


def synthesize_narration(scene, lang: str, sb, options, role: str = "host") -> Speech:
    """Speak a scene's narration (or a bare Narration): recorded `audio[lang]` if given, else synthesis."""

    if isinstance(scene, Scene):
        index = next((i for i, s in enumerate(sb.model.scenes) if s.id == scene.id), None)
        where = ("scenes", index, "narration") if index is not None else ()
        return speak(scene.narration, lang, sb, options, role, where=where)
    return speak(scene, lang, sb, options, role)
