"""Heartbeats through `wrapper dev`: a still player stays in the room without starting ticks."""

from __future__ import annotations

import time
import uuid

from tests.lambdas.conftest import Player, seen_pose
from wrapper.offline import DevServer

STILL = {"head": {"p": [1.0, 1.6, 0.0], "q": [0, 0, 0, 1]}}


def snapshots(messages: list[object]) -> list[dict[str, object]]:
    return [m for m in messages if isinstance(m, dict) and m.get("type") == "snapshot"]


def test_heartbeats_of_a_still_room_send_no_snapshot(snapshot_server: DevServer) -> None:
    room = "r" + uuid.uuid4().hex[:8]
    ann = Player(snapshot_server, room, "ann")
    bob = Player(snapshot_server, room, "bob")
    ann.send({"action": "pose", "seq": 1, **STILL})
    assert seen_pose(bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None), ann.id) == STILL
    bob.drain(0.3)
    writes_before = snapshot_server.metrics.dynamodb_write_units
    for seq in range(2, 6):  # four heartbeats, one per tick period and more: each could have claimed a tick
        ann.send({"action": "pose", "seq": seq, **STILL, "still": True})
        time.sleep(0.15)
    assert snapshots(bob.drain(0.5)) == []  # an empty tick is not sent
    assert snapshot_server.metrics.dynamodb_write_units - writes_before == 4  # one refresh each, no tick claims
    ann.close()
    bob.close()


def test_a_heartbeat_keeps_the_last_moving_pose_and_its_seq(snapshot_server: DevServer) -> None:
    room = "r" + uuid.uuid4().hex[:8]
    ann = Player(snapshot_server, room, "ann")
    bob = Player(snapshot_server, room, "bob")
    ann.send({"action": "pose", "seq": 1, **STILL})
    bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None)
    # A heartbeat's pose is within the page's threshold of the last one; the stored pose stays the moving one.
    ann.send({"action": "pose", "seq": 2, "head": {"p": [1.004, 1.6, 0.0], "q": [0, 0, 0, 1]}, "still": True})
    time.sleep(0.2)
    ann.send({"action": "pose", "seq": 3, "head": {"p": [2.0, 1.6, 0.0], "q": [0, 0, 0, 1]}})
    got = bob.wait_for("snapshot", where=lambda m: (seen_pose(m, ann.id) or {}).get("head", {}).get("p") == [2.0, 1.6, 0.0])
    assert [p["seq"] for p in got["players"] if p["id"] == ann.id] == [3]
    carol = Player(snapshot_server, room, "carol")
    ann.send({"action": "pose", "seq": 4, "head": {"p": [2.003, 1.6, 0.0], "q": [0, 0, 0, 1]}, "still": True})
    time.sleep(0.2)
    welcome = Player(snapshot_server, room, "dan").welcome
    assert {p["id"]: (p["seq"], p["pose"]["head"]["p"]) for p in welcome["players"] if p["pose"]}[ann.id] == (3, [2.0, 1.6, 0.0])
    for player in (ann, bob, carol):
        player.close()
