"""One table: its definition, its items and its secondary indexes, each kept in key order (``store.py``).

Every write is checked whole before anything is stored (``check``), so a refused item leaves
the table and its indexes as they were. Limits from
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.schema import IndexSpec, KeySchema, TableSpec
from wrapper.offline.dynamodb.store import Position, Store, token
from wrapper.offline.dynamodb.table_settings import Settings
from wrapper.offline.dynamodb.table_throughput import Throughput
from wrapper.offline.dynamodb.values import Item, Value

MAX_ITEM_BYTES = 400 * 1024
MAX_HASH_KEY_BYTES = 2048
MAX_RANGE_KEY_BYTES = 1024


@dataclass
class Index:
    spec: IndexSpec
    store: Store

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def key(self) -> KeySchema:
        return self.spec.key

    @property
    def local(self) -> bool:
        return self.spec.local

    def project(self, item: Item, table_key: KeySchema) -> Item:
        kind = self.spec.projection_type
        if kind == "ALL":
            return item
        keep = set(table_key.names) | set(self.key.names)
        if kind == "INCLUDE":
            keep |= set(self.spec.projection.get("NonKeyAttributes", []))
        return {k: val for k, val in item.items() if k in keep}


def key_bytes(value: Value) -> int:
    kind = v.kind(value)
    if kind == "B":
        return len(v.order_key(value))
    if kind == "N":
        return len(str(value["N"]).lstrip("-").replace(".", "")) // 2 + 1
    return len(str(value[kind]).encode())


class Table:
    def __init__(self, spec: TableSpec, region: str, settings: Settings | None = None) -> None:
        self.spec = spec
        self.settings = settings or Settings(region)
        self.throughput = Throughput()
        self.name = spec.name
        self.created = time.time()
        self.arn = f"arn:aws:dynamodb:{region}:000000000000:table/{self.name}"
        self.table_id = str(uuid.UUID(hashlib.md5(self.arn.encode()).hexdigest()))
        self.ttl: dict[str, Any] = {"TimeToLiveStatus": "DISABLED"}
        self.recovery: tuple[float, int] | None = None  # point-in-time recovery: enabled since, days kept (backups.py)
        self.tags: dict[str, str] = {}
        self.store = Store()
        self.indexes: dict[str, Index] = {}
        for index in spec.indexes.values():
            self.add_index(index)

    @property
    def key(self) -> KeySchema:
        return self.spec.key

    @property
    def types(self) -> dict[str, str]:
        return self.spec.types

    def add_index(self, spec: IndexSpec) -> None:
        """A global index added to a table with items: DynamoDB's backfill leaves out the items whose key attribute
        would be no valid index key (wrong type, empty, too long); they stay in the table as index key violations
        (GSI.OnlineOps.ViolationDetection.html)."""
        index = self.indexes[spec.name] = Index(spec, Store())
        for item in self.store.items():
            try:
                for name in index.key.names:
                    if name in item:
                        self.key_value(item, name, index.name)
            except DynamoError:
                continue
            self._index_put(index, item)

    # -- keys ----------------------------------------------------------------------------------
    def key_value(self, item: Item, name: str, index: str | None = None) -> Value:
        value = item.get(name)
        if value is None or v.kind(value) != self.types[name]:
            raise validation("The provided key element does not match the schema")
        kind = v.kind(value)
        if kind in ("S", "B") and not value[kind]:
            if index is not None:
                raise validation(
                    "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                    f"The AttributeValue for a key attribute cannot contain an empty {'string' if kind == 'S' else 'binary'} value. "
                    f"IndexName: {index}, IndexKey: {name}"
                )
            raise validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                f"{'string' if kind == 'S' else 'binary'} value. Key: {name}"
            )
        schema = self.key if index is None else self.indexes[index].key
        if name in schema.hashes and key_bytes(value) > MAX_HASH_KEY_BYTES:
            raise validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
        if name in schema.ranges and key_bytes(value) > MAX_RANGE_KEY_BYTES:
            raise validation(
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
            )
        return value

    def checked_key(self, key: Any) -> Item:
        """A Key parameter: exactly the table's key attributes, of the right types."""
        if not isinstance(key, dict) or set(key) != set(self.key.names):
            raise validation("The provided key element does not match the schema")
        checked = {name: v.checked(key[name]) for name in self.key.names}
        return {name: self.key_value(checked, name) for name in self.key.names}

    def key_of(self, item: Item) -> Item:
        return {name: item[name] for name in self.key.names}

    def partition(self, value: Value) -> Position:
        order = v.order_key(value)
        return (token(v.kind(value), order), order)

    def partition_of(self, values: tuple[Value, ...]) -> Position:
        """A partition named by one key value, or by all of a multi-attribute partition key's values in order."""
        if len(values) == 1:
            return self.partition(values[0])
        # each value's own token, so equal numbers written differently (1.0 and 1) still meet
        parts = [self.partition(value) for value in values]
        return (token("M", ",".join(str(part[0]) for part in parts)), tuple(part[1] for part in parts))

    def position(self, key: Item) -> tuple[Position, tuple[Any, ...]]:
        sort = (v.order_key(key[self.key.range]),) if self.key.range else ()
        return self.partition(key[self.key.hash]), sort

    def index_position(self, index: Index, item: Item) -> tuple[Position, tuple[Any, ...]] | None:
        if any(name not in item for name in index.key.names):
            return None
        own = tuple(v.order_key(item[name]) for name in index.key.ranges)
        where = self.partition_of(tuple(item[name] for name in index.key.hashes))
        return where, own + self.position(item)[1] + (v.order_key(item[self.key.hash]),)

    # -- items ---------------------------------------------------------------------------------
    def check(self, item: Item, whole_item: bool = False) -> None:
        """Everything DynamoDB checks of an item before it writes it; nothing is changed.

        ``whole_item``: the item came whole from the request (PutItem, a transaction's Put), where
        DynamoDB names the key attribute that is missing or of the wrong type; BatchWriteItem and
        updates answer with the generic key message.
        """
        if whole_item:
            for name in self.key.names:
                if name not in item:
                    raise validation(f"One or more parameter values were invalid: Missing the key {name} in the item")
                if v.kind(item[name]) != self.types[name]:
                    raise validation(
                        f"One or more parameter values were invalid: Type mismatch for key {name} expected: {self.types[name]} "
                        f"actual: {v.kind(item[name])}"
                    )
        for name in self.key.names:
            self.key_value(item, name)
        if item_size(item) > MAX_ITEM_BYTES:
            raise validation("Item size has exceeded the maximum allowed size")
        for index in self.indexes.values():
            for name in index.key.names:
                value = item.get(name)
                if value is None:
                    continue
                if v.kind(value) != self.types[name]:
                    raise validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key "
                        f"{name} Expected: {self.types[name]} Actual: {v.kind(value)} IndexName: {index.name}"
                    )
                self.key_value(item, name, index.name)

    def get(self, key: Item) -> Item | None:
        return self.store.get(*self.position(key))

    def put(self, item: Item) -> None:
        self.check(item)
        self.store_item(item)

    def store_item(self, item: Item) -> None:
        """Store an item already checked, replacing the one with its key, in the table and its indexes."""
        self.delete(self.key_of(item))
        where, sort = self.position(item)
        self.store.put(where, sort, item, item_size(item))
        for index in self.indexes.values():
            self._index_put(index, item)

    def _index_put(self, index: Index, item: Item) -> None:
        place = self.index_position(index, item)
        if place is not None:
            shown = index.project(item, self.key)
            index.store.put(place[0], place[1], shown, item_size(shown))

    def delete(self, key: Item) -> Item | None:
        where, sort = self.position(key)
        old = self.store.get(where, sort)
        if old is None:
            return None
        self.store.remove(where, sort)
        for index in self.indexes.values():
            place = self.index_position(index, old)
            if place is not None:
                index.store.remove(*place)
        return old

    def items(self) -> Iterator[Item]:
        return self.store.items()

    def count(self) -> int:
        return self.store.count

    def describe(self) -> dict[str, Any]:
        description: dict[str, Any] = {
            "TableName": self.name,
            "TableArn": self.arn,
            "TableId": self.table_id,
            "TableStatus": "ACTIVE",
            "CreationDateTime": self.created,
            "KeySchema": self.key.describe(),
            "AttributeDefinitions": [{"AttributeName": k, "AttributeType": t} for k, t in self.types.items()],
            "ItemCount": self.store.count,
            "TableSizeBytes": self.store.bytes,
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, **self.spec.throughput},
            **self.settings.describe(self.arn),
            **self.throughput.describe(),
        }
        if self.spec.billing == "PAY_PER_REQUEST":
            description["BillingModeSummary"] = {"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": self.created}
        for local, field in ((False, "GlobalSecondaryIndexes"), (True, "LocalSecondaryIndexes")):
            chosen = [i for i in self.indexes.values() if i.local == local]
            if chosen:
                description[field] = [self._describe_index(i) for i in chosen]
        return description

    def _describe_index(self, index: Index) -> dict[str, Any]:
        out: dict[str, Any] = {
            "IndexName": index.name,
            "KeySchema": index.key.describe(),
            "Projection": index.spec.projection,
            "IndexSizeBytes": index.store.bytes,
            "ItemCount": index.store.count,
            "IndexArn": f"{self.arn}/index/{index.name}",
        }
        if not index.local:
            out["IndexStatus"] = "ACTIVE"
            out["ProvisionedThroughput"] = {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
        return out
