"""ReturnConsumedCapacity on the embedded DynamoDB: the units DynamoDB reports, from what was read and written.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html (4 KB read
units, halved when eventually consistent; 1 KB write units; the larger of before and after),
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html (unprojected attributes are
fetched from the table, each item at its whole size), transaction-apis.html (transactions cost twice).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

KB = 1024
TABLE = "rooms"


@pytest.fixture
def ddb() -> Any:
    client = engine_client(EmbeddedDynamoDB("eu-west-2"))
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("room", "id", "t", "who")],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-t",
                "KeySchema": [{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "t", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        GlobalSecondaryIndexes=[
            {"IndexName": "by-who", "KeySchema": [{"AttributeName": "who", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def item(id: str, blob_bytes: int, **extra: str) -> dict[str, Any]:
    """An item of exactly ``blob_bytes`` + its names and key values (DynamoDB's size: names plus values)."""
    return {"room": {"S": "r"}, "id": {"S": id}, "blob": {"S": "x" * blob_bytes}, **{k: {"S": val} for k, val in extra.items()}}


def units(answer: dict[str, Any]) -> float:
    return float(answer["ConsumedCapacity"]["CapacityUnits"])


def test_reads_are_whole_4_kb_units_of_the_stored_item_halved_when_eventually_consistent(ddb: Any) -> None:
    overhead = len("room" "r" "id" "a" "blob")
    ddb.put_item(TableName=TABLE, Item=item("a", 4 * KB - overhead))
    key = {"room": {"S": "r"}, "id": {"S": "a"}}
    assert units(ddb.get_item(TableName=TABLE, Key=key, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")) == 1
    ddb.put_item(TableName=TABLE, Item=item("a", 4 * KB - overhead + 1))
    assert units(ddb.get_item(TableName=TABLE, Key=key, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")) == 2
    # a projection returns less but reads the same
    projected = ddb.get_item(TableName=TABLE, Key=key, ProjectionExpression="id", ReturnConsumedCapacity="TOTAL")
    assert units(projected) == 1.0  # 2 units, halved
    missing = ddb.get_item(TableName=TABLE, Key={"room": {"S": "r"}, "id": {"S": "none"}}, ReturnConsumedCapacity="TOTAL")
    assert units(missing) == 0.5
    assert "ConsumedCapacity" not in ddb.get_item(TableName=TABLE, Key=key)


def test_a_write_costs_the_larger_of_before_and_after_plus_its_index_entries(ddb: Any) -> None:
    first = ddb.put_item(TableName=TABLE, Item=item("a", 3 * KB), ReturnConsumedCapacity="INDEXES")
    assert first["ConsumedCapacity"] == {"TableName": TABLE, "CapacityUnits": 4.0, "Table": {"CapacityUnits": 4.0}}  # in no index
    shrink = ddb.put_item(TableName=TABLE, Item=item("a", 10, t="1", who="ada"), ReturnConsumedCapacity="INDEXES")
    assert shrink["ConsumedCapacity"] == {
        "TableName": TABLE,
        "CapacityUnits": 6.0,
        "Table": {"CapacityUnits": 4.0},  # the old item was the larger
        "GlobalSecondaryIndexes": {"by-who": {"CapacityUnits": 1.0}},  # one entry put
        "LocalSecondaryIndexes": {"by-t": {"CapacityUnits": 1.0}},
    }
    moved = ddb.update_item(
        TableName=TABLE,
        Key={"room": {"S": "r"}, "id": {"S": "a"}},
        UpdateExpression="SET who = :w",
        ExpressionAttributeValues={":w": {"S": "bob"}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert moved["ConsumedCapacity"]["GlobalSecondaryIndexes"] == {"by-who": {"CapacityUnits": 2.0}}  # index key changed: remove + put
    assert moved["ConsumedCapacity"]["LocalSecondaryIndexes"] == {"by-t": {"CapacityUnits": 1.0}}  # same index key: rewritten once
    gone = ddb.delete_item(TableName=TABLE, Key={"room": {"S": "nowhere"}, "id": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert units(gone) == 1.0  # deleting nothing still costs a unit


def test_a_query_reads_what_it_scans_before_the_filter(ddb: Any) -> None:
    for n in range(3):
        ddb.put_item(TableName=TABLE, Item=item(str(n), 2 * KB))
    answer = ddb.query(
        TableName=TABLE,
        KeyConditionExpression="room = :r",
        FilterExpression="#b = :none",
        ExpressionAttributeNames={"#b": "blob"},
        ExpressionAttributeValues={":r": {"S": "r"}, ":none": {"S": "x"}},
        ConsistentRead=True,
        ReturnConsumedCapacity="TOTAL",
    )
    assert answer["Count"] == 0 and answer["ScannedCount"] == 3
    assert units(answer) == 2.0  # 6 KB and a little, rounded up to 8 KB once
    counted = ddb.query(
        TableName=TABLE, KeyConditionExpression="room = :r", ExpressionAttributeValues={":r": {"S": "r"}}, Select="COUNT", ReturnConsumedCapacity="TOTAL"
    )
    assert units(counted) == 1.0  # COUNT costs what reading the items costs


def test_a_local_index_query_pays_for_each_item_it_fetches_from_the_table(ddb: Any) -> None:
    for n in range(3):
        ddb.put_item(TableName=TABLE, Item=item(str(n), 5 * KB, t=str(n)))
    by_t: dict[str, Any] = {
        "TableName": TABLE,
        "IndexName": "by-t",
        "KeyConditionExpression": "room = :r",
        "ExpressionAttributeValues": {":r": {"S": "r"}},
        "ConsistentRead": True,
        "ReturnConsumedCapacity": "INDEXES",
    }
    projected = ddb.query(**by_t)["ConsumedCapacity"]
    assert projected == {"TableName": TABLE, "CapacityUnits": 1.0, "LocalSecondaryIndexes": {"by-t": {"CapacityUnits": 1.0}}}
    fetching = ddb.query(**by_t, Select="ALL_ATTRIBUTES")
    assert all(len(i["blob"]["S"]) == 5 * KB for i in fetching["Items"])
    # the index read, and each 5 KB item fetched whole from the table: 2 units apiece
    assert fetching["ConsumedCapacity"] == {
        "TableName": TABLE,
        "CapacityUnits": 7.0,
        "Table": {"CapacityUnits": 6.0},
        "LocalSecondaryIndexes": {"by-t": {"CapacityUnits": 1.0}},
    }
    eventually = ddb.query(**{**by_t, "ConsistentRead": False}, ProjectionExpression="#b", ExpressionAttributeNames={"#b": "blob"})
    assert units(eventually) == 3.5


def test_batches_and_transactions_answer_a_list_per_table_and_transactions_cost_twice(ddb: Any) -> None:
    puts = [{"PutRequest": {"Item": item(str(n), 1500)}} for n in range(2)]
    written = ddb.batch_write_item(RequestItems={TABLE: puts}, ReturnConsumedCapacity="TOTAL")
    assert written["ConsumedCapacity"] == [{"TableName": TABLE, "CapacityUnits": 4.0}]
    keys = [{"room": {"S": "r"}, "id": {"S": str(n)}} for n in range(2)]
    read = ddb.batch_get_item(RequestItems={TABLE: {"Keys": keys, "ConsistentRead": True}}, ReturnConsumedCapacity="TOTAL")
    assert read["ConsumedCapacity"] == [{"TableName": TABLE, "CapacityUnits": 2.0}]
    transaction = ddb.transact_write_items(TransactItems=[{"Put": {"TableName": TABLE, "Item": item("t", 10)}}], ReturnConsumedCapacity="TOTAL")
    assert transaction["ConsumedCapacity"] == [{"TableName": TABLE, "CapacityUnits": 2.0}]
    got = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": TABLE, "Key": keys[0]}}], ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == [{"TableName": TABLE, "CapacityUnits": 2.0}]


def test_an_unknown_choice_is_refused(ddb: Any) -> None:
    with pytest.raises(ClientError) as refused:
        ddb.get_item(TableName=TABLE, Key={"room": {"S": "r"}, "id": {"S": "a"}}, ReturnConsumedCapacity="DUMMY")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
