"""The legacy parameters older code and libraries still send, compared with moto where both follow DynamoDB.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
"""

from __future__ import annotations

from typing import Any

from tests.offline.dynamodb.test_engine import SCORES, both, code, outcome
from tests.offline.dynamodb.test_queries import seed
from wrapper.offline.dynamodb import EmbeddedDynamoDB

TABLE = SCORES["TableName"]
KEY = {"game": {"S": "g"}, "score": {"N": "3"}}


def test_attribute_updates_put_add_and_delete(clients: tuple[Any, Any]) -> None:
    """AttributeUpdates: PUT replaces, ADD adds to numbers and sets, DELETE removes elements or the attribute."""
    seed(clients)
    changes = {
        "who": {"Action": "PUT", "Value": {"S": "ann2"}},
        "lives": {"Action": "ADD", "Value": {"N": "2"}},
        "tags": {"Action": "DELETE", "Value": {"SS": ["all"]}},
    }
    new = both(clients, lambda c: c.update_item(TableName=TABLE, Key=KEY, AttributeUpdates=changes, ReturnValues="ALL_NEW"))
    assert new["Attributes"]["lives"] == {"N": "2"} and new["Attributes"]["tags"] == {"SS": ["ann"]}
    gone = both(
        clients,
        lambda c: c.update_item(TableName=TABLE, Key=KEY, AttributeUpdates={"who": {"Action": "DELETE"}}, ReturnValues="UPDATED_OLD"),
    )
    assert gone == {"Attributes": {"who": {"S": "ann2"}}}


def test_expected_guards_writes(clients: tuple[Any, Any]) -> None:
    """Expected: Exists/Value pairs and ComparisonOperator rules, joined by ConditionalOperator."""
    seed(clients)
    item = {**KEY, "who": {"S": "new"}}
    assert both(clients, lambda c: c.put_item(TableName=TABLE, Item=item, Expected={"game": {"Exists": False}})) == (
        "ConditionalCheckFailedException"
    )
    ok = {"who": {"Value": {"S": "ann"}}, "score": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}}
    assert both(clients, lambda c: c.put_item(TableName=TABLE, Item=item, Expected=ok)) == {}
    either = {"who": {"Value": {"S": "nobody"}}, "score": {"ComparisonOperator": "NOT_NULL"}}
    assert both(clients, lambda c: c.delete_item(TableName=TABLE, Key=KEY, Expected=either, ConditionalOperator="OR")) == {}
    assert both(clients, lambda c: c.get_item(TableName=TABLE, Key=KEY)) == {}


def test_key_conditions_query_filter_and_attributes_to_get(clients: tuple[Any, Any]) -> None:
    """Ours only: moto ignores the KeyConditions range, QueryFilter and AttributesToGet here (every item comes back)."""
    seed(clients)
    ours = clients[0]
    found = outcome(
        ours,
        lambda c: c.query(
            TableName=TABLE,
            KeyConditions={
                "game": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "g"}]},
                "score": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "0"}, {"N": "10"}]},
            },
            QueryFilter={"who": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "bob"}, {"S": "cat"}]}},
            AttributesToGet=["who"],
            ScanIndexForward=False,
        ),
    )
    assert found["Items"] == [{"who": {"S": "bob"}}, {"who": {"S": "cat"}}]
    assert found["ScannedCount"] == 3


def test_scan_filter_with_conditional_operator(clients: tuple[Any, Any]) -> None:
    """Ours only: moto answers no items for this OR of BEGINS_WITH and CONTAINS on a string set."""
    seed(clients)
    filters = {
        "who": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "e"}]},
        "tags": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "dan"}]},
    }
    found = outcome(clients[0], lambda c: c.scan(TableName=TABLE, ScanFilter=filters, ConditionalOperator="OR"))
    assert sorted(i["who"]["S"] for i in found["Items"]) == ["dan", "eve"]


def test_legacy_and_expressions_do_not_mix(ours: Any) -> None:
    ours.create_table(**SCORES)
    assert (
        code(lambda: ours.get_item(TableName=TABLE, Key=KEY, AttributesToGet=["who"], ProjectionExpression="who")) == "ValidationException"
    )


def test_key_conditions_may_go_with_a_filter_or_projection_expression_but_not_a_key_condition_expression(ours: Any) -> None:
    """DynamoDB keeps KeyConditions out of the mixing rule except against KeyConditionExpression (Alternator's
    test_query.py::test_query_filter_expression and test_key_condition_expression.py, run against DynamoDB)."""
    ours.create_table(**SCORES)
    ours.put_item(TableName=TABLE, Item={**KEY, "who": {"S": "ada"}, "n": {"N": "1"}})
    by_game = {"game": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "g"}]}}
    found = ours.query(
        TableName=TABLE, KeyConditions=by_game, FilterExpression="n = :one", ProjectionExpression="who", ExpressionAttributeValues={":one": {"N": "1"}}
    )
    assert found["Items"] == [{"who": {"S": "ada"}}]
    mixed = lambda: ours.query(  # noqa: E731
        TableName=TABLE, KeyConditions=by_game, KeyConditionExpression="game = :g", ExpressionAttributeValues={":g": {"S": "g"}}
    )
    assert code(mixed) == "ValidationException"
    with_filter = lambda: ours.query(  # noqa: E731
        TableName=TABLE, KeyConditions=by_game, QueryFilter={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}, ProjectionExpression="who"
    )
    assert code(with_filter) == "ValidationException"  # QueryFilter is still legacy


def test_attribute_updates_add_appends_a_list() -> None:
    """AttributeUpdates' ADD of a list appends it (starting from an empty list when the attribute is missing),
    something UpdateExpression's ADD refuses; against another type it is the legacy type mismatch."""
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("CreateTable", SCORES)[0] == 200

    def add(value: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        changes = {"l": {"Action": "ADD", "Value": value}}
        return engine.handle("UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": changes, "ReturnValues": "UPDATED_NEW"})

    assert add({"L": [{"N": "1"}]}) == (200, {"Attributes": {"l": {"L": [{"N": "1"}]}}})
    assert add({"L": [{"S": "x"}, {"N": "1"}]}) == (200, {"Attributes": {"l": {"L": [{"N": "1"}, {"S": "x"}, {"N": "1"}]}}})
    assert engine.handle("PutItem", {"TableName": TABLE, "Item": {**KEY, "l": {"SS": ["a"]}}})[0] == 200
    status, body = add({"L": [{"S": "b"}]})
    assert (status, body["message"]) == (400, "Type mismatch for attribute to update")
