"""The quality metric on cases whose answer is known."""

from __future__ import annotations

import pytest

from wrapper.cost.quality import Arrival, Stream, quality


def walk(t: float) -> dict[str, dict[str, list[float]]]:
    return {"head": {"p": [1.0 * t, 1.6, 0.0], "q": [0.0, 0.0, 0.0, 1.0]}}  # 1 m/s along x


def channel(latency: float, every: float, seconds: float, jitter: float = 0.0) -> Stream:
    times = [k * every for k in range(int(seconds / every))]
    arrivals = tuple(
        Arrival(t + latency + (jitter if k % 2 else 0.0), t + latency + (jitter if k % 2 else 0.0), k + 1, walk(t))
        for k, t in enumerate(times)
    )
    return Stream(arrivals, walk, {k + 1: t for k, t in enumerate(times)}.get, seconds)


def test_a_steady_channel_renders_the_walk_exactly_and_ages_are_the_latency() -> None:
    seen = quality([channel(0.08, 0.1, 10)])
    assert seen.latency_ms == pytest.approx(80)
    assert seen.age(0.99) == pytest.approx(80)
    assert seen.head_error(0.95) < 1e-9  # linear motion, linear interpolation, latency removed


def test_jitter_shows_up_as_distance() -> None:
    # Every other pose arrives 50 ms late: drawn by arrival, the walk stutters by up to 5 cm at 1 m/s.
    seen = quality([channel(0.05, 0.1, 10, jitter=0.05)])
    assert 0.01 < seen.head_error(0.95) <= 0.05 + 1e-9
    assert seen.age(0.99) == pytest.approx(100)


def test_a_pose_that_stops_arriving_is_held_and_the_error_grows() -> None:
    stream = channel(0.05, 0.1, 10)
    cut = Stream(stream.arrivals[:50], walk, stream.sent_at, 10)  # nothing after 5 s while the player walks on
    seen = quality([cut])
    assert seen.head_error(0.95) > 3  # metres behind by the end
