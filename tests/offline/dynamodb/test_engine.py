"""The embedded DynamoDB through an ordinary boto3 client: what handlers see offline.

Scenarios where moto and DynamoDB agree are compared with moto (``clients``); the rest
are DynamoDB's documented behaviour, checked on ours alone.
"""

from __future__ import annotations

import re
import threading
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.offline.dynamodb.schemas import index, table
from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

PLAYERS = table(
    "world-dev-players",
    ("room", "S"),
    ("connectionId", "S"),
    indexed={"playerId": "S"},
    GlobalSecondaryIndexes=[index("by-player", "playerId", projection="KEYS_ONLY")],
)
SCORES = table("world-dev-scores", ("game", "S"), ("score", "N"))


def code(call: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    return str(caught.value.response["Error"]["Code"])


def outcome(client: Any, call: Any) -> Any:
    """The result without metadata, or the error code: what two engines must agree on."""
    try:
        result = call(client)
    except ClientError as exc:
        return exc.response["Error"]["Code"]
    result.pop("ResponseMetadata", None)
    result.pop("ConsumedCapacity", None)  # moto adds it unasked; DynamoDB only with ReturnConsumedCapacity
    if result.get("ItemCollectionMetrics") == {}:
        del result["ItemCollectionMetrics"]  # the same: DynamoDB only with ReturnItemCollectionMetrics
    return result


def both(clients: tuple[Any, Any], call: Any) -> Any:
    ours, reference = (outcome(c, call) for c in clients)
    assert ours == reference
    return ours


def player(room: str, conn: str, **extra: Any) -> dict[str, Any]:
    return {"room": {"S": room}, "connectionId": {"S": conn}, "playerId": {"S": f"id-{conn}"}, **extra}


def test_the_multiplayer_handlers_requests_behave_as_on_moto(clients: tuple[Any, Any]) -> None:
    both(clients, lambda c: c.create_table(**PLAYERS) and {})
    for conn in ("a", "b", "c"):
        both(clients, lambda c, conn=conn: c.put_item(TableName=PLAYERS["TableName"], Item=player("lobby", conn, updatedAt={"N": "0"})))
    pose = {
        "TableName": PLAYERS["TableName"],
        "Key": {"room": {"S": "lobby"}, "connectionId": {"S": "a"}},
        "UpdateExpression": "SET pose = :pose, seq = :seq, updatedAt = :now, poseAt = :now",
        "ConditionExpression": "attribute_exists(connectionId) AND updatedAt <= :cut",
        "ExpressionAttributeValues": {":pose": {"S": "{}"}, ":seq": {"N": "1"}, ":now": {"N": "1000"}, ":cut": {"N": "950"}},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    assert both(clients, lambda c: c.update_item(**pose)) == {}
    assert both(clients, lambda c: c.update_item(**pose)) == "ConditionalCheckFailedException"  # too soon: rate limited
    gone = {**pose, "Key": {"room": {"S": "lobby"}, "connectionId": {"S": "zz"}}}
    assert both(clients, lambda c: c.update_item(**gone)) == "ConditionalCheckFailedException"  # no such player
    tick = {
        "TableName": PLAYERS["TableName"],
        "Key": {"room": {"S": "lobby"}, "connectionId": {"S": "~tick"}},
        "UpdateExpression": "SET tick = :tick, tickAt = :now",
        "ConditionExpression": "attribute_not_exists(tick) OR tick < :tick",
        "ExpressionAttributeValues": {":tick": {"N": "17"}, ":now": {"N": "1700"}},
    }
    assert both(clients, lambda c: c.update_item(**tick)) == {}
    assert both(clients, lambda c: c.update_item(**tick)) == "ConditionalCheckFailedException"  # that tick is taken
    room = both(
        clients,
        lambda c: c.query(
            TableName=PLAYERS["TableName"],
            KeyConditionExpression="#r = :room",
            ExpressionAttributeNames={"#r": "room"},
            ExpressionAttributeValues={":room": {"S": "lobby"}},
        ),
    )
    assert [i["connectionId"]["S"] for i in room["Items"]] == ["a", "b", "c", "~tick"]
    assert room["Items"][0]["pose"] == {"S": "{}"}


def test_a_failed_condition_can_return_the_old_item(ours: Any) -> None:
    ours.create_table(**PLAYERS)
    ours.put_item(TableName=PLAYERS["TableName"], Item=player("lobby", "a", seq={"N": "3"}))
    with pytest.raises(ClientError) as caught:
        ours.put_item(
            TableName=PLAYERS["TableName"],
            Item=player("lobby", "a"),
            ConditionExpression="attribute_not_exists(connectionId)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert caught.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert caught.value.response["Item"]["seq"] == {"N": "3"}


def test_update_expressions(ours: Any) -> None:
    ours.create_table(**PLAYERS)
    key = {"room": {"S": "r"}, "connectionId": {"S": "a"}}
    ours.put_item(
        TableName=PLAYERS["TableName"],
        Item={
            **key,
            "n": {"N": "5"},
            "tags": {"SS": ["y"]},
            "flags": {"SS": ["x"]},
            "hist": {"L": [{"N": "1"}]},
            "older": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]},
            "m": {"M": {}},
        },
    )
    new = ours.update_item(
        TableName=PLAYERS["TableName"],
        Key=key,
        UpdateExpression="SET n = n + :one, fresh = if_not_exists(fresh, :zero), hist = list_append(hist, :more), m.deep = :v "  # "inner", "old", "total": reserved words
        "REMOVE older[0], older[2] ADD tally :one, tags :z DELETE flags :x",
        ExpressionAttributeValues={
            ":one": {"N": "1"},
            ":zero": {"N": "0"},
            ":more": {"L": [{"N": "4"}]},
            ":v": {"S": "deep"},
            ":z": {"SS": ["z"]},
            ":x": {"SS": ["x"]},
        },
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert new["n"] == {"N": "6"} and new["fresh"] == {"N": "0"} and new["tally"] == {"N": "1"}
    assert new["hist"] == {"L": [{"N": "1"}, {"N": "4"}]}
    assert new["older"] == {"L": [{"N": "2"}]}  # both indexes name elements of the original list
    assert sorted(new["tags"]["SS"]) == ["y", "z"]
    assert "flags" not in new  # deleting a set's last element removes the attribute
    assert new["m"] == {"M": {"deep": {"S": "deep"}}}
    assert (
        code(
            lambda: ours.update_item(
                TableName=PLAYERS["TableName"], Key=key, UpdateExpression="SET room = :v", ExpressionAttributeValues={":v": {"S": "x"}}
            )
        )
        == "ValidationException"
    )
    overlapping = "SET hist = :v REMOVE hist[0]"  # DynamoDB refuses two actions on overlapping paths
    assert (
        code(
            lambda: ours.update_item(
                TableName=PLAYERS["TableName"], Key=key, UpdateExpression=overlapping, ExpressionAttributeValues={":v": {"S": "x"}}
            )
        )
        == "ValidationException"
    )


def test_placeholders_must_be_defined_and_used(ours: Any) -> None:
    ours.create_table(**PLAYERS)
    key = {"room": {"S": "r"}, "connectionId": {"S": "a"}}
    unused = {
        "TableName": PLAYERS["TableName"],
        "Key": key,
        "UpdateExpression": "SET a = :a",
        "ExpressionAttributeValues": {":a": {"N": "1"}, ":b": {"N": "2"}},
    }
    with pytest.raises(ClientError, match=re.escape("unused in expressions: keys: {:b}")):
        ours.update_item(**unused)
    with pytest.raises(ClientError, match="not defined"):
        ours.update_item(
            TableName=PLAYERS["TableName"], Key=key, UpdateExpression="SET a = :nope", ExpressionAttributeValues={":a": {"N": "1"}}
        )
    with pytest.raises(ClientError, match="Syntax error"):
        ours.update_item(
            TableName=PLAYERS["TableName"], Key=key, UpdateExpression="SET a = = :a", ExpressionAttributeValues={":a": {"N": "1"}}
        )


def test_numbers_come_back_canonical_and_sort_as_numbers(ours: Any) -> None:
    ours.create_table(**SCORES)
    for score in ("10", "2", "-3.50", "1e2"):
        ours.put_item(TableName=SCORES["TableName"], Item={"game": {"S": "g"}, "score": {"N": score}})
    found = ours.query(TableName=SCORES["TableName"], KeyConditionExpression="game = :g", ExpressionAttributeValues={":g": {"S": "g"}})
    assert [i["score"]["N"] for i in found["Items"]] == ["-3.5", "2", "10", "100"]
    top = ours.query(
        TableName=SCORES["TableName"],
        KeyConditionExpression="game = :g AND score BETWEEN :lo AND :hi",
        ExpressionAttributeValues={":g": {"S": "g"}, ":lo": {"N": "0"}, ":hi": {"N": "50"}},
        ScanIndexForward=False,
    )
    assert [i["score"]["N"] for i in top["Items"]] == ["10", "2"]


def test_paging_visits_every_item_once_and_indexes_hold_only_their_items(ours: Any) -> None:
    ours.create_table(**PLAYERS)
    for i in range(7):
        ours.put_item(TableName=PLAYERS["TableName"], Item=player("lobby", f"c{i}"))
    ours.put_item(TableName=PLAYERS["TableName"], Item={"room": {"S": "lobby"}, "connectionId": {"S": "~tick"}})
    seen: list[str] = []
    start: dict[str, Any] = {}
    while True:
        page = ours.scan(TableName=PLAYERS["TableName"], Limit=3, **start)
        seen += [i["connectionId"]["S"] for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert sorted(seen) == sorted([f"c{i}" for i in range(7)] + ["~tick"])
    by_player = ours.query(
        TableName=PLAYERS["TableName"],
        IndexName="by-player",
        KeyConditionExpression="playerId = :p",
        ExpressionAttributeValues={":p": {"S": "id-c3"}},
    )
    assert by_player["Items"] == [{"room": {"S": "lobby"}, "connectionId": {"S": "c3"}, "playerId": {"S": "id-c3"}}]
    assert ours.scan(TableName=PLAYERS["TableName"], IndexName="by-player")["Count"] == 7  # the tick row has no playerId


def test_transactions_are_all_or_nothing(ours: Any) -> None:
    ours.create_table(**SCORES)
    put = {"Put": {"TableName": SCORES["TableName"], "Item": {"game": {"S": "g"}, "score": {"N": "1"}}}}
    check = {
        "ConditionCheck": {
            "TableName": SCORES["TableName"],
            "Key": {"game": {"S": "g"}, "score": {"N": "99"}},
            "ConditionExpression": "attribute_exists(game)",
        }
    }
    with pytest.raises(ClientError) as caught:
        ours.transact_write_items(TransactItems=[put, check])
    assert caught.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert [r["Code"] for r in caught.value.response["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert ours.scan(TableName=SCORES["TableName"])["Count"] == 0
    ours.transact_write_items(TransactItems=[put])
    assert ours.scan(TableName=SCORES["TableName"])["Count"] == 1


def test_conditional_writes_from_many_threads_are_atomic() -> None:
    # The snapshot tick and the rate limit rely on this: one winner per condition.
    engine = EmbeddedDynamoDB("eu-west-2")
    client = engine_client(engine)
    client.create_table(**SCORES)
    wins: list[int] = []

    def claim(n: int) -> None:
        try:
            client.put_item(
                TableName=SCORES["TableName"],
                Item={"game": {"S": "g"}, "score": {"N": "1"}, "by": {"N": str(n)}},
                ConditionExpression="attribute_not_exists(game)",
            )
            wins.append(n)
        except ClientError:
            pass

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(wins) == 1


def test_what_is_not_emulated_says_so(ours: Any) -> None:
    ours.create_table(**SCORES)
    with pytest.raises(ClientError, match="does not implement CreateBackup"):
        ours.create_backup(TableName=SCORES["TableName"], BackupName="before")
    assert code(lambda: ours.describe_table(TableName="world-dev-missing")) == "ResourceNotFoundException"
    big = {"game": {"S": "g"}, "score": {"N": "1"}, "blob": {"S": "x" * (401 * 1024)}}
    assert code(lambda: ours.put_item(TableName=SCORES["TableName"], Item=big)) == "ValidationException"
    assert (
        code(lambda: ours.put_item(TableName=SCORES["TableName"], Item={"game": {"S": "g"}, "score": {"S": "1"}})) == "ValidationException"
    )


def test_the_resource_api_works_too(ours: Any) -> None:
    import boto3

    ours.create_table(**SCORES)
    resource = boto3.resource("dynamodb", region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x")
    resource.meta.client = ours  # the same engine behind boto3's higher-level API
    table = resource.Table(SCORES["TableName"])
    table.put_item(Item={"game": "g", "score": 7, "meta": {"tags": {"a", "b"}, "ok": True}})
    item = table.get_item(Key={"game": "g", "score": 7})["Item"]
    assert item == {"game": "g", "score": Decimal(7), "meta": {"tags": {"a", "b"}, "ok": True}}
