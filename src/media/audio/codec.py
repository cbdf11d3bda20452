"""Decoding and encoding through ffmpeg (from imageio-ffmpeg, looked up only when first needed): any file
ffmpeg reads to float32, WAV, MP3 and any codec ffmpeg writes."""
from __future__ import annotations

import functools
import subprocess
import wave
from pathlib import Path
from typing import Sequence

import numpy as np

from media.audio.signal import SR
from media.errors import EngineError
from media.files import atomic_path


# ---- ffmpeg ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary bundled by imageio-ffmpeg (EngineError with the fix if missing)."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable ffmpeg
        raise EngineError(f"ffmpeg is not available ({exc}); reinstall with `pip install -e .` "
                          "(it comes with the imageio-ffmpeg package)") from None


def run_ffmpeg(args: list[str], data: bytes | None = None, what: str = "ffmpeg") -> bytes:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise EngineError(f"{what}: cannot run ffmpeg: {exc.strerror}") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"{what}: ffmpeg failed: {err[-1] if err else 'exit ' + str(proc.returncode)}")
    return proc.stdout


# ---- reading and writing -----------------------------------------------------------------------

def load(path: Path | str, sr: int = SR) -> np.ndarray:
    """Decode any audio file ffmpeg reads to mono float32 at `sr`. 16-bit mono WAVs at `sr` are read directly."""
    path = Path(path)
    try:
        x, file_sr = read_wav(path)
        if file_sr == sr:
            return x
    except (wave.Error, EOFError, ValueError, OSError):
        pass
    if not path.is_file():
        raise EngineError(f"{path}: audio file not found")
    raw = run_ffmpeg(["-i", str(path), "-vn", "-ac", "1", "-ar", str(sr), "-f", "f32le", "pipe:1"],
                      what=f"decoding {path.name}")
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def probe(path: Path | str, sr: int = 8000, timeout_s: float = 120.0) -> tuple[float, float]:
    """Decode a file's first audio stream for real (mono, `sr`, cheap): (seconds of audio, peak 0..1).
    ValueError (a message without the path) when it holds no audio ffmpeg can decode; EngineError when
    ffmpeg itself is missing."""
    path = Path(path)
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path), "-map", "0:a:0",
           "-vn", "-ac", "1", "-ar", str(sr), "-f", "s16le", "pipe:1"]
    try:
        proc = subprocess.run(cmd, capture_output=True, check=False, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise ValueError(f"decoding took more than {timeout_s:.0f} s") from None
    except OSError as exc:
        raise EngineError(f"cannot run ffmpeg: {exc.strerror}") from None
    if proc.returncode != 0:
        lines = [ln.replace(str(path), "").strip(" :") for ln in proc.stderr.decode("utf-8", "replace").splitlines()]
        lines = [ln for ln in lines if ln]
        if any("matches no streams" in ln for ln in lines):
            raise ValueError("it has no audio stream")
        raise ValueError(lines[-1][:160] if lines else f"ffmpeg exit {proc.returncode}")
    x = np.frombuffer(proc.stdout[: len(proc.stdout) // 2 * 2], dtype="<i2")
    peak = float(np.abs(x).max()) / 32768.0 if len(x) else 0.0
    return len(x) / sr, peak


def decode_bytes(data: bytes, sr: int = SR, what: str = "audio", extra: Sequence[str] = ()) -> np.ndarray:
    """Decode an encoded stream (mp3, ogg, wav ...) held in memory to mono float32 at `sr`.

    `extra`: more ffmpeg output options, e.g. ["-af", "atempo=1.1"].
    """
    raw = run_ffmpeg(["-i", "pipe:0", "-vn", *extra, "-ac", "1", "-ar", str(sr), "-f", "f32le", "pipe:1"],
                      data, what)
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def read_wav(path: Path | str) -> tuple[np.ndarray, int]:
    """Read a 16-bit PCM mono WAV (as written by `write_wav`) -> (float32 samples, sample rate)."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError("not 16-bit mono PCM")
        frames = w.readframes(w.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0, w.getframerate()


def to_int16(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")


def write_wav(path: Path | str, x: np.ndarray, sr: int = SR) -> Path:
    """Write mono 16-bit PCM, atomically (never a half-written file at `path`)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sr)
            w.writeframes(to_int16(x).tobytes())
    return path


def encode(x: np.ndarray, path: Path | str, codec_args: Sequence[str], sr: int = SR) -> Path:
    """Encode mono float32 samples with ffmpeg (`codec_args`, e.g. ["-c:a", "aac", "-b:a", "128k"]), atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        run_ffmpeg(["-f", "f32le", "-ar", str(sr), "-ac", "1", "-i", "pipe:0", *codec_args, "-y", str(tmp)],
                    np.ascontiguousarray(x, dtype="<f4").tobytes(), f"encoding {path.name}")
    return path


def encode_mp3(x: np.ndarray, path: Path | str, bitrate_kbps: int = 96, sr: int = SR, quality: int = 7) -> Path:
    """MP3, constant bit rate, mono, `sr`, no tags (add them with mutagen afterwards).

    `quality` is LAME's -q (0 best and slowest .. 9): 7 encodes about twice as fast as the default,
    a difference no listener hears in speech at 96 kbps.
    """
    return encode(x, path, ["-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", str(quality),
                            "-ar", str(sr), "-ac", "1",
                            "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0",
                            "-f", "mp3"], sr)
