"""Running parsed expressions against items: conditions to booleans, updates to new items."""

from __future__ import annotations

import copy
from typing import Any

from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.values import Item, Value

_ORDER = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
_TYPE_NAMES = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}


def operand(item: Item, node: tuple[Any, ...]) -> Value | None:
    tag = node[0]
    if tag == "value":
        value: Value = node[1]
        return value
    if tag == "path":
        return v.get(item, node[1])
    if tag == "size":
        return v.size(v.get(item, node[1]))
    raise validation(f"Invalid expression: the function {tag} is not allowed here")


def condition(item: Item, node: tuple[Any, ...]) -> bool:
    tag = node[0]
    if tag == "and":
        return condition(item, node[1]) and condition(item, node[2])
    if tag == "or":
        return condition(item, node[1]) or condition(item, node[2])
    if tag == "not":
        return not condition(item, node[1])
    if tag == "compare":
        _, op, left, right = node
        a, b = operand(item, left), operand(item, right)
        if op == "=":
            return v.equal(a, b)
        if op == "<>":
            return not v.equal(a, b)
        keys = v.ordered(a, b)
        return keys is not None and bool(_ORDER[op](*keys))
    if tag == "between":
        _, subject, low, high = node
        a, lo, hi = operand(item, subject), operand(item, low), operand(item, high)
        first, second = v.ordered(a, lo), v.ordered(a, hi)
        if first is None or second is None:
            return False
        if v.ordered(lo, hi) is not None and v.order_key(lo) > v.order_key(hi):  # type: ignore[arg-type]
            raise validation(
                "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound"
            )
        return bool(first[0] >= first[1] and second[0] <= second[1])
    if tag == "in":
        subject = operand(item, node[1])
        return any(v.equal(subject, operand(item, option)) for option in node[2])
    if tag == "function":
        return _function(item, node[1], node[2], node[3:])
    raise validation(f"Invalid expression node {tag}")


def _function(item: Item, name: str, path: tuple[str | int, ...], args: tuple[Any, ...]) -> bool:
    target = v.get(item, path)
    if name == "attribute_exists":
        return target is not None
    if name == "attribute_not_exists":
        return target is None
    other = operand(item, args[0])
    if name == "attribute_type":
        if other is None or v.kind(other) != "S" or other["S"] not in _TYPE_NAMES:
            raise validation(
                f"Invalid ConditionExpression: Invalid attribute type name found; type: {other}, valid types: {sorted(_TYPE_NAMES)}"
            )
        return target is not None and v.kind(target) == other["S"]
    if target is None or other is None:
        return False
    if name == "begins_with":
        if v.kind(target) == v.kind(other) == "S":
            return bool(target["S"].startswith(other["S"]))
        if v.kind(target) == v.kind(other) == "B":
            return bool(v.order_key(target).startswith(v.order_key(other)))
        return False
    # contains
    kind = v.kind(target)
    if kind == "S":
        return v.kind(other) == "S" and other["S"] in target["S"]
    if kind in ("SS", "NS", "BS"):
        element = kind[0]
        return v.kind(other) == element and any(v.equal({element: x}, other) for x in target[kind])
    if kind == "L":
        return any(v.equal(x, other) for x in target["L"])
    return False


def update(item: Item, clauses: dict[str, list[tuple[Any, ...]]], key_names: tuple[str, ...]) -> tuple[Item, set[str]]:
    """The item after the update (a new object) and the top-level attributes the update touched."""
    old = item
    new = copy.deepcopy(item)
    touched: set[str] = set()
    for actions in clauses.values():
        for action in actions:
            name = str(action[0][0])
            if name in key_names:
                raise validation(
                    f"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"
                )
            touched.add(name)
    for path, expression in clauses.get("SET", []):
        v.put(new, path, _set_value(old, expression))
    # Higher list indexes first, so every REMOVE means the element it named in the original list.
    for (path,) in sorted(clauses.get("REMOVE", []), key=lambda action: _path_order(action[0]), reverse=True):
        v.remove(new, path)
    for path, (_, amount) in clauses.get("ADD", []):
        v.put(new, path, _add(v.get(new, path), amount))
    for path, (_, subtract) in clauses.get("DELETE", []):
        current = v.get(new, path)
        if current is None:
            continue
        kind = v.kind(current)
        if kind != v.kind(subtract) or kind not in ("SS", "NS", "BS"):
            raise validation(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
                + v.kind(subtract)
            )
        remaining = [x for x in current[kind] if not any(v.equal({kind[0]: x}, {kind[0]: y}) for y in subtract[kind])]
        if remaining:
            v.put(new, path, {kind: remaining})
        else:
            v.remove(new, path)
    return new, touched


def _path_order(path: tuple[str | int, ...]) -> tuple[tuple[int, int, str], ...]:
    return tuple((1, part, "") if isinstance(part, int) else (0, 0, part) for part in path)


def _set_value(item: Item, node: tuple[Any, ...]) -> Value:
    tag = node[0]
    if tag == "arith":
        _, op, left, right = node
        a, b = _set_value(item, left), _set_value(item, right)
        if v.kind(a) != "N" or v.kind(b) != "N":
            raise validation("An operand in the update expression has an incorrect data type")
        result = v.number(a["N"]) + v.number(b["N"]) if op == "+" else v.number(a["N"]) - v.number(b["N"])
        return {"N": v.canonical_number(result)}
    if tag == "if_not_exists":
        existing = v.get(item, node[1][1])
        return copy.deepcopy(existing) if existing is not None else _set_value(item, node[2])
    if tag == "list_append":
        a, b = _set_value(item, node[1]), _set_value(item, node[2])
        if v.kind(a) != "L" or v.kind(b) != "L":
            raise validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append")
        return {"L": copy.deepcopy(a["L"] + b["L"])}
    if tag == "size":
        raise validation("Invalid UpdateExpression: The function is not allowed in an update expression; function: size")
    value = operand(item, node)
    if value is None:
        raise validation("The provided expression refers to an attribute that does not exist in the item")
    return copy.deepcopy(value)


def _add(current: Value | None, amount: Value) -> Value:
    kind = v.kind(amount)
    if kind not in ("N", "SS", "NS", "BS"):
        raise validation(f"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: {kind}")
    if current is None:
        return copy.deepcopy(amount)
    if v.kind(current) != kind:
        raise validation("An operand in the update expression has an incorrect data type")
    if kind == "N":
        return {"N": v.canonical_number(v.number(current["N"]) + v.number(amount["N"]))}
    merged = list(current[kind])
    for element in amount[kind]:
        if not any(v.equal({kind[0]: element}, {kind[0]: x}) for x in merged):
            merged.append(element)
    return {kind: merged}
