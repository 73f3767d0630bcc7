"""Item collections of a table with a local secondary index: the size limit and ReturnItemCollectionMetrics.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
The real limit is 10 GB; the tests lower it (``LIMIT_BYTES``) so that a few small items reach it.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from wrapper.offline.dynamodb import EmbeddedDynamoDB, item_collections
from wrapper.offline.dynamodb.client import engine_client

LIMIT = 1000


def table(ddb: Any, name: str, local_index: bool) -> None:
    extra: dict[str, Any] = {}
    if local_index:
        extra["LocalSecondaryIndexes"] = [
            {
                "IndexName": "by-t",
                "KeySchema": [{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "t", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ]
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("room", "id", "t")[: 3 if local_index else 2]],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> EmbeddedDynamoDB:
    monkeypatch.setattr(item_collections, "LIMIT_BYTES", LIMIT)
    return EmbeddedDynamoDB("eu-west-2")


@pytest.fixture
def ddb(engine: EmbeddedDynamoDB) -> Any:
    client = engine_client(engine)
    table(client, "indexed", local_index=True)
    table(client, "plain", local_index=False)
    return client


def item(room: str, id: str, size: int = 200) -> dict[str, Any]:
    return {"room": {"S": room}, "id": {"S": id}, "t": {"S": id}, "blob": {"S": "x" * size}}


def fill(ddb: Any, name: str, room: str) -> int:
    """Put items into one collection until the engine refuses one; the number accepted."""
    for n in range(100):
        try:
            ddb.put_item(TableName=name, Item=item(room, f"{n:03}"))
        except ClientError as err:
            assert err.response["Error"]["Code"] == "ItemCollectionSizeLimitExceededException"
            return n
    return 100


def test_a_collection_stops_growing_at_the_limit_and_the_refused_write_leaves_nothing(ddb: Any) -> None:
    accepted = fill(ddb, "indexed", "lobby")
    assert 0 < accepted < 100
    count = ddb.query(TableName="indexed", KeyConditionExpression="room = :r", ExpressionAttributeValues={":r": {"S": "lobby"}})["Count"]
    assert count == accepted
    ddb.put_item(TableName="indexed", Item=item("other-room", "000"))  # another collection has room
    ddb.put_item(TableName="indexed", Item=item("lobby", "000", size=10))  # a write that shrinks its collection passes
    ddb.delete_item(TableName="indexed", Key={"room": {"S": "lobby"}, "id": {"S": "001"}})
    ddb.put_item(TableName="indexed", Item=item("lobby", "new"))  # and the space freed can be used again


def test_without_a_local_index_there_is_no_collection_limit(ddb: Any) -> None:
    assert fill(ddb, "plain", "lobby") == 100


def test_the_collection_size_is_the_items_and_their_index_entries(ddb: Any, engine: EmbeddedDynamoDB) -> None:
    for n in range(3):
        ddb.put_item(TableName="indexed", Item=item("lobby", f"{n}", size=50))
    ddb.put_item(TableName="indexed", Item=item("lobby", "1", size=80))  # an overwrite replaces, not adds
    ddb.delete_item(TableName="indexed", Key={"room": {"S": "lobby"}, "id": {"S": "2"}})
    indexed = engine.tables["indexed"]
    held = [i for i in indexed.items() if i["room"] == {"S": "lobby"}]
    assert len(held) == 2
    expected = sum(item_collections.entry_bytes(indexed, i) for i in held)
    assert item_collections.collection_bytes(indexed, {"S": "lobby"}) == expected
    assert expected > sum(len(i["blob"]["S"]) for i in held), "index entries and names count too"
    answer = ddb.put_item(TableName="indexed", Item=item("lobby", "3", size=1), ReturnItemCollectionMetrics="SIZE")
    assert answer["ItemCollectionMetrics"] == {"ItemCollectionKey": {"room": {"S": "lobby"}}, "SizeEstimateRangeGB": [0.0, 1.0]}


def test_metrics_only_when_asked_and_only_with_a_local_index(ddb: Any) -> None:
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName="indexed", Item=item("a", "1"))
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName="plain", Item=item("a", "1"), ReturnItemCollectionMetrics="SIZE")
    updated = ddb.update_item(
        TableName="indexed",
        Key={"room": {"S": "a"}, "id": {"S": "1"}},
        UpdateExpression="SET #b = :b",
        ExpressionAttributeNames={"#b": "blob"},
        ExpressionAttributeValues={":b": {"S": "y"}},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert updated["ItemCollectionMetrics"]["ItemCollectionKey"] == {"room": {"S": "a"}}


def test_a_batch_reports_each_collection_it_wrote_once(ddb: Any) -> None:
    puts = [{"PutRequest": {"Item": item(room, id, 10)}} for room, id in (("a", "1"), ("a", "2"), ("b", "1"))]
    answer = ddb.batch_write_item(RequestItems={"indexed": puts, "plain": [{"PutRequest": {"Item": item("a", "1", 10)}}]}, ReturnItemCollectionMetrics="SIZE")
    keys = sorted(m["ItemCollectionKey"]["room"]["S"] for m in answer["ItemCollectionMetrics"]["indexed"])
    assert keys == ["a", "b"]
    assert "plain" not in answer["ItemCollectionMetrics"]


def test_a_batch_that_would_overflow_a_collection_writes_nothing(ddb: Any) -> None:
    accepted = fill(ddb, "indexed", "lobby")
    with pytest.raises(ClientError) as refused:
        ddb.batch_write_item(RequestItems={"indexed": [{"PutRequest": {"Item": item("elsewhere", "1")}}, {"PutRequest": {"Item": item("lobby", "999")}}]})
    assert refused.value.response["Error"]["Code"] == "ItemCollectionSizeLimitExceededException"
    assert ddb.get_item(TableName="indexed", Key={"room": {"S": "elsewhere"}, "id": {"S": "1"}}).get("Item") is None
    assert accepted > 0


def test_a_batch_counts_its_own_earlier_items_in_the_collection(ddb: Any) -> None:
    """Each put fits the empty collection alone; together they do not, so the batch is refused whole."""
    puts = [{"PutRequest": {"Item": item("lobby", f"{n:03}")}} for n in range(8)]
    with pytest.raises(ClientError) as refused:
        ddb.batch_write_item(RequestItems={"indexed": puts})
    assert refused.value.response["Error"]["Code"] == "ItemCollectionSizeLimitExceededException"
    assert ddb.query(TableName="indexed", KeyConditionExpression="room = :r", ExpressionAttributeValues={":r": {"S": "lobby"}})["Count"] == 0
    # a delete earlier in the same batch makes room for a put after it
    accepted = fill(ddb, "indexed", "lobby")
    freeing = [{"DeleteRequest": {"Key": {"room": {"S": "lobby"}, "id": {"S": "000"}}}}, {"PutRequest": {"Item": item("lobby", "new")}}]
    ddb.batch_write_item(RequestItems={"indexed": freeing})
    assert ddb.query(TableName="indexed", KeyConditionExpression="room = :r", ExpressionAttributeValues={":r": {"S": "lobby"}})["Count"] == accepted


def test_a_transaction_counts_its_own_earlier_writes_in_the_collection(ddb: Any) -> None:
    puts = [{"Put": {"TableName": "indexed", "Item": item("lobby", f"{n:03}")}} for n in range(8)]
    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(TransactItems=puts)
    reasons = cancelled.value.response["CancellationReasons"]
    first = next(i for i, r in enumerate(reasons) if r["Code"] != "None")
    assert 0 < first < 8 and reasons[first] == {"Code": "ItemCollectionSizeLimitExceeded", "Message": "Collection size exceeded."}
    assert all(r["Code"] == "None" for r in reasons[:first] + reasons[first + 1 :])
    assert ddb.query(TableName="indexed", KeyConditionExpression="room = :r", ExpressionAttributeValues={":r": {"S": "lobby"}})["Count"] == 0


def test_in_a_transaction_the_overflow_is_a_cancellation_reason(ddb: Any) -> None:
    fill(ddb, "indexed", "lobby")
    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "indexed", "Item": item("elsewhere", "1")}}, {"Put": {"TableName": "indexed", "Item": item("lobby", "999")}}])
    reasons = [r["Code"] for r in cancelled.value.response["CancellationReasons"]]
    assert reasons == ["None", "ItemCollectionSizeLimitExceeded"]


def test_a_transaction_reports_the_collections_it_wrote(ddb: Any) -> None:
    answer = ddb.transact_write_items(
        TransactItems=[{"Put": {"TableName": "indexed", "Item": item("a", "1", 10)}}, {"Put": {"TableName": "plain", "Item": item("a", "1", 10)}}],
        ReturnItemCollectionMetrics="SIZE",
    )
    assert [m["ItemCollectionKey"] for m in answer["ItemCollectionMetrics"]["indexed"]] == [{"room": {"S": "a"}}]
    assert list(answer["ItemCollectionMetrics"]) == ["indexed"]
