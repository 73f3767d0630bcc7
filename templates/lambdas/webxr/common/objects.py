"""Shared objects in DynamoDB: spawn, grab, move, drop, release; rows in the room's partition.

players table, partition = the room:
  "~obj#<id>"  kind, place (JSON placement when last let go), holder (connection id), heldAt
  "~objects"   n: how many objects the room has (the per-room limit is checked on it)
  a player's row  holding (the object id it holds), held (JSON {id, at, seq, t}: its latest placement)

One holder at a time: a grab is one conditional transaction over the object's row (free, or
held by a holder that left or went silent) and the grabber's row (holding nothing else), so
two grabs of one object never both win. While held, the object's placement lives on the
holder's row, written by the same UpdateItem as a pose (``held`` in the pose) or by ``move``,
so a snapshot tick carries it with the poses from the one room query it already makes.
Every write refreshes ``expiresAt``: objects untouched for ``player_ttl_seconds`` expire.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from common import clock, object_protocol
from common.store import Member, Store

PREFIX = "~obj#"
COUNT_ROW = "~objects"
# A holder that sent no pose or move for this long has let go in everyone's eyes: the next grab
# takes the object over (the page sends a pose at least once a second while connected).
SILENT_MS = 10_000


@dataclass(frozen=True)
class Thing:
    id: str
    kind: str
    at: dict[str, Any]
    holder: str | None
    held_at: int


def _json(value: Any) -> dict[str, str]:
    return {"S": json.dumps(value, separators=(",", ":"))}


def _thing(item: dict[str, Any]) -> Thing:
    return Thing(
        item["connectionId"]["S"][len(PREFIX) :],
        item["kind"]["S"],
        json.loads(item["place"]["S"]),
        item["holder"]["S"] if "holder" in item else None,
        int(item.get("heldAt", {}).get("N", "0")),
    )


def last_active(player: dict[str, Any] | None, thing: Thing) -> int:
    """When the holder last showed life (pose, move or the grab itself); 0 if it left."""
    if player is None:
        return 0
    held = player.get("held") or {}
    return max(int(player.get("active", 0)), int(held.get("t", 0)), thing.held_at)


class Objects:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.ddb = store.ddb
        self.table = store.settings.players_table

    def _key(self, room: str, row: str) -> dict[str, Any]:
        return {"room": {"S": room}, "connectionId": {"S": row}}

    def _expires(self) -> str:
        return str(int(clock.now()) + self.store.settings.player_ttl_seconds)

    def _touch_count(self, room: str) -> dict[str, Any]:
        # The count row lives as long as the room's newest object, so the limit never resets under live objects.
        return {
            "Update": {
                "TableName": self.table,
                "Key": self._key(room, COUNT_ROW),
                "UpdateExpression": "SET expiresAt = :exp",
                "ExpressionAttributeValues": {":exp": {"N": self._expires()}},
            }
        }

    def _transact(self, items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        """None when every write applied, else each write's cancellation reason (nothing applied)."""
        try:
            self.ddb.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons: list[dict[str, Any]] = exc.response.get("CancellationReasons") or [{"Code": "Unknown"}] * len(items)
            return reasons
        return None

    # -- reading ---------------------------------------------------------------------------
    def get(self, room: str, oid: str) -> Thing | None:
        item = self.ddb.get_item(TableName=self.table, Key=self._key(room, PREFIX + oid), ConsistentRead=True).get("Item")
        return _thing(item) if item else None

    def all(self, room: str) -> list[Thing]:
        things: list[Thing] = []
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "#r = :room AND begins_with(connectionId, :prefix)",
            "ExpressionAttributeNames": {"#r": "room"},
            "ExpressionAttributeValues": {":room": {"S": room}, ":prefix": {"S": PREFIX}},
        }
        while True:
            page = self.ddb.query(**kwargs)
            things += [_thing(item) for item in page["Items"]]
            if "LastEvaluatedKey" not in page:
                return things
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def holding(self, member: Member) -> tuple[str, dict[str, Any] | None] | None:
        """(object id, its latest placement or None) that ``member`` holds, from its row."""
        item = self.ddb.get_item(
            TableName=self.table,
            Key=self._key(member.room, member.connection_id),
            ProjectionExpression="holding, held",
            ConsistentRead=True,
        ).get("Item")
        if not item or "holding" not in item:
            return None
        held = json.loads(item["held"]["S"]) if "held" in item else None
        oid = item["holding"]["S"]
        return oid, (held["at"] if held and held.get("id") == oid else None)

    # -- writing ---------------------------------------------------------------------------
    def spawn(self, member: Member, oid: str, kind: str, at: dict[str, Any], limit: int) -> str:
        """'ok', 'exists' (the id is taken) or 'room_full': one transaction, nothing stored unless 'ok'."""
        expires = self._expires()
        reasons = self._transact(
            [
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": self._key(member.room, COUNT_ROW),
                        "UpdateExpression": "SET n = if_not_exists(n, :zero) + :one, expiresAt = :exp",
                        "ConditionExpression": "attribute_not_exists(n) OR n < :limit",
                        "ExpressionAttributeValues": {
                            ":zero": {"N": "0"},
                            ":one": {"N": "1"},
                            ":limit": {"N": str(limit)},
                            ":exp": {"N": expires},
                        },
                    }
                },
                {
                    "Put": {
                        "TableName": self.table,
                        "Item": {
                            **self._key(member.room, PREFIX + oid),
                            "kind": {"S": kind},
                            "place": _json(at),
                            "expiresAt": {"N": expires},
                        },
                        "ConditionExpression": "attribute_not_exists(connectionId)",
                    }
                },
            ]
        )
        if reasons is None:
            return "ok"
        return "exists" if reasons[1].get("Code") == "ConditionalCheckFailed" else "room_full"

    def grab(self, member: Member, oid: str, now_ms: int, take_from: str | None = None) -> str:
        """'ok', 'held' (someone else holds it), 'no_object', 'already_holding' (another object) or 'gone'.

        ``take_from``: the connection that holds it but left or went silent; the grab then wins
        only if that connection still holds it (someone else may have taken it over meanwhile).
        """
        holder_ok = "attribute_not_exists(holder) OR holder = :me" + (" OR holder = :old" if take_from else "")
        values = {":me": {"S": member.connection_id}, ":now": {"N": str(now_ms)}, ":exp": {"N": self._expires()}}
        if take_from:
            values[":old"] = {"S": take_from}
        reasons = self._transact(
            [
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": self._key(member.room, PREFIX + oid),
                        "UpdateExpression": "SET holder = :me, heldAt = :now, expiresAt = :exp",
                        "ConditionExpression": f"attribute_exists(kind) AND ({holder_ok})",
                        "ExpressionAttributeValues": values,
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": self._key(member.room, member.connection_id),
                        "UpdateExpression": "SET holding = :oid REMOVE held",
                        "ConditionExpression": "attribute_exists(connectionId) AND (attribute_not_exists(holding) OR holding = :oid)",
                        "ExpressionAttributeValues": {":oid": {"S": oid}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                self._touch_count(member.room),
            ]
        )
        if reasons is None:
            if take_from:
                self._forget(member.room, take_from, oid)
            return "ok"
        if reasons[0].get("Code") == "ConditionalCheckFailed":
            return "held" if reasons[0].get("Item") else "no_object"
        return "already_holding" if reasons[1].get("Item") else "gone"

    def _forget(self, room: str, connection_id: str, oid: str) -> None:
        """The previous holder's row stops claiming the object (it may have left: then nothing to do)."""
        try:
            self.ddb.update_item(
                TableName=self.table,
                Key=self._key(room, connection_id),
                UpdateExpression="REMOVE holding, held",
                ConditionExpression="attribute_exists(connectionId) AND holding = :oid",
                ExpressionAttributeValues={":oid": {"S": oid}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def move(self, member: Member, oid: str, seq: int, at: dict[str, Any], now_ms: int, min_interval_ms: int) -> str:
        """'ok', 'not_holding', 'rate_limited' or 'gone': one UpdateItem of the mover's own row."""
        applied, old = self.store.update_row(
            member,
            "SET held = :held, moveAt = :now, expiresAt = :exp",
            "attribute_exists(connectionId) AND holding = :oid AND (attribute_not_exists(moveAt) OR moveAt <= :cut)",
            {
                ":held": _json({"id": oid, "at": at, "seq": seq, "t": now_ms}),
                ":oid": {"S": oid},
                ":now": {"N": str(now_ms)},
                ":cut": {"N": str(now_ms - min_interval_ms)},
                ":exp": {"N": self._expires()},
            },
        )
        if applied:
            return "ok"
        if not old:
            return "gone"
        return "rate_limited" if old.get("holding", {}).get("S") == oid else "not_holding"

    def release(self, member: Member, oid: str, at: dict[str, Any] | None, *, clear_row: bool = True) -> Thing | None:
        """Let go of ``oid`` at ``at`` (None: where the holder last put it); the object as left, or None if not held by ``member``.

        ``clear_row=False`` when the holder's row is being deleted anyway (the holder left).
        """
        if at is None:
            mine = self.holding(member)
            at = mine[1] if mine and mine[0] == oid else None
        update = "SET expiresAt = :exp" + (", place = :at" if at is not None else "") + " REMOVE holder, heldAt"
        values: dict[str, Any] = {":me": {"S": member.connection_id}, ":exp": {"N": self._expires()}}
        if at is not None:
            values[":at"] = _json(at)
        items: list[dict[str, Any]] = [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": self._key(member.room, PREFIX + oid),
                    "UpdateExpression": update,
                    "ConditionExpression": "holder = :me",
                    "ExpressionAttributeValues": values,
                }
            },
            self._touch_count(member.room),
        ]
        if clear_row:
            items.append(
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": self._key(member.room, member.connection_id),
                        "UpdateExpression": "REMOVE holding, held",
                        "ConditionExpression": "attribute_exists(connectionId) AND holding = :oid",
                        "ExpressionAttributeValues": {":oid": {"S": oid}},
                    }
                }
            )
        if self._transact(items) is not None:
            return None
        return self.get(member.room, oid)


def visible(store: Store, room: str, players: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every object of the room as a newcomer should see it: where it is now, and who holds it."""
    by_connection = {p["connectionId"]: p for p in players}
    now = clock.now_ms()
    out = []
    for thing in Objects(store).all(room):
        holder = by_connection.get(thing.holder or "")
        if holder is None or last_active(holder, thing) < now - SILENT_MS:
            out.append(object_protocol.view(thing.id, thing.kind, thing.at, None))
            continue
        held = holder.get("held") or {}
        out.append(object_protocol.view(thing.id, thing.kind, held["at"] if held.get("id") == thing.id else thing.at, holder["id"]))
    return out


def let_go(store: Store, member: Member) -> str | None:
    """Release what a leaving player holds, where it last was: the ``drop`` to tell the room, if any.

    Called before the player's rows are removed (they say what it holds), whether it left by
    $disconnect or was found gone by a send.
    """
    things = Objects(store)
    mine = things.holding(member)
    if mine is None:
        return None
    thing = things.release(member, mine[0], mine[1], clear_row=False)
    return object_protocol.dropped(thing.id, member.player_id, thing.at, "left") if thing else None
