"""The embedded DynamoDB: the JSON API's operations over in-memory tables, one at a time.

``EmbeddedDynamoDB.handle(operation, body)`` answers like DynamoDB does over HTTP: a status
and a JSON body (an error body carries ``__type`` so botocore raises the same exception
class). Every operation runs under one lock, so each is atomic, as DynamoDB's single-item
operations and transactions are; every write is planned and checked whole before anything
is stored, so a refused request changes nothing. A request the engine cannot make sense of
gets DynamoDB's ValidationException, never a 500.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

from wrapper.offline.dynamodb import backups, batches, consumed, item_collections, reads, requests, tags, writes
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.admin import Tables
from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.values import Item

Operation = Callable[[dict[str, Any]], dict[str, Any]]


class EmbeddedDynamoDB:
    def __init__(self, region: str) -> None:
        self.region = region
        self.catalog = Tables(region)
        self.transactions = batches.Transactions()
        self.lock = threading.Lock()
        lookup = self.catalog.lookup
        tagging = tags.Tagging(self.catalog.by_name.get)
        recovery = backups.ContinuousBackups(self.catalog.by_name.get)
        self._operations: dict[str, Operation] = {
            "CreateTable": self.catalog.create,
            "DeleteTable": self.catalog.delete,
            "DescribeTable": self.catalog.describe,
            "ListTables": self.catalog.list,
            "UpdateTable": self.catalog.update,
            "UpdateTimeToLive": self.catalog.update_ttl,
            "DescribeTimeToLive": self.catalog.describe_ttl,
            "PutItem": lambda body: self._write(writes.plan_put, body),
            "UpdateItem": lambda body: self._write(writes.plan_update, body),
            "DeleteItem": lambda body: self._write(writes.plan_delete, body),
            "GetItem": self.get_item,
            "Query": lambda body: reads.query(lookup(body.get("TableName")), body),
            "Scan": lambda body: reads.scan(lookup(body.get("TableName")), body),
            "BatchWriteItem": lambda body: batches.batch_write(lookup, body),
            "BatchGetItem": lambda body: batches.batch_get(lookup, body),
            "TransactWriteItems": lambda body: self.transactions.write(lookup, body),
            "TransactGetItems": lambda body: batches.transact_get(lookup, body),
            "TagResource": tagging.tag,
            "UntagResource": tagging.untag,
            "ListTagsOfResource": tagging.list,
            "DescribeContinuousBackups": recovery.describe,
            "UpdateContinuousBackups": recovery.update,
        }

    @property
    def tables(self) -> dict[str, Any]:
        return self.catalog.by_name

    def handle(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        action = self._operations.get(operation)
        if action is None:
            return 400, DynamoError("UnknownOperationException", f"wrapper dev's embedded DynamoDB does not implement {operation}").body()
        with self.lock:
            try:
                mode = consumed.wanted(body)
                if mode is None:
                    return 200, action(body)
                with consumed.metering(operation) as meter:
                    result = action(body)
                if meter.by_table:
                    result["ConsumedCapacity"] = meter.answer(mode, operation)
                return 200, result
            except DynamoError as err:
                return err.status, err.body()
            except (KeyError, TypeError, AttributeError, IndexError, ValueError, ArithmeticError, RecursionError) as exc:
                message = f"1 validation error detected: malformed request ({type(exc).__name__}: {exc})"
                return 400, validation(message).body()

    def _write(self, planner: Callable[[Any, dict[str, Any]], writes.Write], body: dict[str, Any]) -> dict[str, Any]:
        write = planner(self.catalog.lookup(body.get("TableName")), body)
        write.commit()
        consumed.item_written(write.table, write.old, write.new if write.changes else write.old)
        answer = writes.returned(body, write)
        if item_collections.wanted(body, write.table):
            answer["ItemCollectionMetrics"] = item_collections.metrics(write.table, write.key)
        return answer

    def get_item(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.catalog.lookup(body.get("TableName"))
        ph = requests.placeholders(body)
        paths = requests.projection(body, ph)
        ph.check_all_used()
        item = table.get(table.checked_key(body.get("Key")))
        consumed.item_read(table, item, bool(body.get("ConsistentRead")))
        if item is None:
            return {}
        return {"Item": v.project(item, paths) if paths else item}

    # -- persistence ---------------------------------------------------------------------------
    def dump(self) -> dict[str, list[Item]]:
        with self.lock:
            return {name: copy.deepcopy(list(table.items())) for name, table in self.tables.items()}

    def load(self, name: str, items: list[Item]) -> None:
        with self.lock:
            table = self.tables[name]
            for item in items:
                table.put(v.checked_item(item))
