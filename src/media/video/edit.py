"""A film as an editing project: an OpenTimelineIO timeline of its scene clips, narration stems, music bed and
chapter markers, and from it a Kdenlive project and a Final Cut Pro 7 XML through the OTIO adapters, mended
where they do not hold (issue 23):

- `otio-kdenlive-adapter` 0.0.3 writes a fixed 1920x1080 profile, a background track without a length (melt
  renders 600 s of black after the film) and no audio mix between tracks (only one track would be heard):
  the profile is set to the film's size and rate, the background ends where the film ends, and every track
  is mixed into the background track (`mix` transitions, as Kdenlive itself writes them);
- `otio-fcp-adapter` 1.0.0 refuses rates SMPTE timecode has no base for ("SMPTE timecode does not support
  this rate", e.g. the 10 fps of test renders): the XML is then written at a 30 fps timebase with every
  time scaled, which Premiere and Resolve read back to the same seconds, and its `<rate>` says so.

Paths are relative to the project's folder, so the folder can be zipped and moved.
"""
from __future__ import annotations

import contextlib
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from media.errors import EngineError

FCP_FALLBACK_RATE = 30


def _otio():
    """opentimelineio, or a one-line error saying how to install it (exit code 3, an engine is missing)."""
    try:
        import opentimelineio
    except ImportError:

        raise EngineError("editing timelines need opentimelineio and its adapters: pip install -e . "
                          "(opentimelineio, otio-kdenlive-adapter, otio-fcp-adapter)") from None
    return opentimelineio


@dataclass(frozen=True)
class Piece:
    """One clip on a track: a file (relative path), where it starts on the timeline, how long it lasts (s)."""

    name: str
    path: str
    start_s: float
    duration_s: float


def timeline(name: str, fps: int, duration_s: float, video: list[Piece], narration: list[Piece],
             music: list[Piece], markers: list[tuple[str, float]]):
    """The OTIO timeline: a video track of scene clips and two audio tracks, every time in frames of `fps`."""
    otio = _otio()

    def rt(seconds: float):
        return otio.opentime.RationalTime(round(seconds * fps), fps)

    def track(tname: str, kind, pieces: list[Piece]):
        tr = otio.schema.Track(name=tname, kind=kind)
        at = 0
        for p in pieces:
            start = round(p.start_s * fps)
            if start > at:
                tr.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
                    otio.opentime.RationalTime(0, fps), otio.opentime.RationalTime(start - at, fps))))
            frames = round(p.duration_s * fps)
            ref = otio.schema.ExternalReference(target_url=p.path, available_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, fps), otio.opentime.RationalTime(frames, fps)))
            tr.append(otio.schema.Clip(name=p.name, media_reference=ref, source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, fps), otio.opentime.RationalTime(frames, fps))))
            at = start + frames
        return tr

    tl = otio.schema.Timeline(name=name, global_start_time=otio.opentime.RationalTime(0, fps))
    tl.tracks.append(track("Video", otio.schema.TrackKind.Video, video))
    tl.tracks.append(track("Narration", otio.schema.TrackKind.Audio, narration))
    tl.tracks.append(track("Music", otio.schema.TrackKind.Audio, music))
    for title, at in markers:
        tl.tracks.markers.append(otio.schema.Marker(name=title, marked_range=otio.opentime.TimeRange(
            rt(at), otio.opentime.RationalTime(0, fps))))
    return tl


def otio_json(tl) -> str:
    otio = _otio()

    return otio.adapters.write_to_string(tl, "otio_json")


def _quiet(fn, *args):
    """Call an adapter without its banner on stdout (the kdenlive adapter prints a deprecation notice)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def kdenlive(tl, width: int, height: int, fps: int, duration_s: float) -> str:
    """The Kdenlive (MLT XML) project, mended: the film's profile, a background as long as the film, and the
    tracks mixed."""
    otio = _otio()

    text = _quiet(otio.adapters.write_to_string, tl, "kdenlive")
    root = ET.fromstring(text)
    frames = round(duration_s * fps)
    profile = root.find("profile")
    from math import gcd

    g = gcd(width, height)
    profile.attrib.update({"description": f"{width}x{height} {fps} fps", "width": str(width), "height": str(height),
                           "frame_rate_num": str(fps), "frame_rate_den": "1",
                           "display_aspect_num": str(width // g), "display_aspect_den": str(height // g)})
    for producer in root.iter("producer"):
        if producer.get("id") == "black_track":
            producer.set("in", "0")
            producer.set("out", str(frames - 1))
            _prop(producer, "length", str(frames))
    main = root.findall("tractor")[-1]
    main.set("in", "0")
    main.set("out", str(frames - 1))
    tracks = main.findall("track")
    audio = {t.get("id") for t in root.findall("tractor") if _get(t, "kdenlive:audio_track") == "1"}
    for i, t in enumerate(tracks[1:], 1):
        if t.get("producer") in audio:
            tr = ET.SubElement(main, "transition", {"id": f"mix{i}"})
            for k, v in (("a_track", "0"), ("b_track", str(i)), ("mlt_service", "mix"), ("kdenlive_id", "mix"),
                         ("internal_added", "237"), ("always_active", "1"), ("accepts_blanks", "1"), ("sum", "1")):
                _prop(tr, k, v)
        else:
            tr = ET.SubElement(main, "transition", {"id": f"composite{i}"})
            for k, v in (("a_track", "0"), ("b_track", str(i)), ("mlt_service", "qtblend"),
                         ("kdenlive_id", "qtblend"), ("internal_added", "237"), ("always_active", "1")):
                _prop(tr, k, v)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _get(el, name: str) -> str | None:
    for p in el.findall("property"):
        if p.get("name") == name:
            return p.text
    return None


def _prop(el, name: str, value: str) -> None:
    for p in el.findall("property"):
        if p.get("name") == name:
            p.text = value
            return
    ET.SubElement(el, "property", {"name": name}).text = value


def fcp_xml(tl, fps: int) -> tuple[str, int]:
    """(Final Cut Pro 7 XML, its timebase). At a rate SMPTE timecode does not know, every time is scaled to
    a 30 fps timebase (whole frames there too: 30 is a multiple of the rates we render at)."""
    otio = _otio()

    try:
        return _quiet(otio.adapters.write_to_string, tl, "fcp_xml"), fps
    except Exception as exc:  # the adapter's own exception class is not exported
        if "SMPTE" not in str(exc) and "rate" not in str(exc):
            raise
    scaled = _rescaled(tl, FCP_FALLBACK_RATE)
    return _quiet(otio.adapters.write_to_string, scaled, "fcp_xml"), FCP_FALLBACK_RATE


def _rescaled(tl, rate: int):
    """A deep copy of `tl` with every time expressed at `rate`."""
    otio = _otio()

    def rt(t):
        return otio.opentime.RationalTime(round(t.to_seconds() * rate), rate)

    def tr(r):
        return otio.opentime.TimeRange(rt(r.start_time), rt(r.duration)) if r is not None else None

    out = tl.deepcopy()
    out.global_start_time = otio.opentime.RationalTime(0, rate)
    for track in out.tracks:
        for item in track:
            item.source_range = tr(item.source_range)
            if isinstance(item, otio.schema.Clip) and item.media_reference is not None:
                item.media_reference.available_range = tr(item.media_reference.available_range)
    for m in out.tracks.markers:
        m.marked_range = tr(m.marked_range)
    return out
