"""The job model: what a builder plans and the engine runs.

A builder turns (storyboard, language) into `Job`s before anything is drawn. A job names the unit of
output it makes (one infographic in all its sizes, one video per aspect, the poster set), the data
it reads (`inputs`: the parts of the storyboard and settings it uses, the options that affect it),
the files whose bytes it reads (fonts, images, recordings) and the jobs whose outputs it reads
(`needs`). The engine alone decides from these whether the job runs (see `media.engine.freshness`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

PACKAGE = "_package"  # the storyboard slot of package-wide jobs (home page, feeds, data package)


@dataclass
class Artifact:
    """One file a job wrote. `path` is where it was written; `extra` holds the kind-specific manifest keys."""

    kind: str
    path: Path
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """One unit of output. `id` is stable across builds: `<storyboard>/<lang>/<builder>/<name>`."""

    builder: str
    name: str
    storyboard: str = PACKAGE
    lang: str = ""
    inputs: Any = None  # JSON-able: the data read (its digest is the content key)
    files: tuple[Path, ...] = ()  # files whose bytes are read (their digests join the key)
    needs: tuple[str, ...] = ()  # ids of jobs whose outputs this job reads
    params: dict[str, Any] = field(default_factory=dict)  # which unit: e.g. {"index": 3}; not part of the key
    cost_s: float = 1.0  # first estimate of the run time, until a measured one is recorded
    scope: str = ""  # recorded jobs of a planned scope that are not planned again are removed

    @property
    def id(self) -> str:
        return "/".join(x for x in (self.storyboard, self.lang, self.builder, self.name) if x)

    @property
    def group(self) -> tuple[str, str]:
        """The manifest this job's artifacts belong to: (storyboard, lang), or the package's."""
        return self.storyboard, self.lang

    @property
    def scope_id(self) -> str:
        return self.scope or self.builder


Progress = Callable[[str, float], None]


def no_progress(label: str, fraction: float) -> None:
    """The progress sink when nobody is watching."""
