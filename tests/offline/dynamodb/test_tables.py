"""UpdateTable and TimeToLive on the embedded DynamoDB.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
Offline, a new index is ACTIVE at once, already holding the table's items (DynamoDB backfills it).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.offline.dynamodb.test_engine import SCORES, both, code
from tests.offline.dynamodb.test_queries import seed

TABLE = SCORES["TableName"]
BY_WHO = {
    "Create": {
        "IndexName": "by-who",
        "KeySchema": [{"AttributeName": "who", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"},
    }
}


def test_a_gsi_added_later_holds_the_existing_items_and_can_be_removed(clients: tuple[Any, Any]) -> None:
    seed(clients)
    ours = clients[0]
    ours.update_table(
        TableName=TABLE, AttributeDefinitions=[{"AttributeName": "who", "AttributeType": "S"}], GlobalSecondaryIndexUpdates=[BY_WHO]
    )
    found = ours.query(
        TableName=TABLE, IndexName="by-who", KeyConditionExpression="who = :w", ExpressionAttributeValues={":w": {"S": "cat"}}
    )
    assert found["Items"] == [{"game": {"S": "g"}, "score": {"N": "2"}, "who": {"S": "cat"}}]  # KEYS_ONLY: table and index keys
    ours.put_item(TableName=TABLE, Item={"game": {"S": "h"}, "score": {"N": "9"}, "who": {"S": "cat"}})
    assert (
        ours.query(TableName=TABLE, IndexName="by-who", KeyConditionExpression="who = :w", ExpressionAttributeValues={":w": {"S": "cat"}})[
            "Count"
        ]
        == 2
    )
    described = ours.describe_table(TableName=TABLE)["Table"]
    assert [(i["IndexName"], i["ItemCount"]) for i in described["GlobalSecondaryIndexes"]] == [("by-who", 6)]
    assert (
        code(
            lambda: ours.update_table(
                TableName=TABLE, GlobalSecondaryIndexUpdates=[BY_WHO], AttributeDefinitions=[{"AttributeName": "who", "AttributeType": "S"}]
            )
        )
        == "ValidationException"
    )
    ours.update_table(TableName=TABLE, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-who"}}])
    assert "GlobalSecondaryIndexes" not in ours.describe_table(TableName=TABLE)["Table"]
    assert (
        code(
            lambda: ours.query(
                TableName=TABLE, IndexName="by-who", KeyConditionExpression="who = :w", ExpressionAttributeValues={":w": {"S": "cat"}}
            )
        )
        == "ValidationException"
    )


def test_billing_mode_switches_both_ways(clients: tuple[Any, Any]) -> None:
    both(clients, lambda c: c.create_table(**SCORES) and {})
    throughput = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2}

    def switch(client: Any) -> Any:
        answer = client.update_table(TableName=TABLE, BillingMode="PROVISIONED", ProvisionedThroughput=throughput)
        return {k: answer["TableDescription"]["ProvisionedThroughput"][k] for k in throughput}  # moto leaves out NumberOfDecreasesToday

    assert both(clients, switch) == throughput
    ours = clients[0]
    ours.update_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST")
    assert ours.describe_table(TableName=TABLE)["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert code(lambda: ours.update_table(TableName=TABLE, BillingMode="PROVISIONED")) == "ValidationException"  # needs throughput


def test_time_to_live_enables_once_and_disables_by_name(ours: Any) -> None:
    ours.create_table(**SCORES)
    spec = {"Enabled": True, "AttributeName": "expiresAt"}
    assert ours.update_time_to_live(TableName=TABLE, TimeToLiveSpecification=spec)["TimeToLiveSpecification"] == spec
    assert code(lambda: ours.update_time_to_live(TableName=TABLE, TimeToLiveSpecification=spec)) == "ValidationException"
    wrong = {"Enabled": False, "AttributeName": "other"}
    assert code(lambda: ours.update_time_to_live(TableName=TABLE, TimeToLiveSpecification=wrong)) == "ValidationException"
    ours.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expiresAt"})
    assert ours.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_index_updates_one_at_a_time_each_a_single_action(ours: Any) -> None:
    """UpdateTable: an empty update list changes nothing (refused like no change at all), each entry holds exactly one
    of Create, Update or Delete, and two index changes in one call are a LimitExceededException (API_UpdateTable.html;
    Alternator's test_gsi_updatetable.py, which runs against DynamoDB)."""
    ours.create_table(**SCORES)
    define = [{"AttributeName": "who", "AttributeType": "S"}]
    assert code(lambda: ours.update_table(TableName=TABLE, GlobalSecondaryIndexUpdates=[])) == "ValidationException"
    assert code(lambda: ours.update_table(TableName=TABLE, GlobalSecondaryIndexUpdates=[{}])) == "ValidationException"
    both_actions = [{**BY_WHO, "Delete": {"IndexName": "other"}}]
    assert code(lambda: ours.update_table(TableName=TABLE, AttributeDefinitions=define, GlobalSecondaryIndexUpdates=both_actions)) == "ValidationException"
    second = {"Create": {**BY_WHO["Create"], "IndexName": "by-who-2"}}
    two = [BY_WHO, second]
    assert code(lambda: ours.update_table(TableName=TABLE, AttributeDefinitions=define, GlobalSecondaryIndexUpdates=two)) == "LimitExceededException"
    assert "GlobalSecondaryIndexes" not in ours.describe_table(TableName=TABLE)["Table"]


def test_a_gsi_added_later_leaves_out_items_whose_key_could_not_be_an_index_key(ours: Any) -> None:
    """GSI.OnlineOps.ViolationDetection.html: the backfill skips items whose new key attribute has the wrong type
    or an invalid value (here a number and an empty string where the index wants a string); they stay in the table."""
    ours.create_table(**SCORES)
    for score, who in (("1", {"S": "ada"}), ("2", {"N": "7"}), ("3", {"S": ""})):
        ours.put_item(TableName=TABLE, Item={"game": {"S": "g"}, "score": {"N": score}, "who": who})
    ours.update_table(TableName=TABLE, AttributeDefinitions=[{"AttributeName": "who", "AttributeType": "S"}], GlobalSecondaryIndexUpdates=[BY_WHO])
    indexed = ours.scan(TableName=TABLE, IndexName="by-who")["Items"]
    assert [i["score"]["N"] for i in indexed] == ["1"]
    assert ours.scan(TableName=TABLE)["Count"] == 3


def test_deletetable_answers_with_less_than_describetable(ours: Any) -> None:
    """DeleteTable's TableDescription has no creation time, schema or indexes (Alternator's
    test_table.py::test_delete_table_description*, which pass against DynamoDB)."""
    ours.create_table(**SCORES)
    gone = ours.delete_table(TableName=TABLE)["TableDescription"]
    assert gone["TableStatus"] == "DELETING" and gone["TableName"] == TABLE and gone["TableArn"].startswith("arn:aws:dynamodb:")
    assert not {"CreationDateTime", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes"} & set(gone)


def test_a_new_index_needs_its_keys_in_the_requests_own_definitions(ours: Any) -> None:
    """API_UpdateTable.html: "AttributeDefinitions must include the key element(s) of the new index", even a key the
    table already defines (game is the table's hash key here)."""
    ours.create_table(**SCORES)
    on_game = {"Create": {**BY_WHO["Create"], "KeySchema": [{"AttributeName": "game", "KeyType": "HASH"}]}}
    with pytest.raises(ClientError) as refused:
        ours.update_table(TableName=TABLE, GlobalSecondaryIndexUpdates=[on_game])
    assert "AttributeDefinitions" in refused.value.response["Error"]["Message"]
    ours.update_table(TableName=TABLE, AttributeDefinitions=[{"AttributeName": "game", "AttributeType": "S"}], GlobalSecondaryIndexUpdates=[on_game])
