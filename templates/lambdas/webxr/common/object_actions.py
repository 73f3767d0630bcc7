"""The object actions of the ``play`` function: spawn, grab, move, drop, and letting go on leave.

Each one checks and stores through ``common.objects`` and tells the room; a refused one is an
``error`` to its sender only and stores nothing.
"""

from __future__ import annotations

from typing import Any

from common import gateway, object_protocol, protocol, rooms
from common.object_protocol import Request
from common.objects import SILENT_MS, Objects, last_active
from common.settings import Settings
from common.store import Member, Store

ROUTES = ("spawn", "grab", "move", "drop")


def _tell_room(store: Store, api: Any, room: str, payload: str, but: str | None = None) -> None:
    players = rooms.roster(store, room, fresh=but is None)
    gone = gateway.send_all(api, [p["connectionId"] for p in players if p["connectionId"] != but], payload)
    rooms.prune(store, api, room, gone, players)


def handle(store: Store, api: Any, settings: Settings, me: Member, route: str, body: str) -> str | None:
    """The error to send back, or None when the action was done and the room told."""
    try:
        request = object_protocol.parse(route, body)
    except protocol.Rejected as rejected:
        return protocol.error(rejected.code, rejected.reason)
    things = Objects(store)
    if route == "spawn":
        return _spawn(store, api, settings, things, me, request)
    if route == "grab":
        return _grab(store, api, things, me, request)
    if route == "move":
        return _move(store, api, settings, things, me, request)
    return _drop(store, api, things, me, request)


def _spawn(store: Store, api: Any, settings: Settings, things: Objects, me: Member, request: Request) -> str | None:
    assert request.at is not None and request.kind is not None
    outcome = things.spawn(me, request.id, request.kind, request.at, settings.max_objects)
    if outcome == "exists":
        return protocol.error("exists", f"the room already has an object {request.id!r}; grab it or spawn another id")
    if outcome == "room_full":
        return protocol.error("room_full", f"a room holds at most {settings.max_objects} objects")
    _tell_room(store, api, me.room, object_protocol.spawned(object_protocol.view(request.id, request.kind, request.at, None)))
    return None


def _grab(store: Store, api: Any, things: Objects, me: Member, request: Request) -> str | None:
    thing = things.get(me.room, request.id)
    if thing is None:
        return protocol.error("no_object", f"no object {request.id!r} in this room")
    take_from = None
    if thing.holder is not None and thing.holder != me.connection_id:
        holder = next((p for p in store.room(me.room) if p["connectionId"] == thing.holder), None)
        if holder is not None and last_active(holder, thing) >= rooms.now_ms() - SILENT_MS:
            return protocol.error("held", f"{request.id!r} is held by {holder['name']} ({holder['id']}); wait for the drop")
        take_from = thing.holder  # the holder left or went silent
    outcome = things.grab(me, request.id, rooms.now_ms(), take_from)
    if outcome == "held":
        return protocol.error("held", f"{request.id!r} was grabbed by someone else first; wait for the drop")
    if outcome == "already_holding":
        return protocol.error("already_holding", "drop the object you hold before grabbing another")
    if outcome == "no_object":
        return protocol.error("no_object", f"no object {request.id!r} in this room")
    if outcome == "gone":
        return protocol.error("not_joined", "this connection is not in a room; reconnect")
    _tell_room(store, api, me.room, object_protocol.grabbed(request.id, me.player_id))
    return None


def _move(store: Store, api: Any, settings: Settings, things: Objects, me: Member, request: Request) -> str | None:
    assert request.at is not None
    at = rooms.now_ms()
    outcome = things.move(me, request.id, request.seq, request.at, at, settings.min_pose_interval_ms)
    if outcome != "ok":
        return refusal(outcome, request.id, settings)
    moved(store, api, settings, me, request.id, request.seq, request.at, at)
    return None


def refusal(outcome: str, oid: str, settings: Settings) -> str:
    """The error for a move (alone or in a pose) that was not stored."""
    if outcome == "not_holding":
        return protocol.error("not_holding", f"you do not hold {oid!r}; grab it first")
    if outcome == "rate_limited":
        return protocol.error("rate_limited", f"at most {settings.max_pose_rate:g} moves per second")
    return protocol.error("not_joined", "this connection is not in a room; reconnect")


def moved(store: Store, api: Any, settings: Settings, me: Member, oid: str, seq: int, place: dict[str, Any], at: int) -> None:
    """A stored move reaches the room: relayed at once, or in the next snapshot tick."""
    if settings.fanout == "relay":
        _tell_room(store, api, me.room, object_protocol.moved(oid, me.player_id, seq, place, at), but=me.connection_id)
    else:
        rooms.maybe_tick(store, api, settings, me.room, at)


def _drop(store: Store, api: Any, things: Objects, me: Member, request: Request) -> str | None:
    thing = things.release(me, request.id, request.at)
    if thing is None:
        return protocol.error("not_holding", f"you do not hold {request.id!r}")
    _tell_room(store, api, me.room, object_protocol.dropped(thing.id, me.player_id, thing.at, "let_go"))
    return None
