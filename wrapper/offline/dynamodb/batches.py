"""BatchWriteItem, BatchGetItem, TransactWriteItems and TransactGetItems: every item planned, then all applied.

Limits and rules: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html,
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
(100 actions, one action per item, a ClientRequestToken makes the call idempotent for 10 minutes).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from wrapper.offline.dynamodb import consumed, item_collections, requests, writes
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.tables import Table
from wrapper.offline.dynamodb.values import Item

MAX_BATCH_WRITE = 25
MAX_BATCH_GET = 100
MAX_TRANSACTION = 100
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
MAX_TOKEN = 36
# What is wrong with the request itself refuses the whole call (ValidationException); what is wrong with one action's
# item cancels the transaction with a ValidationError reason (Alternator's test_transact.py, run against DynamoDB).
_REQUEST_FAULTS = ("Invalid ", "1 validation error detected", "Value provided in ExpressionAttribute", "ExpressionAttribute", "The ConditionExpression parameter")
TOKEN_SECONDS = 600
Lookup = Callable[[Any], Table]


def _key_ident(table: Table, key: Item) -> tuple[str, tuple[Any, ...]]:
    return table.name, tuple(repr(v.order_key(key[n])) for n in table.key.names)


def batch_write(lookup: Lookup, body: dict[str, Any]) -> dict[str, Any]:
    requested = body.get("RequestItems") or {}
    total = sum(len(r) for r in requested.values())
    if total > MAX_BATCH_WRITE:
        raise validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
            "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
        )
    if total == 0:
        raise validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    planned: list[tuple[Table, Item, Item | None]] = []  # the table, the key, the new item (None: delete)
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    for name, entries in requested.items():
        table = lookup(name)
        if not entries:
            raise validation(
                "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
            )
        for entry in entries:
            if not isinstance(entry, dict) or len(entry) != 1 or not ({"PutRequest", "DeleteRequest"} & set(entry)):
                raise validation("Supplied AttributeValue has an invalid write request: exactly one of PutRequest or DeleteRequest")
            new: Item | None = None
            if "PutRequest" in entry:
                new = v.checked_item(entry["PutRequest"].get("Item"))
                table.check(new)
                key = table.key_of(new)
            else:
                key = table.checked_key(entry["DeleteRequest"].get("Key"))
            ident = _key_ident(table, key)
            if ident in seen:
                raise validation("Provided list of item keys contains duplicates")
            seen.add(ident)
            planned.append((table, key, new))
    if item_collections.first_too_large([(table, table.get(key), new) for table, key, new in planned]) is not None:
        raise DynamoError("ItemCollectionSizeLimitExceededException", item_collections.MESSAGE)
    for table, key, new in planned:
        consumed.item_written(table, table.get(key), new)
        table.store_item(new) if new is not None else table.delete(key)
    return {"UnprocessedItems": {}, **_collection_metrics(body, [(table, key) for table, key, _ in planned])}


def _collection_metrics(body: dict[str, Any], written: list[tuple[Table, Item]]) -> dict[str, Any]:
    """A batch's or transaction's ItemCollectionMetrics: per table, each collection written once."""
    measured: dict[str, dict[str, dict[str, Any]]] = {}
    for table, key in written:
        if item_collections.wanted(body, table):
            measured.setdefault(table.name, {})[repr(v.order_key(key[table.key.hash]))] = item_collections.metrics(table, key)
    return {"ItemCollectionMetrics": {name: list(found.values()) for name, found in measured.items()}} if measured else {}


def batch_get(lookup: Lookup, body: dict[str, Any]) -> dict[str, Any]:
    requested = body.get("RequestItems") or {}
    total = sum(len(spec.get("Keys") or []) for spec in requested.values())
    if total > MAX_BATCH_GET:
        raise validation("Too many items requested for the BatchGetItem call")
    if total == 0:
        raise validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    responses: dict[str, list[Item]] = {}
    for name, spec in requested.items():
        table = lookup(name)
        ph = requests.placeholders(spec)
        paths = requests.projection(spec, ph)
        ph.check_all_used()
        keys = [table.checked_key(k) for k in spec["Keys"]]
        # Unlike BatchWriteItem, only keys written alike are duplicates here: 1000 and 1e3 both pass and
        # name one item, returned once (Alternator's test_batch.py, which marks this DynamoDB's own quirk)
        if len({repr([(n, k.get(n)) for n in table.key.names]) for k in spec["Keys"]}) != len(keys):
            raise validation("Provided list of item keys contains duplicates")
        found = [table.get(k) for k in {_key_ident(table, k): k for k in keys}.values()]
        for item in found:
            consumed.item_read(table, item, bool(spec.get("ConsistentRead")))
        responses[name] = [v.project(i, paths) if paths else i for i in found if i is not None]
    return {"Responses": responses, "UnprocessedKeys": {}}


def transact_get(lookup: Lookup, body: dict[str, Any]) -> dict[str, Any]:
    entries = body.get("TransactItems") or []
    _check_count(entries)
    out = []
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    for entry in entries:
        spec = entry["Get"]
        table = lookup(spec.get("TableName"))
        key = table.checked_key(spec.get("Key"))
        ident = _key_ident(table, key)
        if ident in seen:
            raise validation("Transaction request cannot include multiple operations on one item")
        seen.add(ident)
        ph = requests.placeholders(spec)
        paths = requests.projection(spec, ph)
        ph.check_all_used()
        item = table.get(key)
        consumed.item_read(table, item, True)
        out.append({"Item": v.project(item, paths) if paths else item} if item is not None else {})
    return {"Responses": out}


def _check_count(entries: list[Any]) -> None:
    if not entries or len(entries) > MAX_TRANSACTION:
        bound = "less than or equal to 100" if entries else "greater than or equal to 1"
        raise validation(
            f"1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length {bound}"
        )


class Transactions:
    """TransactWriteItems with the idempotency DynamoDB gives a ClientRequestToken."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[str, float]] = {}

    def write(self, lookup: Lookup, body: dict[str, Any]) -> dict[str, Any]:
        entries = body.get("TransactItems") or []
        _check_count(entries)
        token = body.get("ClientRequestToken")
        if token is not None and not 1 <= len(str(token)) <= MAX_TOKEN:
            raise validation(
                f"1 validation error detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: "
                f"Member must have length less than or equal to {MAX_TOKEN}"
            )
        put_bytes = sum(item_size(entry["Put"].get("Item") or {}) for entry in entries if isinstance(entry, dict) and "Put" in entry)
        if put_bytes > MAX_TRANSACTION_BYTES:
            # API_TransactWriteItems.html: "The aggregate size of the items in the transaction cannot exceed 4 MB" (our words)
            raise validation("Transaction request size cannot exceed 4 MB: the items put add up to more")
        fingerprint = hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()
        now = time.monotonic()
        self.tokens = {k: seen for k, seen in self.tokens.items() if now - seen[1] < TOKEN_SECONDS}
        if token is not None and token in self.tokens:
            if self.tokens[token][0] != fingerprint:
                raise DynamoError(
                    "IdempotentParameterMismatchException",
                    "The request uses the same client token as a previous, but non-identical request.",
                )
            return {}  # the same request again: DynamoDB answers as before and applies nothing
        plans, reasons = self._plan(lookup, entries)
        if all(r["Code"] == "None" for r in reasons):
            changes = [(plan.table, plan.old, plan.new if plan.changes else plan.old) for plan in plans]
            if (at := item_collections.first_too_large(changes)) is not None:
                reasons[at] = {"Code": "ItemCollectionSizeLimitExceeded", "Message": item_collections.REASON}
        if any(r["Code"] != "None" for r in reasons):
            codes = ", ".join(r["Code"] for r in reasons)
            raise DynamoError(
                "TransactionCanceledException",
                f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
                extra={"CancellationReasons": reasons},
            )
        for plan in plans:
            consumed.item_written(plan.table, plan.old if plan.changes else None, plan.new if plan.changes else None)
            plan.commit()
        if token is not None:
            self.tokens[token] = (fingerprint, now)
        return _collection_metrics(body, [(plan.table, plan.key) for plan in plans if plan.changes])

    def _plan(self, lookup: Lookup, entries: list[Any]) -> tuple[list[writes.Write], list[dict[str, Any]]]:
        plans: list[writes.Write] = []
        reasons: list[dict[str, Any]] = []
        seen: set[tuple[str, tuple[Any, ...]]] = set()
        planners = {"Put": writes.plan_put, "Update": writes.plan_update, "Delete": writes.plan_delete, "ConditionCheck": writes.plan_check}
        for entry in entries:
            if not isinstance(entry, dict) or len(entry) != 1 or next(iter(entry)) not in planners:
                raise validation("TransactItems can only contain one of Check, Put, Update or Delete")
            (kind, spec), *_ = entry.items()
            table = lookup(spec.get("TableName"))
            key = v.checked_item(spec["Item"]) if kind == "Put" else spec.get("Key")
            try:
                ident = _key_ident(table, table.checked_key(table.key_of(key) if kind == "Put" else key))
            except (DynamoError, KeyError):
                ident = ("", (len(seen),))
            if ident in seen:
                raise validation("Transaction request cannot include multiple operations on one item")
            seen.add(ident)
            if any(r["Code"] == "ValidationError" for r in reasons):
                reasons.append({"Code": "None"})  # DynamoDB stops at the first invalid action (Alternator's test_transact.py)
                continue
            try:
                writes.check_return_values(spec, ("NONE", "ALL_OLD"))
                plans.append(planners[kind](table, {k: val for k, val in spec.items() if k != "ReturnValues"}))
                reasons.append({"Code": "None"})
            except DynamoError as err:
                if err.code == "ConditionalCheckFailedException":
                    reason: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": err.message}
                    if "Item" in err.extra:
                        reason["Item"] = err.extra["Item"]
                    reasons.append(reason)
                elif err.code == "ValidationException" and not err.message.startswith(_REQUEST_FAULTS):
                    reasons.append({"Code": "ValidationError", "Message": err.message})
                elif err.code == "ItemCollectionSizeLimitExceededException":
                    reasons.append({"Code": "ItemCollectionSizeLimitExceeded", "Message": item_collections.REASON})
                else:
                    raise
        return plans, reasons
