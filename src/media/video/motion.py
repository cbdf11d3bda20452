"""Animations as small immutable values: what moves, when, and how (state at a time t, in seconds).

A state is a hashable tuple quantised to what can be seen (whole pixels, 1/64 opacity steps), so two
frames with equal states are the same picture and the compositor emits the previous bytes again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

FADE_STEPS = 64


def ease_out(x: float) -> float:
    """Cubic ease-out: fast start, soft landing (UI motion convention)."""
    x = min(1.0, max(0.0, x))
    return 1.0 - (1.0 - x) ** 3


def ease_in_out(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return 3 * x * x - 2 * x * x * x


@dataclass(frozen=True)
class Reveal:
    """Show `tag` from `start_s`: fade, slide in from a side, or grow (a bar filling in reading direction).

    `from_side` is where the motion comes from: "right" for Persian (reading direction), "left" for English,
    "below" for a rise. `grow` reveals a growing crop from `from_side` ("right", "left", "bottom", "top").
    """

    tag: str
    start_s: float
    duration_s: float = 0.6
    effect: str = "slide"  # slide | fade | grow
    from_side: str = "right"
    distance_px: float = 60.0

    def progress(self, t: float) -> float:
        if t < self.start_s:
            return -1.0
        return ease_out((t - self.start_s) / self.duration_s) if self.duration_s > 0 else 1.0

    def state(self, t: float):
        p = self.progress(t)
        if p < 0:
            return None
        if p >= 1.0:
            return "done"
        if self.effect == "grow":
            return ("grow", int(p * 256))
        off = int(round((1.0 - p) * self.distance_px)) & ~1
        dx, dy = {"right": (off, 0), "left": (-off, 0), "below": (0, off), "above": (0, -off)}.get(self.from_side, (0, 0))
        if self.effect == "fade":
            dx = dy = 0
        return ("move", dx, dy, int(min(1.0, p * 1.6) * FADE_STEPS))

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class CountUp:
    """A number counting from 0 to its value; `render(value)` returns the items showing that value."""

    tag: str
    start_s: float
    value: float
    decimals: int
    render: Callable[[float], list]
    duration_s: float = 1.4

    def current(self, t: float) -> float | None:
        if t < self.start_s:
            return None
        p = ease_out((t - self.start_s) / self.duration_s)
        return self.value * p

    def state(self, t: float):
        v = self.current(t)
        if v is None:
            return None
        if t >= self.end_s:
            return "done"
        step = 10 ** -self.decimals
        return ("value", round(round(v / step) * step, self.decimals))

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class KenBurns:
    """A slow zoom and pan over an image inside its box for the whole scene (documentary convention)."""

    tag: str
    path: str
    box: tuple[int, int, int, int]  # x, y, w, h in frame pixels
    duration_s: float
    zoom_from: float = 1.0
    zoom_to: float = 1.08
    pan: tuple[float, float] = (0.03, 0.0)  # fraction of the box moved over the scene
    start_s: float = 0.0

    def state(self, t: float):
        if t < self.start_s:
            return None
        # quantise to a quarter pixel of pan: smooth, and still equal across frames when nothing moves
        p = ease_in_out((t - self.start_s) / max(0.1, self.duration_s))
        return ("kb", int(p * 4 * self.box[2]))

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


Animation = Reveal | CountUp | KenBurns


@dataclass(frozen=True)
class SceneMotion:
    """What a scene animates; tags not animated here stay in the static base layer."""

    animations: tuple = ()

    def tags(self) -> set[str]:
        return {a.tag for a in self.animations}
