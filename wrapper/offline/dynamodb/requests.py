"""A request's expressions as trees: each from its expression parameter or its legacy counterpart.

DynamoDB accepts either form of each part of a request but refuses to mix them in one request
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html).
"""

from __future__ import annotations

from typing import Any

from wrapper.offline.dynamodb import legacy
from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.expressions import Placeholders, parse_condition, parse_projection, parse_update
from wrapper.offline.dynamodb.names import checked_name

_EXPRESSIONS = ("ConditionExpression", "UpdateExpression", "KeyConditionExpression", "FilterExpression", "ProjectionExpression")


def placeholders(body: dict[str, Any]) -> Placeholders:
    legacy.check_not_mixed(body)
    names = body.get("ExpressionAttributeNames")
    values = body.get("ExpressionAttributeValues")
    if (names is not None or values is not None) and not any(body.get(e) for e in _EXPRESSIONS):
        which = "ExpressionAttributeNames" if names is not None else "ExpressionAttributeValues"
        raise validation(f"{which} can only be specified when using expressions")
    if values is not None and not values:
        raise validation("ExpressionAttributeValues must not be empty")
    if names is not None and not names:
        raise validation("ExpressionAttributeNames must not be empty")
    if names is not None and not all(isinstance(name, str) for name in names.values()):
        # a name that is no JSON string fails while DynamoDB reads the request (our words)
        raise DynamoError("SerializationException", "ExpressionAttributeNames values must be strings")
    checked = {name: v.checked(value, f" for key {name}") for name, value in (values or {}).items()}
    return Placeholders({key: checked_name(name, key) for key, name in (names or {}).items()}, checked)


def condition(body: dict[str, Any], ph: Placeholders) -> t.Condition | None:
    if body.get("ConditionExpression") is not None:  # an empty one is refused, not ignored
        return parse_condition(body["ConditionExpression"], ph)
    if body.get("Expected") is not None or body.get("ConditionalOperator") is not None:
        return legacy.expected(body.get("Expected") or {}, body.get("ConditionalOperator"))  # the operator needs conditions
    return None


def update(body: dict[str, Any], ph: Placeholders) -> t.Update:
    if body.get("UpdateExpression") is not None:
        return parse_update(body["UpdateExpression"], ph)
    if body.get("AttributeUpdates"):
        return legacy.attribute_updates(body["AttributeUpdates"])
    return t.Update()


def projection(body: dict[str, Any], ph: Placeholders) -> list[t.Path] | None:
    if body.get("ProjectionExpression") is not None:
        return parse_projection(body["ProjectionExpression"], ph)
    if body.get("AttributesToGet") is not None:
        return legacy.attributes_to_get(body["AttributesToGet"])
    return None


def read_filter(body: dict[str, Any], ph: Placeholders, legacy_name: str) -> t.Condition | None:
    if body.get("FilterExpression") is not None:
        return parse_condition(body["FilterExpression"], ph, "FilterExpression")
    if body.get(legacy_name) is not None or body.get("ConditionalOperator") is not None:
        return legacy.conditions(body.get(legacy_name) or {}, body.get("ConditionalOperator"), legacy_name)
    return None


def query_condition(body: dict[str, Any], ph: Placeholders) -> t.Condition:
    if body.get("KeyConditionExpression") is not None:
        return parse_condition(body["KeyConditionExpression"], ph, "KeyConditionExpression")
    if body.get("KeyConditions"):
        found = legacy.conditions(body["KeyConditions"], None, "KeyConditions")
        assert found is not None
        return found
    raise validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
