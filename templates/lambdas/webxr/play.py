"""The room's messages: ``hello`` (answered with the welcome) and ``pose`` (validated, stored, fanned out).

Identity is the server's: the player a pose moves is the one bound to the connection
at $connect, whatever the message says.
"""

from __future__ import annotations

from typing import Any

from common import gateway, protocol, rooms, settings
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
    try:
        seq, pose = protocol.parse_pose(event.get("body") or "")
    except protocol.Rejected as rejected:
        return reply(protocol.error(rejected.code, rejected.reason))
    at = rooms.now_ms()
    heartbeat = protocol.still(event["body"])
    outcome = STORE.write_pose(me, seq, pose, at, still=heartbeat)
    if outcome == "rate_limited":
        return reply(protocol.error("rate_limited", f"at most {SETTINGS.max_pose_rate:g} poses per second"))
    if outcome == "gone":
        return reply(protocol.error("not_joined", "this connection is not in a room; reconnect"))
    if heartbeat:
        return {"statusCode": 200}  # nothing to show anyone: no relay, and no tick (an empty tick is not sent)
    if SETTINGS.fanout == "relay":
        rooms.relay(STORE, api, me, seq, pose, at)
    else:
        rooms.maybe_tick(STORE, api, SETTINGS, me.room, at)
    return {"statusCode": 200}
