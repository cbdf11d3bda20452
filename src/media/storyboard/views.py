"""Views of the model for one language: what a job in that language reads, and so what its key covers.

`monolingual(obj, "fa")` is `obj` with every text reduced to its Persian side and every per-language
mapping (recordings, voices) to its Persian entry: editing the English narration changes no key of a
Persian job.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from media.storyboard import model as m

_LANGS = {"fa", "en"}


def monolingual(obj: Any, lang: str) -> Any:
    if isinstance(obj, m.Bilingual):
        return getattr(obj, lang)
    if isinstance(obj, m.Narration):
        return {"text": getattr(obj, lang), "audio": (obj.audio or {}).get(lang)}
    if isinstance(obj, BaseModel):
        return {(f.alias or name): monolingual(getattr(obj, name), lang)
                for name, f in type(obj).model_fields.items() if name != "schema_"}
    if isinstance(obj, dict):
        if obj and set(obj) <= _LANGS:
            return monolingual(obj.get(lang), lang)
        return {str(k): monolingual(v, lang) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [monolingual(v, lang) for v in obj]
    return obj
