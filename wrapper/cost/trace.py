"""A seeded, realistic motion trace: what people in a shared VR room actually do. Pure.

Each of N player slots is held by a sequence of sessions (players leave and others take
their place after a short gap). Within a session a player stands (breathing sway), looks
around (the head turns), walks to another spot (head bob, swinging hands) or gestures
(a hand waves). The same seed gives the same trace, to the last digit, on every machine.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass

Vec = tuple[float, float, float]
Pose = dict[str, dict[str, list[float]]]

ACTIVITIES = ("stand", "look", "walk", "gesture")
WEIGHTS = (0.35, 0.25, 0.2, 0.2)
ROOM_RADIUS = 4.0  # metres: where walks may end
EYE_HEIGHT = 1.6
HAND_OFFSET = (0.2, -0.45, -0.25)  # right hand relative to the head, in the head's yaw frame (x right, z back)


@dataclass(frozen=True)
class Segment:
    """One activity from ``start`` to ``end`` (seconds of trace time) starting at ``origin`` facing ``yaw``."""

    kind: str
    start: float
    end: float  # may cut the activity short (the player leaves, or the trace ends)
    span: float  # how long the activity takes when not cut short
    origin: Vec
    yaw: float
    target: Vec  # where a walk ends (the origin otherwise)
    turn: float  # how far a look turns the head (radians)
    phase: float  # desynchronises sway, bob and waves between players
    hand: int  # which hand gestures: -1 left, 1 right, 0 both

    def final_yaw(self) -> float:
        if self.kind == "look":
            return self.yaw + self.turn
        if self.kind == "walk":
            return _heading(self.origin, self.target)
        return self.yaw


@dataclass(frozen=True)
class Session:
    """One player's stay in the room: joins at ``joins``, leaves at ``leaves`` (None: still there at the end)."""

    joins: float
    leaves: float | None
    segments: tuple[Segment, ...]

    def present(self, t: float) -> bool:
        return self.joins <= t and (self.leaves is None or t < self.leaves)

    def pose(self, t: float) -> Pose:
        """The true pose at trace time ``t`` (clamped to the session)."""
        starts = [s.start for s in self.segments]
        segment = self.segments[max(0, bisect.bisect_right(starts, t) - 1)]
        return _pose(segment, min(max(t, segment.start), segment.end))


@dataclass(frozen=True)
class Trace:
    seed: int
    seconds: float
    slots: tuple[tuple[Session, ...], ...]  # per slot, its sessions in time order

    def player_seconds(self) -> float:
        """Seconds of presence summed over every session (what a per-player-hour price divides by)."""
        return sum((s.leaves if s.leaves is not None else self.seconds) - s.joins for slot in self.slots for s in slot)


def generate(seed: int, players: int, seconds: float, mean_session: float = 300.0, gap: tuple[float, float] = (2.0, 10.0)) -> Trace:
    """``players`` slots for ``seconds``; sessions last ``mean_session`` seconds on average (exponential)."""
    rng = random.Random(seed)
    slots = []
    for _ in range(players):
        sessions: list[Session] = []
        t = 0.0
        while t < seconds:
            length = rng.expovariate(1 / mean_session)
            leaves = t + length if t + length < seconds else None
            sessions.append(Session(t, leaves, _activities(rng, t, leaves if leaves is not None else seconds)))
            if leaves is None:
                break
            t = leaves + rng.uniform(*gap)
        slots.append(tuple(sessions))
    return Trace(seed, seconds, tuple(slots))


def _activities(rng: random.Random, start: float, end: float) -> tuple[Segment, ...]:
    angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0, ROOM_RADIUS)
    origin: Vec = (radius * math.cos(angle), EYE_HEIGHT + rng.uniform(-0.1, 0.1), radius * math.sin(angle))
    yaw = rng.uniform(-math.pi, math.pi)
    segments: list[Segment] = []
    t = start
    while t < end:
        kind = rng.choices(ACTIVITIES, WEIGHTS)[0]
        target, turn = origin, 0.0
        if kind == "walk":
            a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0, ROOM_RADIUS)
            target = (r * math.cos(a), origin[1], r * math.sin(a))
            duration = max(0.5, math.dist(origin, target) / rng.uniform(0.8, 1.4))
        elif kind == "look":
            turn = rng.choice((-1, 1)) * rng.uniform(math.radians(30), math.radians(120))
            duration = rng.uniform(1.5, 4.0)
        else:
            duration = rng.uniform(2.0, 8.0) if kind == "stand" else rng.uniform(1.0, 4.0)
        segment = Segment(
            kind, t, min(t + duration, end), duration, origin, yaw, target, turn, rng.uniform(0, 2 * math.pi), rng.choice((-1, 0, 1))
        )
        segments.append(segment)
        origin, yaw, t = target, segment.final_yaw(), segment.end
    return tuple(segments)


def _heading(a: Vec, b: Vec) -> float:
    dx, dz = b[0] - a[0], b[2] - a[2]
    return math.atan2(-dx, -dz) if dx or dz else 0.0  # three.js looks down -z at yaw 0


def _ease(k: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, k)))


def _pose(s: Segment, t: float) -> Pose:
    local = t - s.start
    k = local / s.span
    x, y, z = s.origin
    yaw = s.yaw
    pitch = 0.0
    swing = 0.0  # hands forward/back while walking (metres)
    wave: dict[int, tuple[float, float]] = {}
    # Nobody is perfectly still: a few millimetres of sway and a fraction of a degree of head motion.
    x += 0.004 * math.sin(2 * math.pi * 0.25 * t + s.phase)
    z += 0.004 * math.cos(2 * math.pi * 0.2 * t + s.phase)
    yaw += math.radians(0.4) * math.sin(2 * math.pi * 0.3 * t + s.phase)
    if s.kind == "look":
        yaw += s.turn * _ease(k)
        pitch = math.radians(10) * math.sin(math.pi * k)
    elif s.kind == "walk":
        # Accelerate over the first and last fifth, constant speed between (a trapezoid, eased at the ends).
        progress = _walk_progress(k)
        x += (s.target[0] - s.origin[0]) * progress
        z += (s.target[2] - s.origin[2]) * progress
        yaw = _heading(s.origin, s.target) + math.radians(0.4) * math.sin(2 * math.pi * 0.3 * t + s.phase)
        step = 2 * math.pi * 1.8 * local
        y += 0.02 * math.sin(2 * step) * min(1.0, 4 * k, 4 * (1 - k))
        swing = 0.12 * math.sin(step) * min(1.0, 4 * k, 4 * (1 - k))
    elif s.kind == "gesture":
        amplitude = 0.15 * min(1.0, 3 * k, 3 * (1 - k))
        wave_phase = 2 * math.pi * 1.5 * local + s.phase
        for side in (-1, 1) if s.hand == 0 else (s.hand,):
            wave[side] = (amplitude * math.sin(wave_phase), 0.25 + amplitude * math.cos(wave_phase))
    head_q = _quaternion(yaw, pitch)
    pose: Pose = {"head": {"p": _round((x, y, z)), "q": _round(head_q)}}
    for name, side in (("left", -1), ("right", 1)):
        dx, dy = wave.get(side, (0.0, 0.0))
        ox, oy, oz = HAND_OFFSET[0] * side + dx, HAND_OFFSET[1] + dy, HAND_OFFSET[2] + swing * side
        c, s_ = math.cos(yaw), math.sin(yaw)
        # Rotate the offset by the yaw about +y (three.js convention: x' = x cos + z sin, z' = -x sin + z cos).
        hx, hz = ox * c + oz * s_, -ox * s_ + oz * c
        pose[name] = {"p": _round((x + hx, y + oy, z + hz)), "q": _round(_quaternion(yaw, 0.0))}
    return pose


def _walk_progress(k: float) -> float:
    ramp = 0.2
    # Distance covered under a trapezoidal speed profile, normalised to 1 at the end.
    peak = 1 / (1 - ramp)
    if k < ramp:
        return peak * k * k / (2 * ramp)
    if k > 1 - ramp:
        r = 1 - k
        return 1 - peak * r * r / (2 * ramp)
    return peak * (k - ramp / 2)


def _quaternion(yaw: float, pitch: float) -> tuple[float, ...]:
    # Yaw about y, then pitch about x ("YXZ" order, as the page reads a head's yaw).
    cy, sy, cp, sp = math.cos(yaw / 2), math.sin(yaw / 2), math.cos(pitch / 2), math.sin(pitch / 2)
    return (cy * sp, sy * cp, -sy * sp, cy * cp)


def _round(values: tuple[float, ...]) -> list[float]:
    return [round(v, 4) for v in values]
