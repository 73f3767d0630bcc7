"""What receivers see, against the truth: position error as rendered, and pose age. Pure.

A receiver's page keeps each remote player's poses, each at the moment the server stored it
mapped onto the page's clock (net.js ``localTime``), and draws, at render time r, the pose
interpolated at r - RENDER_DELAY_MS (templates/frontend/webxr/src/interpolation.js; a test
keeps the delay equal). It is compared with the sender's true pose at
r - RENDER_DELAY_MS - E, where E is the run's median end-to-end latency: a steady delay is
pose age's business, while jitter, holds, dropped updates and the send threshold all show
up here as distance. Pose age is the time from the server storing a pose (``t``) to a
receiver first getting it; end-to-end age counts from the sender's page sending it. A pair
is scored from ``since`` on (a second after the later of the two joined), so a player's
first moments in a room, and poses sent before the receiver was there, are not counted.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wrapper.cost.trace import Pose

RENDER_DELAY_MS = 150.0
RENDER_HZ = 30.0
PARTS = ("head", "left", "right")


@dataclass(frozen=True)
class Arrival:
    at: float  # seconds on the receiver's clock (the trace's): when the pose was true, as the page places it
    arrived: float  # seconds: when the message carrying it arrived
    seq: int
    pose: Pose
    stored: float | None = None  # seconds: when the server stored it (None: not said)


@dataclass(frozen=True)
class Stream:
    """What one receiver got of one sender, in arrival order, and when the pair could see each other."""

    arrivals: tuple[Arrival, ...]
    truth: Callable[[float], Pose]  # the sender's true pose at a trace time
    sent_at: Callable[[int], float | None]  # when the sender's page sent a sequence number
    until: float  # render no later than this (either side left, or the run ended)
    since: float = 0.0  # score nothing before this


@dataclass(frozen=True)
class Quality:
    head_errors_m: tuple[float, ...]
    hand_errors_m: tuple[float, ...]
    ages_ms: tuple[float, ...]  # end to end: the sender's page sending -> first arrival
    stored_ages_ms: tuple[float, ...]  # the server storing -> first arrival
    latency_ms: float  # E above

    def head_error(self, q: float) -> float:
        return percentile(self.head_errors_m, q)

    def hand_error(self, q: float) -> float:
        return percentile(self.hand_errors_m, q)

    def age(self, q: float) -> float:
        return percentile(self.ages_ms, q)

    def stored_age(self, q: float) -> float:
        return percentile(self.stored_ages_ms, q)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ages(stream: Stream) -> tuple[list[float], list[float]]:
    """Milliseconds from each pose's sending, and from its storing, to its first arrival at this receiver."""
    seen: set[int] = set()
    sent_ages: list[float] = []
    stored_ages: list[float] = []
    for arrival in stream.arrivals:
        if arrival.seq in seen:
            continue
        seen.add(arrival.seq)
        sent = stream.sent_at(arrival.seq)
        if sent is None or sent < stream.since:
            continue
        sent_ages.append((arrival.arrived - sent) * 1000)
        if arrival.stored is not None:
            stored_ages.append((arrival.arrived - arrival.stored) * 1000)
    return sent_ages, stored_ages


def rendered(arrivals: Sequence[Arrival], t: float, start: int = 0) -> tuple[Pose, int]:
    """The page's interpolated pose at buffer time ``t`` (seconds), and where to resume for a later ``t``."""
    i = start
    while i + 1 < len(arrivals) and arrivals[i + 1].at <= t:
        i += 1
    a = arrivals[i]
    if t <= a.at or i + 1 == len(arrivals):
        return a.pose, i
    b = arrivals[i + 1]
    k = min(1.0, (t - a.at) / (b.at - a.at)) if b.at > a.at else 1.0
    return {
        part: {"p": [x + (y - x) * k for x, y in zip(a.pose[part]["p"], b.pose[part]["p"], strict=True)]}
        for part in a.pose
        if part in b.pose
    }, i


def buffered(arrivals: Sequence[Arrival]) -> list[Arrival]:
    """What the page's PoseBuffer keeps: a pose only if it is newer than the last one kept."""
    kept: list[Arrival] = []
    for arrival in arrivals:
        if not kept or arrival.at > kept[-1].at:
            kept.append(arrival)
    return kept


def errors(stream: Stream, latency_s: float) -> tuple[list[float], list[float]]:
    """(head, hand) position errors in metres at every render frame of this stream."""
    arrivals = buffered(stream.arrivals)
    if not arrivals:
        return [], []
    delay = RENDER_DELAY_MS / 1000
    heads: list[float] = []
    hands: list[float] = []
    r = max(arrivals[0].arrived + delay, stream.since)
    cursor = 0
    while r < stream.until:
        shown, cursor = rendered(arrivals, r - delay, cursor)
        true = stream.truth(r - delay - latency_s)
        for part in PARTS:
            if part in shown and part in true:
                (heads if part == "head" else hands).append(math.dist(shown[part]["p"], true[part]["p"]))
        r += 1 / RENDER_HZ
    return heads, hands


def quality(streams: Sequence[Stream]) -> Quality:
    all_ages: list[float] = []
    stored: list[float] = []
    for stream in streams:
        sent_ages, stored_ages = ages(stream)
        all_ages += sent_ages
        stored += stored_ages
    latency_ms = statistics.median(all_ages) if all_ages else 0.0
    heads: list[float] = []
    hands: list[float] = []
    for stream in streams:
        h, k = errors(stream, latency_ms / 1000)
        heads += h
        hands += k
    return Quality(tuple(heads), tuple(hands), tuple(all_ages), tuple(stored), latency_ms)
