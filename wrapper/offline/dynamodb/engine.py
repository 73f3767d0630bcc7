"""The embedded DynamoDB: the JSON API's operations over in-memory tables, one at a time.

``Engine.handle(operation, body)`` answers like DynamoDB does over HTTP: a status and
a JSON body (an error body carries ``__type`` so botocore raises the same exception
class). Every operation runs under one lock, so each is atomic, as DynamoDB's
single-item operations and transactions are; a conditional write cannot interleave
with another.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable
from typing import Any

from wrapper.offline.dynamodb import evaluate, reads
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import request_units
from wrapper.offline.dynamodb.errors import DynamoError, condition_failed, not_found, validation
from wrapper.offline.dynamodb.expressions import Placeholders, parse_condition, parse_projection, parse_update
from wrapper.offline.dynamodb.tables import Table
from wrapper.offline.dynamodb.values import Item

_LEGACY = ("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter", "AttributesToGet", "ConditionalOperator")
_NAME = re.compile(r"^[a-zA-Z0-9_.-]{3,255}$")


class Engine:
    def __init__(self, region: str) -> None:
        self.region = region
        self.tables: dict[str, Table] = {}
        self.lock = threading.Lock()
        self._operations: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "CreateTable": self.create_table,
            "DeleteTable": self.delete_table,
            "DescribeTable": lambda body: {"Table": self.table(body).describe()},
            "ListTables": lambda body: {"TableNames": sorted(self.tables)},
            "UpdateTimeToLive": self.update_time_to_live,
            "DescribeTimeToLive": lambda body: {"TimeToLiveDescription": dict(self.table(body).ttl)},
            "PutItem": self.put_item,
            "GetItem": self.get_item,
            "DeleteItem": self.delete_item,
            "UpdateItem": self.update_item,
            "Query": lambda body: reads.query(self.table(body), body),
            "Scan": lambda body: reads.scan(self.table(body), body),
            "BatchWriteItem": self.batch_write_item,
            "BatchGetItem": self.batch_get_item,
            "TransactWriteItems": self.transact_write_items,
            "TransactGetItems": self.transact_get_items,
        }

    def handle(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        action = self._operations.get(operation)
        if action is None:
            return 400, DynamoError("UnknownOperationException", f"wrapper dev's embedded DynamoDB does not implement {operation}").body()
        legacy = [name for name in _LEGACY if name in body]
        if legacy:
            message = f"wrapper dev's embedded DynamoDB supports expressions only, not the legacy parameter {legacy[0]}"
            return 400, validation(message).body()
        with self.lock:
            try:
                result = action(body)
                if body.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES") and "TableName" in body:
                    reads, writes = request_units(operation, body, result)
                    result["ConsumedCapacity"] = {"TableName": body["TableName"], "CapacityUnits": reads + writes}
                return 200, result
            except DynamoError as err:
                return err.status, err.body()
            except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
                return 400, validation(f"1 validation error detected: malformed request ({type(exc).__name__}: {exc})").body()

    def table(self, body: dict[str, Any]) -> Table:
        found = self.tables.get(body.get("TableName", ""))
        if found is None:
            raise not_found()
        return found

    # -- tables --------------------------------------------------------------------------------
    def create_table(self, body: dict[str, Any]) -> dict[str, Any]:
        name = body.get("TableName", "")
        if not _NAME.match(name):
            raise validation(f"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint")
        if name in self.tables:
            raise DynamoError("ResourceInUseException", f"Table already exists: {name}")
        table = Table(body, self.region)
        self.tables[name] = table
        return {"TableDescription": table.describe()}

    def delete_table(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        del self.tables[table.name]
        return {"TableDescription": {**table.describe(), "TableStatus": "DELETING"}}

    def update_time_to_live(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        spec = body["TimeToLiveSpecification"]
        table.ttl = {"TimeToLiveStatus": "ENABLED" if spec["Enabled"] else "DISABLED"}
        if spec["Enabled"]:
            table.ttl["AttributeName"] = spec["AttributeName"]
        return {"TimeToLiveSpecification": spec}

    # -- single items --------------------------------------------------------------------------
    def put_item(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        item = v.checked_item(body.get("Item"))
        ph = reads.placeholders(body)
        table.slot(item)  # the key attributes are there, with the right types
        old = table.get(table.key_of(item))
        self._check(body, ph, old)
        table.put(item)
        return _returned(body, old, None, None)

    def get_item(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        ph = reads.placeholders(body)
        projection = parse_projection(body["ProjectionExpression"], ph) if body.get("ProjectionExpression") else None
        ph.check_all_used()
        item = table.get(table.checked_key(body.get("Key")))
        if item is None:
            return {}
        return {"Item": v.project(item, projection) if projection else item}

    def delete_item(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        key = table.checked_key(body.get("Key"))
        ph = reads.placeholders(body)
        old = table.get(key)
        self._check(body, ph, old)
        table.delete(key)
        return _returned(body, old, None, None)

    def update_item(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.table(body)
        key = table.checked_key(body.get("Key"))
        ph = reads.placeholders(body)
        clauses = parse_update(body["UpdateExpression"], ph) if body.get("UpdateExpression") else {}
        old = table.get(key)
        self._check(body, ph, old)
        new, touched = evaluate.update(old or copy.deepcopy(key), clauses, table.key.names)
        table.put(v.checked_item(new))
        return _returned(body, old, new, touched)

    def _check(self, body: dict[str, Any], ph: Placeholders, old: Item | None) -> None:
        tree = parse_condition(body["ConditionExpression"], ph) if body.get("ConditionExpression") else None
        ph.check_all_used()
        if tree is not None and not evaluate.condition(old or {}, tree):
            raise condition_failed(old if body.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None)

    # -- many items ----------------------------------------------------------------------------
    def batch_write_item(self, body: dict[str, Any]) -> dict[str, Any]:
        requests = body.get("RequestItems") or {}
        if sum(len(r) for r in requests.values()) > 25:
            raise validation("Too many items requested for the BatchWriteItem call")
        planned: list[tuple[Table, str, Item]] = []
        for name, entries in requests.items():
            table = self.table({"TableName": name})
            for entry in entries:
                if "PutRequest" in entry:
                    item = v.checked_item(entry["PutRequest"]["Item"])
                    table.slot(item)
                    planned.append((table, "put", item))
                else:
                    planned.append((table, "delete", table.checked_key(entry["DeleteRequest"]["Key"])))
        for table, kind, item in planned:
            table.put(item) if kind == "put" else table.delete(item)
        return {"UnprocessedItems": {}}

    def batch_get_item(self, body: dict[str, Any]) -> dict[str, Any]:
        responses: dict[str, list[Item]] = {}
        for name, spec in (body.get("RequestItems") or {}).items():
            table = self.table({"TableName": name})
            ph = reads.placeholders(spec)
            projection = parse_projection(spec["ProjectionExpression"], ph) if spec.get("ProjectionExpression") else None
            found = [table.get(table.checked_key(k)) for k in spec["Keys"]]
            responses[name] = [v.project(i, projection) if projection else i for i in found if i is not None]
        return {"Responses": responses, "UnprocessedKeys": {}}

    def transact_get_items(self, body: dict[str, Any]) -> dict[str, Any]:
        out = []
        for entry in body.get("TransactItems", []):
            found = self.get_item(entry["Get"])
            out.append({"Item": found["Item"]} if "Item" in found else {})
        return {"Responses": out}

    def transact_write_items(self, body: dict[str, Any]) -> dict[str, Any]:
        """All or nothing: every condition is checked on a copy first; one failure cancels the lot."""
        entries = body.get("TransactItems", [])
        saved = {name: copy.deepcopy(t.partitions) for name, t in self.tables.items()}
        reasons: list[dict[str, str]] = []
        failed = False
        for entry in entries:
            (kind, spec), *_ = entry.items()
            try:
                if kind == "ConditionCheck":
                    table = self.table(spec)
                    self._check(spec, reads.placeholders(spec), table.get(table.checked_key(spec["Key"])))
                else:
                    {"Put": self.put_item, "Update": self.update_item, "Delete": self.delete_item}[kind](spec)
                reasons.append({"Code": "None"})
            except DynamoError as err:
                if err.code != "ConditionalCheckFailedException":
                    self._restore(saved)
                    raise
                failed = True
                reasons.append({"Code": "ConditionalCheckFailed", "Message": err.message})
        if failed:
            self._restore(saved)
            codes = ", ".join(r["Code"] for r in reasons)
            raise DynamoError(
                "TransactionCanceledException",
                f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
                extra={"CancellationReasons": reasons},
            )
        return {}

    def _restore(self, saved: dict[str, Any]) -> None:
        for name, partitions in saved.items():
            if name in self.tables:
                self.tables[name].partitions = partitions

    # -- persistence ---------------------------------------------------------------------------
    def dump(self) -> dict[str, list[Item]]:
        with self.lock:
            return {name: copy.deepcopy(list(table.items())) for name, table in self.tables.items()}

    def load(self, name: str, items: list[Item]) -> None:
        with self.lock:
            table = self.tables[name]
            for item in items:
                table.put(v.checked_item(item))


def _returned(body: dict[str, Any], old: Item | None, new: Item | None, touched: set[str] | None) -> dict[str, Any]:
    wanted = body.get("ReturnValues") or "NONE"
    chosen: Item | None = None
    if wanted == "ALL_OLD":
        chosen = old
    elif wanted == "ALL_NEW":
        chosen = new
    elif wanted in ("UPDATED_OLD", "UPDATED_NEW") and touched is not None:
        source = old if wanted == "UPDATED_OLD" else new
        chosen = {k: val for k, val in (source or {}).items() if k in touched}
    elif wanted != "NONE":
        raise validation(f"ReturnValues {wanted} is not valid for this operation")
    return {"Attributes": chosen} if chosen else {}
