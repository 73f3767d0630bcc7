"""One table: its key schema, secondary indexes, TTL setting and items, kept by partition and sort key."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.values import Item, Value

MAX_ITEM_BYTES = 400 * 1024
Ident = tuple[str, str]  # (type, canonical text): equal keys, equal idents


@dataclass(frozen=True)
class KeySchema:
    hash: str
    range: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.hash,) if self.range is None else (self.hash, self.range)

    @classmethod
    def parse(cls, elements: list[dict[str, str]]) -> KeySchema:
        hashes = [e["AttributeName"] for e in elements if e.get("KeyType") == "HASH"]
        ranges = [e["AttributeName"] for e in elements if e.get("KeyType") == "RANGE"]
        if len(hashes) != 1 or len(ranges) > 1 or len(elements) != len(hashes) + len(ranges):
            raise validation("1 validation error detected: Invalid KeySchema: exactly one HASH key and at most one RANGE key")
        return cls(hashes[0], ranges[0] if ranges else None)

    def describe(self) -> list[dict[str, str]]:
        out = [{"AttributeName": self.hash, "KeyType": "HASH"}]
        if self.range is not None:
            out.append({"AttributeName": self.range, "KeyType": "RANGE"})
        return out


@dataclass(frozen=True)
class Index:
    name: str
    key: KeySchema
    projection: dict[str, Any]
    local: bool

    def project(self, item: Item, table_key: KeySchema) -> Item:
        kind = self.projection.get("ProjectionType", "ALL")
        if kind == "ALL":
            return item
        keep = set(table_key.names) | set(self.key.names)
        if kind == "INCLUDE":
            keep |= set(self.projection.get("NonKeyAttributes", []))
        return {k: val for k, val in item.items() if k in keep}


def ident(value: Value) -> Ident:
    kind = v.kind(value)
    return (kind, str(value[kind]))


class Table:
    def __init__(self, request: dict[str, Any], region: str) -> None:
        self.name: str = request["TableName"]
        self.key = KeySchema.parse(request.get("KeySchema") or [])
        self.types = {a["AttributeName"]: a["AttributeType"] for a in request.get("AttributeDefinitions", [])}
        self.indexes: dict[str, Index] = {}
        for spec, local in [(s, False) for s in request.get("GlobalSecondaryIndexes", [])] + [
            (s, True) for s in request.get("LocalSecondaryIndexes", [])
        ]:
            self.indexes[spec["IndexName"]] = Index(
                spec["IndexName"], KeySchema.parse(spec["KeySchema"]), spec.get("Projection", {}), local
            )
        for name in {n for k in [self.key, *(i.key for i in self.indexes.values())] for n in k.names}:
            if self.types.get(name) not in ("S", "N", "B"):
                raise validation(
                    "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. "
                    f"Keys: [{name}]"
                )
        self.billing = request.get("BillingMode") or "PROVISIONED"
        self.throughput = request.get("ProvisionedThroughput") or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
        self.created = time.time()
        self.arn = f"arn:aws:dynamodb:{region}:000000000000:table/{self.name}"
        self.table_id = str(uuid.UUID(hashlib.md5(self.arn.encode()).hexdigest()))
        self.ttl: dict[str, Any] = {"TimeToLiveStatus": "DISABLED"}
        self.partitions: dict[Ident, dict[Ident | None, Item]] = {}

    # -- keys ----------------------------------------------------------------------------------
    def key_value(self, item: Item, name: str) -> Value:
        value = item.get(name)
        if value is None or v.kind(value) != self.types[name]:
            raise validation("The provided key element does not match the schema")
        if v.kind(value) in ("S", "B") and not value[v.kind(value)]:
            raise validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. "
                f"Key: {name}"
            )
        return value

    def checked_key(self, key: Any) -> Item:
        """A Key parameter: exactly the table's key attributes, of the right types."""
        if not isinstance(key, dict) or set(key) != set(self.key.names):
            raise validation("The provided key element does not match the schema")
        checked = {name: v.checked(key[name]) for name in self.key.names}
        return {name: self.key_value(checked, name) for name in self.key.names}

    def slot(self, item: Item) -> tuple[Ident, Ident | None]:
        hash_ident = ident(self.key_value(item, self.key.hash))
        return hash_ident, (ident(self.key_value(item, self.key.range)) if self.key.range else None)

    def key_of(self, item: Item) -> Item:
        return {name: item[name] for name in self.key.names}

    # -- items ---------------------------------------------------------------------------------
    def get(self, key: Item) -> Item | None:
        hash_ident, range_ident = self.slot(key)
        return self.partitions.get(hash_ident, {}).get(range_ident)

    def put(self, item: Item) -> None:
        if item_size(item) > MAX_ITEM_BYTES:
            raise validation("Item size has exceeded the maximum allowed size")
        for index in self.indexes.values():
            for name in index.key.names:
                value = item.get(name)
                if value is not None and v.kind(value) != self.types[name]:
                    raise validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key "
                        f"{name} Expected: {self.types[name]} Actual: {v.kind(value)} IndexName: {index.name}"
                    )
        hash_ident, range_ident = self.slot(item)
        self.partitions.setdefault(hash_ident, {})[range_ident] = item

    def delete(self, key: Item) -> Item | None:
        hash_ident, range_ident = self.slot(key)
        partition = self.partitions.get(hash_ident, {})
        old = partition.pop(range_ident, None)
        if not partition:
            self.partitions.pop(hash_ident, None)
        return old

    def items(self) -> Iterator[Item]:
        for partition in self.partitions.values():
            yield from partition.values()

    def count(self) -> int:
        return sum(len(p) for p in self.partitions.values())

    def describe(self) -> dict[str, Any]:
        items = list(self.items())
        description: dict[str, Any] = {
            "TableName": self.name,
            "TableArn": self.arn,
            "TableId": self.table_id,
            "TableStatus": "ACTIVE",
            "CreationDateTime": self.created,
            "KeySchema": self.key.describe(),
            "AttributeDefinitions": [{"AttributeName": k, "AttributeType": t} for k, t in self.types.items()],
            "ItemCount": len(items),
            "TableSizeBytes": sum(item_size(i) for i in items),
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, **self.throughput},
            "DeletionProtectionEnabled": False,
        }
        if self.billing == "PAY_PER_REQUEST":
            description["BillingModeSummary"] = {"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": self.created}
        for local, field in ((False, "GlobalSecondaryIndexes"), (True, "LocalSecondaryIndexes")):
            chosen = [i for i in self.indexes.values() if i.local == local]
            if chosen:
                description[field] = [self._describe_index(i, items) for i in chosen]
        return description

    def _describe_index(self, index: Index, items: list[Item]) -> dict[str, Any]:
        members = [i for i in items if all(n in i for n in index.key.names)]
        out: dict[str, Any] = {
            "IndexName": index.name,
            "KeySchema": index.key.describe(),
            "Projection": index.projection or {"ProjectionType": "ALL"},
            "IndexSizeBytes": sum(item_size(i) for i in members),
            "ItemCount": len(members),
            "IndexArn": f"{self.arn}/index/{index.name}",
        }
        if not index.local:
            out["IndexStatus"] = "ACTIVE"
            out["ProvisionedThroughput"] = {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
        return out
