"""Generated footage for the documentary tests: clips made by ffmpeg (`testsrc2`, a tone or a chirp), never
committed. Small (320x180, 2-3 s) so a test costs well under a second of encoding."""
from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

MARKER = (255, 255, 255)  # the subject the site clip's focus point names: a white square (testsrc2 has no white)
MARKER_AT = (0.8, 0.5)  # its centre, as fractions of the picture
MARKER_PX = 24


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def run(*args: str) -> None:
    subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args], check=True,
                   timeout=60)


def clip(path: Path, *, size: str = "320x180", fps: int = 30, seconds: float = 3.0, sound: str | None = "tone",
         marker: bool = False, extra: tuple[str, ...] = ()) -> Path:
    """testsrc2 with a sound: `tone` (440 Hz), `chirp` (a gliding, pulsing tone: correlates with itself only
    where aligned), or None."""
    w, h = (int(v) for v in size.split("x"))
    vf = []
    if marker:
        x, y = int(MARKER_AT[0] * w - MARKER_PX / 2), int(MARKER_AT[1] * h - MARKER_PX / 2)
        vf = ["-vf", f"drawbox=x={x}:y={y}:w={MARKER_PX}:h={MARKER_PX}:color=0xFFFFFF:t=fill"]
    inputs = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
    maps = ["-map", "0:v"]
    if sound == "tone":
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    elif sound == "chirp":
        inputs += ["-f", "lavfi", "-i",
                   f"aevalsrc=0.5*sin(2*PI*(180*t+90*t*t))*(0.6+0.4*sin(2*PI*3*t)):s=48000:d={seconds}"]
    if sound:
        maps += ["-map", "1:a", "-c:a", "aac", "-b:a", "128k"]
    run(*inputs, *vf, *maps, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10",
        *extra, str(path))
    return path


def make_media(folder: Path) -> None:
    """footage/site.mp4 (30 fps, a tone, the marker at the focus point), footage/interview.mp4 (25 fps: the
    film resamples it, a chirp), footage/photo.png."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    clip(folder / "site.mp4", marker=True)
    clip(folder / "interview.mp4", fps=25, sound="chirp")
    gx, gy = np.meshgrid(np.linspace(0, 255, 320), np.linspace(0, 255, 180))
    Image.fromarray(np.dstack([gx, gy, 255 - gx]).astype(np.uint8)).save(folder / "photo.png")


def frames(path: Path, times_s: list[float], size: tuple[int, int]) -> list[np.ndarray]:
    """RGB pictures of a video at these times (accurate seek), as uint8 arrays."""
    out = []
    w, h = size
    for t in times_s:
        raw = subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", f"{t:.4f}",
                              "-i", str(path), "-frames:v", "1", "-vf", f"scale={w}:{h}", "-f", "rawvideo",
                              "-pix_fmt", "rgb24", "pipe:1"], capture_output=True, check=True, timeout=60).stdout
        out.append(np.frombuffer(raw, np.uint8).reshape(h, w, 3))
    return out


def sound(path: Path, start_s: float, seconds: float, sr: int = 16000) -> np.ndarray:
    raw = subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", f"{start_s:.4f}",
                          "-i", str(path), "-t", f"{seconds:.4f}", "-vn", "-ac", "1", "-ar", str(sr), "-f", "f32le",
                          "pipe:1"], capture_output=True, check=True, timeout=60).stdout
    return np.frombuffer(raw, "<f4")


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two grey pictures (Wang et al. 2004: Gaussian window sigma 1.5, K1 0.01, K2 0.03)."""
    from scipy.ndimage import gaussian_filter

    x, y = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = gaussian_filter(x, 1.5), gaussian_filter(y, 1.5)
    sxx = gaussian_filter(x * x, 1.5) - mx * mx
    syy = gaussian_filter(y * y, 1.5) - my * my
    sxy = gaussian_filter(x * y, 1.5) - mx * my
    s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(s.mean())


def grey(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
