"""media.audio: loudness and true peak against independent meters, limiter, ducking, fades, music."""
from __future__ import annotations

import math

import numpy as np
import pytest

from media import audio

SR = audio.SR


def sine(freq, seconds, amp=0.5, phase=0.0):
    t = np.arange(int(seconds * SR)) / SR
    return (amp * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)


def speechlike(seconds=6.0, seed=1):
    """Noise bursts shaped like syllables with pauses: a stand-in for speech, peaky like speech."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    noise = rng.normal(size=n).astype(np.float32)
    from scipy.signal import butter, sosfilt

    noise = sosfilt(butter(4, [150, 4000], btype="band", fs=SR, output="sos"), noise).astype(np.float32)
    env = np.clip(np.sin(2 * np.pi * 3.5 * np.arange(n) / SR), 0, None) ** 2
    env *= (np.sin(2 * np.pi * 0.4 * np.arange(n) / SR) > -0.3)
    return (noise * env * 0.2).astype(np.float32)


def test_loudness_matches_pyloudnorm():
    pyln = pytest.importorskip("pyloudnorm")
    meter = pyln.Meter(SR)
    for x in (sine(997, 3.0, 0.5), speechlike(), audio.music_bed(8.0)):
        assert audio.loudness(x) == pytest.approx(meter.integrated_loudness(x.astype(np.float64)), abs=0.1)


def test_loudness_of_a_full_scale_sine_is_minus_3():
    assert audio.loudness(sine(997, 2.0, 1.0)) == pytest.approx(-3.01, abs=0.05)
    assert audio.loudness(np.zeros(SR * 2, np.float32)) <= -70


def test_true_peak_finds_inter_sample_peaks():
    # fs/4 sine with a 45 degree phase: every sample is at 0.707 of the true peak (-3 dB)
    x = sine(SR / 4, 0.5, 1.0, math.pi / 4)
    assert audio.peak_db(x) == pytest.approx(-3.01, abs=0.05)
    assert audio.true_peak_db(x) == pytest.approx(0.0, abs=0.2)


def test_true_peak_agrees_with_ffmpeg_ebur128(tmp_path):
    x = speechlike() * 3.0
    path = audio.write_wav(tmp_path / "x.wav", np.clip(x, -0.99, 0.99))
    ours = audio.true_peak_db(audio.load(path))
    assert ours == pytest.approx(ffmpeg_true_peak(path), abs=0.3)


def ffmpeg_true_peak(path) -> float:
    import re
    import subprocess

    out = subprocess.run([audio.ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-filter_complex",
                          "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    return float(re.findall(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", out)[-1])


def test_normalize_hits_target_and_ceiling():
    x = speechlike(8.0)
    y, lufs, tp = audio.normalize(x, -16.0, -1.5)
    assert lufs == pytest.approx(-16.0, abs=0.15)
    assert tp <= -1.5 + 0.01
    assert audio.loudness(y) == pytest.approx(lufs, abs=0.01)
    # a signal needing 6 dB of limiting still ends under the ceiling
    loud, _, tp2 = audio.normalize(x, -9.0, -1.0)
    assert tp2 <= -1.0 + 0.01 and audio.true_peak_db(loud) <= -0.99


def test_limiter_changes_nothing_below_the_ceiling_and_has_no_steps():
    x = sine(440, 1.0, 0.1)
    assert np.array_equal(audio.limit_true_peak(x, -1.0), x)
    burst = np.concatenate([sine(440, 0.5, 0.2), sine(440, 0.05, 1.0), sine(440, 0.5, 0.2)])
    y = audio.limit_true_peak(burst, -6.0)
    assert audio.true_peak_db(y) <= -6.0 + 0.01
    gain = np.abs(y) / np.maximum(np.abs(burst), 1e-9)
    mask = np.abs(burst) > 0.05
    assert np.max(np.abs(np.diff(gain[mask]))) < 0.02  # smooth gain, no clicks
    assert np.allclose(y[:1000], burst[:1000])  # far from the burst: untouched


def test_duck_lowers_bed_under_speech_only():
    bed = np.full(SR * 10, 0.1, np.float32)
    ducked = audio.duck(bed, intervals=[(3.0, 6.0)], depth_db=-12.0)
    assert audio.gain_to_db(ducked[int(4.5 * SR)] / 0.1) == pytest.approx(-12.0, abs=0.3)
    assert ducked[int(1.0 * SR)] == pytest.approx(0.1, rel=1e-3)
    assert ducked[int(9.5 * SR)] == pytest.approx(0.1, rel=0.02)
    assert ducked[int(2.95 * SR)] < 0.09  # starts dipping before speech (look-ahead)
    steps = np.abs(np.diff(ducked))
    assert steps.max() < 0.001  # gain moves smoothly
    side = np.zeros(SR * 10, np.float32)
    side[3 * SR: 6 * SR] = sine(300, 3.0, 0.3)
    by_sidechain = audio.duck(bed, sidechain=side, depth_db=-12.0)
    assert audio.gain_to_db(by_sidechain[int(4.5 * SR)] / 0.1) == pytest.approx(-12.0, abs=0.5)


def test_fades_and_crossfades_are_click_free():
    x = sine(440, 0.5, 0.8)
    faded = audio.fade(x, 0.01, 0.01)
    assert abs(faded[0]) < 1e-4 and abs(faded[-1]) < 1e-3
    a, b = sine(300, 1.0, 0.5), sine(500, 1.0, 0.5)
    joined = audio.crossfade(a, b, 0.2)
    assert len(joined) == len(a) + len(b) - int(0.2 * SR)
    assert np.max(np.abs(np.diff(joined))) < 0.05


def test_trim_and_silence_detection():
    x = np.concatenate([np.zeros(SR), sine(300, 0.5, 0.5), np.zeros(SR)])
    t = audio.trim_silence(x)
    assert 0.5 <= len(t) / SR < 0.6
    assert audio.is_silent(np.zeros(SR, np.float32))
    assert audio.is_silent(sine(300, 0.5, 0.001))
    assert not audio.is_silent(t)


def test_generated_music_is_quiet_and_clean():
    intro, outro, bed = audio.jingle("intro"), audio.jingle("outro"), audio.music_bed(20.0)
    for x in (intro, outro, bed):
        assert audio.true_peak_db(x) < -3.0
        assert abs(x[0]) < 1e-3 and abs(x[-1]) < 1e-2  # starts and ends at silence
    assert audio.loudness(bed) == pytest.approx(-30.0, abs=1.0)
    assert 4.0 <= len(intro) / SR <= 6.0
    # the loop is seamless: no jump where the 16 s loop repeats
    long = audio.music_bed(40.0)
    assert np.max(np.abs(np.diff(long[int(2.5 * SR): int(37 * SR)]))) < 0.01


def test_wav_and_mp3_round_trip(tmp_path):
    x = sine(440, 1.0, 0.5)
    w = audio.write_wav(tmp_path / "a.wav", x)
    assert np.max(np.abs(audio.load(w) - x)) < 1e-4
    m = audio.encode_mp3(x, tmp_path / "a.mp3", 64)
    y = audio.load(m)
    assert abs(len(y) - len(x)) < 1200
    with pytest.raises(audio.EngineError, match="ffmpeg failed"):
        audio.decode_bytes(b"not audio at all")
