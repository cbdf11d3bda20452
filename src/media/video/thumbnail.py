"""The film's thumbnail for video platforms: its title card, laid out again at 1280x720 (the platforms'
size, whatever the film's aspect), everything revealed, as a baseline JPEG under 2 MB (their limit).
The same design as the film's first scene, so the title, the identity and the draft mark read the same."""
from __future__ import annotations

import io

from media.graphics import raster
from media.video.design import Context, SceneTiming, design_scene
from media.video.render import INTRO_S, scenes_with_cards

THUMB_SIZE = (1280, 720)
MAX_BYTES = 2 * 1024 * 1024


def thumbnail_jpeg(sb, lang: str) -> bytes:
    scenes = scenes_with_cards(sb)
    scene, idx = scenes[0]
    w, h = THUMB_SIZE
    design = design_scene(Context(sb, lang, w, h, 0, len(scenes)), scene, idx,
                          SceneTiming(scene.duration_s or INTRO_S, 0.0))
    img = raster.render(design.drawing).convert("RGB")
    for quality in (90, 80, 70, 60):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True, progressive=False)
        if buf.tell() < MAX_BYTES:
            break
    return buf.getvalue()
