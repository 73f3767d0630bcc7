"""Shared objects through the real handlers, driven with the test kit (``wrapper.testing``).

Every player here is the kit's ``Player`` on a ``Backend`` running the scaffolded project.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.projects import scaffold
from wrapper.testing import Backend, Player

HERE = {"p": [0.0, 1.0, -1.0], "q": [0, 0, 0, 1]}
THERE = {"p": [0.5, 1.2, -1.5], "q": [0, 0, 0, 1]}
HEAD = {"p": [0.0, 1.6, 0.0], "q": [0, 0, 0, 1]}


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    world = scaffold(tmp_path_factory.mktemp("objects") / "world", service="world")
    with Backend(world, settings={"multiplayer.max_objects": 3}) as running:
        yield running


def room() -> str:
    return "o" + uuid.uuid4().hex[:8]


def join(backend: Backend, where: str, name: str) -> tuple[Player, dict[str, Any]]:
    player = backend.player(room=where, name=name)
    player.send({"action": "hello"})
    return player, player.wait_for("welcome")


def spawn(player: Player, oid: str, at: dict[str, Any] = HERE) -> dict[str, Any]:
    player.send({"action": "spawn", "id": oid, "kind": "cube", "at": at})
    return player.wait_for(lambda m: m.get("type") in ("spawn", "error"))


def hold(player: Player, oid: str, *others: Player) -> str:
    """``player`` grabs ``oid``; everyone hears it; the holder's id."""
    player.send({"action": "grab", "id": oid})
    by: str = player.wait_for("grab")["by"]
    assert all(other.wait_for("grab")["by"] == by for other in others)
    return by


def send_settled(player: Player, message: dict[str, Any]) -> None:
    """Send a pose or move, then again a little over one tick later, as docs/protocol.md asks of clients:
    a message that lands in a tick already sent is carried by the next one."""
    player.send(message)
    time.sleep(0.12)
    player.send({**message, "seq": message.get("seq", 0) + 1})


def object_rows(backend: Backend, where: str) -> dict[str, dict[str, Any]]:
    items = backend.table("players").query(
        KeyConditionExpression="#r = :r", ExpressionAttributeNames={"#r": "room"}, ExpressionAttributeValues={":r": where}
    )["Items"]
    return {i["connectionId"]: i for i in items if i["connectionId"].startswith("~")}


def test_two_players_contend_for_one_object_and_exactly_one_wins(backend: Backend) -> None:
    where = room()
    ann, ann_welcome = join(backend, where, "ann")
    bob, bob_welcome = join(backend, where, "bob")
    assert spawn(ann, "crate")["object"] == {"id": "crate", "kind": "cube", "at": HERE, "by": None}
    bob.wait_for("spawn")
    barrier = threading.Barrier(2)

    def grab(player: Player) -> None:
        barrier.wait()
        player.send({"action": "grab", "id": "crate"})

    racers = [threading.Thread(target=grab, args=(p,)) for p in (ann, bob)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    # Each player's own outcome: the room hearing that it holds the crate, or an error to it alone.
    outcomes = [
        p.wait_for(lambda m, me=w["id"]: m.get("type") == "error" or (m.get("type") == "grab" and m["by"] == me))  # type: ignore[misc]
        for p, w in ((ann, ann_welcome), (bob, bob_welcome))
    ]
    assert sorted(m["type"] for m in outcomes) == ["error", "grab"], outcomes
    loser, winner = (ann, outcomes[1]) if outcomes[0]["type"] == "error" else (bob, outcomes[0])
    assert next(m for m in outcomes if m["type"] == "error")["code"] == "held"
    assert loser.wait_for("grab")["by"] == winner["by"], "the loser hears who won"
    holder = object_rows(backend, where)["~obj#crate"]["holder"]
    holding = [i for i in backend.table("players").scan()["Items"] if i.get("holding") == "crate"]
    assert [i["connectionId"] for i in holding] == [holder]


def test_the_holder_moves_it_and_the_others_see_it_in_the_snapshots(backend: Backend) -> None:
    where = room()
    ann, _ = join(backend, where, "ann")
    bob, welcome = join(backend, where, "bob")
    spawn(ann, "ball")
    assert hold(ann, "ball", bob) == welcome["players"][0]["id"]
    # In a pose (one message, one write) and as a move of its own.
    send_settled(ann, {"action": "pose", "seq": 1, "head": HEAD, "held": {"id": "ball", "at": THERE}})
    seen = bob.wait_for(lambda m: m.get("type") == "snapshot" and any(o["at"] == THERE for o in m["objects"]))
    assert seen["objects"][0]["id"] == "ball" and seen["objects"][0]["by"] == welcome["players"][0]["id"]
    later = {"p": [2.0, 1.0, 0.0], "q": [0, 0, 0, 1]}
    send_settled(ann, {"action": "move", "id": "ball", "seq": 3, "at": later})
    bob.wait_for(lambda m: m.get("type") == "snapshot" and any(o["at"] == later for o in m["objects"]))
    ann.send({"action": "drop", "id": "ball"})
    dropped = bob.wait_for("drop")
    assert dropped["at"] == later and dropped["reason"] == "let_go"
    assert "holder" not in object_rows(backend, where)["~obj#ball"]


def test_the_holder_disconnects_and_the_object_is_released_and_everyone_told(backend: Backend) -> None:
    where = room()
    ann, _ = join(backend, where, "ann")
    bob, _ = join(backend, where, "bob")
    carol, _ = join(backend, where, "carol")
    spawn(ann, "lamp")
    ann.send({"action": "grab", "id": "lamp"})
    ann.wait_for("grab")
    send_settled(ann, {"action": "move", "id": "lamp", "at": THERE})
    bob.wait_for(lambda m: m.get("type") == "snapshot" and m["objects"])
    ann.close()
    for other in (bob, carol):
        told = other.wait_for("drop")
        assert told["id"] == "lamp" and told["reason"] == "left" and told["at"] == THERE
    assert "holder" not in object_rows(backend, where)["~obj#lamp"]
    bob.send({"action": "grab", "id": "lamp"})
    assert carol.wait_for("grab")["id"] == "lamp"


def test_a_late_joiner_sees_every_object_where_it_is_now(backend: Backend) -> None:
    where = room()
    ann, ann_welcome = join(backend, where, "ann")
    spawn(ann, "a", HERE)
    spawn(ann, "b", HERE)
    ann.send({"action": "grab", "id": "b"})
    ann.wait_for("grab")
    ann.send({"action": "move", "id": "b", "at": THERE})
    ann.send({"action": "grab", "id": "a"})  # one object at a time
    assert ann.wait_for("error")["code"] == "already_holding"
    _late, welcome = join(backend, where, "late")
    by_id = {o["id"]: o for o in welcome["objects"]}
    assert by_id["a"] == {"id": "a", "kind": "cube", "at": HERE, "by": None}
    assert by_id["b"]["at"] == THERE and by_id["b"]["by"] == ann_welcome["id"]


BAD_INPUT = [
    ({"action": "spawn", "id": "no spaces!", "at": HERE}, "bad_object"),
    ({"action": "spawn", "id": "x", "kind": "dragon", "at": HERE}, "bad_object"),
    ({"action": "spawn", "id": "x"}, "bad_object"),
    ({"action": "spawn", "id": "x", "at": {"p": [1, 2], "q": [0, 0, 0, 1]}}, "bad_object"),
    ({"action": "spawn", "id": "x", "at": {"p": [1, 2, 3], "q": [0, 0, 0, 9]}}, "bad_object"),
    ({"action": "spawn", "id": "x", "at": HERE, "pad": "z" * 2000}, "too_large"),
    ({"action": "grab"}, "bad_object"),
    ({"action": "grab", "id": "nothing-here"}, "no_object"),
    ({"action": "grab", "id": "held-one"}, "held"),
    ({"action": "move", "id": "held-one", "at": THERE}, "not_holding"),
    ({"action": "move", "id": "free-one", "at": THERE}, "not_holding"),
    ({"action": "move", "id": "free-one", "at": {"p": [1e9, 0, 0], "q": [0, 0, 0, 1]}}, "bad_object"),
    ({"action": "drop", "id": "held-one"}, "not_holding"),
    ({"action": "pose", "seq": 5, "head": HEAD, "held": {"id": "held-one", "at": THERE}}, "not_holding"),
    ({"action": "pose", "seq": 5, "head": HEAD, "held": {"id": "free-one"}}, "bad_object"),
    ({"action": "spawn", "id": "held-one", "at": HERE}, "exists"),
    ({"action": "spawn", "id": "one-too-many", "at": HERE}, "room_full"),
]


def test_bad_object_input_gets_an_error_to_its_sender_only_and_nothing_stored(backend: Backend) -> None:
    where = room()
    owner, _ = join(backend, where, "owner")
    eve, _ = join(backend, where, "eve")
    spawn(owner, "held-one")
    spawn(owner, "free-one")
    spawn(owner, "third")  # the room's limit (max_objects = 3) is now reached
    owner.send({"action": "grab", "id": "held-one"})
    owner.wait_for("grab")
    eve.wait_for(lambda m: m.get("type") == "grab")
    for player in (owner, eve):
        player.receive_all(0.3)
        player.inbox.clear()
    before = object_rows(backend, where)
    eve_row = backend.table("players").get_item(Key={"room": where, "connectionId": _connection(backend, where, "eve")})["Item"]
    for message, code in BAD_INPUT:
        eve.send(message)
        error = eve.wait_for(lambda m: m.get("type") in ("error", "spawn", "grab", "move", "drop"))
        assert error["type"] == "error" and error["code"] == code, (message, error)
        assert error["reason"]
    assert object_rows(backend, where) == before, "nothing stored"
    after = backend.table("players").get_item(Key={"room": where, "connectionId": _connection(backend, where, "eve")})["Item"]
    assert after.get("pose") == eve_row.get("pose") and "holding" not in after
    assert not [m for m in owner.receive_all(0.5) if isinstance(m, dict) and m.get("type") in ("error", "spawn", "grab", "drop")]


def _connection(backend: Backend, where: str, name: str) -> str:
    return next(i["connectionId"] for i in backend.table("players").scan()["Items"] if i.get("room") == where and i.get("name") == name)


def test_fake_time_lets_a_silent_holder_lose_the_object_and_expires_it_by_ttl(backend: Backend) -> None:
    where = room()
    ann, _ = join(backend, where, "ann")
    bob, _ = join(backend, where, "bob")
    spawn(ann, "key")
    hold(ann, "key", bob)
    bob.send({"action": "grab", "id": "key"})
    assert bob.wait_for("error")["code"] == "held"
    backend.advance(30)  # ann says nothing for 30 s of the handlers' time
    bob.send({"action": "grab", "id": "key"})
    assert ann.wait_for("grab")["by"] == bob.wait_for("grab")["by"]
    ann.send({"action": "move", "id": "key", "at": THERE})
    assert ann.wait_for("error")["code"] == "not_holding"
    ann.close()
    bob.close()
    assert "~obj#key" in object_rows(backend, where)
    assert backend.advance(3 * 3600) >= 2  # past player_ttl_seconds: the object and its room's count expire
    assert object_rows(backend, where) == {}


def test_spawn_ids_and_the_room_limit_hold_across_rooms(backend: Backend) -> None:
    ann, _ = join(backend, room(), "ann")
    carol, _ = join(backend, room(), "carol")
    for oid in ("a", "b", "c"):
        assert spawn(ann, oid)["type"] == "spawn"
    assert spawn(ann, "d")["code"] == "room_full"
    assert spawn(carol, "a")["type"] == "spawn", "another room has its own objects and limit"


def test_in_relay_mode_a_move_reaches_the_others_at_once(tmp_path: Path) -> None:
    world = scaffold(tmp_path / "relay", service="relay")
    with Backend(world, settings={"multiplayer.fanout": "relay"}) as relay:
        where = room()
        ann, _ = join(relay, where, "ann")
        bob, welcome = join(relay, where, "bob")
        spawn(ann, "ball")
        hold(ann, "ball", bob)
        ann.send({"action": "move", "id": "ball", "seq": 1, "at": THERE})
        moved = bob.wait_for("move")
        assert moved["id"] == "ball" and moved["at"] == THERE and moved["by"] == welcome["players"][0]["id"]
        ann.send({"action": "pose", "seq": 2, "head": HEAD, "held": {"id": "ball", "at": HERE}})
        assert bob.wait_for("move")["at"] == HERE
        assert bob.wait_for("pose")["pose"]["head"] == HEAD
        assert not [m for m in ann.receive_all(0.3) if isinstance(m, dict) and m.get("type") == "move"], "the mover is not echoed"
