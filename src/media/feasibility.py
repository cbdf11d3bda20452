"""What the builders would refuse, said by `media validate` (and before any job of `media build`).

The storyboard layer checks what a storyboard says; some refusals need to know how speech and film are
made, which live above it (`media.speech`, `media.video`). They are checked here, with the builders'
own rules, so that validate and build agree:

- a narration or podcast text with nothing to say (only punctuation, emoji or markup): the speech
  engine's own text preparation (`has_speech`, the steps of `prepare`) finds no clause to say;
- a recording (`narration.audio`) without the text it says: the captions and transcript need it;
- a scene whose `duration_s` is shorter than the transition into it, or than its narration could
  possibly last: the lead-in plus `MIN_WORD_S` per written word (`written_words`), faster than any voice here speaks at its
  highest rate (espeak at rate 3.0 says 8.5 words a second, piper about 8); the build measures the real
  speech and refuses a scene it does not fit, this refuses what could never fit.
"""
from __future__ import annotations

from media.errors import Problem
from media.speech.prepare import has_speech, written_words
from media.video.render import LEAD_IN_S, TRANSITION_S

MIN_WORD_S = 0.1  # seconds per spoken word: a lower bound for every engine and rate
_NOTHING = "nothing to say: the text has no words after removing markup (only punctuation, emoji or markup)"


def _words(text: str, lang: str) -> int | None:
    """Words the text says at least, or None when it has nothing to say (as `prepare` would find)."""
    if not has_speech(text, lang):
        return None
    return written_words(text, lang)


def problems(sb, langs: tuple[str, ...]) -> list[Problem]:
    """Located problems of a loaded storyboard (`media.storyboard.LoadedStoryboard`) for these languages."""
    out: list[Problem] = []
    model = sb.model
    for i, scene in enumerate(model.scenes):
        speech_s: float | None = None
        for lang in langs:
            text = getattr(scene.narration, lang)
            recorded = (scene.narration.audio or {}).get(lang)
            if recorded and not text:
                out.append(sb.positions.locate(("scenes", i, "narration", "audio", lang),
                                               f"a recording needs the text it says in `narration.{lang}` "
                                               "(captions and the transcript show it)"))
                continue
            if not text:
                continue
            words = _words(text, lang)
            if words is None:
                out.append(sb.positions.locate(("scenes", i, "narration", lang), _NOTHING))
                continue
            least = LEAD_IN_S + (0.0 if recorded else words * MIN_WORD_S)
            speech_s = max(speech_s or 0.0, least)
        d = scene.duration_s
        if d is None:
            continue
        if d < TRANSITION_S:
            out.append(sb.positions.locate(("scenes", i, "duration_s"),
                                           f"duration_s {d:g} is shorter than the {TRANSITION_S:g} s transition into "
                                           "the scene: it could not be seen; make it longer or remove duration_s"))
        elif speech_s is not None and speech_s > d:
            out.append(sb.positions.locate(("scenes", i, "duration_s"),
                                           f"duration_s {d:g} is shorter than the narration can last (at least "
                                           f"{speech_s:.1f} s with the {LEAD_IN_S:g} s lead-in, at the fastest voice): "
                                           "make the scene longer or remove duration_s"))
    if model.podcast:
        for i, seg in enumerate(model.podcast.segments):
            for lang in langs:
                text = getattr(seg.text, lang)
                if text is not None and _words(text, lang) is None:  # every segment is spoken, even ""
                    out.append(sb.positions.locate(("podcast", "segments", i, "text", lang), _NOTHING))
    return out
