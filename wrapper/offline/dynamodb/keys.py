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
from wrapper.offline.dynamodb.values import Item, Value

_FLIPPED: dict[str, t.Comparator] = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_KIND = "KeyConditionExpression"


@dataclass(frozen=True)
class KeyCondition:
    hash_values: tuple[Value, ...]
    low: Bound | None = None
    high: Bound | None = None
    prefix: Any = None  # begins_with: the order key the tested sort attribute must start with
    tested: str | None = None  # the sort attribute begins_with tests
    whole: bool = False  # every sort attribute tested with equality: DynamoDB deems the query one item

    def keeps(self) -> Callable[[Any], bool] | None:
        prefix = self.prefix
        return None if prefix is None else (lambda order: order.startswith(prefix))

    def admits(self, sort: tuple[Any, ...], key: Item) -> bool:
        """Whether a sort position (of ``key``, an ExclusiveStartKey) lies inside the condition's range."""
        if self.low is not None and (sort < self.low[0] or (not self.low[1] and sort == self.low[0])):
            return False
        if self.high is not None and (sort > self.high[0] or (not self.high[1] and sort == self.high[0])):
            return False
        keeps = self.keeps()
        return keeps is None or self.tested is None or keeps(v.order_key(key[self.tested]))


def key_condition(condition: t.Condition, schema: KeySchema, types: dict[str, str]) -> KeyCondition:
    """Equality on every partition attribute; on the sort attributes, equality on a leading run of them and at
    most one more (the last one tested) with any sort-key operator (GSI.DesignPattern.MultiAttributeKeys.html)."""
    parts = _leaves(condition)
    if len(parts) > max(2, len(schema.names)):
        raise validation("Conditions can be of length 1 or 2 only")
    found: dict[str, Any] = {}
    for part in parts:
        name, test = _normalised(part)
        if name in found:
            raise validation("KeyConditionExpressions must only contain one condition per key")
        found[name] = test
    strangers = set(found) - set(schema.names)
    if strangers:
        missing = next((h for h in schema.hashes if h not in found), None) or schema.range
        if missing is None:
            # nothing is missing: the key has no sort attribute the stranger could stand for
            raise validation("Query key condition not supported")
        raise _missed(missing, schema)
    hash_values = []
    for name in schema.hashes:
        if name not in found:
            raise _missed(name, schema)
        op, values = found[name]
        if op != "=":
            raise validation("Query key condition not supported" + (f": {_EVERY_HASH}; {name} uses {op}" if len(schema.hashes) > 1 else ""))
        hash_values.append(_typed(values[0], name, types))
    tested = [name for name in schema.ranges if name in found]
    if tested != list(schema.ranges[: len(tested)]):
        raise _missed(next(name for name in schema.ranges if name not in found), schema)
    equal: tuple[Any, ...] = ()
    for name in tested[:-1]:
        op, values = found[name]
        if op != "=":
            raise validation(f"Query key condition not supported: RANGE key attributes before the last one tested ({tested[-1]}) must use equality; {name} uses {op}")
        equal += (v.order_key(_typed(values[0], name, types)),)
    if not tested:
        return KeyCondition(tuple(hash_values))
    low, high, prefix = _sort_bounds(tested[-1], found[tested[-1]], equal, types)
    whole = len(tested) == len(schema.ranges) and found[tested[-1]][0] == "="
    return KeyCondition(tuple(hash_values), low, high, prefix, tested[-1] if prefix is not None else None, whole)


# The words after DynamoDB's own for a multi-attribute key are ours; what they say is the rule of
# GSI.DesignPattern.MultiAttributeKeys.html, and the skipped attribute is named as DynamoDB names it.
_EVERY_HASH = "every HASH key attribute must be tested with equality"
_IN_ORDER = "RANGE key attributes are tested left to right, with equality on all but the last one tested"


def _missed(name: str, schema: KeySchema) -> Exception:
    rule = _EVERY_HASH if name in schema.hashes and len(schema.hashes) > 1 else _IN_ORDER if len(schema.ranges) > 1 else ""
    return validation(f"Query condition missed key schema element: {name}" + (f"; {rule}" if rule else ""))


def _sort_bounds(
    name: str, test: tuple[str, list[Value]], equal: tuple[Any, ...], types: dict[str, str]
) -> tuple[Bound | None, Bound | None, Any]:
    """Bounds on the sort positions of one sort attribute's test, after the order keys its predecessors equal."""
    op, values = test
    orders = [v.order_key(_typed(value, name, types)) for value in values]
    floor: Bound | None = ((*equal,), True) if equal else None
    ceiling: Bound | None = ((*equal, TOP), True) if equal else None
    if op == "begins_with":
        if types[name] == "N":
            raise validation(
                f"Invalid {_KIND}: Incorrect operand type for operator or function; operator or function: begins_with, operand type: NUMBER"
            )
        return ((*equal, orders[0]), True), ceiling, orders[0]
    if op == "BETWEEN":
        if orders[0] > orders[1]:
            raise validation(
                f"Invalid {_KIND}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                f"lower bound operand: AttributeValue: {v.shown(values[0])}, upper bound operand: AttributeValue: {v.shown(values[1])}"
            )
        return ((*equal, orders[0]), True), ((*equal, orders[1], TOP), True), None
    x = orders[0]
    bounds: dict[str, tuple[Bound | None, Bound | None]] = {
        "=": (((*equal, x), True), ((*equal, x, TOP), True)),
        "<": (floor, ((*equal, x), False)),
        "<=": (floor, ((*equal, x, TOP), True)),
        ">": (((*equal, x, TOP), False), ceiling),
        ">=": (((*equal, x), True), ceiling),
    }
    low, high = bounds[op]
    return low, high, None


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
