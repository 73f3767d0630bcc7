"""Snapshots leave in tick order: a tick overtaken while its winner was reading the room is not sent.

Two warm environments can claim consecutive ticks (86 by A, then 87 by B) while A is still reading
the room; if A sent its snapshot then, a player could receive 87 before 86. The tables are the
embedded DynamoDB engine; the @connections API is a recorder (API Gateway cannot run here).
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "lambdas" / "webxr"))

from common import rooms
from common.settings import Settings
from common.store import Member, Store

from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

SETTINGS = Settings("snapshot", 10.0, 30.0, "lobby", False, 7200, 32, "conns", "players", "")


class Recorder:
    """Stands in for API Gateway's management API: keeps what each connection was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def post_to_connection(self, ConnectionId: str, Data: bytes) -> None:
        self.sent.append((ConnectionId, json.loads(Data)))


def tables() -> Any:
    ddb = engine_client(EmbeddedDynamoDB("us-east-1"))
    ddb.create_table(
        TableName="conns",
        KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.create_table(
        TableName="players",
        KeySchema=[{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "connectionId", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "room", "AttributeType": "S"}, {"AttributeName": "connectionId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return ddb


class OvertakenStore(Store):
    """Environment A's view: right after A's claim, environment B claims the next tick."""

    def room_and_tick(self, room: str) -> tuple[list[dict[str, Any]], int]:
        other = Store(self.settings, self.ddb)
        assert other.claim_tick(room, self.claimed_at + self.settings.tick_ms) is not None
        return super().room_and_tick(room)

    claimed_at = 0


def test_a_tick_overtaken_before_its_snapshot_left_is_not_sent() -> None:
    ddb = tables()
    room = "r" + uuid.uuid4().hex[:8]
    store = OvertakenStore(SETTINGS, ddb)
    for i in range(2):
        store.add(Member(f"c{i}", room, f"p{i}", f"player {i}"))
    api = Recorder()
    store.claimed_at = 1_000_000_050
    assert rooms.maybe_tick(store, api, SETTINGS, room, store.claimed_at)
    assert api.sent == [], "tick 10000000 lost the race to 10000001: sending it now could arrive after the newer one"


def test_a_tick_nobody_overtook_is_sent_to_everyone() -> None:
    ddb = tables()
    room = "r" + uuid.uuid4().hex[:8]
    store = Store(SETTINGS, ddb)
    for i in range(2):
        store.add(Member(f"c{i}", room, f"p{i}", f"player {i}"))
    api = Recorder()
    assert rooms.maybe_tick(store, api, SETTINGS, room, 2_000_000_050)
    assert sorted(c for c, _ in api.sent) == ["c0", "c1"]
    assert {m["tick"] for _, m in api.sent} == {20_000_000}
