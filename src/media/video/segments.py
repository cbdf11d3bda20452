"""Each scene's encoded H.264 segment, kept in the cache folder and keyed by what it shows.

A film is encoded scene by scene: every scene starts with an IDR picture, its own x264 run codes the
frames that change and `media.video.h264` splices in the held ones, so a segment depends on nothing
outside its scene but the previous scene's last picture (the crossfade). The film is the segments
joined (repeated parameter sets dropped) and muxed by stream copy, so a narration edit that changes
one scene's length re-encodes that scene only: the others are read back from
`<cache>/video-segments/`, and the film is the same bytes as a render from an empty cache.

A segment's key is a digest of what its pictures are made of: the scene's display list and motion
(image files by their sha256, counters by the items they draw at every value shown), its frame
schedule, the previous scene's display list when it crossfades from it, the burned caption sprites,
the encoder settings, and the code, fonts and toolchain (`media.engine.keys.environment`).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from dataclasses import fields, is_dataclass
from pathlib import Path

import numpy as np

from media.engine.keys import _json_default, environment, file_digest
from media.graphics.primitives import Image
from media.video.h264 import NAL_PPS, NAL_SEI, NAL_SPS, split_nals
from media.video.motion import CountUp, KenBurns, Reveal
from media.files import cache_root

SEGMENT_FORMAT = 1  # bump when the way segments are cut or joined changes
START = b"\x00\x00\x00\x01"


def segment_dir(cache_dir: Path | None) -> Path:

    return Path(cache_dir if cache_dir is not None else cache_root()) / "video-segments"


def _default(value):
    if isinstance(value, np.ndarray):
        return {"dtype": str(value.dtype), "shape": value.shape,
                "sha256": hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()}
    if isinstance(value, (Image, KenBurns)):  # a picture is its bytes, not its path
        return {**{f.name: getattr(value, f.name) for f in fields(value)}, "file": file_digest(value.path)}
    if isinstance(value, CountUp):
        raise TypeError("a counter is keyed by what it draws (see design_key)")
    if is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **{f.name: getattr(value, f.name) for f in fields(value)}}
    if callable(value):
        raise TypeError(f"cannot key a function: {value!r}")
    return _json_default(value)


def _digest(value) -> str:
    blob = json.dumps(value, default=_default, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def design_key(design, states: list[tuple]) -> dict:
    """The scene's drawing and motion as plain data; a counter becomes the items it draws at each value
    the schedule shows (`states`: one tuple of animation states per frame)."""
    anims = []
    for j, a in enumerate(design.motion.animations):
        if isinstance(a, CountUp):
            values = sorted({s[j][1] for s in states if isinstance(s[j], tuple)})
            anims.append({"count_up": [a.tag, a.start_s, a.value, a.decimals, a.duration_s],
                          "draws": [[v, a.render(v)] for v in values], "done": a.render(a.value)})
        else:
            anims.append(a)
    return {"drawing": design.drawing, "animations": anims}


def last_picture_key(design, state: tuple, t: float) -> dict:
    """What a scene's picture at time `t` is made of, for the crossfade into the next scene: the
    drawing and each animation's state then (not when its reveals happened, so a narration edit that
    moves them leaves the next scene's key alone)."""
    anims = []
    for a, s in zip(design.motion.animations, state):
        if isinstance(a, CountUp):
            anims.append(["count", a.tag, s, a.render(s[1]) if isinstance(s, tuple) else None])
        elif isinstance(a, KenBurns):
            anims.append(["kb", a, s, t])
        elif isinstance(a, Reveal):
            anims.append(["reveal", a.tag, a.from_side, s])
        else:  # a clip's frame, an overlay (media.video.footage): the value itself
            anims.append(["anim", a, s])
    return {"drawing": design.drawing, "animations": anims}


def scene_key(*, settings, width: int, height: int, schedule: list, keyframes: list[int], design: dict,
              previous: dict | None, captions: list) -> str:
    """The key of one scene's segment (see the module docstring)."""
    return _digest({"format": SEGMENT_FORMAT, "env": environment(), "settings": settings,
                    "size": [width, height], "schedule": schedule, "keyframes": keyframes,
                    "design": design, "previous": previous, "captions": captions})


def store(path: Path, data_from: Path) -> Path:
    """Copy a finished segment into the cache atomically (a concurrent build may write the same bytes
    under the same name) and return where it is; if the cache cannot be written (full, read-only),
    the film is still made, from `data_from`, and the scene is encoded again next time."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data_from, tmp)  # the cache may be on another file system than the work folder
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return data_from
    return path


def join(segments: list[Path], out: Path) -> None:
    """One Annex B stream from scene segments. Each segment's x264 run repeats the sequence and picture
    parameter sets and its SEI; where they are the same bytes as the first segment's they are dropped,
    so the parameter sets appear once, as in a single encode."""
    first: set[bytes] = set()
    with open(out, "wb") as fh:
        for i, seg in enumerate(segments):
            for nal in split_nals(seg.read_bytes()):
                kind = nal[0] & 0x1F
                if kind in (NAL_SPS, NAL_PPS, NAL_SEI):
                    if i == 0:
                        first.add(nal)
                    elif nal in first:
                        continue
                fh.write(START + nal)
