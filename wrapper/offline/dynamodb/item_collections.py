"""Item collections: on a table with a local secondary index, one partition key's items and their index entries.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
A collection may not grow past 10 GB: a write that would make it larger is refused with
ItemCollectionSizeLimitExceededException (only tables with a local index have the limit), and
``ReturnItemCollectionMetrics: SIZE`` answers with the collection's size as a range in GB.
A batch or a transaction is measured whole: each write counts the ones before it in the same request.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import DynamoError
from wrapper.offline.dynamodb.tables import Table
from wrapper.offline.dynamodb.values import Item

LIMIT_BYTES = 10 * 1024**3
GB = 1024**3
# No public record quotes DynamoDB's text for this exception; this is how the API reference describes its
# message member (API_PutItem.html#API_PutItem_Errors).
MESSAGE = "The total size of an item collection has exceeded the maximum limit of 10 gigabytes."
# A transaction's cancellation reason: the API reference lists this message for the code
# (API_TransactWriteItems.html, TransactionCanceledException).
REASON = "Collection size exceeded."
Change = tuple[Table, Item | None, Item | None]  # a write: the table, the item before and after (None: absent)


def has_collections(table: Table) -> bool:
    return any(index.local for index in table.indexes.values())


def entry_bytes(table: Table, item: Item) -> int:
    """What one item adds to its collection: itself and its entry in each local index that holds it."""
    size = item_size(item)
    for index in table.indexes.values():
        if index.local and all(name in item for name in index.key.names):
            size += item_size(index.project(item, table.key))
    return size


def collection_bytes(table: Table, hash_value: Any) -> int:
    where = table.partition(hash_value)
    size = table.store.partition_bytes.get(where, 0)
    for index in table.indexes.values():
        if index.local:
            size += index.store.partition_bytes.get(where, 0)
    return size


def check(table: Table, old: Item | None, new: Item | None) -> None:
    """Refuse a write that would take its item collection past the limit; deletes and shrinking writes always pass."""
    if first_too_large([(table, old, new)]) is not None:
        raise DynamoError("ItemCollectionSizeLimitExceededException", MESSAGE)


def first_too_large(changes: Sequence[Change]) -> int | None:
    """The position of the first write that takes its collection past the limit, counting the growth and shrinking
    of the writes before it in ``changes`` (one request's); None when all fit."""
    pending: dict[tuple[str, Any], int] = {}
    for at, (table, old, new) in enumerate(changes):
        item = new if new is not None else old
        if item is None or not has_collections(table):
            continue
        growth = (entry_bytes(table, new) if new is not None else 0) - (entry_bytes(table, old) if old is not None else 0)
        where = (table.name, table.partition(item[table.key.hash]))
        pending[where] = pending.get(where, 0) + growth
        if growth > 0 and collection_bytes(table, item[table.key.hash]) + pending[where] > LIMIT_BYTES:
            return at
    return None


def metrics(table: Table, key: Item) -> dict[str, Any]:
    """ItemCollectionMetrics for the collection ``key`` belongs to (after the write): its key and a 1 GB-wide estimate."""
    gigabytes = collection_bytes(table, key[table.key.hash]) / GB
    low = float(math.floor(gigabytes))
    return {"ItemCollectionKey": {table.key.hash: key[table.key.hash]}, "SizeEstimateRangeGB": [low, low + 1.0]}


def wanted(body: dict[str, Any], table: Table) -> bool:
    """DynamoDB answers with metrics only when asked and only for a table with a local index."""
    return body.get("ReturnItemCollectionMetrics") == "SIZE" and has_collections(table)
