"""Shaping and bidi: HarfBuzz through Pillow's raqm where available, else arabic-reshaper + python-bidi.

`visual()` gives the visual-order, presentation-form string for renderers that cannot shape
(ReportLab; Pillow's basic layout). Set MEDIA_TEXT_ENGINE=basic to force the fallback.
"""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def raqm_available() -> bool:
    if os.environ.get("MEDIA_TEXT_ENGINE", "").lower() == "basic":
        return False
    from PIL import features

    return bool(features.check("raqm"))


def engine_name() -> str:
    """Human-readable name of the engine Pillow renders with (for `media doctor`)."""
    if raqm_available():
        from PIL import features

        return (f"raqm {features.version('raqm')} (HarfBuzz {features.version('harfbuzz') or '?'}, "
                f"FriBiDi {features.version('fribidi') or '?'})")
    return "arabic-reshaper + python-bidi (fallback: install libfribidi for raqm)"


@lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper

    # Keep ZWNJ semantics (it breaks joining) and do not ligate Allah etc. in running text.
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True,
                                                         "delete_tatweel": False, "shift_harakat_position": False})


def needs_shaping(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


_CONTROLS = str.maketrans(dict.fromkeys(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])))
_ISOLATES = str.maketrans({"\u2066": "\u202a", "\u2067": "\u202b", "\u2069": "\u202c"})


def _isolates_as_embeddings(line: str) -> str:
    """python-bidi's UAX #9 has no isolates (it asserts on them): LRI/RLI/FSI ... PDI become the
    embeddings LRE/RLE ... PDF, which order a run the same way in a line (FSI by its first strong
    character). Validation only lets balanced isolates and embeddings through."""
    if "\u2068" in line:
        import unicodedata

        out = []
        for i, ch in enumerate(line):
            if ch == "\u2068":
                strong = next((unicodedata.bidirectional(c) for c in line[i + 1:]
                               if unicodedata.bidirectional(c) in ("L", "R", "AL") or c == "\u2069"), "L")
                ch = "\u202b" if strong in ("R", "AL") else "\u202a"
            out.append(ch)
        line = "".join(out)
    return line.translate(_ISOLATES)


@lru_cache(maxsize=4096)
def visual(line: str, direction: str = "rtl") -> str:
    """One line (never a paragraph: wrap first) in visual order with contextual glyph forms."""
    if not needs_shaping(line) and direction == "ltr":
        return line.translate(_CONTROLS)  # explicit bidi controls are not drawn (UAX #9, X9)
    # The pure-Python UAX #9 implementation applies rule L4 (mirroring of brackets and « »);
    # python-bidi's Rust get_display (0.5+) does not.
    from bidi.algorithm import get_display

    line = _isolates_as_embeddings(line)
    shaped = _reshaper().reshape(line) if needs_shaping(line) else line
    return get_display(shaped, base_dir="R" if direction == "rtl" else "L")


JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: zero-width, drawn where they sit so a reader keeps them


@lru_cache(maxsize=4096)
def visual_glyphs(line: str, direction: str = "rtl") -> tuple[tuple[str, str], ...]:
    """`visual(line, direction)` one drawn character at a time, each paired with the character it stands
    for in the logical text, plus ZWNJ/ZWJ put back where they sit.

    The pair differs where UAX #9 rule L4 drew a mirrored glyph (a bracket or guillemet in a
    right-to-left run: «(» is drawn as «)»). Joiners are zero-width glyphs in Vazirmatn; UAX #9 X9
    removes them from the display string, so each is put back beside its logical neighbour (on the
    side the run reads towards). Without the joiners the drawn characters are exactly `visual()`'s
    string (the page does not change); if python-bidi ever disagrees, that string is returned as is.
    """
    shown = visual(line, direction)
    if not needs_shaping(line) and direction == "ltr":
        return tuple((ch, ch) for ch in line.translate(_CONTROLS))
    from bidi import algorithm as uax9

    text = _isolates_as_embeddings(line)
    shaped = _reshaper().reshape(text) if needs_shaping(text) else text
    storage = uax9.get_empty_storage()
    storage["base_level"] = 1 if direction == "rtl" else 0
    storage["base_dir"] = "R" if direction == "rtl" else "L"
    uax9.get_embedding_levels(shaped, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i  # position in `shaped`, carried through the reordering
    uax9.explicit_embed_and_overrides(storage)  # the same steps, in order, as uax9.get_display
    uax9.resolve_weak_types(storage)
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)
    uax9.reorder_resolved_levels(storage, False)
    uax9.apply_mirroring(storage, False)
    chars = [{"ch": c["ch"], "index": c["index"], "level": c["level"]} for c in storage["chars"]]
    if "".join(c["ch"] for c in chars) != shown:
        return tuple((ch, ch) for ch in shown)
    for k, ch in enumerate(shaped):
        if ch not in JOINERS:
            continue
        at = {c["index"]: p for p, c in enumerate(chars)}
        before = [i for i in at if i < k]
        after = [i for i in at if i > k]
        if before:
            p = at[max(before)]
            rtl = chars[p]["level"] % 2 == 1
            where = p if rtl else p + 1  # after its predecessor in reading order
        elif after:
            p = at[min(after)]
            rtl = chars[p]["level"] % 2 == 1
            where = p + 1 if rtl else p  # before its successor in reading order
        else:
            continue
        chars.insert(where, {"ch": ch, "index": k, "level": chars[p]["level"]})
    return tuple((c["ch"], shaped[c["index"]]) for c in chars)
