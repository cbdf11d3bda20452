"""The ffmpeg end of the pipe: raw YUV 4:2:0 frames in, H.264 High + AAC 48 kHz MP4 with chapters out.

x264 is tuned for graphics: `-tune stillimage` keeps text edges sharp (light deblocking), and the
lookahead is short with one B-frame and one reference, because a motion-graphic film is mostly holds
and short reveals: measured on our frames this halves x264's CPU per frame for a ~15% larger file
(see benchmarks/bench_video.py). A keyframe every 2 s so players can seek, CRF 20, and `+faststart`
so the moov atom precedes mdat (playback starts before the download ends). The stream is tagged BT.709 limited range, which is what the
compositor produces.
"""
from __future__ import annotations


import subprocess
from dataclasses import dataclass
from pathlib import Path

from media.audio import ffmpeg_exe
from media.errors import EngineError, Location, Problem

F_SETPIPE_SZ = 1031  # Linux fcntl: a bigger pipe lets Python compose while x264 reads


@dataclass(frozen=True)
class EncodeSettings:
    width: int
    height: int
    fps: int
    preset: str = "veryfast"
    crf: int = 20
    tune: str = "stillimage"
    x264_params: str = "rc-lookahead=10:mbtree=0:bframes=1:ref=1:subme=1:trellis=0:colorprim=bt709:transfer=bt709:colormatrix=bt709"
    keyint_s: float = 2.0
    audio_bitrate: str = "160k"


def command(s: EncodeSettings, out: Path, audio: Path | None, metadata: Path | None) -> list[str]:
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
           "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{s.width}x{s.height}", "-r", str(s.fps),
           "-thread_queue_size", "8", "-i", "pipe:0"]
    if audio is not None:
        cmd += ["-i", str(audio)]
    if metadata is not None:
        cmd += ["-f", "ffmetadata", "-i", str(metadata)]
    cmd += ["-map", "0:v"]
    if audio is not None:
        cmd += ["-map", "1:a", "-c:a", "aac", "-b:a", s.audio_bitrate, "-ar", "48000"]
    if metadata is not None:
        idx = 2 if audio is not None else 1
        cmd += ["-map_metadata", str(idx), "-map_chapters", str(idx)]
    cmd += ["-c:v", "libx264", "-preset", s.preset, "-tune", s.tune, "-crf", str(s.crf),
            *(["-x264-params", s.x264_params] if s.x264_params else []),
            "-profile:v", "high", "-pix_fmt", "yuv420p",
            "-g", str(int(round(s.keyint_s * s.fps))), "-keyint_min", str(s.fps // 2),
            "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv",
            # +faststart only for a final file: an intermediate (muxed with audio later) skips the rewrite
            *(["-movflags", "+faststart"] if audio is not None else []), "-f", "mp4", str(out)]
    return cmd


class Encoder:
    """Context manager: `write(frame_buffer)` per frame; the MP4 is complete when the block exits."""

    def __init__(self, settings: EncodeSettings, out: Path, audio: Path | None = None, metadata: Path | None = None):
        self.settings = settings
        self.cmd = command(settings, out, audio, metadata)
        self.proc: subprocess.Popen | None = None
        self.frames = 0

    def __enter__(self) -> "Encoder":
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            import fcntl

            fcntl.fcntl(self.proc.stdin.fileno(), F_SETPIPE_SZ, 1 << 20)
        except (ImportError, OSError):
            pass
        return self

    def write(self, buf) -> None:
        try:
            self.proc.stdin.write(memoryview(buf))
        except BrokenPipeError:
            self._fail()
        self.frames += 1

    def _fail(self) -> None:
        err = self.proc.stderr.read().decode("utf-8", "replace").strip() if self.proc.stderr else ""
        self.proc.kill()
        raise EngineError(problems=[Problem(Location("ffmpeg"), f"video encoding failed: {err[-400:] or 'no message'}")])

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.proc is None:
            return
        if exc_type is not None:
            self.proc.kill()
            self.proc.wait()
            return
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        err = self.proc.stderr.read().decode("utf-8", "replace").strip()
        if self.proc.wait() != 0:
            raise EngineError(problems=[Problem(Location("ffmpeg"), f"video encoding failed: {err[-400:] or 'no message'}")])


def write_ffmetadata(path: Path, title: str, chapters: list[tuple[str, float, float]]) -> Path:
    """ffmpeg's metadata file: a title and one [CHAPTER] per (title, start_s, end_s), in milliseconds."""

    def esc(s: str) -> str:
        for ch in ("\\", "=", ";", "#", "\n"):
            s = s.replace(ch, "\\" + ch)
        return s

    lines = [";FFMETADATA1", f"title={esc(title)}"]
    for name, start_s, end_s in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={int(round(start_s * 1000))}",
                  f"END={int(round(end_s * 1000))}", f"title={esc(name)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path




def mux(video: Path, audio: Path, metadata: Path | None, out: Path, audio_bitrate: str = "160k") -> None:
    """Add the soundtrack (AAC 48 kHz) and chapters to an encoded video; the video stream is copied."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(video), "-i", str(audio)]
    if metadata is not None:
        cmd += ["-f", "ffmetadata", "-i", str(metadata), "-map_metadata", "2", "-map_chapters", "2"]
    cmd += ["-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", audio_bitrate, "-ar", "48000",
            "-movflags", "+faststart", "-f", "mp4", str(out)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise EngineError(problems=[Problem(Location("ffmpeg"), f"muxing audio and chapters failed: {err[-400:]}")])
