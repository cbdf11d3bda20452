"""Human narration: spoken units with stable ids, recorded takes kept in the project, imported or recorded in the browser.

    from media.narration import units, with_recordings, unit_states

    units(sb, "fa")                  # [Unit]: each scene's narration (film), each podcast line with its speaker
    with_recordings(sb, ("fa",))     # the storyboard with every current take as its `audio`, stale takes warned
    unit_states(sb, "fa")            # [(Unit, state, sidecar)]: state is missing, recorded or stale

Takes live in the project folder (`recordings/<storyboard>/<lang>/<unit>.flac` + `<unit>.json`, the
sidecar with the sha256 of the text the take reads and its facts); every earlier take and every
original upload is kept under `recordings/<storyboard>/<lang>/takes/<unit>/`.
"""
from __future__ import annotations

from media.narration.store import (RECORDINGS, current_take, save_take, take_folder, unit_states, watch_paths,
                                   with_recordings)
from media.narration.units import Unit, find_unit, units

__all__ = ["RECORDINGS", "Unit", "current_take", "find_unit", "save_take", "take_folder", "unit_states", "units",
           "watch_paths", "with_recordings"]
