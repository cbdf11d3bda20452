"""`media narration import`: a folder of takes named by unit id, or one long take cut at its pauses.

Every take goes through `media.narration.takes.process` and is stored by `media.narration.store.save_take`;
the report says what was matched, what is still missing, and what could not be used and why.
"""
from __future__ import annotations

import hashlib
import io
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from media import audio
from media.files import write_bytes_atomic
from media.narration.store import current_take, save_take, take_folder
from media.narration.takes import EXTENSIONS, MAX_TAKE_BYTES, Take, TakeRefused, decode, encode_flac, process, split_at_pauses
from media.narration.units import Unit, units

if TYPE_CHECKING:
    from media.storyboard import LoadedStoryboard


@dataclass
class ImportReport:
    matched: list[tuple[str, str, dict]] = field(default_factory=list)  # storyboard, unit, sidecar
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # the same take was already current
    missing: list[tuple[str, str]] = field(default_factory=list)  # storyboard, unit without any take
    unusable: list[tuple[str, str]] = field(default_factory=list)  # file (or piece), why

    def lines(self) -> list[str]:
        out = [f"imported {sb}/{u}: take {m['take']}, {m['duration_s']:.1f} s, {m['loudness_lufs']:.1f} LUFS"
               for sb, u, m in self.matched]
        out += [f"unchanged {sb}/{u}: this take is already the current one" for sb, u in self.unchanged]
        out += [f"could not use {name}: {why}" for name, why in self.unusable]
        out += [f"missing {sb}/{u}: no take" for sb, u in self.missing]
        out.append(f"{len(self.matched)} imported, {len(self.unchanged)} unchanged, {len(self.unusable)} not usable, "
                   f"{len(self.missing)} missing")
        return out


def store(sb: "LoadedStoryboard", unit: Unit, data: bytes, ext: str, origin: str,
          samples=None) -> tuple[dict | None, Take]:
    """Decode (unless `samples` are given), process and store one take. -> (sidecar or None if unchanged, take)."""
    found = current_take(sb, unit.lang, unit.id)
    digest = hashlib.sha256(data).hexdigest()
    if found and found[1].get("original_sha256") == digest and found[1].get("text_sha256") == unit.text_sha256:
        return None, None  # importing the same folder twice adds no takes
    if len(data) > MAX_TAKE_BYTES:
        raise TakeRefused(f"is larger than {MAX_TAKE_BYTES // 1_000_000} MB")
    x = decode(data, ext) if samples is None else samples
    take = process(x, unit.limits_s(), unit.expected_s)
    return save_take(sb, unit, take, encode_flac(take.samples), data, ext, origin), take


def _candidates(folder: Path, sb: "LoadedStoryboard", single: bool) -> list[Path]:
    files = [p for p in sorted(folder.iterdir()) if p.is_file()] if single else []
    sub = folder / sb.id
    if sub.is_dir() and not sub.is_symlink():
        files += [p for p in sorted(sub.iterdir()) if p.is_file()]
    return files


def import_folder(storyboards: list["LoadedStoryboard"], lang: str, folder: Path) -> ImportReport:
    """Takes named `<unit id>.<ext>` in `folder` (one storyboard) or `folder/<storyboard id>/` (any number)."""
    report = ImportReport()
    seen: set[Path] = set()
    single = len(storyboards) == 1
    for sb in storyboards:
        by_id = {u.id: u for u in units(sb, lang)}
        got: set[str] = set()
        for path in _candidates(folder, sb, single):
            seen.add(path)
            name = str(path.relative_to(folder))
            if path.suffix.lower() not in EXTENSIONS:
                report.unusable.append((name, f"not a take (takes are {', '.join(EXTENSIONS)})"))
                continue
            unit = by_id.get(path.stem)
            if unit is None:
                if path.parent == folder and not single:
                    continue
                report.unusable.append((name, f"no unit '{path.stem}' in {sb.id} ({lang}); "
                                              "`media narration status` lists the ids"))
                continue
            if unit.id in got:
                report.unusable.append((name, f"a second take for {unit.id} in this folder; keep one"))
                continue
            try:
                meta, _ = store(sb, unit, path.read_bytes(), path.suffix, f"import {path.name}")
            except TakeRefused as exc:
                report.unusable.append((name, str(exc)))
                continue
            got.add(unit.id)
            if meta is None:
                report.unchanged.append((sb.id, unit.id))
            else:
                report.matched.append((sb.id, unit.id, meta))
        report.missing += [(sb.id, u.id) for u in by_id.values()
                           if not u.explicit_audio and current_take(sb, lang, u.id) is None]
    if not single:
        report.unusable += [(p.name, "takes for several storyboards go in folders named by storyboard id")
                            for p in sorted(folder.iterdir()) if p.is_file() and p not in seen]
    return report


def import_split(sb: "LoadedStoryboard", lang: str, path: Path, kind: str | None = None) -> ImportReport:
    """One long take: cut at its longest pauses into as many pieces as the units (of `kind`, if given), in order."""
    report = ImportReport()
    todo = [u for u in units(sb, lang) if not u.explicit_audio and (kind is None or u.kind == kind)]
    if not todo:
        return report
    data = path.read_bytes()
    try:
        if len(data) > MAX_TAKE_BYTES * 8:
            raise TakeRefused(f"is larger than {MAX_TAKE_BYTES * 8 // 1_000_000} MB")
        pieces = split_at_pauses(decode(data, path.suffix), len(todo))
        long_takes = take_folder(sb, lang, create=True) / "takes" / "long"
        long_takes.mkdir(parents=True, exist_ok=True)  # the whole take is kept as it came, beside its pieces
        write_bytes_atomic(long_takes / f"{hashlib.sha256(data).hexdigest()[:16]}{path.suffix.lower()}", data)
    except TakeRefused as exc:
        report.unusable.append((path.name, str(exc)))
        report.missing += [(sb.id, u.id) for u in todo if current_take(sb, lang, u.id) is None]
        return report
    for n, (unit, piece) in enumerate(zip(todo, pieces), 1):
        # the piece's own bytes are what is kept as its original: a WAV of exactly what was cut
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(audio.SR)
            w.writeframes(audio.to_int16(piece).tobytes())
        try:
            meta, _ = store(sb, unit, buf.getvalue(), ".wav", f"import {path.name} --split, part {n}", samples=piece)
        except TakeRefused as exc:
            report.unusable.append((f"{path.name} part {n} ({unit.id})", str(exc)))
            continue
        if meta is None:
            report.unchanged.append((sb.id, unit.id))
        else:
            report.matched.append((sb.id, unit.id, meta))
    report.missing += [(sb.id, u.id) for u in todo if current_take(sb, lang, u.id) is None]
    return report
