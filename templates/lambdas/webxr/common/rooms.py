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

from common import clock, gateway, object_protocol, objects, protocol
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
# Per warm environment: how many times in a row it found the room's previous snapshot still being sent.
_busy: dict[str, int] = {}
ROSTER_SECONDS = 1.0
CONTENDED_MS = 1000
# Reading the tick row first saves writes but adds a request per environment and tick; below this
# many players there are too few poses per tick to spread it over (the target: <= 2 requests a pose).
READ_FIRST_MIN_PLAYERS = 4
# A heartbeat checks whether its player's last pose reached the room only this soon after it was stored.
UNSETTLED_MS = 5000
# Refused because the previous tick's snapshot is still being sent: the period's tick is still free,
# but trying again on every pose meanwhile would cost a request per pose exactly when the room is
# busiest (measured at N = 50: up to 0.8 failed claims and 0.8 tick-row reads per pose). An environment
# tries again after this share of a tick period, then twice as long each time in a row (a send that
# takes longer than a period, as on a loaded machine or a slow function, costs each environment a few
# requests per period, not one per pose), never later than a period.
BUSY_RETRY_SHARE = 0.2


def now_ms() -> int:
    return clock.now_ms()


def roster(store: Store, room: str, fresh: bool = False) -> list[dict[str, Any]]:
    cached = _roster.get(room)
    if not fresh and cached is not None and time.monotonic() - cached[0] < ROSTER_SECONDS:
        return cached[1]
    players = store.room(room)
    _roster[room] = (time.monotonic(), players)
    _room_size[room] = len(players)
    return players


def prune(store: Store, api: Any, room: str, gone: list[str], players: list[dict[str, Any]]) -> None:
    """Connections API Gateway says are gone: remove them and tell the others they left.

    A row whose connection may still be in its $connect is kept: API Gateway refuses POSTs to it
    until $connect returns, and removing it then would leave the new player out of its own room.
    """
    by_connection = {p["connectionId"]: p for p in players}
    for connection_id in gone:
        player = by_connection.get(connection_id)
        if player is None or store.connecting(player):
            continue
        member = Member(connection_id, room, player["id"], player["name"])
        dropped = objects.let_go(store, member) if player.get("holding") else None
        store.remove(member)
        _roster.pop(room, None)
        others = [c for c in by_connection if c not in gone]
        if dropped:
            gateway.send_all(api, others, dropped)
        gateway.send_all(api, others, protocol.left(player["id"]))


def welcome(store: Store, api: Any, settings: Settings, me: Member, first: bool = True) -> str:
    """The welcome for ``me``; the others hear ``join`` only on the connection's first hello."""
    players = roster(store, me.room, fresh=True)
    others = [p for p in players if p["connectionId"] != me.connection_id]
    gone = gateway.send_all(api, [p["connectionId"] for p in others], protocol.joined(me.player_id, me.name)) if first else []
    prune(store, api, me.room, gone, players)
    public = [{"id": p["id"], "name": p["name"], "seq": p["seq"], "pose": p["pose"]} for p in others if p["connectionId"] not in gone]
    return protocol.welcome(me.player_id, me.name, me.room, settings.public(), public, objects.visible(store, me.room, players))


def leave(store: Store, api: Any, me: Member) -> None:
    dropped = objects.let_go(store, me)
    store.remove(me)
    _roster.pop(me.room, None)
    players = store.room(me.room)
    if dropped:
        gateway.send_all(api, [p["connectionId"] for p in players], dropped)
    gone = gateway.send_all(api, [p["connectionId"] for p in players], protocol.left(me.player_id))
    prune(store, api, me.room, gone, players)


def relay(store: Store, api: Any, me: Member, seq: int, pose: dict[str, Any], at: int) -> None:
    players = roster(store, me.room)
    targets = [p["connectionId"] for p in players if p["connectionId"] != me.connection_id]
    gone = gateway.send_all(api, targets, protocol.relayed(me.player_id, seq, pose, at))
    prune(store, api, me.room, gone, players)


def settle(store: Store, api: Any, settings: Settings, me: Member, pose_at: int, at: int) -> bool:
    """A heartbeat's tick: only when ``me``'s last pose (stored at ``pose_at``) may not be in a snapshot yet.

    A pose stored after its tick's snapshot read the room waits for the next claim; in a room
    where everyone then stands still, heartbeats claim none, so the one that finds its player's
    pose newer than the last claimed tick claims one. A strongly consistent read of the tick
    row decides, only for heartbeats within ``UNSETTLED_MS`` of their player's last move.
    """
    if not pose_at or at - pose_at > UNSETTLED_MS:
        return False
    # Stored in the last claimed tick's period or later: perhaps after that tick read the room.
    if store.tick_state(me.room, at)[0] * settings.tick_ms <= pose_at:
        return maybe_tick(store, api, settings, me.room, at)
    return False  # the last claimed tick began after this pose was stored, so its read included it


def _retry_later(room: str, at: int, tick_ms: int) -> bool:
    """Found the previous snapshot still being sent: the next try is ``BUSY_RETRY_SHARE`` of a period away, doubling."""
    tries = _busy.get(room, 0)
    _busy[room] = tries + 1
    _next_tick[room] = at + min(tick_ms, int(tick_ms * BUSY_RETRY_SHARE * 2**tries))
    return False


def maybe_tick(store: Store, api: Any, settings: Settings, room: str, at: int) -> bool:
    """Send the room's snapshot if this call wins the current tick; True if it did.

    The claim is one conditional write, billed even when it fails. While another environment
    is known to claim ticks in a room of several players too, a read of the tick row (a fifth of
    a write) comes first, so the claim is only tried when it can win; otherwise the claim goes first.
    Refused (or read) while the previous snapshot is still being sent, the environment tries again
    ``BUSY_RETRY_SHARE`` of a period later at the soonest (then backs off), not on every pose.
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
    if read_first:
        last, sending = store.tick_state(room, at)
        if last >= at // settings.tick_ms:
            _contended[room] = at + CONTENDED_MS  # still not alone
            _busy.pop(room, None)
            return False
        if sending:  # the claim would be refused: try again a little later, as below
            return _retry_later(room, at, settings.tick_ms)
    claimed = store.claim(room, at)
    if claimed == "busy":
        # This period's tick is still free; the previous snapshot is on its way: a later pose tries again.
        return _retry_later(room, at, settings.tick_ms)
    _busy.pop(room, None)
    if not isinstance(claimed, int):
        _contended[room] = at + CONTENDED_MS
        return False
    tick = claimed
    players, latest = store.room_and_tick(room)
    _room_size[room] = len(players)
    if latest > tick:
        # This environment stalled past its lease and another claimed a later tick meanwhile: that
        # snapshot is newer and on its way, and sending this one now could reach players after it.
        _contended[room] = at + CONTENDED_MS
        return True
    payload = protocol.snapshot(
        room,
        tick,
        at,
        [{"id": p["id"], "seq": p["seq"], "pose": p["pose"], "t": p["t"]} for p in players if p["pose"]],
        object_protocol.in_hand(players),
    )
    try:
        gone = gateway.send_all(api, [p["connectionId"] for p in players], payload)
    finally:
        store.finish_tick(room, tick)  # also after a failed send: what was sent has returned
    prune(store, api, room, gone, players)
    return True
