"""The motion trace: seeded and deterministic, people doing what people do, players coming and going."""

from __future__ import annotations

import itertools
import math

from wrapper.cost.trace import ACTIVITIES, generate


def test_the_same_seed_gives_the_same_trace_and_another_seed_another() -> None:
    a, b, c = generate(7, 6, 120), generate(7, 6, 120), generate(8, 6, 120)
    assert a == b
    assert a != c
    assert [a.slots[i][0].pose(t) for i in range(6) for t in (0.0, 33.3, 119.9)] == [
        b.slots[i][0].pose(t) for i in range(6) for t in (0.0, 33.3, 119.9)
    ]


def test_everyone_stands_looks_walks_and_gestures_somewhere() -> None:
    trace = generate(1, 10, 120)
    seconds = dict.fromkeys(ACTIVITIES, 0.0)
    for slot in trace.slots:
        for session in slot:
            for segment in session.segments:
                seconds[segment.kind] += segment.end - segment.start
    assert all(seconds[kind] > 60 for kind in ACTIVITIES)
    assert seconds["stand"] == max(seconds.values())  # people mostly stand


def test_players_leave_and_others_take_their_place() -> None:
    trace = generate(3, 10, 600, mean_session=120)
    sessions = [s for slot in trace.slots for s in slot]
    assert len(sessions) > 10
    for slot in trace.slots:
        for before, after in itertools.pairwise(slot):
            assert before.leaves is not None and after.joins > before.leaves  # a gap, then a new player
    assert 0 < trace.player_seconds() < 10 * 600


def test_motion_is_continuous_and_walks_at_human_speed() -> None:
    # Short sessions, so many activities are cut short by leaving: cut, not hurried.
    session = generate(5, 1, 120, mean_session=30).slots[0][0]
    assert session.leaves is not None
    frames = [session.pose(k / 60) for k in range(int(session.leaves * 60))]
    steps = [math.dist(a["head"]["p"], b["head"]["p"]) * 60 for a, b in itertools.pairwise(frames)]
    assert max(steps) < 2.5  # m/s: no teleports
    walking = [s for s in session.segments if s.kind == "walk"]
    assert walking and max(steps) > 0.5
    for frame in frames[::600]:
        assert all(abs(math.hypot(*frame[part]["q"]) - 1) < 1e-3 for part in ("head", "left", "right"))
