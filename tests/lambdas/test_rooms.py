"""Players in rooms through `wrapper dev`: seeing each other, isolation, identity, limits, leaving."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from tests.lambdas.conftest import Player, seen_pose, start, variant
from wrapper.offline import DevServer


def room() -> str:
    return "r" + uuid.uuid4().hex[:8]


def test_two_players_see_each_others_poses(snapshot_server: DevServer) -> None:
    name = room()
    ann = Player(snapshot_server, name, "ann")
    bob = Player(snapshot_server, name, "bob")
    assert ann.wait_for("join")["id"] == bob.id
    assert [p["id"] for p in bob.welcome["players"]] == [ann.id]
    assert bob.welcome["fanout"] == "snapshot" and bob.welcome["tickHz"] == 10
    ann.pose(1.5, seq=1)
    got = bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None)
    assert seen_pose(got, ann.id)["head"]["p"] == [1.5, 1.6, 0.0]  # type: ignore[index]
    bob.pose(-2.0, seq=1)
    got = ann.wait_for("snapshot", where=lambda m: seen_pose(m, bob.id) is not None)
    assert seen_pose(got, bob.id)["head"]["p"] == [-2.0, 1.6, 0.0]  # type: ignore[index]
    ann.close()
    bob.close()


def test_rooms_are_isolated(snapshot_server: DevServer) -> None:
    here, there = room(), room()
    ann = Player(snapshot_server, here, "ann")
    carol = Player(snapshot_server, there, "carol")
    assert carol.welcome["players"] == []
    for i in range(3):
        ann.pose(float(i), seq=i)
        time.sleep(0.12)
    assert not [m for m in carol.drain(0.5) if seen_pose(m, ann.id) or m.get("id") == ann.id]
    ann.close()
    carol.close()


def test_a_spoofed_id_moves_nobody_else(snapshot_server: DevServer) -> None:
    name = room()
    ann = Player(snapshot_server, name, "ann")
    bob = Player(snapshot_server, name, "bob")
    bob.pose(7.0, seq=1)
    ann.pose(99.0, seq=1, id=bob.id)  # claims to be bob
    snap = bob.wait_for("snapshot", where=lambda m: seen_pose(m, ann.id) is not None)
    assert seen_pose(snap, ann.id)["head"]["p"][0] == 99.0  # type: ignore[index]
    later = ann.wait_for("snapshot", where=lambda m: seen_pose(m, bob.id) is not None)
    assert seen_pose(later, bob.id)["head"]["p"][0] == 7.0  # type: ignore[index]
    ann.close()
    bob.close()


def test_bad_messages_get_errors_and_the_connection_stays(snapshot_server: DevServer) -> None:
    ann = Player(snapshot_server, room(), "ann")
    ann.ws.send('{"action": "pose", "head": {"p": [1, 2], "q": [0, 0, 0, 1]}}')
    assert ann.wait_for("error")["code"] == "bad_pose"
    ann.ws.send('{"action": "pose", "head": {"p": [0, 0, 0], "q": [0, 0, 0, 1]}, "pad": "' + "x" * 4000 + '"}')
    assert ann.wait_for("error")["code"] == "too_large"
    ann.ws.send('{"action": "dance"}')
    unknown = ann.wait_for("error")
    assert unknown["code"] == "unknown_action" and unknown["validActions"] == ["hello", "pose", "spawn", "grab", "move", "drop"]
    time.sleep(1.0)  # hello is answered at most once a second
    ann.ws.send('{"action": "hello"}')
    assert ann.wait_for("welcome")["id"] == ann.id
    ann.close()


def test_poses_over_the_rate_limit_are_refused(webxr_project: Path, tmp_path: Path) -> None:
    server = start(variant(webxr_project, tmp_path / "slow", "max_pose_rate = 30", "max_pose_rate = 2"))
    try:
        ann = Player(server, room(), "ann")
        for i in range(5):  # back to back: far above 2 per second
            ann.pose(0.0, seq=i)
        refused = ann.wait_for("error")
        assert refused["code"] == "rate_limited" and "2 poses per second" in refused["reason"]
        ann.close()
    finally:
        server.stop()


def test_leaving_is_announced(snapshot_server: DevServer) -> None:
    name = room()
    ann = Player(snapshot_server, name, "ann")
    bob = Player(snapshot_server, name, "bob")
    ann.close()
    assert bob.wait_for("leave")["id"] == ann.id
    bob.close()


def test_gone_connections_are_pruned_and_announced(snapshot_server: DevServer) -> None:
    name = room()
    ann = Player(snapshot_server, name, "ann")
    # A row left behind by a connection API Gateway no longer knows (as after a crash).
    table = snapshot_server.config.tables["players"].full_name
    ddb = snapshot_server.embedded.client("dynamodb")
    ghost = {"room": {"S": name}, "connectionId": {"S": "GhostConnect1=="}, "playerId": {"S": "ghost00001"}, "name": {"S": "ghost"}}
    ddb.put_item(TableName=table, Item={**ghost, "updatedAt": {"N": "0"}, "seq": {"N": "0"}})
    ann.pose(1.0, seq=1)
    assert ann.wait_for("leave", where=lambda m: m["id"] == "ghost00001")
    assert "Item" not in ddb.get_item(TableName=table, Key={"room": ghost["room"], "connectionId": ghost["connectionId"]})
    ann.close()


def test_a_connection_still_in_its_connect_is_not_pruned(snapshot_server: DevServer) -> None:
    name = room()
    ann = Player(snapshot_server, name, "ann")
    # The rows $connect writes before it returns: no hello yet, expiry set just now. API Gateway
    # answers 410 to POSTs for that connection until $connect returns (the id here is unknown to it).
    table = snapshot_server.config.tables["players"].full_name
    ddb = snapshot_server.embedded.client("dynamodb")
    expires = str(int(time.time()) + snapshot_server.config.multiplayer.player_ttl_seconds)
    joining = {"room": {"S": name}, "connectionId": {"S": "StillJoining1=="}, "playerId": {"S": "joining001"}, "name": {"S": "joining"}}
    ddb.put_item(TableName=table, Item={**joining, "updatedAt": {"N": "0"}, "seq": {"N": "0"}, "expiresAt": {"N": expires}})
    ann.pose(1.0, seq=1)
    ann.wait_for("snapshot")  # the tick posted to every row of the room, the joining one refused
    assert not [m for m in ann.drain(0.5) if m.get("type") == "leave"]
    assert "Item" in ddb.get_item(TableName=table, Key={"room": joining["room"], "connectionId": joining["connectionId"]})
    ann.close()


def test_snapshot_mode_never_exceeds_the_tick_rate(snapshot_server: DevServer) -> None:
    name = room()
    players = [Player(snapshot_server, name, f"p{i}") for i in range(3)]
    started = time.monotonic()
    seq = 0
    while time.monotonic() - started < 2.0:
        seq += 1
        for p in players:
            p.pose(seq * 0.01, seq=seq)
        time.sleep(0.05)  # 20 poses per second per player, twice the tick rate
    for p in players:
        snaps = [m for m in p.drain(0.5) if m.get("type") == "snapshot"]
        assert len(snaps) >= 5
        ticks = [m["tick"] for m in snaps]
        assert len(ticks) == len(set(ticks)), "at most one snapshot per tick for each receiver"
        assert all(m["tick"] == m["t"] // 100 for m in snaps), "each snapshot was sent in its own tick period (100 ms)"
        assert ticks == sorted(ticks)
        assert len(snaps) <= (ticks[-1] - ticks[0]) + 1, "never more snapshots than tick periods"
        p.close()


def test_relay_mode_forwards_each_pose(webxr_project) -> None:  # type: ignore[no-untyped-def]
    server = start(webxr_project, WRAPPER_FANOUT="relay")
    try:
        name = room()
        ann = Player(server, name, "ann")
        bob = Player(server, name, "bob")
        assert bob.welcome["fanout"] == "relay"
        ann.pose(3.0, seq=5)
        relayed = bob.wait_for("pose")
        assert relayed["id"] == ann.id and relayed["seq"] == 5 and relayed["pose"]["head"]["p"][0] == 3.0
        ann.close()
        bob.close()
    finally:
        server.stop()


def test_repeated_hellos_announce_a_player_once_and_are_rate_limited(snapshot_server: DevServer) -> None:
    """1,000 hellos once made every peer receive ~1,000 joins (and cost 1,000 room queries)."""
    name = room()
    peers = [Player(snapshot_server, name, f"peer{i}") for i in range(4)]
    for i, peer in enumerate(peers):  # each peer hears the later peers join
        for later in peers[i + 1 :]:
            peer.wait_for("join", where=lambda m, who=later.id: m["id"] == who)  # type: ignore[misc]
    flooder = Player(snapshot_server, name, "flood")
    started = time.monotonic()
    for _ in range(200):
        flooder.ws.send('{"action": "hello"}')
    deadline = started + 120  # a connection's messages are handled one at a time: wait for all 200 answers
    while len(flooder.inbox) < 200 and time.monotonic() < deadline:
        flooder.drain(0.5)
    elapsed = time.monotonic() - started
    replies = flooder.inbox
    welcomes = [m for m in replies if m.get("type") == "welcome"]
    refused = [m for m in replies if m.get("type") == "error" and m.get("code") == "rate_limited"]
    assert len(welcomes) + len(refused) == 200, "every hello gets an answer"
    assert len(welcomes) <= elapsed + 1, f"{len(welcomes)} welcomes in {elapsed:.1f} s"
    for peer in peers:
        joins = [m for m in peer.drain(0.5) if m.get("type") == "join" and m.get("id") == flooder.id]
        assert len(joins) == 1, f"{peer.welcome['name']} heard {len(joins)} joins"
    for player in [*peers, flooder]:
        player.close()
