"""The ffmpeg end of the pipe: raw YUV 4:2:0 frames in, H.264 High out; then AAC 48 kHz and chapters.

Only frames that change reach x264. The caller says which frames are held, and `media.video.h264`
writes each held frame as an all-skip P picture, so the stream stays constant frame rate while a hold
costs no encoding at all (x264 needs about 10 ms of CPU for a 1080p frame even when nothing changed).
That splice needs x264 without B-frames or CABAC, with one reference and no weighted prediction
(CAVLC costs a few percent of bitrate on flat graphics and is itself cheaper to encode).

x264 is tuned for graphics: `-tune stillimage` keeps text edges sharp (light deblocking), subpixel
refinement and trellis are minimal because the pictures are flat colour and text. Keyframes are
chosen by the caller (each scene's first frame and at least every 2 s, so players seek quickly), CRF 20.
The stream is tagged BT.709 limited range, which is what the compositor produces. The final MP4 gets
`+faststart`, so the moov atom precedes mdat (playback starts before the download ends).
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from media.audio import ffmpeg_exe
from media.errors import EngineError, Location, Problem
from media.video.h264 import splice

F_SETPIPE_SZ = 1031  # Linux fcntl: a bigger pipe lets Python compose while x264 reads


@dataclass(frozen=True)
class EncodeSettings:
    width: int
    height: int
    fps: int
    preset: str = "veryfast"
    crf: int = 20
    tune: str = "stillimage"
    x264_params: str = ("bframes=0:cabac=0:weightp=0:ref=1:keyint=infinite:scenecut=0:aud=1:rc-lookahead=10:"
                        "mbtree=0:subme=1:trellis=0:colorprim=bt709:transfer=bt709:colormatrix=bt709")
    keyint_s: float = 2.0
    audio_bitrate: str = "160k"


def command(s: EncodeSettings, out: Path, keyframes: list[int]) -> list[str]:
    """ffmpeg reading coded frames at `fps` from stdin and writing an Annex B H.264 stream to `out`.
    `keyframes` are indexes among the frames sent (not among the film's frames)."""
    times = ",".join(f"{max(0.0, (i - 0.5) / s.fps):.4f}" for i in keyframes)
    return [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{s.width}x{s.height}", "-r", str(s.fps),
            "-thread_queue_size", "8", "-i", "pipe:0",
            "-c:v", "libx264", "-preset", s.preset, "-tune", s.tune, "-crf", str(s.crf),
            "-x264-params", s.x264_params, "-forced-idr", "1", *(["-force_key_frames", times] if times else []),
            "-profile:v", "high", "-pix_fmt", "yuv420p",
            "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv",
            "-f", "h264", str(out)]


class Encoder:
    """Context manager: `write(frame_buffer)` for a frame that changed, `hold()` for one that did not.
    When the block exits, `out` holds the constant-rate H.264 stream (Annex B) with every frame."""

    def __init__(self, settings: EncodeSettings, out: Path, keyframes: list[int]):
        self.settings = settings
        self.out = out
        self.coded_path = out.with_name(out.stem + "-coded.h264")
        self.cmd = command(settings, self.coded_path, keyframes)
        self.proc: subprocess.Popen | None = None
        self.schedule: list[bool] = []
        self.stats: dict = {}

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
        self.schedule.append(True)

    def hold(self) -> None:
        if not self.schedule:
            raise ValueError("the first frame cannot be a hold")
        self.schedule.append(False)

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

        self.stats = splice(self.coded_path, self.schedule, self.out)
        self.coded_path.unlink()


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




def encode_aac(wav: Path, out: Path, bitrate: str = "160k") -> None:
    """The soundtrack as AAC-LC 48 kHz in an M4A, ready to be copied into the MP4."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav),
           # the fast coder: a third of the default (twoloop) coder's CPU, about 2 s less for a 150 s film,
           # and at 160 kbit/s for one channel nothing a listener can tell
           "-c:a", "aac", "-aac_coder", "fast", "-b:a", bitrate, "-ar", "48000", "-f", "mp4", str(out)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise EngineError(problems=[Problem(Location("ffmpeg"), f"encoding the soundtrack failed: {err[-400:]}")])


def encode_pcm(wav: Path, out: Path, codec: str = "pcm_s24le", channels: int = 2) -> None:
    """The soundtrack as PCM 48 kHz in a MOV (a mezzanine: no lossy generation, so the loudness measured
    is the loudness delivered), the mono mix on `channels` equal channels (no -3 dB pan law)."""
    layout = {1: "mono", 2: "stereo"}[channels]
    pan = f"pan={layout}|" + "|".join(f"c{i}=c0" for i in range(channels))
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav),
           "-af", pan, "-c:a", codec, "-ar", "48000", "-map_metadata", "-1", "-fflags", "+bitexact",
           "-f", "mov", str(out)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise EngineError(problems=[Problem(Location("ffmpeg"), f"encoding the soundtrack failed: {err[-400:]}")])


ISO639_2 = {"fa": "fas", "en": "eng"}  # the MP4 track language (players show it in their audio menu)


def mux(video: Path, fps: int, audio: Path, metadata: Path | None, out: Path, lang: str | None = None,
        container: str = "mp4") -> None:
    """MP4 (or MOV) from an Annex B H.264 stream at `fps`, the encoded soundtrack and chapters; both streams
    are copied."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
           "-f", "h264", "-framerate", str(fps), "-i", str(video), "-i", str(audio)]
    if metadata is not None:
        cmd += ["-f", "ffmetadata", "-i", str(metadata), "-map_metadata", "2", "-map_chapters", "2"]
    # The raw H.264 demuxer's timestamps drift by a tick every other frame (1/1200000 s units), which
    # the MP4 would record as two sample durations, i.e. variable frame rate. Frame n gets exactly n/fps.
    cmd += ["-map", "0:v", "-map", "1:a", "-c", "copy",
            "-bsf:v", f"setts=ts=N/({fps}*TB):duration=1/({fps}*TB)", "-video_track_timescale", str(fps * 512),
            *(arg for k in ("v:0", "a:0") if lang in ISO639_2
              for arg in (f"-metadata:s:{k}", f"language={ISO639_2[lang]}")),
            # Interleave strictly by timestamp: otherwise the chunk layout depends on which of ffmpeg's
            # demuxer threads delivers first, and the same film gets different bytes under load.
            "-max_interleave_delta", "0",
            "-movflags", "+faststart", "-f", container, str(out)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise EngineError(problems=[Problem(Location("ffmpeg"), f"muxing audio and chapters failed: {err[-400:]}")])
