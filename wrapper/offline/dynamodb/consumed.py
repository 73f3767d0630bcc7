"""ReturnConsumedCapacity: the units DynamoDB reports for a request, counted from what the engine read and wrote.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
A read unit covers 4 KB of an item (half a unit when eventually consistent), a write unit 1 KB;
every item costs at least one. GetItem and BatchGetItem round each item; Query and Scan round the
total of every item they read, before any filter or projection. A write counts the larger of the
item before and after, and every index entry it puts or removes
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes).
Reading attributes a local secondary index does not project fetches each item from the table, at the
item's whole size (LSI.html, "Provisioned throughput considerations for local secondary indexes").
Transactions cost twice (transaction-apis.html#transaction-capacity-handling).

A ``Meter`` is set for the duration of one request; the read and write paths report to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import check_enum
from wrapper.offline.dynamodb.tables import Index, Table
from wrapper.offline.dynamodb.values import Item

READ_UNIT = 4096
WRITE_UNIT = 1024
CHOICES = ("INDEXES", "TOTAL", "NONE")
LIST_ANSWERS = {"BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems"}
TRANSACTIONS = {"TransactGetItems", "TransactWriteItems"}


def read_units(size: int, consistent: bool) -> float:
    return max(1, math.ceil(size / READ_UNIT)) * (1.0 if consistent else 0.5)


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / WRITE_UNIT)))


@dataclass
class _Units:
    table: float = 0.0
    global_indexes: dict[str, float] = field(default_factory=dict)
    local_indexes: dict[str, float] = field(default_factory=dict)

    def total(self) -> float:
        return self.table + sum(self.global_indexes.values()) + sum(self.local_indexes.values())


@dataclass
class Meter:
    factor: float = 1.0  # 2 in a transaction
    by_table: dict[str, _Units] = field(default_factory=dict)

    def charge(self, table: Table, units: float, index: Index | None = None) -> None:
        found = self.by_table.setdefault(table.name, _Units())
        if index is None:
            found.table += units * self.factor
        else:
            which = found.local_indexes if index.local else found.global_indexes
            which[index.name] = which.get(index.name, 0.0) + units * self.factor

    def answer(self, mode: str, operation: str) -> dict[str, Any] | list[dict[str, Any]]:
        shown = [_shown(name, units, mode) for name, units in self.by_table.items()]
        return shown if operation in LIST_ANSWERS else shown[0]


def _shown(name: str, units: _Units, mode: str) -> dict[str, Any]:
    out: dict[str, Any] = {"TableName": name, "CapacityUnits": units.total()}
    if mode == "INDEXES":
        if units.table:
            out["Table"] = {"CapacityUnits": units.table}
        if units.global_indexes:
            out["GlobalSecondaryIndexes"] = {n: {"CapacityUnits": u} for n, u in units.global_indexes.items()}
        if units.local_indexes:
            out["LocalSecondaryIndexes"] = {n: {"CapacityUnits": u} for n, u in units.local_indexes.items()}
    return out


_CURRENT: ContextVar[Meter | None] = ContextVar("consumed_meter", default=None)


def wanted(body: dict[str, Any]) -> str | None:
    """The request's ReturnConsumedCapacity when it asks for units; a ValidationException for an unknown one."""
    mode = body.get("ReturnConsumedCapacity", "NONE")
    check_enum(mode, "returnConsumedCapacity", CHOICES)
    return None if mode == "NONE" else str(mode)


@contextmanager
def metering(operation: str) -> Iterator[Meter]:
    meter = Meter(factor=2.0 if operation in TRANSACTIONS else 1.0)
    token = _CURRENT.set(meter)
    try:
        yield meter
    finally:
        _CURRENT.reset(token)


# -- what the read and write paths report -------------------------------------------------------
def item_read(table: Table, item: Item | None, consistent: bool) -> None:
    """One item read whole by its key (GetItem, BatchGetItem, TransactGetItems); a missing one still costs."""
    meter = _CURRENT.get()
    if meter is not None:
        meter.charge(table, read_units(item_size(item) if item else 0, consistent))


def pages_read(table: Table, index: Index | None, size: int, fetched: list[int], consistent: bool) -> None:
    """A Query or Scan page: ``size`` bytes read from the table or index, and the items fetched from the table
    for a local secondary index (each charged at its whole size)."""
    meter = _CURRENT.get()
    if meter is None:
        return
    meter.charge(table, read_units(size, consistent), index)
    for whole in fetched:
        meter.charge(table, read_units(whole, consistent))


def item_written(table: Table, old: Item | None, new: Item | None) -> None:
    """One write: the larger of the item before and after, and each index entry it puts or removes."""
    meter = _CURRENT.get()
    if meter is None:
        return
    meter.charge(table, write_units(max(item_size(old) if old else 0, item_size(new) if new else 0)))
    for index in table.indexes.values():
        before = _entry(table, index, old)
        after = _entry(table, index, new)
        if before is None and after is None:
            continue
        if before is not None and after is not None and all(before[n] == after[n] for n in index.key.names):
            meter.charge(table, write_units(max(item_size(before), item_size(after))), index)
            continue
        for entry in (before, after):
            if entry is not None:
                meter.charge(table, write_units(item_size(entry)), index)


def _entry(table: Table, index: Index, item: Item | None) -> Item | None:
    if item is None or not all(name in item for name in index.key.names):
        return None
    return index.project(item, table.key)
