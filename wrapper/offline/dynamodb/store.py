"""Items kept as DynamoDB keeps them: partitions in hash order, each partition in sort-key order.

One ``Store`` holds a table's items, one more each of its secondary indexes. A partition is a
``SortedDict`` from the item's position key (its sort key's order key, then the table key
for an index, where several items may share an index key) to the item; partitions sit in a
``SortedDict`` by (hash token, partition key), the order a Scan walks. A Query bisects one
partition, a Scan page starts by bisecting to the position after its ExclusiveStartKey
(whether or not that item still exists), so their cost does not grow with the rest of the table.
A parallel Scan's segment is a contiguous range of hash tokens.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from decimal import Decimal
from functools import total_ordering
from typing import Any

from sortedcontainers import SortedDict

from wrapper.offline.dynamodb import numbers
from wrapper.offline.dynamodb.values import Item

TOKENS = 1 << 32
Position = tuple[Any, ...]  # a partition's place: (hash token, partition key's order key)
Bound = tuple[tuple[Any, ...], bool]  # (a sort position or its prefix, inclusive)


@total_ordering
class _Extreme:
    """Sorts above (or below) every order key, to bound a range of tuples by their first elements."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def __eq__(self, other: object) -> bool:
        return self is other

    def __lt__(self, other: object) -> bool:
        return not self.top and self is not other

    def __hash__(self) -> int:
        return hash(self.top)


TOP = _Extreme(True)
BOTTOM = _Extreme(False)


def token(kind: str, order: Any) -> int:
    """A partition key's place in Scan order; equal keys (1.0 and 1 too) get the same token."""
    raw = order if isinstance(order, bytes) else (numbers.canonical(order) if isinstance(order, Decimal) else str(order)).encode()
    return zlib.crc32(kind.encode() + b"\0" + raw)


class Store:
    def __init__(self) -> None:
        self.partitions: SortedDict = SortedDict()  # Position -> SortedDict[sort position, Item]
        self.count = 0
        self.bytes = 0
        self.partition_bytes: dict[Position, int] = {}  # an item collection's size (a local index's limit)

    def put(self, where: Position, sort: tuple[Any, ...], item: Item, size: int) -> None:
        partition = self.partitions.get(where)
        if partition is None:
            partition = self.partitions[where] = SortedDict()
        existing = partition.get(sort)
        if existing is None:
            self.count += 1
        else:
            self.bytes -= existing[1]
            self.partition_bytes[where] -= existing[1]
        partition[sort] = (item, size)
        self.bytes += size
        self.partition_bytes[where] = self.partition_bytes.get(where, 0) + size

    def remove(self, where: Position, sort: tuple[Any, ...]) -> None:
        partition = self.partitions.get(where)
        if partition is None or sort not in partition:
            return
        _, size = partition.pop(sort)
        self.count -= 1
        self.bytes -= size
        self.partition_bytes[where] -= size
        if not partition:
            del self.partitions[where]
            del self.partition_bytes[where]

    def get(self, where: Position, sort: tuple[Any, ...]) -> Item | None:
        partition = self.partitions.get(where)
        found = partition.get(sort) if partition is not None else None
        return found[0] if found is not None else None

    def query(self, where: Position, low: Bound | None, high: Bound | None, forward: bool, after: tuple[Any, ...] | None) -> Iterator[Item]:
        """One partition's items between two bounds, in order (or reversed), strictly after ``after``."""
        partition = self.partitions.get(where)
        if partition is None:
            return iter(())
        lowest, low_inclusive = low or (None, True)
        highest, high_inclusive = high or (None, True)
        if after is not None and forward and (lowest is None or after >= lowest):
            lowest, low_inclusive = after, False
        if after is not None and not forward and (highest is None or after <= highest):
            highest, high_inclusive = after, False
        keys = partition.irange(lowest, highest, inclusive=(low_inclusive, high_inclusive), reverse=not forward)
        return (partition[k][0] for k in keys)

    def scan(self, after: tuple[Position, tuple[Any, ...]] | None, first: int = 0, last: int = TOKENS) -> Iterator[Item]:
        """Items in Scan order from the position after ``after``, for hash tokens in [first, last)."""
        start: Position = (first, BOTTOM)
        if after is not None and after[0] >= start:
            where, sort = after
            partition = self.partitions.get(where)
            if partition is not None:
                for key in partition.irange(sort, None, inclusive=(False, True)):
                    yield partition[key][0]
            start = (where[0], where[1], TOP)
        for where in self.partitions.irange(start, (last, BOTTOM), inclusive=(True, False)):
            for stored, _ in self.partitions[where].values():
                yield stored

    def items(self) -> Iterator[Item]:
        for partition in self.partitions.values():
            for stored, _ in partition.values():
                yield stored
