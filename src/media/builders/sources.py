"""The source pack: `sources.zip` per storyboard, with everything that built its package (the storyboard,
`package.yaml`, the images and recordings they name, Vazirmatn with its licence, the `media` version) and a
README with the one command that builds it again. Unpacked into an empty folder and built with the same
`media`, it gives the same bytes (tested). The same pack is written in each language's folder, byte for byte."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from media import __version__
from media.builders import Artifact, Builder, fonts
from media.content.dates import epoch_date, from_iso, iso, storyboard_date
from media.content.words import word
from media.engine import Job
from media.errors import Location, Problem, StoryboardError
from media.files import write_zip
from media.storyboard import LoadedStoryboard
from media.text.fonts import font_dir

PACK = "sources.zip"
FONT_FOLDER = "fonts/vazirmatn"
FONT_SUFFIXES = (".ttf", ".woff2", ".txt", ".md")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def named_files(sb: LoadedStoryboard) -> list[Path]:
    """Every file under the project folder that the storyboard or package.yaml names (images, recordings,
    logos, source documents), found by what the names resolve to, so a new kind of asset is never left out."""
    root = sb.root
    found: set[Path] = set()
    for base, data in ((sb.path.parent, sb.model.model_dump()), (sb.settings_path.parent, sb.settings.model_dump())):
        for s in _strings(data):
            if not s or len(s) > 300 or "\n" in s or "://" in s:
                continue
            try:  # most strings are prose: a name too long for the file system is no file either
                if not os.path.isfile(base / s):  # one stat for prose; resolving walks every folder
                    continue
                p = (base / s).resolve()
            except (OSError, ValueError):
                continue
            if p.is_relative_to(root) and p not in (sb.path.resolve(), sb.settings_path.resolve()):
                found.add(p)
    return sorted(found)


_members: dict[int, tuple[LoadedStoryboard, dict[str, Path]]] = {}  # per loaded storyboard: both languages plan it


def members(sb: LoadedStoryboard) -> dict[str, Path]:
    """Pack paths (relative to the project folder, as the storyboard names them) -> files. Worked out once per
    loaded storyboard (a storyboard loaded again, as `--watch` does after a save, is looked at again)."""

    hit = _members.get(id(sb))
    if hit is not None and hit[0] is sb:
        return dict(hit[1])
    if len(_members) > 32:
        _members.clear()
    root = sb.root
    files = {p.relative_to(root).as_posix(): p for p in [sb.path.resolve(), sb.settings_path.resolve(), *named_files(sb)]}
    for p in sorted(font_dir().iterdir()):
        if p.is_file() and p.suffix in FONT_SUFFIXES:
            files[f"{FONT_FOLDER}/{p.name}"] = p
    _members[id(sb)] = (sb, files)
    return dict(files)


def rebuild_command(sb: LoadedStoryboard, epoch: int | None) -> str:
    story = sb.path.resolve().relative_to(sb.root).as_posix()
    env = f"SOURCE_DATE_EPOCH={epoch} " if epoch is not None else ""
    return f"{env}MEDIA_FONT_DIR={FONT_FOLDER} media build {story} --out output"


def readme(sb: LoadedStoryboard, names: list[str], epoch: int | None) -> str:
    """Both languages, Persian first: the pack is the same for either language's folder."""
    out = []
    for lang in ("fa", "en"):
        out += [f"# {word('sources.pack_title', lang)}: {sb.model.title.get(lang)}", "",
                word("sources.pack_intro", lang), "", word("sources.pack_rebuild", lang).format(version=__version__),
                "", f"    {rebuild_command(sb, epoch)}", "", word("sources.pack_same", lang), ""]
    out += [f"## {word('sources.pack_contents', 'fa')} / {word('sources.pack_contents', 'en')}", "",
            *[f"- {n}" for n in names], ""]
    return "\n".join(out)


class SourcesBuilder(Builder):
    name = "sources"
    kinds = ("source-pack",)

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        files = members(sb)
        day = storyboard_date(sb)
        # SOURCE_DATE_EPOCH is part of the rebuild command only when it is what dates the outputs
        env_day = epoch_date() if (sb.model.approval is None and not sb.model.updated) else None
        epoch = None
        if env_day is not None:
            epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        inputs = {"id": sb.id, "names": sorted(files), "version": __version__, "epoch": epoch,
                  "title": {k: sb.model.title.get(k) for k in ("fa", "en")}}
        return [self.job(sb, lang, "pack", inputs, files=[*files.values(), *fonts()],
                         params={"date": iso(day), "epoch": epoch}, cost_s=0.3)]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        files: dict[str, Path | bytes] = dict(members(sb))
        epoch = job.params["epoch"]
        version = f"media {__version__}\n"
        files["MEDIA_VERSION"] = version.encode("utf-8")
        files["README.md"] = readme(sb, sorted(files), epoch).encode("utf-8")
        for name in ("MEDIA_VERSION", "README.md"):
            if name in members(sb):
                where = Location(str(sb.root / name), 1, 1)
                raise StoryboardError(problems=[Problem(where, f"the project holds a file named {name}, "
                                                        "which the source pack writes itself: rename it")])
        path = out_dir / PACK
        day: dt.date | None = from_iso(job.params["date"])
        write_zip(path, f"{sb.id}-sources", files, day)
        return [Artifact("source-pack", path, {"format": "zip", "root": f"{sb.id}-sources", "files": sorted(files),
                                               "command": rebuild_command(sb, epoch), "media_version": __version__})]
