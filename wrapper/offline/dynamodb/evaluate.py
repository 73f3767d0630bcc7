"""Running the expression tree against items: conditions to booleans, operands to values."""

from __future__ import annotations

import copy

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.values import Item, Value


def operand(item: Item, node: t.Operand) -> Value | None:
    """A condition's operand: a literal, an attribute (None when missing), or size(path)."""
    match node:
        case t.Literal(value):
            return value
        case t.PathRef(path):
            return v.get(item, path)
        case t.Size(subject):
            return v.size(operand(item, subject))
    raise validation("Invalid ConditionExpression: The function is not allowed in a condition expression")


def condition(item: Item, node: t.Condition) -> bool:
    match node:
        case t.And(left, right):
            return condition(item, left) and condition(item, right)
        case t.Or(left, right):
            return condition(item, left) or condition(item, right)
        case t.Not(inner):
            return not condition(item, inner)
        case t.Compare(op, left, right):
            a, b = operand(item, left), operand(item, right)
            if (a is None and isinstance(left, t.Size)) or (b is None and isinstance(right, t.Size)):
                return False  # size() of a missing attribute, or of a type without a size: no comparison holds
            return _compare(op, a, b)
        case t.Between(subject, low, high):
            return _between(operand(item, subject), operand(item, low), operand(item, high))
        case t.In(subject, options):
            found = operand(item, subject)
            return any(v.equal(found, operand(item, option)) for option in options)
        case t.Function(name, subject, argument):
            return _function(item, name, subject, argument)
    raise validation(f"Invalid expression node {type(node).__name__}")


def _compare(op: t.Comparator, a: Value | None, b: Value | None) -> bool:
    if op == "=":
        return v.equal(a, b)
    if op == "<>":
        return not v.equal(a, b)
    keys = v.ordered(a, b)
    if keys is None:
        return False
    first, second = keys
    if op == "<":
        return bool(first < second)
    if op == "<=":
        return bool(first <= second)
    if op == ">":
        return bool(first > second)
    return bool(first >= second)


def _between(a: Value | None, low: Value | None, high: Value | None) -> bool:
    # Bounds given as constants were checked before any read (constants.py); bounds read from the item that are
    # out of order or of two types only make the condition false.
    first, second = v.ordered(a, low), v.ordered(a, high)
    if first is None or second is None:
        return False
    return bool(first[0] >= first[1] and second[0] <= second[1])


def _function(item: Item, name: t.FunctionName, subject: t.Operand, argument: t.Operand | None) -> bool:
    target = operand(item, subject)
    if name == "attribute_exists":
        return target is not None
    if name == "attribute_not_exists":
        return target is None
    assert argument is not None
    other = operand(item, argument)
    if name == "attribute_type":  # its type name was checked before the read (constants.py)
        return target is not None and other is not None and v.kind(target) == other.get("S")
    if target is None or other is None:
        return False
    if name == "begins_with":
        if v.kind(target) == v.kind(other) == "S":
            return bool(target["S"].startswith(other["S"]))
        if v.kind(target) == v.kind(other) == "B":
            return bool(v.order_key(target).startswith(v.order_key(other)))
        return False
    return _contains(target, other)


def _contains(target: Value, other: Value) -> bool:
    kind = v.kind(target)
    if kind == "S":
        return v.kind(other) == "S" and other["S"] in target["S"]
    if kind == "B":
        return v.kind(other) == "B" and v.order_key(other) in v.order_key(target)
    if kind in ("SS", "NS", "BS"):
        element = kind[0]
        return v.kind(other) == element and any(v.equal({element: x}, other) for x in target[kind])
    if kind == "L":
        return any(v.equal(x, other) for x in target["L"])
    return False


def set_value(item: Item, node: t.Operand) -> Value:
    """The value a SET action writes, computed against the item as it was before the update."""
    match node:
        case t.Arithmetic(op, left, right):
            a, b = set_value(item, left), set_value(item, right)
            if v.kind(a) != "N" or v.kind(b) != "N":
                raise validation("An operand in the update expression has an incorrect data type")
            x, y = v.number(a["N"]), v.number(b["N"])
            return {"N": v.arithmetic(x, y, op)}
        case t.IfNotExists(path, fallback):
            existing = v.get(item, path)
            return copy.deepcopy(existing) if existing is not None else set_value(item, fallback)
        case t.ListAppend(first, second):
            a, b = set_value(item, first), set_value(item, second)
            if v.kind(a) != "L" or v.kind(b) != "L":
                raise validation(
                    "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, "
                    f"operand type: {v.kind(a) if v.kind(a) != 'L' else v.kind(b)}"
                )
            return {"L": copy.deepcopy(a["L"] + b["L"])}
        case t.Size():
            raise validation("Invalid UpdateExpression: The function is not allowed in an update expression; function: size")
    value = operand(item, node)
    if value is None:
        raise validation("The provided expression refers to an attribute that does not exist in the item")
    return copy.deepcopy(value)
