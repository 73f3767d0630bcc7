"""What a simulated player makes of a snapshot: pose ages, where they went, each pose counted new once."""

from __future__ import annotations

from wrapper.cost.experience import Experience, seen_snapshot


def snapshot(at: int, *entries: tuple[str, int, int]) -> dict[str, object]:
    return {"type": "snapshot", "tick": at // 100, "t": at, "players": [{"id": i, "seq": s, "pose": {}, "t": t} for i, s, t in entries]}


def test_a_pose_is_new_once_and_its_trip_is_split_into_stages() -> None:
    seen = Experience(snapshots_per_player=[0])
    sent_at = {(0, 7): 990.0}  # player index 0 sent seq 7 at 990 ms
    latest: dict[str, int] = {}
    seen_snapshot(seen, 1060.0, snapshot(1020, ("a", 7, 1000), ("b", 3, 1010)), sent_at, {"a": 0}, latest)
    seen_snapshot(seen, 1160.0, snapshot(1120, ("a", 7, 1000), ("b", 4, 1110)), sent_at, {"a": 0}, latest)
    assert seen.ages_ms == [60.0, 50.0, 160.0, 50.0], "every copy"
    assert seen.stages["first_age"] == [60.0, 50.0, 50.0], "a's seq 7 came again: not new the second time"
    assert seen.stages["to_tick"] == [20.0, 10.0, 120.0, 10.0] and seen.stages["to_receiver"] == [40.0, 40.0]
    assert seen.stages["to_store"] == [10.0], "only a's send time is known"


def test_an_older_pose_arriving_late_is_stale_not_new() -> None:
    seen = Experience(snapshots_per_player=[0])
    latest: dict[str, int] = {}
    seen_snapshot(seen, 1100.0, snapshot(1080, ("a", 9, 1070)), {}, {}, latest)
    seen_snapshot(seen, 1105.0, snapshot(980, ("a", 8, 970)), {}, {}, latest)  # an older tick, overtaken
    assert seen.stages["first_age"] == [30.0] and latest == {"a": 9}


def test_poses_stored_before_the_measured_window_are_not_counted() -> None:
    seen = Experience(snapshots_per_player=[0], since_ms=1000.0)
    seen_snapshot(seen, 1100.0, snapshot(1050, ("warm", 5, 400), ("a", 1, 1020)), {}, {}, {})
    assert seen.ages_ms == [80.0] and seen.stages["first_age"] == [80.0] and seen.stages["to_tick"] == [30.0]
