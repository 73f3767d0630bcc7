"""Snapshots reach each player in tick order, though API Gateway does not order separate POSTs.

Ticks are claimed by whichever warm environment's pose comes first in a period, so two environments
can hold consecutive ticks (86 by A, 87 by B). If B's POSTs started while A's were still in flight,
a player could receive 87 before 86 (API Gateway delivers each POST as it arrives; nothing orders
two Lambda invocations' POSTs). So a tick can be claimed only once the previous winner's POSTs have
all returned, or its lease ran out. The tables are the embedded DynamoDB engine; the @connections
API is a recorder (API Gateway cannot run here), and each environment's warm state is its own.
"""

from __future__ import annotations

import contextlib
import json
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "lambdas" / "webxr"))

from common import rooms
from common.settings import Settings
from common.store import SEND_LEASE_MS, Member, Store

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


def new_room(store: Store | None = None) -> str:
    """A room of its own; with ``store``, two players (c0 and c1) in it."""
    room = "r" + uuid.uuid4().hex[:8]
    if store is not None:
        for i in range(2):
            store.add(Member(f"c{i}", room, f"p{i}", f"player {i}"))
    return room


def two_environments() -> tuple[Store, Store, str]:
    """Two Lambda environments' stores over the same (new) tables, and a room of their own."""
    ddb = tables()
    return Store(SETTINGS, ddb), Store(SETTINGS, ddb), new_room()


class OvertakenStore(Store):
    """Environment A's view: right after A's claim, environment B claims the next tick."""

    def room_and_tick(self, room: str) -> tuple[list[dict[str, Any]], int]:
        other = Store(self.settings, self.ddb)
        # Only possible once A's lease ran out: A stalled that long between its claim and its read.
        assert other.claim_tick(room, self.claimed_at + SEND_LEASE_MS + self.settings.tick_ms) is not None
        return super().room_and_tick(room)

    claimed_at = 0


def test_a_tick_overtaken_after_its_lease_ran_out_is_not_sent_its_snapshot_left_is_not_sent() -> None:
    store = OvertakenStore(SETTINGS, tables())
    room = new_room(store)
    api = Recorder()
    store.claimed_at = 1_000_000_050
    assert rooms.maybe_tick(store, api, SETTINGS, room, store.claimed_at)
    assert api.sent == [], "tick 10000000 lost the race to a later one: sending it now could arrive after the newer one"


def test_a_tick_nobody_overtook_is_sent_to_everyone() -> None:
    store = Store(SETTINGS, tables())
    room = new_room(store)
    api = Recorder()
    assert rooms.maybe_tick(store, api, SETTINGS, room, 2_000_000_050)
    assert sorted(c for c, _ in api.sent) == ["c0", "c1"]
    assert {m["tick"] for _, m in api.sent} == {20_000_000}


class InFlight(Recorder):
    """API Gateway while a snapshot's POSTs are in flight: ``during`` runs inside the first POST."""

    def __init__(self, during: Callable[[], None]) -> None:
        super().__init__()
        self.during: Callable[[], None] | None = during

    def post_to_connection(self, ConnectionId: str, Data: bytes) -> None:
        super().post_to_connection(ConnectionId, Data)
        during, self.during = self.during, None
        if during is not None:
            during()


_WARM_STATE = ("_roster", "_next_tick", "_contended", "_room_size", "_busy")


@pytest.fixture
def environments(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], contextlib.AbstractContextManager[None]]:
    """``with environments("B"):`` runs code in warm Lambda environment B (its own module-level caches)."""
    states: dict[str, dict[str, dict[str, Any]]] = {}

    @contextlib.contextmanager
    def environment(name: str) -> Iterator[None]:
        state = states.setdefault(name, {attr: {} for attr in _WARM_STATE})
        saved = {attr: getattr(rooms, attr) for attr in _WARM_STATE}
        for attr, value in state.items():
            monkeypatch.setattr(rooms, attr, value)
        try:
            yield
        finally:
            for attr, value in saved.items():
                monkeypatch.setattr(rooms, attr, value)

    return environment


def ticks_by_connection(api: Recorder) -> dict[str, list[int]]:
    received: dict[str, list[int]] = {}
    for connection_id, message in api.sent:
        received.setdefault(connection_id, []).append(message["tick"])
    return received


def test_a_later_tick_cannot_overtake_one_whose_posts_are_in_flight(environments: Any) -> None:
    ddb = tables()
    room = new_room(Store(SETTINGS, ddb))
    start = 3_000_000_050  # tick 30_000_000
    won_during_send: list[bool] = []

    def pose_in_b() -> None:  # B's pose arrives in the next period while A is still posting to c0
        with environments("B"):
            won_during_send.append(rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start + SETTINGS.tick_ms))

    api = InFlight(pose_in_b)
    with environments("A"):
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start)
    assert won_during_send == [False], "tick 30_000_001 was claimed while 30_000_000's POSTs were in flight"
    with environments("C"):  # a later pose in the same period, once A's POSTs have returned
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start + SETTINGS.tick_ms + 20)
    assert ticks_by_connection(api) == {"c0": [30_000_000, 30_000_001], "c1": [30_000_000, 30_000_001]}


def test_a_winner_that_never_finished_holds_the_room_only_for_its_lease() -> None:
    crashed, other, room = two_environments()
    at = 4_000_000_050
    assert crashed.claim_tick(room, at) == 40_000_000  # then the environment dies before finish_tick
    assert other.claim_tick(room, at + SETTINGS.tick_ms) is None
    assert other.claim_tick(room, at + SEND_LEASE_MS + 1) == (at + SEND_LEASE_MS + 1) // SETTINGS.tick_ms


def test_a_late_release_does_not_free_a_tick_claimed_after_the_lease() -> None:
    slow, fast, room = two_environments()
    at = 5_000_000_050
    assert slow.claim_tick(room, at) == 50_000_000
    later = at + SEND_LEASE_MS + 1
    assert fast.claim_tick(room, later) == later // SETTINGS.tick_ms
    slow.finish_tick(room, 50_000_000)  # the stalled winner finally returns: it must not release fast's tick
    assert fast.claim_tick(room, later + SETTINGS.tick_ms) is None
    fast.finish_tick(room, later // SETTINGS.tick_ms)
    assert fast.claim_tick(room, later + SETTINGS.tick_ms) == later // SETTINGS.tick_ms + 1


def test_an_environment_refused_while_a_snapshot_is_in_flight_tries_again_on_its_next_pose(environments: Any) -> None:
    # Refused because the previous tick is still being sent, not because this period's tick is taken:
    # the period's tick is still free, so B does not wait for the next period (a tick lost for nothing).
    ddb = tables()
    room = new_room(Store(SETTINGS, ddb))
    start = 6_000_000_050  # tick 60_000_000

    def pose_in_b() -> None:
        with environments("B"):
            assert not rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start + SETTINGS.tick_ms)

    api = InFlight(pose_in_b)
    with environments("A"):
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start)
    with environments("B"):  # B's next pose, 20 ms later in the same period
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start + SETTINGS.tick_ms + 20)
    assert ticks_by_connection(api) == {"c0": [60_000_000, 60_000_001], "c1": [60_000_000, 60_000_001]}


def test_a_refused_claim_says_whether_the_tick_is_taken_or_the_previous_one_still_sending() -> None:
    first, second, room = two_environments()
    at = 7_000_000_050
    assert first.claim(room, at) == 70_000_000
    assert second.claim(room, at + 10) == "taken"  # the same period: someone else's tick
    assert second.claim(room, at + SETTINGS.tick_ms) == "busy"  # the next period, while 70_000_000 is being sent
    first.finish_tick(room, 70_000_000)
    assert second.claim(room, at + SETTINGS.tick_ms) == 70_000_001


class Counted:
    """A DynamoDB client that records which requests an environment made."""

    def __init__(self, ddb: Any) -> None:
        self.ddb = ddb
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.ddb, name)

        def call(**request: Any) -> Any:
            self.calls.append(name)
            return method(**request)

        return call


def test_refused_while_a_snapshot_is_sent_an_environment_asks_again_only_a_fifth_of_a_period_later(environments: Any) -> None:
    # Asking on every pose meanwhile cost a request per pose exactly when the room was busiest.
    ddb = tables()
    room = new_room(Store(SETTINGS, ddb))
    start = 8_000_000_050  # tick 80_000_000
    b = Counted(ddb)
    retry = int(SETTINGS.tick_ms * rooms.BUSY_RETRY_SHARE)

    def poses_in_b() -> None:
        with environments("B"):
            assert not rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + SETTINGS.tick_ms)  # refused: busy
            assert not rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + SETTINGS.tick_ms + retry - 1)

    api = InFlight(poses_in_b)
    with environments("A"):
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start)
    assert b.calls == ["update_item"], "one refused claim; the pose within the retry time asked nothing"
    with environments("B"):
        assert rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + SETTINGS.tick_ms + retry)
    assert ticks_by_connection(api) == {"c0": [80_000_000, 80_000_001], "c1": [80_000_000, 80_000_001]}


def test_a_contended_environment_that_reads_a_snapshot_still_being_sent_does_not_try_to_claim(environments: Any) -> None:
    ddb = tables()
    store = Store(SETTINGS, ddb)
    room = new_room(store)
    for i in range(2, rooms.READ_FIRST_MIN_PLAYERS):
        store.add(Member(f"c{i}", room, f"p{i}", f"player {i}"))
    start = 9_000_000_050  # tick 90_000_000
    b = Counted(ddb)
    with environments("B"):  # B has sent a tick before: it knows the room's size
        assert rooms.maybe_tick(Store(SETTINGS, b), Recorder(), SETTINGS, room, start)

    def poses_in_b() -> None:
        with environments("B"):
            assert not rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + SETTINGS.tick_ms + 10)  # taken: contended now
            b.calls.clear()
            assert not rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + 2 * SETTINGS.tick_ms)  # A still sending

    api = InFlight(poses_in_b)
    with environments("A"):
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start + SETTINGS.tick_ms)
    assert b.calls == ["get_item"], "the tick row said the previous snapshot is still on its way: no claim to refuse"
    retry = int(SETTINGS.tick_ms * rooms.BUSY_RETRY_SHARE)
    with environments("B"):
        assert rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + 2 * SETTINGS.tick_ms + retry)
    assert {m["tick"] for _, m in api.sent} == {90_000_001, 90_000_002}


def test_an_environment_that_keeps_finding_the_snapshot_in_flight_backs_off_up_to_a_period(environments: Any) -> None:
    # A send longer than a period (a loaded machine, a slow function): a few requests per environment, not one per pose.
    ddb = tables()
    room = new_room(Store(SETTINGS, ddb))
    start = 10_000_000_050  # tick 100_000_000
    b = Counted(ddb)
    tried_at: list[int] = []

    def poses_in_b() -> None:
        with environments("B"):
            for at in range(start + SETTINGS.tick_ms, start + 4 * SETTINGS.tick_ms, 5):  # a pose every 5 ms for 3 periods
                asked = len(b.calls)
                assert not rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, at)
                if len(b.calls) > asked:
                    tried_at.append(at - start - SETTINGS.tick_ms)

    api = InFlight(poses_in_b)
    with environments("A"):
        assert rooms.maybe_tick(Store(SETTINGS, ddb), api, SETTINGS, room, start)
    # 20 ms, then 40, 80 and at most a period (100 ms) between tries.
    assert tried_at == [0, 20, 60, 140, 240]
    with environments("B"):  # A has returned: B's next try wins, and its back-off starts over
        assert rooms.maybe_tick(Store(SETTINGS, b), api, SETTINGS, room, start + 4 * SETTINGS.tick_ms + 40)
        assert rooms._busy.get(room) is None
