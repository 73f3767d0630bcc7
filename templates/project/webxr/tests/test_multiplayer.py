"""Examples of testing your handlers with wrapper's pytest fixtures; run them with `pytest`.

`player(...)` connects a real WebSocket client to your backend running offline (the same
handlers, an embedded DynamoDB with fresh tables); `backend` gives direct access to the
tables, lets you invoke one handler with a crafted event, and moves the handlers' clock
forward (`backend.advance(seconds)`) for anything that waits: silence, ticks, TTL expiry.
"""


def test_players_in_one_room_see_each_other(player):
    ann = player(room="lobby", name="ann")
    ann.send({"action": "hello"})
    assert ann.wait_for("welcome")["players"] == []

    bob = player(room="lobby", name="bob")
    bob.send({"action": "hello"})
    welcome = bob.wait_for("welcome")
    assert [p["name"] for p in welcome["players"]] == ["ann"]
    assert ann.wait_for("join")["name"] == "bob"

    ann.send({"action": "pose", "seq": 1, "head": {"p": [1.0, 1.6, 0.0], "q": [0, 0, 0, 1]}})
    seen = bob.wait_for(lambda m: any(p["id"] == welcome["players"][0]["id"] and p["pose"] for p in m.get("players", [])) and m["type"] == "snapshot")
    assert seen["room"] == "lobby"


def test_an_unknown_action_gets_an_error_from_the_default_handler(backend):
    reply = backend.invoke("default", backend.message_event({"action": "dance"}))
    assert reply["statusCode"] == 200
    assert "unknown_action" in reply["body"]
    assert backend.table("players").scan()["Items"] == []



def test_a_held_object_is_taken_over_when_its_holder_goes_silent(backend, player):
    ann = player(room="lobby", name="ann")
    ann.send({"action": "hello"})
    ann_id = ann.wait_for("welcome")["id"]
    ann.send({"action": "spawn", "id": "crate", "kind": "cube", "at": {"p": [0, 1, -2], "q": [0, 0, 0, 1]}})
    ann.wait_for("spawn")
    ann.send({"action": "grab", "id": "crate"})
    assert ann.wait_for("grab")["by"] == ann_id

    bob = player(room="lobby", name="bob")
    bob.send({"action": "hello"})
    assert bob.wait_for("welcome")["objects"][0]["by"] == ann_id
    bob.send({"action": "grab", "id": "crate"})
    assert bob.wait_for("error")["code"] == "held"

    backend.advance(60)  # fake time: a minute passes for the handlers, and ann sent nothing
    bob.send({"action": "grab", "id": "crate"})
    taken = ann.wait_for("grab")
    assert taken["id"] == "crate" and taken["by"] != ann_id
