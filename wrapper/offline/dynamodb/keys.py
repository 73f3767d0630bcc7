"""A Query's key condition: checked against DynamoDB's rules, turned into bounds on the sort order.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
The partition key must be tested with ``=``; the sort key at most once with ``= < <= > >=``,
``BETWEEN`` or ``begins_with``; nothing else (no OR, NOT, IN, ``<>``, other attributes). A
reversed comparison (``:v = k``) is the same condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.schema import KeySchema
from wrapper.offline.dynamodb.store import TOP, Bound
from wrapper.offline.dynamodb.values import Value

_FLIPPED: dict[str, t.Comparator] = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_KIND = "KeyConditionExpression"


@dataclass(frozen=True)
class KeyCondition:
    hash_value: Value
    low: Bound | None = None
    high: Bound | None = None
    prefix: Any = None  # begins_with: the order key every sort key must start with

    def keeps(self) -> Callable[[Any], bool] | None:
        prefix = self.prefix
        return None if prefix is None else (lambda order: order.startswith(prefix))


def key_condition(condition: t.Condition, schema: KeySchema, types: dict[str, str]) -> KeyCondition:
    parts = _leaves(condition)
    if len(parts) > 2:
        raise validation("Conditions can be of length 1 or 2 only")
    found: dict[str, Any] = {}
    for part in parts:
        name, test = _normalised(part)
        if name in found:
            raise validation("KeyConditionExpressions must only contain one condition per key")
        found[name] = test
    strangers = set(found) - set(schema.names)
    if strangers:
        missing = schema.hash if schema.hash not in found else schema.range or sorted(strangers)[0]
        raise validation(f"Query condition missed key schema element: {missing}")
    if schema.hash not in found:
        raise validation(f"Query condition missed key schema element: {schema.hash}")
    op, values = found[schema.hash]
    if op != "=":
        raise validation("Query key condition not supported")
    hash_value = _typed(values[0], schema.hash, types)
    if schema.range is None or schema.range not in found:
        return KeyCondition(hash_value)
    op, values = found[schema.range]
    orders = [v.order_key(_typed(value, schema.range, types)) for value in values]
    if op == "begins_with":
        if types[schema.range] == "N":
            raise validation(
                f"Invalid {_KIND}: Incorrect operand type for operator or function; operator or function: begins_with, operand type: NUMBER"
            )
        return KeyCondition(hash_value, ((orders[0],), True), None, orders[0])
    if op == "BETWEEN":
        if orders[0] > orders[1]:
            raise validation(
                f"Invalid {_KIND}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                f"lower bound operand: AttributeValue: {values[0]}, upper bound operand: AttributeValue: {values[1]}"
            )
        return KeyCondition(hash_value, ((orders[0],), True), ((orders[1], TOP), True))
    x = orders[0]
    bounds: dict[str, tuple[Bound | None, Bound | None]] = {
        "=": (((x,), True), ((x, TOP), True)),
        "<": (None, ((x,), False)),
        "<=": (None, ((x, TOP), True)),
        ">": (((x, TOP), False), None),
        ">=": (((x,), True), None),
    }
    low, high = bounds[op]
    return KeyCondition(hash_value, low, high)


def _leaves(condition: t.Condition) -> list[t.Condition]:
    if isinstance(condition, t.And):
        return _leaves(condition.left) + _leaves(condition.right)
    if isinstance(condition, t.Or):
        raise validation(f"Invalid operator used in {_KIND}: OR")
    if isinstance(condition, t.Not):
        raise validation(f"Invalid operator used in {_KIND}: NOT")
    if isinstance(condition, t.In):
        raise validation(f"Invalid operator used in {_KIND}: IN")
    return [condition]


def _name(operand: t.Operand) -> str | None:
    if isinstance(operand, t.PathRef):
        if len(operand.path) != 1:
            raise validation(f"Invalid {_KIND}: KeyConditionExpressions cannot contain nested attribute paths")
        return str(operand.path[0])
    return None


def _literal(operand: t.Operand) -> Value:
    if not isinstance(operand, t.Literal):
        raise validation(f"Invalid {_KIND}: Key conditions must compare a key attribute with a value")
    return operand.value


def _normalised(part: t.Condition) -> tuple[str, tuple[str, list[Value]]]:
    """(key attribute, (operator, its values)) of one key condition; reversed comparisons turned round."""
    if isinstance(part, t.Compare):
        if part.op == "<>":
            raise validation(f"Unsupported operator on {_KIND}: operator: <>")
        left, right = _name(part.left), _name(part.right)
        if left is not None and right is None:
            return left, (part.op, [_literal(part.right)])
        if right is not None and left is None:
            return right, (_FLIPPED[part.op], [_literal(part.left)])
        raise validation(f"Invalid {_KIND}: Key conditions must compare a key attribute with a value")
    if isinstance(part, t.Between):
        name = _name(part.subject)
        if name is None:
            raise validation(f"Invalid {_KIND}: BETWEEN must test a key attribute")
        return name, ("BETWEEN", [_literal(part.low), _literal(part.high)])
    if isinstance(part, t.Function):
        if part.name != "begins_with":
            raise validation(f"Invalid operator used in {_KIND}: {part.name}")
        name = _name(part.subject)
        if name is None:
            raise validation(f"Invalid {_KIND}: begins_with must test a key attribute")
        assert part.argument is not None
        return name, ("begins_with", [_literal(part.argument)])
    raise validation(f"Invalid operator used in {_KIND}: {type(part).__name__}")


def _typed(value: Value, name: str, types: dict[str, str]) -> Value:
    if v.kind(value) != types[name]:
        raise validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
    return value
