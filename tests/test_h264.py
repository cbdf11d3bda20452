"""The sparse H.264 encode: held frames written as all-skip P pictures must decode to exactly the last
coded picture, keyframes land where asked, and the stream is valid under ffmpeg's strictest checks."""
from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.errors import EngineError
from media.video import h264
from media.video.encoder import EncodeSettings, Encoder, command

W, H = 176, 100  # not a multiple of 16: the SPS crops, the skip run covers the coded 11 x 7 macroblocks


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _decode(path: Path, decoder: str = "h264") -> np.ndarray:
    r = subprocess.run([_ffmpeg(), "-hide_banner", "-loglevel", "error", "-xerror", "-err_detect", "explode+bitstream",
                        "-f", "h264", "-c:v", decoder, "-i", str(path), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
                       capture_output=True)
    assert r.returncode == 0 and not r.stderr, r.stderr.decode()
    return np.frombuffer(r.stdout, np.uint8).reshape(-1, W * H * 3 // 2)


def _frames(n: int, seed: int = 3) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:H, 0:W]
    luma = (16 + (xx + 2 * yy) % 200).astype(np.uint8)
    base = np.concatenate([luma.ravel(), rng.integers(100, 156, W * H // 2, dtype=np.uint8) // 8 * 8])
    out = []
    for i in range(n):
        f = base.copy()
        f[(i * 331) % (W * H // 2):][: W * 6] = (i * 37) % 220 + 16  # a band that moves and changes colour
        out.append(f)
    return out


def _encode(tmp_path: Path, schedule: list[bool], keyframes: list[int]) -> tuple[Path, dict]:
    frames = iter(_frames(sum(schedule)))
    out = tmp_path / "video.h264"
    with Encoder(EncodeSettings(W, H, 30), out, keyframes) as enc:
        for code in schedule:
            if code:
                enc.write(next(frames))
            else:
                enc.hold()
    assert not enc.coded_path.exists()
    return out, enc.stats


def _schedule(n_coded: int, seed: int = 5) -> list[bool]:
    rng = np.random.default_rng(seed)
    s: list[bool] = []
    for _ in range(n_coded):
        s += [True] + [False] * int(rng.integers(0, 40))  # holds long enough to wrap frame_num (mod 16)
    return s


def test_held_frames_decode_to_the_last_coded_frame(tmp_path):
    schedule = _schedule(30)
    out, stats = _encode(tmp_path, schedule, [0, 10, 20])
    assert stats == {"coded": 30, "skipped": len(schedule) - 30}
    decoded = _decode(out)
    assert len(decoded) == len(schedule)
    # x264's own stream of the coded pictures, decoded: every frame must equal the one coded at or before it.
    coded_only = tmp_path / "coded.h264"
    cmd = command(EncodeSettings(W, H, 30), coded_only, [0, 10, 20])
    subprocess.run(cmd, input=b"".join(f.tobytes() for f in _frames(30)), check=True)
    reference = _decode(coded_only)
    assert len(reference) == 30
    j = -1
    for i, code in enumerate(schedule):
        j += code
        assert np.array_equal(decoded[i], reference[j]), f"frame {i} differs from coded frame {j}"
    # and the encode is faithful: each coded frame is close to its source (lossy, CRF 20)
    src = _frames(30)
    assert max(float(np.mean(np.abs(reference[k].astype(int) - src[k]))) for k in range(30)) < 6


def test_an_independent_decoder_agrees(tmp_path):
    """Cisco's OpenH264 (a separate implementation of the standard) decodes the spliced stream to the
    same pictures as ffmpeg's own decoder."""
    if "libopenh264" not in subprocess.run([_ffmpeg(), "-hide_banner", "-decoders"], capture_output=True,
                                           text=True).stdout:
        pytest.skip("this ffmpeg has no OpenH264 decoder")
    schedule = _schedule(12, seed=11)
    out, _ = _encode(tmp_path, schedule, [0, 6])
    ours, theirs = _decode(out), _decode(out, "libopenh264")
    assert ours.shape == theirs.shape == (len(schedule), W * H * 3 // 2)
    assert np.array_equal(ours, theirs)


def test_keyframes_where_asked(tmp_path):
    schedule = _schedule(24, seed=9)
    out, _ = _encode(tmp_path, schedule, [0, 7, 15])
    aus = h264.access_units(out.read_bytes())
    coded_idx = [k for k, c in enumerate(schedule) if c]
    idr = [i for i, au in enumerate(aus) if any(n[0] & 0x1F == h264.NAL_IDR for n in au)]
    assert idr == [coded_idx[0], coded_idx[7], coded_idx[15]]


def test_skip_slice_bits():
    """Hand-checked: P slice, frame_num 5 (4 bits), one reference, deblocking off, 77 macroblocks skipped."""
    sp = h264.Splicer()
    sp.params = h264.Params(log2_max_frame_num=4, mbs=77, pps_id=0, deblocking_control=True)
    sp.next_frame_num = 5
    nals = sp.skip_access_unit()
    assert len(nals) == 1 and nals[0][0] == 0x41  # nal_ref_idc 2, type 1 (no AUD seen yet)
    r = h264.BitReader(h264.unescape(nals[0][1:]))
    assert [r.ue(), r.ue(), r.ue(), r.u(4)] == [0, 5, 0, 5]
    assert [r.u(1), r.ue(), r.u(1), r.u(1), r.se(), r.ue(), r.ue()] == [1, 0, 0, 0, 0, 1, 77]
    assert r.u(1) == 1  # the stop bit


def test_emulation_prevention_round_trip():
    rng = np.random.default_rng(0)
    for _ in range(200):
        raw = bytes(rng.choice([0, 0, 0, 1, 2, 3, 4, 255], size=int(rng.integers(1, 40))).astype(np.uint8))
        if raw.endswith(b"\x00"):
            raw += b"\x80"
        esc = h264.escape(raw)
        assert b"\x00\x00\x00" not in esc and b"\x00\x00\x01" not in esc and b"\x00\x00\x02" not in esc
        assert h264.unescape(esc) == raw


def test_streams_the_splice_cannot_take_are_refused(tmp_path):
    """CABAC or B-frames would make skip pictures wrong: refused with a message, never spliced."""
    src = tmp_path / "cabac.h264"
    frames = _frames(3)
    cmd = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p",
           "-s", f"{W}x{H}", "-r", "30", "-i", "pipe:0", "-c:v", "libx264", "-preset", "veryfast", "-f", "h264", str(src)]
    subprocess.run(cmd, input=b"".join(f.tobytes() for f in frames), check=True)
    with pytest.raises(EngineError, match="cannot splice held frames"):
        h264.splice(src, [True, False, True, True], tmp_path / "out.h264")
    with pytest.raises(EngineError, match="3 pictures for 2 frames"):
        h264.splice(src, [True, False, True], tmp_path / "out.h264")


@pytest.mark.parametrize("fps", [30, 25])
def test_muxed_mp4_is_constant_frame_rate(tmp_path, fps):
    """Every sample of the MP4's video track lasts exactly one frame (one stts entry): editors and
    MediaInfo call anything else variable frame rate. At 30 fps the raw demuxer's own timestamps
    would alternate between two durations."""
    from media import audio
    from media.video.encoder import mux
    from tests.test_video import _video_sample_tables

    schedule = _schedule(10, seed=2)
    frames = iter(_frames(10))
    video = tmp_path / "v.h264"
    with Encoder(EncodeSettings(W, H, fps), video, [0]) as enc:
        for code in schedule:
            if code:
                enc.write(next(frames))
            else:
                enc.hold()
    wav = tmp_path / "a.wav"
    audio.write_wav(wav, audio.silence(len(schedule) / fps))
    m4a = tmp_path / "a.m4a"
    from media.video.encoder import encode_aac

    encode_aac(wav, m4a)
    out = tmp_path / "v.mp4"
    mux(video, fps, m4a, None, out)
    durations, _ = _video_sample_tables(out)
    assert len(durations) == len(schedule) and len(set(durations)) == 1, sorted(set(durations))
