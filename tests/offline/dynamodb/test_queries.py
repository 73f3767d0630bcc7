"""Query, Scan and batches on the embedded DynamoDB, compared with moto's where both follow DynamoDB."""

from __future__ import annotations

from typing import Any

from tests.offline.dynamodb.test_engine import PLAYERS, SCORES, both


def seed(clients: tuple[Any, Any]) -> None:
    both(clients, lambda c: c.create_table(**SCORES) and {})
    for game, score, who in [("g", "3", "ann"), ("g", "10", "bob"), ("g", "2", "cat"), ("g", "-1", "dan"), ("h", "5", "eve")]:
        item = {"game": {"S": game}, "score": {"N": score}, "who": {"S": who}, "tags": {"SS": [who, "all"]}}
        both(clients, lambda c, item=item: c.put_item(TableName=SCORES["TableName"], Item=item))


def scores(result: Any) -> list[str]:
    return [i["score"]["N"] for i in result["Items"]]


def test_key_conditions_on_the_sort_key(clients: tuple[Any, Any]) -> None:
    seed(clients)

    def query(condition: str, values: dict[str, Any], **extra: Any) -> Any:
        return both(
            clients,
            lambda c: c.query(
                TableName=SCORES["TableName"],
                KeyConditionExpression=condition,
                ExpressionAttributeValues={":g": {"S": "g"}, **values},
                **extra,
            ),
        )

    assert scores(query("game = :g", {})) == ["-1", "2", "3", "10"]
    assert scores(query("game = :g AND score >= :s", {":s": {"N": "2"}})) == ["2", "3", "10"]
    assert scores(query("game = :g AND score < :s", {":s": {"N": "3"}}, ScanIndexForward=False)) == ["2", "-1"]
    assert scores(query("game = :g AND score BETWEEN :a AND :b", {":a": {"N": "0"}, ":b": {"N": "3"}})) == ["2", "3"]
    counted = query("game = :g", {":w": {"S": "bob"}}, FilterExpression="who <> :w", Select="COUNT")
    assert (counted["Count"], counted["ScannedCount"], "Items" in counted) == (3, 4, False)
    projected = query("game = :g", {}, ProjectionExpression="who, #s", ExpressionAttributeNames={"#s": "score"}, Limit=1)
    assert projected["Items"] == [{"who": {"S": "dan"}, "score": {"N": "-1"}}]
    assert projected["LastEvaluatedKey"] == {"game": {"S": "g"}, "score": {"N": "-1"}}


def test_filters_with_functions_sets_and_sizes(clients: tuple[Any, Any]) -> None:
    seed(clients)

    def scan(filter_expression: str, values: dict[str, Any]) -> list[str]:
        found = both(
            clients, lambda c: c.scan(TableName=SCORES["TableName"], FilterExpression=filter_expression, ExpressionAttributeValues=values)
        )
        return sorted(i["who"]["S"] for i in found["Items"])

    assert scan("contains(tags, :t)", {":t": {"S": "bob"}}) == ["bob"]
    assert scan("begins_with(who, :p) OR score IN (:a, :b)", {":p": {"S": "c"}, ":a": {"N": "10"}, ":b": {"N": "5"}}) == [
        "bob",
        "cat",
        "eve",
    ]
    assert scan("size(who) = :n AND NOT (score > :z)", {":n": {"N": "3"}, ":z": {"N": "2"}}) == ["cat", "dan"]
    assert scan("attribute_type(score, :t)", {":t": {"S": "N"}}) == ["ann", "bob", "cat", "dan", "eve"]


def test_paging_a_query_returns_everything_once(clients: tuple[Any, Any]) -> None:
    seed(clients)
    for client in clients:
        seen: list[str] = []
        start: dict[str, Any] = {}
        while True:
            page = client.query(
                TableName=SCORES["TableName"],
                KeyConditionExpression="game = :g",
                ExpressionAttributeValues={":g": {"S": "g"}},
                Limit=3,
                **start,
            )
            seen += scores(page)
            if "LastEvaluatedKey" not in page:
                break
            start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
        assert seen == ["-1", "2", "3", "10"]


def test_batches_across_tables(clients: tuple[Any, Any]) -> None:
    seed(clients)
    both(clients, lambda c: c.create_table(**PLAYERS) and {})
    writes = {
        SCORES["TableName"]: [{"DeleteRequest": {"Key": {"game": {"S": "h"}, "score": {"N": "5"}}}}],
        PLAYERS["TableName"]: [{"PutRequest": {"Item": {"room": {"S": "r"}, "connectionId": {"S": "c"}, "playerId": {"S": "p"}}}}],
    }
    assert both(clients, lambda c: c.batch_write_item(RequestItems=writes)) == {"UnprocessedItems": {}}
    keys = {
        SCORES["TableName"]: {"Keys": [{"game": {"S": "h"}, "score": {"N": "5"}}, {"game": {"S": "g"}, "score": {"N": "10"}}]},
        PLAYERS["TableName"]: {"Keys": [{"room": {"S": "r"}, "connectionId": {"S": "c"}}]},
    }
    got = both(clients, lambda c: c.batch_get_item(RequestItems=keys))
    assert [i["who"]["S"] for i in got["Responses"][SCORES["TableName"]]] == ["bob"]
    assert got["Responses"][PLAYERS["TableName"]][0]["playerId"] == {"S": "p"}


def test_update_return_values_and_conditions_match(clients: tuple[Any, Any]) -> None:
    seed(clients)
    key = {"game": {"S": "g"}, "score": {"N": "3"}}

    def update(expression: str, values: dict[str, Any], **extra: Any) -> Any:
        return both(
            clients,
            lambda c: c.update_item(
                TableName=SCORES["TableName"], Key=key, UpdateExpression=expression, ExpressionAttributeValues=values, **extra
            ),
        )

    assert update("SET lives = :n", {":n": {"N": "3"}}, ReturnValues="UPDATED_NEW") == {"Attributes": {"lives": {"N": "3"}}}
    assert update("SET lives = lives - :one", {":one": {"N": "1"}}, ReturnValues="UPDATED_OLD") == {"Attributes": {"lives": {"N": "3"}}}
    old = update("SET who = :w", {":w": {"S": "ann2"}}, ReturnValues="ALL_OLD")["Attributes"]
    assert old["who"] == {"S": "ann"} and old["lives"] == {"N": "2"}
    guarded = {":w": {"S": "nobody"}, ":one": {"N": "1"}}
    assert update("SET lives = lives + :one", guarded, ConditionExpression="who = :w") == "ConditionalCheckFailedException"
    assert (
        update("SET lives = lives + :one", guarded, ConditionExpression="NOT (who = :w) AND lives < :one")
        == "ConditionalCheckFailedException"
    )
    assert update("REMOVE lives", {":w": {"S": "nobody"}}, ConditionExpression="who <> :w", ReturnValues="ALL_NEW")["Attributes"] == {
        "game": {"S": "g"},
        "score": {"N": "3"},
        "who": {"S": "ann2"},
        "tags": {"SS": ["ann", "all"]},
    }
