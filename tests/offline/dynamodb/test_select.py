"""``Select`` on Query and Scan over a table, a local and a global secondary index that project only their keys.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select and
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Projections (a local index
fetches what it does not project from the table; a global one cannot). The refusals' words are in test_messages.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

KEYS_ONLY = {"ProjectionType": "KEYS_ONLY"}


@pytest.fixture
def ddb() -> Any:
    client = engine_client(EmbeddedDynamoDB("eu-west-2"))
    client.create_table(
        TableName="scores",
        KeySchema=[{"AttributeName": "player", "KeyType": "HASH"}, {"AttributeName": "game", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "player", "AttributeType": "S"},
            {"AttributeName": "game", "AttributeType": "S"},
            {"AttributeName": "score", "AttributeType": "N"},
            {"AttributeName": "level", "AttributeType": "S"},
        ],
        LocalSecondaryIndexes=[
            {"IndexName": "by-score", "KeySchema": [{"AttributeName": "player", "KeyType": "HASH"}, {"AttributeName": "score", "KeyType": "RANGE"}], "Projection": KEYS_ONLY}
        ],
        GlobalSecondaryIndexes=[{"IndexName": "by-level", "KeySchema": [{"AttributeName": "level", "KeyType": "HASH"}], "Projection": KEYS_ONLY}],
        BillingMode="PAY_PER_REQUEST",
    )
    for game, score in (("g1", "10"), ("g2", "30")):
        item = {"player": {"S": "ann"}, "game": {"S": game}, "score": {"N": score}, "level": {"S": "one"}, "note": {"S": f"{game} note"}}
        client.put_item(TableName="scores", Item=item)
    return client


def local(ddb: Any, **extra: Any) -> dict[str, Any]:
    return ddb.query(
        TableName="scores", IndexName="by-score", KeyConditionExpression="player = :p", ExpressionAttributeValues={":p": {"S": "ann"}}, **extra
    )


def test_count_answers_counts_and_no_items(ddb: Any) -> None:
    answer = ddb.query(TableName="scores", KeyConditionExpression="player = :p", ExpressionAttributeValues={":p": {"S": "ann"}}, Select="COUNT")
    assert (answer["Count"], answer["ScannedCount"], "Items" in answer) == (2, 2, False)


def test_an_index_read_without_select_answers_what_the_index_projects(ddb: Any) -> None:
    items = local(ddb)["Items"]
    assert [sorted(i) for i in items] == [["game", "player", "score"]] * 2


def test_all_attributes_on_a_local_index_fetches_each_item_from_the_table(ddb: Any) -> None:
    items = local(ddb, Select="ALL_ATTRIBUTES")["Items"]
    assert [i["note"]["S"] for i in items] == ["g1 note", "g2 note"], "in the index's order (by score)"
    assert local(ddb, Select="ALL_ATTRIBUTES", ScanIndexForward=False)["Items"][0]["game"] == {"S": "g2"}


def test_a_projection_on_a_local_index_may_name_attributes_it_does_not_project(ddb: Any) -> None:
    items = local(ddb, ProjectionExpression="note")["Items"]
    assert items == [{"note": {"S": "g1 note"}}, {"note": {"S": "g2 note"}}]


def test_a_global_index_cannot_fetch_so_naming_an_unprojected_attribute_is_refused(ddb: Any) -> None:
    """The words as DynamoDB answered them (quoted in localstack/localstack#478)."""
    ask = {
        "TableName": "scores",
        "IndexName": "by-level",
        "KeyConditionExpression": "#l = :l",
        "ExpressionAttributeNames": {"#l": "level"},
        "ExpressionAttributeValues": {":l": {"S": "one"}},
    }
    with pytest.raises(ClientError) as refused:
        ddb.query(**ask, ProjectionExpression="note, game")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert refused.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Global secondary index by-level does not project [note]"
    )
    answer = ddb.query(**ask, ProjectionExpression="game, #l")  # keys of the table and of the index are projected
    assert sorted(sorted(i) for i in answer["Items"]) == [["game", "level"], ["game", "level"]]


def test_all_projected_attributes_on_a_scan_of_an_index(ddb: Any) -> None:
    items = ddb.scan(TableName="scores", IndexName="by-level", Select="ALL_PROJECTED_ATTRIBUTES")["Items"]
    assert sorted(sorted(i) for i in items) == [["game", "level", "player"]] * 2


def test_a_filter_on_a_local_index_sees_only_what_it_projects(ddb: Any) -> None:
    # No fetch for a filter alone: "note" is absent from the index's items, so nothing matches.
    answer = local(ddb, FilterExpression="attribute_exists(note)")
    assert (answer["Count"], answer["ScannedCount"]) == (0, 2)
