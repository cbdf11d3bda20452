"""Narration units: every text that is spoken, with a stable id, its speaker and where it is written.

Ids: `scene-<scene id>` for a scene's narration (one per scene, shared by every aspect of the film) and
`podcast-<n>` (1-based, three digits) for the n-th podcast line. A podcast line moved or inserted
shifts the numbers after it; the take's sidecar holds the sha256 of the text it reads, so a take that
now sits on another line is reported stale, never silently used for the wrong words.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from media.storyboard import LoadedStoryboard

WORDS_PER_MINUTE = {"fa": 125.0, "en": 150.0}  # an unhurried narrator: what `expected_s` assumes
_MARKUP = re.compile(r"[*_`#>\[\]()]+")


@dataclass(frozen=True)
class Unit:
    """One piece of spoken text in one language."""

    id: str
    storyboard: str
    lang: str
    kind: str  # "film" or "podcast"
    speaker: str  # "host" or "guest" (a film's narrator is the host)
    text: str
    key: tuple  # key path of the text in the storyboard: errors and warnings point there
    audio_key: tuple  # where the storyboard itself would name a recording
    explicit_audio: str | None  # a recording the storyboard names (`audio:`): it wins over takes
    index: int  # position among the storyboard's units in this language (reading order)

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)

    @property
    def words(self) -> int:
        return len(_MARKUP.sub(" ", self.text).split())

    @property
    def expected_s(self) -> float:
        return round(max(0.8, self.words * 60.0 / WORDS_PER_MINUTE.get(self.lang, 140.0)), 1)

    def limits_s(self) -> tuple[float, float]:
        """The shortest and longest take accepted for this text: far outside means a wrong or broken take."""
        e = self.expected_s
        return max(0.3, 0.25 * e), 4.0 * e + 5.0


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def units(sb: "LoadedStoryboard", lang: str) -> list[Unit]:
    """Every spoken unit of `sb` in `lang`, film first (scene order), then the podcast (line order)."""
    out: list[Unit] = []
    for i, scene in enumerate(sb.model.scenes):
        text = getattr(scene.narration, lang)
        if text and text.strip():
            out.append(Unit(f"scene-{scene.id}", sb.id, lang, "film", "host", text, ("scenes", i, "narration", lang),
                            ("scenes", i, "narration", "audio", lang), (scene.narration.audio or {}).get(lang),
                            len(out)))
    if sb.model.podcast is not None:
        for i, seg in enumerate(sb.model.podcast.segments):
            text = seg.text.get(lang)
            if text and text.strip():
                out.append(Unit(f"podcast-{i + 1:03d}", sb.id, lang, "podcast", seg.speaker, text,
                                ("podcast", "segments", i, "text", lang), ("podcast", "segments", i, "audio", lang),
                                (seg.audio or {}).get(lang), len(out)))
    return out


def find_unit(sb: "LoadedStoryboard", lang: str, unit_id: str) -> Unit | None:
    return next((u for u in units(sb, lang) if u.id == unit_id), None)
