"""What happens in a room: joining, leaving, pose fan-out (relay or snapshot ticks).

relay:    every pose goes at once to every other player (lowest latency; messages grow as N²).
snapshot: the first pose in each tick period claims that tick (one conditional write) and
          sends each player one snapshot of the whole room, so messages grow as N. The next
          tick can be claimed only once that snapshot's POSTs have all returned (or the
          winner's lease ran out), so each player receives ticks in increasing order.
"""

from __future__ import annotations

import time
from typing import Any

from common import gateway, protocol
from common.settings import Settings
from common.store import Member, Store

# Per warm environment: who is in each room, refreshed at most once a second (relay mode), and
# when each room's next tick is due as far as this environment knows (snapshot mode).
_roster: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_next_tick: dict[str, int] = {}
# Per warm environment: until when another environment was seen claiming this room's ticks, and
# how many players the room had when this environment last read it.
_contended: dict[str, int] = {}
_room_size: dict[str, int] = {}
ROSTER_SECONDS = 1.0
CONTENDED_MS = 1000
# Reading the tick row first saves writes but adds a request per environment and tick; below this
# many players there are too few poses per tick to spread it over (the target: <= 2 requests a pose).
READ_FIRST_MIN_PLAYERS = 4


def now_ms() -> int:
    return int(time.time() * 1000)


def roster(store: Store, room: str, fresh: bool = False) -> list[dict[str, Any]]:
    cached = _roster.get(room)
    if not fresh and cached is not None and time.monotonic() - cached[0] < ROSTER_SECONDS:
        return cached[1]
    players = store.room(room)
    _roster[room] = (time.monotonic(), players)
    _room_size[room] = len(players)
    return players


def prune(store: Store, api: Any, room: str, gone: list[str], players: list[dict[str, Any]]) -> None:
    """Connections API Gateway says are gone: remove them and tell the others they left."""
    by_connection = {p["connectionId"]: p for p in players}
    for connection_id in gone:
        player = by_connection.get(connection_id)
        if player is None:
            continue
        store.remove(Member(connection_id, room, player["id"], player["name"]))
        _roster.pop(room, None)
        others = [c for c in by_connection if c not in gone]
        gateway.send_all(api, others, protocol.left(player["id"]))


def welcome(store: Store, api: Any, settings: Settings, me: Member, first: bool = True) -> str:
    """The welcome for ``me``; the others hear ``join`` only on the connection's first hello."""
    players = roster(store, me.room, fresh=True)
    others = [p for p in players if p["connectionId"] != me.connection_id]
    gone = gateway.send_all(api, [p["connectionId"] for p in others], protocol.joined(me.player_id, me.name)) if first else []
    prune(store, api, me.room, gone, players)
    public = [{"id": p["id"], "name": p["name"], "seq": p["seq"], "pose": p["pose"]} for p in others if p["connectionId"] not in gone]
    return protocol.welcome(me.player_id, me.name, me.room, settings.public(), public)


def leave(store: Store, api: Any, me: Member) -> None:
    store.remove(me)
    _roster.pop(me.room, None)
    players = store.room(me.room)
    gone = gateway.send_all(api, [p["connectionId"] for p in players], protocol.left(me.player_id))
    prune(store, api, me.room, gone, players)


def relay(store: Store, api: Any, me: Member, seq: int, pose: dict[str, Any], at: int) -> None:
    players = roster(store, me.room)
    targets = [p["connectionId"] for p in players if p["connectionId"] != me.connection_id]
    gone = gateway.send_all(api, targets, protocol.relayed(me.player_id, seq, pose, at))
    prune(store, api, me.room, gone, players)


def maybe_tick(store: Store, api: Any, settings: Settings, room: str, at: int) -> bool:
    """Send the room's snapshot if this call wins the current tick; True if it did.

    The claim is one conditional write, billed even when it fails. While another environment
    is known to claim ticks in a room of several players too, a read of the tick row (a fifth of
    a write) comes first, so the claim is only tried when it can win; otherwise the claim goes first.
    The winner reads the room after its claim, so the snapshot holds every pose stored until then,
    and releases the tick once every POST has returned: until then no later tick can be claimed, so
    no later snapshot can overtake this one on its way to a player (API Gateway does not order
    separate POSTs). That is one more write per tick, not per pose.
    """
    if at < _next_tick.get(room, 0):
        return False  # this environment already knows the current tick is taken
    # Won or lost, this tick is taken: the next chance is the next period.
    _next_tick[room] = (at // settings.tick_ms + 1) * settings.tick_ms
    read_first = at < _contended.get(room, 0) and _room_size.get(room, 0) >= READ_FIRST_MIN_PLAYERS
    if read_first and store.last_tick(room) >= at // settings.tick_ms:
        _contended[room] = at + CONTENDED_MS  # still not alone
        return False
    tick = store.claim_tick(room, at)
    if tick is None:
        _contended[room] = at + CONTENDED_MS
        return False
    players, latest = store.room_and_tick(room)
    _room_size[room] = len(players)
    if latest > tick:
        # This environment stalled past its lease and another claimed a later tick meanwhile: that
        # snapshot is newer and on its way, and sending this one now could reach players after it.
        _contended[room] = at + CONTENDED_MS
        return True
    payload = protocol.snapshot(
        room, tick, at, [{"id": p["id"], "seq": p["seq"], "pose": p["pose"], "t": p["t"]} for p in players if p["pose"]]
    )
    try:
        gone = gateway.send_all(api, [p["connectionId"] for p in players], payload)
    finally:
        store.finish_tick(room, tick)  # also after a failed send: what was sent has returned
    prune(store, api, room, gone, players)
    return True
