"""Shared audio helpers: decode/encode through ffmpeg, loudness, limiting, ducking, mixing, music.

Every function works on mono float32 numpy arrays at `SR` (44.1 kHz) unless told otherwise, so
builders combine them freely. The podcast builder uses all of it; the video builder reuses it for
its soundtrack:

    from media import audio
    voice = audio.load(speech.path)                        # any file ffmpeg reads -> float32 @ 44.1 kHz
    track = audio.silence(total_s)
    audio.place(track, voice, at_s=2.0)                    # mix a clip in at an offset (in place)
    bed = audio.music_bed(total_s)                         # code-generated soft pad, seamless loop
    bed = audio.duck(bed, intervals=[(2.0, 2.0 + speech.duration_s)])   # or sidechain=track
    track = audio.mix([track, bed])
    track, lufs, tp = audio.normalize(track, target_lufs=-16.0, ceiling_dbtp=-1.5)
    audio.write_wav(path, track)                           # 16-bit PCM, atomic
    audio.encode_mp3(track, path, bitrate_kbps=96)         # or encode(track, path, ["-c:a", "aac"])

Loudness is ITU-R BS.1770-4 / EBU R128 integrated loudness (K-weighting, 400 ms blocks, absolute
and relative gates); true peak is measured on a 4x oversampled signal. ffmpeg comes from
`imageio_ffmpeg` and is looked up only when first needed, never at import time.

The package holds `signal` (basic operations), `codec` (ffmpeg decode and encode), `loudness` (loudness,
true peak, limiter, normalisation) and `mixing` (ducking, generated music); every name is here too.
"""
from __future__ import annotations

from media.audio.codec import (decode_bytes, run_ffmpeg, encode, encode_mp3, ffmpeg_exe, load, probe, read_wav, to_int16,
                               write_wav)
from media.audio.loudness import level_to, limit_true_peak, loudness, normalize, true_peak_db
from media.audio.mixing import duck, jingle, music_bed
from media.audio.signal import (SR, concat, crossfade, db_to_gain, duration, fade, gain_to_db, is_silent, mix,
                                peak_db, place, resample, rms_db, silence, trim_silence)
from media.errors import EngineError

__all__ = ["SR", "EngineError", "concat", "crossfade", "db_to_gain", "decode_bytes", "duck", "duration",
           "encode", "encode_mp3", "fade", "ffmpeg_exe", "gain_to_db", "is_silent", "jingle", "level_to",
           "limit_true_peak", "load", "loudness", "mix", "music_bed", "normalize", "peak_db", "place", "probe",
           "read_wav", "resample", "run_ffmpeg", "rms_db", "silence", "to_int16", "trim_silence", "true_peak_db", "write_wav"]
