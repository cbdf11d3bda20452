"""Where takes live in the project, which take is current, and the storyboard as the build sees it.

    recordings/<storyboard>/<lang>/<unit>.flac        the current take (what the film and podcast use)
    recordings/<storyboard>/<lang>/<unit>.json        its sidecar: the sha256 of the exact text it reads, its facts
    recordings/<storyboard>/<lang>/takes/<unit>/NNN.flac, NNN.json, NNN-original.<ext>   every take ever stored

A new take never replaces an older one in `takes/`: re-recording only moves the current pointer.
Every file is written atomically; the recordings folder must be a real folder inside the project (a
symlink out of it is refused), and nothing is written through a name that is not a known unit id.
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from media.errors import Location, OutputError, Problem, StoryboardError
from media.files import write_bytes_atomic, write_text_atomic
from media.narration.takes import Take
from media.narration.units import Unit, units

if TYPE_CHECKING:
    from media.storyboard import LoadedStoryboard

RECORDINGS = "recordings"
SIDECAR_VERSION = 1


def take_folder(sb: "LoadedStoryboard", lang: str, *, create: bool = False) -> Path:
    """recordings/<storyboard>/<lang>/ inside the project; StoryboardError if any part of it leads out."""
    root = sb.root.resolve()
    folder = root / RECORDINGS / sb.id / lang
    _inside(root, folder)
    if create:  # checked before and after: nothing is created through a link out of the project
        folder.mkdir(parents=True, exist_ok=True)
        _inside(root, folder)
    return folder


def _inside(root: Path, folder: Path) -> None:
    for part in (root / RECORDINGS, folder.parent, folder):
        if part.is_symlink():
            raise StoryboardError(problems=[Problem(Location(str(part)), "is a symbolic link: takes are only "
                                                    "written into real folders of the project")])
    probe = folder
    while not probe.exists() and probe != root:
        probe = probe.parent
    real = probe.resolve()
    if real != root and root not in real.parents:
        raise StoryboardError(problems=[Problem(Location(str(folder)), f"{RECORDINGS}/ leads out of the project folder "
                                                f"({root}) through a symbolic link; make it a real folder")])


def current_take(sb: "LoadedStoryboard", lang: str, unit_id: str) -> tuple[Path, dict] | None:
    """The current take of a unit and its sidecar, or None."""
    try:  # an unreadable or odd project folder means: no take (the build says what else is wrong)
        folder = take_folder(sb, lang)
        flac, side = folder / f"{unit_id}.flac", folder / f"{unit_id}.json"
        if not (flac.is_file() and side.is_file()) or flac.is_symlink() or side.is_symlink():
            return None
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (StoryboardError, OSError, ValueError):
        return None
    return (flac, meta) if isinstance(meta, dict) and isinstance(meta.get("text_sha256"), str) else None


def state_of(unit: Unit, meta: dict | None) -> str:
    if unit.explicit_audio:
        return "recorded"
    if meta is None:
        return "missing"
    return "recorded" if meta.get("text_sha256") == unit.text_sha256 else "stale"


def unit_states(sb: "LoadedStoryboard", lang: str) -> list[tuple[Unit, str, dict | None]]:
    out = []
    for u in units(sb, lang):
        found = None if u.explicit_audio else current_take(sb, lang, u.id)
        meta = found[1] if found else None
        out.append((u, state_of(u, meta), meta))
    return out


def _next_number(takes: Path) -> int:
    numbers = [int(p.name[:3]) for p in takes.glob("[0-9][0-9][0-9].json") if p.name[:3].isdigit()]
    return max(numbers, default=0) + 1


def save_take(sb: "LoadedStoryboard", unit: Unit, take: Take, flac: bytes, original: bytes, original_ext: str,
              origin: str) -> dict:
    """Store a processed take as the unit's current one (and in its history, with the original). -> sidecar."""
    ext = original_ext.lower() if original_ext.lower() in (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus",
                                                          ".webm") else ".bin"
    folder = sb.root.resolve() / RECORDINGS / sb.id / unit.lang
    try:
        return _save(sb, unit, take, flac, original, ext, origin)
    except OSError as exc:  # a read-only project, a full disk: one line with the path (exit 4)
        raise OutputError.from_os(exc, getattr(exc, "filename", None) or folder, len(flac) + len(original)) from None


def _save(sb: "LoadedStoryboard", unit: Unit, take: Take, flac: bytes, original: bytes, ext: str,
          origin: str) -> dict:
    folder = take_folder(sb, unit.lang, create=True)
    takes = folder / "takes" / unit.id
    takes.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:  # two uploads of one storyboard at once: one number each
        fcntl.flock(lock, fcntl.LOCK_EX)
        n = _next_number(takes)
        meta = {"version": SIDECAR_VERSION, "unit": unit.id, "storyboard": sb.id, "lang": unit.lang,
                "kind": unit.kind, "speaker": unit.speaker, "text": unit.text, "text_sha256": unit.text_sha256,
                "take": n, "recorded_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "origin": origin, "audio_sha256": hashlib.sha256(flac).hexdigest(),
                "original": f"takes/{unit.id}/{n:03d}-original{ext}",
                "original_sha256": hashlib.sha256(original).hexdigest(), "original_bytes": len(original),
                **take.facts()}
        side = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_bytes_atomic(takes / f"{n:03d}-original{ext}", original)
        write_bytes_atomic(takes / f"{n:03d}.flac", flac)
        write_text_atomic(takes / f"{n:03d}.json", side)
        write_bytes_atomic(folder / f"{unit.id}.flac", flac)  # the sidecar last: it names what is current
        write_text_atomic(folder / f"{unit.id}.json", side)
    return meta


def stale_warning(sb: "LoadedStoryboard", unit: Unit, path: Path, meta: dict) -> Problem:
    rel = os.path.relpath(path, sb.root)
    return sb.positions.locate(unit.key, f"recording {rel} (take {meta.get('take', '?')}) was made for an earlier "
                                         "text: record it again (media serve) or import a new take", "warning")


def with_recordings(sb: "LoadedStoryboard", langs: tuple[str, ...]) -> "LoadedStoryboard":
    """`sb` with every unit's current take as its recorded `audio` (unless the storyboard names one), and a
    located warning for every stale take (used, but it reads an earlier text)."""
    scene_audio: dict[int, dict] = {}
    seg_audio: dict[int, dict] = {}
    warnings = list(sb.warnings)
    for lang in langs:
        for u in units(sb, lang):
            if u.explicit_audio:
                continue
            found = current_take(sb, lang, u.id)
            if found is None:
                continue
            path, meta = found
            rel = os.path.relpath(path, sb.path.parent)
            if u.kind == "film":  # key: ("scenes", i, "narration", lang)
                scene_audio.setdefault(u.key[1], {})[lang] = rel
            else:  # key: ("podcast", "segments", i, "text", lang)
                seg_audio.setdefault(u.key[2], {})[lang] = rel
            if state_of(u, meta) == "stale":
                warnings.append(stale_warning(sb, u, path, meta))
    if not scene_audio and not seg_audio:
        return sb
    model = sb.model
    scenes = [s if i not in scene_audio else s.model_copy(update={"narration": s.narration.model_copy(
        update={"audio": {**(s.narration.audio or {}), **scene_audio[i]}})}) for i, s in enumerate(model.scenes)]
    update: dict = {"scenes": scenes}
    if model.podcast is not None and seg_audio:
        segs = [g if i not in seg_audio else g.model_copy(update={"audio": {**(g.audio or {}), **seg_audio[i]}})
                for i, g in enumerate(model.podcast.segments)]
        update["podcast"] = model.podcast.model_copy(update={"segments": segs})
    return dataclasses.replace(sb, model=model.model_copy(update=update), warnings=tuple(warnings))


def watch_paths(sb: "LoadedStoryboard", langs: tuple[str, ...]) -> list[Path]:
    """The files whose appearance or change means a unit's take changed (for `media serve` and --watch)."""
    out: list[Path] = []
    for lang in langs:
        try:
            folder = take_folder(sb, lang)
        except (StoryboardError, OSError):
            continue
        for u in units(sb, lang):
            out += [folder / f"{u.id}.json", folder / f"{u.id}.flac"]
    return out
