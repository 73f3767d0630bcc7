"""Heartbeats through `wrapper dev`: a still player stays in the room without starting ticks."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from boto3.dynamodb.conditions import Key

from tests.lambdas.conftest import Player, seen_pose
from wrapper.offline import DevServer
from wrapper.testing.events import table_resource

STILL = {"head": {"p": [1.0, 1.6, 0.0], "q": [0, 0, 0, 1]}}


def snapshots(messages: list[object]) -> list[dict[str, object]]:
    return [m for m in messages if isinstance(m, dict) and m.get("type") == "snapshot"]


def ann_seen_by_bob(server: DevServer) -> tuple[str, Player, Player, dict[str, Any]]:
    """A new room where Ann has sent a still pose and Bob has a snapshot showing it (returned last)."""
    room = "r" + uuid.uuid4().hex[:8]
    ann = Player(server, room, "ann")
    bob = Player(server, room, "bob")
    ann.send({"action": "pose", "seq": 1, **STILL})
    return room, ann, bob, bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None)


def test_heartbeats_of_a_still_room_send_no_snapshot(snapshot_server: DevServer) -> None:
    _, ann, bob, first = ann_seen_by_bob(snapshot_server)
    assert seen_pose(first, ann.id) == STILL
    bob.drain(0.3)
    writes_before = snapshot_server.metrics.dynamodb_write_units
    for seq in range(2, 10):  # eight heartbeats, one per tick period and more: each could have claimed a tick
        ann.send({"action": "pose", "seq": seq, **STILL, "still": True})
        time.sleep(0.15)
    # At most one claims a tick: its player's pose was stored in the period of the last claimed
    # tick, perhaps after that tick read the room (see the last test). Then none does.
    sent = snapshots(bob.drain(0.5))
    assert len(sent) <= 1
    assert snapshot_server.metrics.dynamodb_write_units - writes_before <= 8 + 2 * len(sent)  # a refresh each; a claim and release per tick
    ann.close()
    bob.close()


def test_a_heartbeat_keeps_the_last_moving_pose_and_its_seq(snapshot_server: DevServer) -> None:
    room, ann, bob, _ = ann_seen_by_bob(snapshot_server)
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


def test_a_pose_that_missed_its_tick_is_sent_by_the_next_heartbeat(snapshot_server: DevServer) -> None:
    room, ann, bob, _ = ann_seen_by_bob(snapshot_server)
    bob.drain(0.3)
    # Ann's last move was stored just after the last tick read the room (in that tick's period), so no
    # snapshot carries it; everyone then stands still and sends only heartbeats. Made here by hand,
    # since racing a real tick is timing: the tick row as a winner leaves it, and Ann's row as her pose would.
    config = snapshot_server.config
    players = table_resource(f"http://127.0.0.1:{snapshot_server.port}/__aws/dynamodb", config.region, config.tables["players"].full_name)
    moved = {"p": [3.0, 1.6, 0.0], "q": [0.0, 0.0, 0.0, 1.0]}
    now = int(time.time() * 1000)
    players.put_item(Item={"room": room, "connectionId": "~tick", "tick": now // 100, "tickAt": now, "sent": now // 100})
    (row,) = [item for item in players.query(KeyConditionExpression=Key("room").eq(room))["Items"] if item.get("playerId") == ann.id]
    players.update_item(
        Key={"room": room, "connectionId": row["connectionId"]},
        UpdateExpression="SET pose = :pose, seq = :seq, poseAt = :now",
        ExpressionAttributeValues={":pose": json.dumps({"head": moved}), ":seq": 2, ":now": now + 1},
    )
    time.sleep(0.2)
    ann.send({"action": "pose", "seq": 3, "head": moved, "still": True})
    got = bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None, seconds=5)
    assert seen_pose(got, ann.id) == {"head": moved}
    ann.send({"action": "pose", "seq": 4, "head": moved, "still": True})
    assert snapshots(bob.drain(0.4)) == []  # delivered now: later heartbeats start nothing
    ann.close()
    bob.close()
