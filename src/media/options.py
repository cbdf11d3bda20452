"""Build options from the command line: plain data, passed explicitly to every planner and job (no globals).

They sit below the builders and the engine (speech and video read them too), and they pickle: a job
carries its options to a worker process or a Dask worker.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from media.files import cache_root

ASPECTS = ("16:9", "9:16", "1:1", "4:5")


@dataclass(frozen=True)
class BuildOptions:
    draft: bool = False
    aspects: tuple[str, ...] = ("16:9",)  # one video per aspect
    burn_subtitles: bool = False
    print_marks: bool = False
    cmyk: bool = False
    allow_online: bool = False
    engines: dict[str, str] = field(default_factory=dict)  # lang -> speech engine override
    cache_dir: Path | None = None  # speech cache root; None: the user cache (media.files.cache_root)

    def __post_init__(self) -> None:
        if isinstance(self.aspects, str):  # BuildOptions(aspects="9:16") means one aspect
            object.__setattr__(self, "aspects", (self.aspects,))

    @property
    def speech_cache(self) -> Path:

        return Path(self.cache_dir if self.cache_dir is not None else cache_root()) / "speech"
