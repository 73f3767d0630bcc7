"""PutItem, UpdateItem, DeleteItem and ConditionCheck as plans: everything checked, nothing written yet.

A ``Write`` is what a single-item operation will do once every check passed: the engine
commits one at once, a transaction commits all of them or none, a batch all of them after
every one was planned. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb import evaluate, item_collections, requests, updates
from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import check_enum, condition_failed, validation
from wrapper.offline.dynamodb.placeholders import Placeholders
from wrapper.offline.dynamodb.tables import Table
from wrapper.offline.dynamodb.values import Item

_RETURN_VALUES = ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
_ON_FAILURE = ("NONE", "ALL_OLD")


@dataclass
class Write:
    table: Table
    key: Item
    old: Item | None
    new: Item | None  # None: delete the item (or leave it absent)
    changes: bool = True  # False: a ConditionCheck, or an update that creates nothing
    touched: list[t.Path] | None = None

    def commit(self) -> None:
        if not self.changes:
            return
        if self.new is None:
            self.table.delete(self.key)
        else:
            self.table.store_item(self.new)


def check_return_values(body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    wanted = body.get("ReturnValues", "NONE")
    check_enum(wanted, "returnValues", _RETURN_VALUES)
    if wanted not in allowed:
        # PutItem's and DeleteItem's words (dynalite's tests, written against DynamoDB; ExtendDB's, checked in us-east-1)
        raise validation(f"ReturnValues can only be {' or '.join(sorted(allowed))}")
    failure = body.get("ReturnValuesOnConditionCheckFailure", "NONE")
    if failure not in _ON_FAILURE:
        raise validation(
            f"1 validation error detected: Value '{failure}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: "
            "Member must satisfy enum value set: [ALL_OLD, NONE]"
        )


def _checked_condition(body: dict[str, Any], ph: Placeholders, old: Item | None) -> None:
    tree = requests.condition(body, ph)
    ph.check_all_used()
    if tree is not None and not evaluate.condition(old or {}, tree):
        raise condition_failed(old if body.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None)


def plan_put(table: Table, body: dict[str, Any]) -> Write:
    check_return_values(body, ("NONE", "ALL_OLD"))
    item = v.checked_item(body.get("Item"))
    ph = requests.placeholders(body)
    table.check(item, whole_item=True)
    key = table.key_of(item)
    old = table.get(key)
    _checked_condition(body, ph, old)
    item_collections.check(table, old, item)
    return Write(table, key, old, item)


def plan_delete(table: Table, body: dict[str, Any]) -> Write:
    check_return_values(body, ("NONE", "ALL_OLD"))
    key = table.checked_key(body.get("Key"))
    ph = requests.placeholders(body)
    old = table.get(key)
    _checked_condition(body, ph, old)
    return Write(table, key, old, None, changes=old is not None)


def plan_update(table: Table, body: dict[str, Any]) -> Write:
    check_return_values(body, _RETURN_VALUES)
    key = table.checked_key(body.get("Key"))
    ph = requests.placeholders(body)
    update = requests.update(body, ph)
    old = table.get(key)
    _checked_condition(body, ph, old)
    new, touched = updates.apply(old or copy.deepcopy(key), update, table.key.names, missing=old is None, legacy=body.get("AttributeUpdates") is not None)
    new = v.checked_item(new)
    table.check(new)
    if old is None and not updates.creates_item(update):
        return Write(table, key, None, None, changes=False, touched=touched)
    item_collections.check(table, old, new)
    return Write(table, key, old, new, touched=touched)


def plan_check(table: Table, body: dict[str, Any]) -> Write:
    key = table.checked_key(body.get("Key"))
    ph = requests.placeholders(body)
    if not body.get("ConditionExpression"):
        raise validation("The ConditionExpression parameter is required for a ConditionCheck")
    old = table.get(key)
    _checked_condition(body, ph, old)
    return Write(table, key, old, old, changes=False)


def returned(body: dict[str, Any], write: Write) -> dict[str, Any]:
    """The Attributes an answer carries: ReturnValues applied to the item before and after."""
    wanted = body.get("ReturnValues") or "NONE"
    chosen: Item | None = None
    if wanted == "ALL_OLD":
        chosen = write.old
    elif wanted == "ALL_NEW":
        chosen = write.new if write.changes else None
    elif wanted in ("UPDATED_OLD", "UPDATED_NEW") and write.touched is not None:
        source = write.old if wanted == "UPDATED_OLD" else (write.new if write.changes else None)
        chosen = v.project(source, write.touched) if source else None
    return {"Attributes": chosen} if chosen else {}
