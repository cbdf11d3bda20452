"""Run builders over storyboards and languages, with progress, and write each manifest."""
from __future__ import annotations

import sys
from pathlib import Path

from media import __version__, builders
from media.builders import BuildOptions
from media.builders.manifest import write_manifest
from media.errors import MediaError, StoryboardError


def run_build(files: list[Path], langs: tuple[str, ...], kinds: list[str], out: Path,
              options: BuildOptions) -> list[Path]:
    """Validate every storyboard first (all problems at once), then build. Returns manifest paths."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from media.storyboard import load_storyboard

    loaded, problems, warned = [], [], set()
    for f in files:
        try:
            loaded.append(load_storyboard(f, langs))
        except StoryboardError as exc:
            problems += exc.problems
    if problems:
        raise StoryboardError(problems=problems)
    console = Console(stderr=True)
    for sb in loaded:
        for w in sb.warnings:
            if str(w) not in warned:
                console.print(str(w), style="yellow", markup=False, highlight=False, soft_wrap=True)
                warned.add(str(w))

    builder_objs = {k: builders.get(k)(options) for k in kinds}
    manifests = []
    jobs = [(sb, lang) for sb in loaded for lang in langs]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, disable=not sys.stderr.isatty(), transient=False) as bar:
        overall = bar.add_task("package", total=len(jobs) * len(kinds))
        for sb, lang in jobs:
            out_dir = out / sb.id / lang
            out_dir.mkdir(parents=True, exist_ok=True)
            artifacts, built_kinds = [], set()
            for kind, builder in builder_objs.items():
                task = bar.add_task(f"{sb.id} {lang} {kind}", total=1.0)

                def progress(label: str, fraction: float, _task=task, _kind=kind) -> None:
                    bar.update(_task, completed=max(0.0, min(1.0, fraction)),
                               description=f"{sb.id} {lang} {_kind}: {label}")

                builder.options.progress = progress
                try:
                    made = builder.build(sb, lang, out_dir)
                except MediaError:
                    # keep what other builders already wrote listed
                    if artifacts:
                        write_manifest(out_dir, sb.id, lang, built_kinds, artifacts, f"media {__version__}")
                    raise
                artifacts += made
                built_kinds.update(builder.kinds)
                bar.update(task, completed=1.0, description=f"{sb.id} {lang} {kind}: {len(made)} file(s)")
                bar.advance(overall)
            manifests.append(write_manifest(out_dir, sb.id, lang, built_kinds, artifacts, f"media {__version__}"))
            console.print(f"{out_dir}/manifest.json: {len(artifacts)} artifact(s)", markup=False, highlight=False,
                          soft_wrap=True)
    return manifests
