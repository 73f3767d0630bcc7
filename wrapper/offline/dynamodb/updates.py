"""Applying an update tree to an item: SET, REMOVE, ADD and DELETE in DynamoDB's order and rules."""

from __future__ import annotations

import copy

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.evaluate import set_value
from wrapper.offline.dynamodb.values import Item, Value


def apply(item: Item, update: t.Update, key_names: tuple[str, ...], missing: bool = False, legacy: bool = False) -> tuple[Item, list[t.Path]]:
    """The item after the update (a new object) and the document paths the update touched; ``missing``: the item
    does not exist and ``item`` holds only its key; ``legacy``: the update came as AttributeUpdates, whose
    ADD and DELETE of the wrong type DynamoDB words differently (dynalite's tests; the API reference's list)."""
    mismatch = "Type mismatch for attribute to update" if legacy else "An operand in the update expression has an incorrect data type"
    old = item
    new = copy.deepcopy(item)
    touched: list[t.Path] = []
    for action in update.actions():
        name = str(action.path[0])
        if name in key_names:
            raise validation(
                f"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"
            )
        touched.append(action.path)
    # Values come from the item before the update; SETs past the end of one list append in index order.
    for assignment in sorted(update.set, key=lambda action: _path_order(action.path)):
        v.put(new, assignment.path, set_value(old, assignment.value))
    # Higher list indexes first, so every REMOVE means the element it named in the original list. On an item that
    # does not exist, REMOVE has nothing to remove and refuses no path (Alternator's test_update_expression.py,
    # test_nested_attribute_remove_from_missing_item, which runs against DynamoDB).
    for removal in sorted(update.remove, key=lambda action: _path_order(action.path), reverse=True):
        if not missing:
            v.remove(new, removal.path)
    for addition in update.add:
        v.put(new, addition.path, _add(v.get(new, addition.path), addition.value, mismatch, legacy))
    for deletion in update.delete:
        _delete(new, deletion, mismatch)
    return new, touched


def creates_item(update: t.Update) -> bool:
    """Whether the update, on a missing item, makes one: DynamoDB writes nothing for REMOVE/DELETE alone."""
    return bool(update.set or update.add) or not update.actions()


def _path_order(path: t.Path) -> tuple[tuple[int, int, str], ...]:
    return tuple((1, part, "") if isinstance(part, int) else (0, 0, part) for part in path)


def _add(current: Value | None, amount: Value, mismatch: str, legacy: bool) -> Value:
    """``legacy``: AttributeUpdates' ADD also appends a list, which UpdateExpression's ADD refuses."""
    kind = v.kind(amount)
    if kind not in ("N", "SS", "NS", "BS", *(("L",) if legacy else ())):
        raise validation(
            f"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: {v.type_name(kind)}"
        )
    if current is None:
        return copy.deepcopy(amount)
    if v.kind(current) != kind:
        raise validation(mismatch)
    if kind == "L":
        return {"L": [*current["L"], *copy.deepcopy(amount["L"])]}
    if kind == "N":
        return {"N": v.arithmetic(v.number(current["N"]), v.number(amount["N"]), "+")}
    merged = list(current[kind])
    for element in amount[kind]:
        if not any(v.equal({kind[0]: element}, {kind[0]: x}) for x in merged):
            merged.append(element)
    return {kind: merged}


def _delete(item: Item, deletion: t.DeleteAction, mismatch: str) -> None:
    if deletion.value is None:
        v.remove(item, deletion.path)
        return
    subtract = deletion.value
    current = v.get(item, deletion.path)
    if v.kind(subtract) not in ("SS", "NS", "BS"):
        raise validation(
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
            + v.type_name(v.kind(subtract))
        )
    if current is None:
        return
    kind = v.kind(current)
    if kind != v.kind(subtract):
        raise validation(mismatch)
    remaining = [x for x in current[kind] if not any(v.equal({kind[0]: x}, {kind[0]: y}) for y in subtract[kind])]
    if remaining:
        v.put(item, deletion.path, {kind: remaining})
    else:
        v.remove(item, deletion.path)
