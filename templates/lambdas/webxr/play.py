"""The room's messages: ``hello`` (answered with the welcome), ``pose`` (validated, stored, fanned out)
and the shared objects' ``spawn``, ``grab``, ``move`` and ``drop`` (common/object_actions.py).

Identity is the server's: the player a pose moves is the one bound to the connection
at $connect, whatever the message says.
"""

from __future__ import annotations

from typing import Any

from common import gateway, object_actions, object_protocol, protocol, rooms, settings
from common.store import Store

SETTINGS = settings.load()
STORE = Store(SETTINGS)


def reply(body: str) -> dict[str, Any]:
    return {"statusCode": 200, "body": body}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ctx = event["requestContext"]
    me = STORE.member(ctx["connectionId"])
    if me is None:
        return reply(protocol.error("not_joined", "this connection is not in a room; reconnect"))
    api = gateway.client(event)
    if ctx["routeKey"] == "hello":
        greeted = STORE.greet(me, rooms.now_ms(), settings.HELLO_INTERVAL_MS)
        if greeted == "rate_limited":
            return reply(protocol.error("rate_limited", f"at most one hello every {settings.HELLO_INTERVAL_MS / 1000:g} s"))
        if greeted == "gone":
            return reply(protocol.error("not_joined", "this connection is not in a room; reconnect"))
        return reply(rooms.welcome(STORE, api, SETTINGS, me, first=greeted == "first"))
    if ctx["routeKey"] in object_actions.ROUTES:
        refused = object_actions.handle(STORE, api, SETTINGS, me, ctx["routeKey"], event.get("body") or "")
        return reply(refused) if refused else {"statusCode": 200}
    try:
        message = protocol.load_message(event.get("body") or "", protocol.MAX_POSE_BYTES, "pose", "bad_pose")
        seq, pose = protocol.pose_of(message)
        held = object_protocol.held_in_pose(message)
    except protocol.Rejected as rejected:
        return reply(protocol.error(rejected.code, rejected.reason))
    at = rooms.now_ms()
    heartbeat = message.get("still") is True  # as protocol.still reads it, without parsing the body again
    carried = {"id": held[0], "at": held[1], "seq": seq, "t": at} if held else None
    if heartbeat:
        outcome, pose_at = STORE.refresh(me, at, held=carried)
    else:
        outcome = STORE.write_pose(me, seq, pose, at, held=carried)
    if outcome == "rate_limited":
        return reply(protocol.error("rate_limited", f"at most {SETTINGS.max_pose_rate:g} poses per second"))
    if outcome != "ok":
        return reply(object_actions.refusal(outcome, held[0] if held else "", SETTINGS))
    if heartbeat and not held:
        # Nothing new to show, so no relay and no tick of its own (an empty tick is not sent), unless
        # this player's last pose may never have reached the room.
        if SETTINGS.fanout == "snapshot":
            rooms.settle(STORE, api, SETTINGS, me, pose_at, at)
        return {"statusCode": 200}
    if SETTINGS.fanout == "relay":
        if not heartbeat:
            rooms.relay(STORE, api, me, seq, pose, at)
        if held:
            object_actions.moved(STORE, api, SETTINGS, me, held[0], seq, held[1], at)
    else:
        rooms.maybe_tick(STORE, api, SETTINGS, me.room, at)
    return {"statusCode": 200}
