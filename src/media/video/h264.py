"""Constant-frame-rate H.264 from a sparse encode: x264 codes only the frames that change, and every
held frame becomes a P picture whose macroblocks are all skipped (a copy of the previous picture).

A motion-graphic film is mostly holds; x264 spends about 10 ms of CPU on a 1080p frame even when it is
identical to the last one. An all-skip P slice is a few bytes that we write ourselves, so a hold costs
nothing to encode, and the stream stays constant 30 fps, which players, editors and platforms expect.

What makes the splice valid (ITU-T H.264, sections 7.3 and 8.2):
- x264 runs with no B-frames, one reference frame, CAVLC and no weighted prediction, so decoding order
  is display order, the picture order count is derived from `frame_num` (type 2) and an all-skip slice
  is one `mb_skip_run`. These are checked on the stream's SPS/PPS, and anything else is refused.
- A skip picture is a reference picture, so `frame_num` counts it: every picture after it (up to the
  next IDR) gets its `frame_num` rewritten. The field has a fixed width, so only its bits change.
- A P_Skip macroblock with no coded neighbours predicts motion (0, 0) (8.4.1.1), and deblocking is
  disabled in the skip slice: the decoded picture is exactly the previous one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from media.errors import EngineError, Location, Problem

_START = re.compile(b"\x00\x00\x01")
_EPB = re.compile(b"\x00\x00\x03")
_NEEDS_EPB = re.compile(b"\x00\x00(?=[\x00-\x03])")

NAL_SLICE, NAL_IDR, NAL_SEI, NAL_SPS, NAL_PPS, NAL_AUD = 1, 5, 6, 7, 8, 9


def _fail(msg: str) -> EngineError:
    return EngineError(problems=[Problem(Location("x264"), f"cannot splice held frames: {msg}")])


def split_nals(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B byte stream (start codes and trailing zero bytes removed)."""
    starts = [m.end() for m in _START.finditer(data)]
    nals = []
    for i, s in enumerate(starts):
        end = starts[i + 1] - 3 if i + 1 < len(starts) else len(data)
        nal = data[s:end].rstrip(b"\x00")
        if nal:
            nals.append(nal)
    return nals


def unescape(payload: bytes) -> bytes:
    """Remove emulation-prevention bytes (00 00 03 -> 00 00)."""
    return _EPB.sub(b"\x00\x00", payload)


def escape(rbsp: bytes) -> bytes:
    """Insert emulation-prevention bytes wherever 00 00 is followed by 00..03."""
    return _NEEDS_EPB.sub(b"\x00\x00\x03", rbsp)


class BitReader:
    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def u(self, n: int) -> int:
        v = 0
        for _ in range(n):
            byte = self.data[self.pos >> 3]
            v = (v << 1) | ((byte >> (7 - (self.pos & 7))) & 1)
            self.pos += 1
        return v

    def ue(self) -> int:
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 31:
                raise _fail("malformed Exp-Golomb code")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        k = self.ue()
        return (k + 1) // 2 if k & 1 else -(k // 2)


class BitWriter:
    def __init__(self):
        self.bits: list[int] = []

    def u(self, n: int, v: int) -> "BitWriter":
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, v: int) -> "BitWriter":
        x = v + 1
        n = x.bit_length()
        return self.u(n - 1, 0).u(n, x)

    def se(self, v: int) -> "BitWriter":
        return self.ue(2 * v - 1 if v > 0 else -2 * v)

    def trailing(self) -> bytes:
        """rbsp_trailing_bits: a stop bit, then zeros to the byte boundary."""
        bits = self.bits + [1]
        bits += [0] * (-len(bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


@dataclass(frozen=True)
class Params:
    """What the splice needs from the SPS and PPS."""

    log2_max_frame_num: int
    mbs: int  # PicSizeInMbs
    pps_id: int
    deblocking_control: bool


def _parse_sps(rbsp: bytes) -> tuple[int, int, int]:
    r = BitReader(rbsp, 8)
    profile = r.u(8)
    r.u(16)  # constraint flags, level
    r.ue()  # seq_parameter_set_id
    if profile in (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
        chroma = r.ue()
        if chroma == 3:
            r.u(1)
        r.ue(), r.ue(), r.u(1)  # bit depths, qpprime_y_zero_transform_bypass
        if r.u(1):
            raise _fail("the SPS carries scaling matrices")
    log2_max_frame_num = r.ue() + 4
    poc_type = r.ue()
    if poc_type != 2:
        raise _fail(f"picture order count type {poc_type} (needs 2: no B-frames)")
    max_refs = r.ue()
    r.u(1)  # gaps_in_frame_num_value_allowed_flag
    width_mbs = r.ue() + 1
    height_units = r.ue() + 1
    if not r.u(1):
        raise _fail("interlaced coding")
    if max_refs < 1:
        raise _fail("no reference frames")
    return log2_max_frame_num, width_mbs * height_units, max_refs


def _parse_pps(rbsp: bytes) -> tuple[int, bool]:
    r = BitReader(rbsp, 8)
    pps_id = r.ue()
    r.ue()  # seq_parameter_set_id
    if r.u(1):
        raise _fail("CABAC entropy coding (needs cabac=0)")
    r.u(1)  # bottom_field_pic_order_in_frame_present_flag
    if r.ue() != 0:
        raise _fail("slice groups")
    r.ue(), r.ue()  # num_ref_idx_l0/l1_default_active_minus1
    if r.u(1):
        raise _fail("weighted prediction (needs weightp=0)")
    r.u(2)  # weighted_bipred_idc
    r.se(), r.se(), r.se()  # pic_init_qp/qs, chroma_qp_index_offset
    deblocking = bool(r.u(1))
    r.u(1)  # constrained_intra_pred_flag
    if r.u(1):
        raise _fail("redundant pictures")
    return pps_id, deblocking


class Splicer:
    """Turns x264's access units plus a hold schedule into a constant-rate Annex B stream."""

    def __init__(self):
        self.params: Params | None = None
        self.next_frame_num = 0
        self._skips: dict[int, bytes] = {}
        self.aud = False

    def _learn(self, nals: list[bytes]) -> None:
        sps = next((n for n in nals if n[0] & 0x1F == NAL_SPS), None)
        pps = next((n for n in nals if n[0] & 0x1F == NAL_PPS), None)
        if sps is None or pps is None:
            if self.params is None:
                raise _fail("the stream does not start with an SPS and a PPS")
            return
        log2_mfn, mbs, _ = _parse_sps(unescape(sps))
        pps_id, deblocking = _parse_pps(unescape(pps))
        self.params = Params(log2_mfn, mbs, pps_id, deblocking)
        self._skips.clear()

    def _skip_slice(self, frame_num: int) -> bytes:
        p = self.params
        w = BitWriter()
        w.ue(0).ue(5).ue(p.pps_id)  # first_mb_in_slice, slice_type P (all slices), pps id
        w.u(p.log2_max_frame_num, frame_num)
        w.u(1, 1).ue(0)  # num_ref_idx_active_override_flag: one reference
        w.u(1, 0)  # ref_pic_list_modification_flag_l0
        w.u(1, 0)  # adaptive_ref_pic_marking_mode_flag: sliding window
        w.se(0)  # slice_qp_delta
        if p.deblocking_control:
            w.ue(1)  # disable_deblocking_filter_idc
        w.ue(p.mbs)  # mb_skip_run: every macroblock
        return bytes([0x40 | NAL_SLICE]) + escape(w.trailing())  # nal_ref_idc 2

    def skip_access_unit(self) -> list[bytes]:
        fn = self.next_frame_num % (1 << self.params.log2_max_frame_num)
        if fn not in self._skips:
            self._skips[fn] = self._skip_slice(fn)
        self.next_frame_num += 1
        aud = [bytes([NAL_AUD, 0x30])] if self.aud else []  # primary_pic_type 1: I and P slices
        return aud + [self._skips[fn]]

    def coded_access_unit(self, nals: list[bytes]) -> list[bytes]:
        """An x264 access unit with its slices' frame_num set to follow the pictures before it."""
        if self.params is None or any(n[0] & 0x1F == NAL_SPS for n in nals):
            self._learn(nals)
        self.aud = self.aud or any(n[0] & 0x1F == NAL_AUD for n in nals)
        slices = [n for n in nals if n[0] & 0x1F in (NAL_SLICE, NAL_IDR)]
        if not slices:
            raise _fail("an access unit without a picture")
        ref = slices[0][0] >> 5 != 0
        if slices[0][0] & 0x1F == NAL_IDR:
            self.next_frame_num = 1
            return nals
        out = []
        fn = self.next_frame_num % (1 << self.params.log2_max_frame_num)
        for n in nals:
            if n[0] & 0x1F == NAL_SLICE:
                n = self._with_frame_num(n, fn)
            out.append(n)
        if ref:
            self.next_frame_num += 1
        return out

    def _with_frame_num(self, nal: bytes, fn: int) -> bytes:
        rbsp = bytearray(unescape(nal[1:]))
        r = BitReader(rbsp)
        r.ue(), r.ue()  # first_mb_in_slice, slice_type
        if r.ue() != self.params.pps_id:
            raise _fail("a slice refers to another PPS")
        pos, n = r.pos, self.params.log2_max_frame_num
        for i in range(n):
            bit = (fn >> (n - 1 - i)) & 1
            byte, shift = (pos + i) >> 3, 7 - ((pos + i) & 7)
            rbsp[byte] = (rbsp[byte] & ~(1 << shift)) | (bit << shift)
        return nal[:1] + escape(bytes(rbsp))


def access_units(data: bytes) -> list[list[bytes]]:
    """Group NAL units into access units: a new one starts at an AUD, or at the first slice after a slice
    when there is no AUD (x264 writes one slice per picture with frame threads)."""
    aus: list[list[bytes]] = []
    cur: list[bytes] = []
    seen_slice = False
    for nal in split_nals(data):
        t = nal[0] & 0x1F
        if t == NAL_AUD:
            starts = True
        elif t in (NAL_SLICE, NAL_IDR):
            starts = seen_slice and bool(nal[1] & 0x80)  # first_mb_in_slice == 0: a new picture
        else:
            starts = seen_slice and t in (NAL_SPS, NAL_PPS, NAL_SEI)
        if starts and cur:
            aus.append(cur)
            cur, seen_slice = [], False
        cur.append(nal)
        seen_slice = seen_slice or t in (NAL_SLICE, NAL_IDR)
    if cur:
        aus.append(cur)
    return aus


def splice(coded: Path, schedule: list[bool], out: Path) -> dict:
    """Write `out`: for each entry of `schedule`, the next coded picture (True) or a skip picture (False)."""
    aus = access_units(coded.read_bytes())
    need = sum(schedule)
    if len(aus) != need:
        raise _fail(f"x264 returned {len(aus)} pictures for {need} frames")
    sp = Splicer()
    it = iter(aus)
    skipped = 0
    with open(out, "wb") as fh:
        for coded_frame in schedule:
            if coded_frame:
                nals = sp.coded_access_unit(next(it))
            else:
                nals = sp.skip_access_unit()
                skipped += 1
            for n in nals:
                fh.write(b"\x00\x00\x00\x01" + n)
    return {"coded": need, "skipped": skipped}
