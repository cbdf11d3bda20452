"""An independent loudness reading of a finished file: ffmpeg's `ebur128` filter (libebur128's EBU R128
meter, true peak on), not our own BS.1770 code that set the level. What a broadcaster's QC reads."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from media.audio.codec import ffmpeg_exe
from media.errors import EngineError

_FRAME = re.compile(r"\bM:\s*(-?[\d.]+)\s+S:\s*(-?[\d.]+)")
_SUMMARY = {"integrated_lufs": r"I:\s*(-?[\d.]+) LUFS", "loudness_range_lu": r"LRA:\s*(-?[\d.]+) LU",
            "true_peak_dbtp": r"Peak:\s*(-?[\d.inf]+) dBFS"}


def measure(path: Path) -> dict:
    """Integrated loudness (LUFS), loudness range (LU), true peak (dBTP), and the maximum momentary and
    short-term loudness (LUFS) of the file's first audio stream, as ffmpeg's meter prints them."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-i", str(path), "-map", "0:a:0",
           "-af", "ebur128=peak=true:framelog=info", "-f", "null", "-"]
    try:
        proc = subprocess.run(cmd, capture_output=True, check=False)
    except OSError as exc:
        raise EngineError(f"measuring the loudness of {Path(path).name}: cannot run ffmpeg: {exc.strerror}") from None
    err = proc.stderr.decode("utf-8", "replace")
    summary = err.rsplit("Summary:", 1)
    if proc.returncode != 0 or len(summary) < 2:
        raise EngineError(f"measuring the loudness of {Path(path).name}: ffmpeg's ebur128 gave no summary")
    out: dict = {}
    for key, pattern in _SUMMARY.items():
        m = re.search(pattern, summary[1])
        if m is None:
            raise EngineError(f"measuring the loudness of {Path(path).name}: no {key} in ffmpeg's summary")
        out[key] = float(m.group(1))
    frames = [(float(a), float(b)) for a, b in _FRAME.findall(summary[0])]
    out["max_momentary_lufs"] = max((m for m, _ in frames), default=-120.7)
    out["max_short_term_lufs"] = max((s for _, s in frames), default=-120.7)
    return out
