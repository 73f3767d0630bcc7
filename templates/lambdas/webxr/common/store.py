"""Every DynamoDB access of the multiplayer handlers: by key or one room query, never a Scan.

connections: connectionId -> room, playerId, name (who a connection is)
players:     (room, connectionId) -> playerId, name, latest pose, seq, times (who is in a room)
             plus one "~tick" row per room that the snapshot tick is claimed on, and the room's
             shared objects ("~obj#<id>" rows and one "~objects" count row; common/objects.py).
Writes carry ``expiresAt`` so rows left by a crash expire through DynamoDB's TTL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from common import clock
from common.settings import Settings

TICK_ROW = "~tick"
# How long a tick's winner may take to send its snapshot before the room's next tick may be claimed
# anyway: a winner that crashed or stalled mid-send must not stop the room's ticks for good.
SEND_LEASE_MS = 1000
# API Gateway answers 410 to a POST for a connection whose $connect has not returned yet, though that
# $connect has already written the player's rows; it may run up to the 29 s integration timeout.
CONNECTING_S = 30


def _tick_key(room: str) -> dict[str, Any]:
    """The key of the room's row that ticks are claimed on."""
    return {"room": {"S": room}, "connectionId": {"S": TICK_ROW}}


@dataclass(frozen=True)
class Member:
    connection_id: str
    room: str
    player_id: str
    name: str
    account: str | None = None  # the signed-in player's token ``sub`` (None for guests)


class Store:
    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.ddb = client or boto3.client("dynamodb")
        # A connection's room and player never change, so a warm environment may remember them.
        self._members: dict[str, Member] = {}

    def _expires(self) -> str:
        return str(int(clock.now()) + self.settings.player_ttl_seconds)

    def add(self, member: Member) -> None:
        expires = {"expiresAt": {"N": self._expires()}}
        who = {
            "connectionId": {"S": member.connection_id},
            "room": {"S": member.room},
            "playerId": {"S": member.player_id},
            "name": {"S": member.name},
        }
        account = {"account": {"S": member.account}} if member.account else {}
        self.ddb.put_item(TableName=self.settings.connections_table, Item={**who, **expires, **account})
        # The room's row starts with no pose yet: seq and updatedAt 0, which any first pose is after.
        self.ddb.put_item(TableName=self.settings.players_table, Item={**who, "updatedAt": {"N": "0"}, "seq": {"N": "0"}, **expires})
        self._members[member.connection_id] = member

    def member(self, connection_id: str) -> Member | None:
        cached = self._members.get(connection_id)
        if cached is not None:
            return cached
        item = self.ddb.get_item(TableName=self.settings.connections_table, Key={"connectionId": {"S": connection_id}}).get("Item")
        if item is None:
            return None
        account = item["account"]["S"] if "account" in item else None
        found = Member(connection_id, item["room"]["S"], item["playerId"]["S"], item["name"]["S"], account)
        self._members[connection_id] = found
        return found

    def remove(self, member: Member) -> None:
        self._members.pop(member.connection_id, None)
        self.ddb.delete_item(TableName=self.settings.connections_table, Key={"connectionId": {"S": member.connection_id}})
        self.ddb.delete_item(
            TableName=self.settings.players_table, Key={"room": {"S": member.room}, "connectionId": {"S": member.connection_id}}
        )

    def room(self, room: str) -> list[dict[str, Any]]:
        """Everyone in a room with their latest pose: one Query (paginated only past 1 MB)."""
        return self.room_and_tick(room)[0]

    def room_and_tick(self, room: str) -> tuple[list[dict[str, Any]], int]:
        """The room's players and its last claimed tick (-1 if none), from the same Query."""
        players: list[dict[str, Any]] = []
        tick = -1
        kwargs: dict[str, Any] = {
            "TableName": self.settings.players_table,
            "KeyConditionExpression": "#r = :room",
            "ExpressionAttributeNames": {"#r": "room"},
            "ExpressionAttributeValues": {":room": {"S": room}},
        }
        while True:
            page = self.ddb.query(**kwargs)
            for item in page["Items"]:
                if item["connectionId"]["S"].startswith("~"):  # the tick row, shared objects (common/objects.py)
                    if item["connectionId"]["S"] == TICK_ROW and "tick" in item:
                        tick = int(item["tick"]["N"])
                    continue
                players.append(
                    {
                        "connectionId": item["connectionId"]["S"],
                        "id": item["playerId"]["S"],
                        "name": item["name"]["S"],
                        "seq": int(item.get("seq", {}).get("N", "0")),
                        "pose": json.loads(item["pose"]["S"]) if "pose" in item else None,
                        "t": int(item.get("poseAt", {}).get("N", "0")),
                        "active": int(item.get("updatedAt", {}).get("N", "0")),
                        "held": json.loads(item["held"]["S"]) if "held" in item else None,
                        "holding": item["holding"]["S"] if "holding" in item else None,
                        "greeted": "helloAt" in item,
                        "expires": int(item.get("expiresAt", {}).get("N", "0")),
                    }
                )
            if "LastEvaluatedKey" not in page:
                return players, tick
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def connecting(self, player: dict[str, Any]) -> bool:
        """Whether a room row (as ``room`` gives it) may belong to a connection still in its $connect:
        no hello yet, and written less than ``CONNECTING_S`` ago (its expiry was set then)."""
        joined = player["expires"] - self.settings.player_ttl_seconds
        return not player["greeted"] and joined > clock.now() - CONNECTING_S

    def write_pose(self, member: Member, seq: int, pose: dict[str, Any], now_ms: int, held: dict[str, Any] | None = None) -> str:
        """'ok', 'rate_limited' (too soon after the last pose), 'gone' (the player left) or, with ``held``
        (the placement of the object the pose's sender holds, common/objects.py), 'not_holding': one UpdateItem."""
        values = {":pose": {"S": json.dumps(pose, separators=(",", ":"))}, ":seq": {"N": str(seq)}}
        return self._touch(member, now_ms, ", pose = :pose, seq = :seq, poseAt = :now", values, held)[0]

    def refresh(self, member: Member, now_ms: int, held: dict[str, Any] | None = None) -> tuple[str, int]:
        """A heartbeat: (outcome as ``write_pose``, when the stored pose was stored; 0 if never): one UpdateItem.

        It keeps the player's row alive and counts against the rate, but leaves the stored pose,
        its seq and poseAt as they were: nothing changed worth showing (a held object may still move).
        """
        outcome, old = self._touch(member, now_ms, "", {}, held, returns="ALL_OLD")
        return outcome, int(old.get("poseAt", {}).get("N", "0"))

    def _touch(
        self, member: Member, now_ms: int, also: str, values: dict[str, Any], held: dict[str, Any] | None, returns: str = "NONE"
    ) -> tuple[str, dict[str, Any]]:
        values = {
            ":now": {"N": str(now_ms)},
            ":cut": {"N": str(now_ms - self.settings.min_pose_interval_ms)},
            ":exp": {"N": self._expires()},
            **values,
        }
        update = "SET updatedAt = :now, expiresAt = :exp" + also
        condition = "attribute_exists(connectionId) AND updatedAt <= :cut"
        if held is not None:
            update += ", held = :held"
            condition += " AND holding = :oid"
            values |= {":held": {"S": json.dumps(held, separators=(",", ":"))}, ":oid": {"S": held["id"]}}
        applied, row = self.update_row(member, update, condition, values, returns)
        if applied:
            return "ok", row or {}
        if held is not None and row and row.get("holding", {}).get("S") != held["id"]:
            return "not_holding", {}
        if row:
            return "rate_limited", {}
        # No row: removed by another environment, a prune or its TTL. The cached member goes too, so
        # the connection's next message finds it gone here as well.
        self._members.pop(member.connection_id, None)
        return "gone", {}

    def update_row(
        self, member: Member, update: str, condition: str, values: dict[str, Any], returns: str = "NONE"
    ) -> tuple[bool, dict[str, Any] | None]:
        """One conditional UpdateItem of the member's row: (True, the old attributes ``returns`` asks for)
        if applied, else (False, the row as it was or None)."""
        try:
            old = self.ddb.update_item(
                TableName=self.settings.players_table,
                Key={"room": {"S": member.room}, "connectionId": {"S": member.connection_id}},
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
                ReturnValues=returns,
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ).get("Attributes", {})
            return True, old
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return False, exc.response.get("Item")

    def greet(self, member: Member, now_ms: int, min_interval_ms: int) -> str:
        """'first' (announce the player), 'again', 'rate_limited' or 'gone': one UpdateItem.

        The first hello of a connection is remembered on its row, so a repeated hello never
        announces the player twice; hellos closer than ``min_interval_ms`` are refused.
        """
        try:
            old = self.ddb.update_item(
                TableName=self.settings.players_table,
                Key={"room": {"S": member.room}, "connectionId": {"S": member.connection_id}},
                UpdateExpression="SET helloAt = :now",
                ConditionExpression="attribute_exists(connectionId) AND (attribute_not_exists(helloAt) OR helloAt <= :cut)",
                ExpressionAttributeValues={":now": {"N": str(now_ms)}, ":cut": {"N": str(now_ms - min_interval_ms)}},
                ReturnValues="UPDATED_OLD",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ).get("Attributes", {})
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return "rate_limited" if exc.response.get("Item") else "gone"
        return "again" if "helloAt" in old else "first"

    def tick_state(self, room: str, now_ms: int) -> tuple[int, bool]:
        """The last tick claimed in the room (-1 if none), and whether its snapshot is still being sent
        (so a claim now would be refused as "busy"): one strongly consistent read of a tiny item."""
        item = self.ddb.get_item(
            TableName=self.settings.players_table,
            Key=_tick_key(room),
            ProjectionExpression="tick, sent, tickAt",
            ConsistentRead=True,
        ).get("Item")
        if not item or "tick" not in item:
            return -1, False
        tick = int(item["tick"]["N"])
        sent = int(item["sent"]["N"]) if "sent" in item else None
        sending = sent != tick and int(item.get("tickAt", {}).get("N", "0")) >= now_ms - SEND_LEASE_MS
        return tick, sending

    def claim_tick(self, room: str, now_ms: int) -> int | None:
        """The tick if this call won it, else None (see ``claim``)."""
        claimed = self.claim(room, now_ms)
        return claimed if isinstance(claimed, int) else None

    def claim(self, room: str, now_ms: int) -> int | str:
        """The tick if this call won it; "taken" if another call won this period's tick; "busy" if the
        previous tick's snapshot is still being sent. One conditional UpdateItem either way.

        Ticks are slots of a fixed grid (tick k covers server time [k, k+1) x tick period), so a
        late claim does not push every later tick back, and a slot is won at most once. A later
        slot can be won only once the previous winner has sent its snapshot (``finish_tick``) or
        its lease ran out: API Gateway does not order separate POSTs, so two winners sending at
        once could reach a player in the wrong order (…87, …86). A refused claim returns the row as
        it was (ReturnValuesOnConditionCheckFailure, no extra request) to tell the two apart.
        """
        tick = now_ms // self.settings.tick_ms
        try:
            self._update_tick_row(
                room,
                UpdateExpression="SET tick = :tick, tickAt = :now, expiresAt = :exp",
                ConditionExpression="attribute_not_exists(tick) OR (tick < :tick AND (sent = tick OR tickAt < :stale))",
                ExpressionAttributeValues={
                    ":tick": {"N": str(tick)},
                    ":now": {"N": str(now_ms)},
                    ":stale": {"N": str(now_ms - SEND_LEASE_MS)},
                    ":exp": {"N": self._expires()},
                },
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                held = exc.response.get("Item") or {}
                return "busy" if "tick" in held and int(held["tick"]["N"]) < tick else "taken"
            raise
        return tick

    def _update_tick_row(self, room: str, **request: Any) -> None:
        self.ddb.update_item(TableName=self.settings.players_table, Key=_tick_key(room), **request)

    def finish_tick(self, room: str, tick: int) -> None:
        """Every POST of ``tick``'s snapshot has returned: the room's next tick may be claimed."""
        try:
            self._update_tick_row(
                room,
                UpdateExpression="SET sent = :tick",
                ConditionExpression="tick = :tick",
                ExpressionAttributeValues={":tick": {"N": str(tick)}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            # The lease ran out and a later tick was claimed: nothing to release.
