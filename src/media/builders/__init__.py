"""Builders: one module per output kind. Each gets a validated storyboard, a language and an output
folder, and returns the artifacts it wrote. The registry maps names to modules, imported lazily."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar

from media.storyboard import LoadedStoryboard

# name -> "module:Class"; the order is the build order (video reuses what infographics lay out).
_REGISTRY: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register a builder by name. Duplicate names are a programming error."""
    if name in _REGISTRY:
        raise ValueError(f"builder '{name}' is already registered ({_REGISTRY[name]})")
    _REGISTRY[name] = target


def names() -> list[str]:
    return list(_REGISTRY)


def get(name: str) -> type["Builder"]:
    module, cls = _REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), cls)


@dataclass
class Artifact:
    """One file a builder wrote. `extra` holds the kind-specific manifest keys."""

    kind: str
    path: Path
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class BuildOptions:
    """Options from the command line, passed explicitly to every builder (no globals)."""

    draft: bool = False
    aspect: str = "16:9"
    burn_subtitles: bool = False
    print_marks: bool = False
    cmyk: bool = False
    allow_online: bool = False
    engines: dict[str, str] = field(default_factory=dict)  # lang -> engine override
    cache_dir: Path = Path(".cache")
    progress: Callable[[str, float], None] = lambda label, fraction: None  # noqa: E731


class Builder:
    """Base class. Subclasses set `name` and implement `build`."""

    name: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()  # artifact kinds this builder owns in the manifest

    def __init__(self, options: BuildOptions):
        self.options = options

    def build(self, sb: LoadedStoryboard, lang: str, out_dir: Path) -> list[Artifact]:
        raise NotImplementedError


register("infographics", "media.builders.infographics:InfographicsBuilder")
register("podcast", "media.builders.podcast:PodcastBuilder")
register("video", "media.builders.video:VideoBuilder")
register("poster", "media.builders.poster:PosterBuilder")
