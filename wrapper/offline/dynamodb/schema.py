"""A table's definition from CreateTable (and UpdateTable), checked as DynamoDB checks it.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html (indexes)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb.errors import DynamoError, check_enum, validation

NAME = re.compile(r"^[a-zA-Z0-9_.-]{3,255}$")
MAX_GSI = 20
MAX_LSI = 5
MAX_PROJECTED = 100
MAX_KEY_NAME = 255
MAX_MULTI = 4  # attributes of each kind in a global index's multi-attribute key
_INVALID = "One or more parameter values were invalid: "


def check_table_name(name: Any, field: str = "tableName") -> str:
    if not isinstance(name, str) or not NAME.match(name):
        shown = name if isinstance(name, str) else ""
        if isinstance(name, str) and not 3 <= len(name) <= 255:
            raise validation(
                f"1 validation error detected: Value '{shown}' at '{field}' failed to satisfy constraint: "
                "Member must have length greater than or equal to 3"
                if len(name) < 3
                else f"1 validation error detected: Value '{shown}' at '{field}' failed to satisfy constraint: "
                "Member must have length less than or equal to 255"
            )
        raise validation(
            f"1 validation error detected: Value '{shown}' at '{field}' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        )
    return name


@dataclass(frozen=True)
class KeySchema:
    """A key: one partition and at most one sort attribute, or (a global index's multi-attribute key, since
    November 2025) up to 4 of each, in KeySchema order (GSI.DesignPattern.MultiAttributeKeys.html)."""

    hashes: tuple[str, ...]
    ranges: tuple[str, ...] = ()

    @property
    def hash(self) -> str:
        return self.hashes[0]

    @property
    def range(self) -> str | None:
        return self.ranges[0] if self.ranges else None

    @property
    def names(self) -> tuple[str, ...]:
        return self.hashes + self.ranges

    @classmethod
    def parse(cls, elements: Any, multi: bool = False) -> KeySchema:
        """``multi``: a global index's key, which may name up to MAX_MULTI partition and MAX_MULTI sort attributes."""
        if not isinstance(elements, list) or not elements:
            raise validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
        most = 2 * MAX_MULTI if multi else 2
        if len(elements) > most:
            raise validation(
                "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: "
                f"Member must have length less than or equal to {most}"
            )
        check_key_names(elements, "keySchema")
        kinds = [e.get("KeyType") for e in elements]
        hashes = tuple(e.get("AttributeName") for e in elements if e.get("KeyType") == "HASH")
        ranges = tuple(e.get("AttributeName") for e in elements if e.get("KeyType") == "RANGE")
        if kinds[0] != "HASH" or (not multi and len(hashes) != 1):
            raise validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        if len(hashes) + len(ranges) != len(elements) or kinds != ["HASH"] * len(hashes) + ["RANGE"] * len(ranges):
            if multi and len(hashes) + len(ranges) == len(elements):
                # a multi-attribute key lists all its partition attributes before its sort attributes (the words are ours)
                raise validation("Invalid KeySchema: all HASH KeySchemaElements must precede the RANGE KeySchemaElements")
            raise validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
        if len(hashes) > MAX_MULTI or len(ranges) > MAX_MULTI:
            raise validation(
                _INVALID + f"A KeySchema may have at most {MAX_MULTI} HASH and {MAX_MULTI} RANGE KeySchemaElements"
            )
        if len(set(hashes + ranges)) != len(elements):
            if not multi:
                raise validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
            twice = next(name for name in hashes + ranges if (hashes + ranges).count(name) > 1)
            # DynamoDB's words for a table key's two elements of one name, said of any two (the rest are ours)
            raise validation(f"Invalid KeySchema: two KeySchemaElements have the same name: {twice}")
        return cls(hashes, ranges)

    def describe(self) -> list[dict[str, str]]:
        return [{"AttributeName": n, "KeyType": "HASH"} for n in self.hashes] + [
            {"AttributeName": n, "KeyType": "RANGE"} for n in self.ranges
        ]


@dataclass(frozen=True)
class IndexSpec:
    name: str
    key: KeySchema
    projection: dict[str, Any]
    local: bool

    @property
    def projection_type(self) -> str:
        return str(self.projection.get("ProjectionType", "ALL"))


def parse_index(spec: dict[str, Any], local: bool, table_key: KeySchema, field: str = "globalSecondaryIndexes.1.member") -> IndexSpec:
    """One index of a request; ``field`` is where it sits in the request, as DynamoDB's messages name it."""
    name = check_table_name(spec.get("IndexName"), "indexName")
    key = KeySchema.parse(spec.get("KeySchema"), multi=not local)
    kind = "LocalSecondaryIndex" if local else "GlobalSecondaryIndex"
    if local and key.hash != table_key.hash:
        raise validation(_INVALID + f"Index KeySchema does not have the same leading hash key as table KeySchema for index: {name}")
    if local and key.range is None:
        raise validation(_INVALID + f"Index KeySchema does not have a range key for index: {name}")
    projection = spec.get("Projection")
    if not isinstance(projection, dict) or projection.get("ProjectionType") not in ("ALL", "KEYS_ONLY", "INCLUDE"):
        raise validation(
            _INVALID + f"Unknown ProjectionType: {None if not isinstance(projection, dict) else projection.get('ProjectionType')}"
        )
    extra = projection.get("NonKeyAttributes")
    if projection["ProjectionType"] != "INCLUDE" and extra is not None:
        raise validation(_INVALID + f"ProjectionType is {projection['ProjectionType']}, but NonKeyAttributes is specified")
    if extra is not None:
        _check_projected(extra, f"{field}.projection.nonKeyAttributes")
    if projection["ProjectionType"] == "INCLUDE":
        if not extra:
            raise validation(_INVALID + "NonKeyAttributes must not be empty")
        if len(set(extra)) != len(extra):
            raise validation(_INVALID + f"Duplicate attributes in NonKeyAttributes for {kind}: {name}")
    return IndexSpec(name, key, dict(projection), local)


def _check_projected(names: Any, field: str) -> None:
    """NonKeyAttributes is a list of names of 1 to 255 characters (API_Projection.html); anything but strings in
    it fails while the request is read, a SerializationException (Alternator's test_gsi.py, run against DynamoDB)."""
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise DynamoError("SerializationException", "NonKeyAttributes must be a list of strings")
    if any(not 1 <= len(name) <= MAX_KEY_NAME for name in names):
        raise validation(
            f"1 validation error detected: Value '[{', '.join(names)}]' at '{field}' failed to satisfy constraint: Member must satisfy "
            f"constraint: [Member must have length less than or equal to {MAX_KEY_NAME}, Member must have length greater than or equal to 1]"
        )


@dataclass
class TableSpec:
    name: str
    key: KeySchema
    types: dict[str, str]
    indexes: dict[str, IndexSpec]
    billing: str
    throughput: dict[str, int]


def check_key_names(elements: list[Any], field: str) -> None:
    """Key attribute names are 1 to 255 characters (API_KeySchemaElement.html, API_AttributeDefinition.html),
    checked before whether definitions and keys agree: DynamoDB names the length first (Alternator's
    test_limits.py, run against DynamoDB, gives it names that are both too long and undefined)."""
    for at, element in enumerate(elements, start=1):
        name = element.get("AttributeName") if isinstance(element, dict) else None
        if isinstance(name, str) and not 1 <= len(name) <= MAX_KEY_NAME:
            bound = f"less than or equal to {MAX_KEY_NAME}" if name else "greater than or equal to 1"
            raise validation(
                f"1 validation error detected: Value '{name}' at '{field}.{at}.member.attributeName' failed to satisfy constraint: "
                f"Member must have length {bound}"
            )


def parse_table(request: dict[str, Any]) -> TableSpec:
    name = check_table_name(request.get("TableName"))
    key = KeySchema.parse(request.get("KeySchema"))
    definitions = request.get("AttributeDefinitions")
    if definitions is None:
        raise validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null")
    check_key_names(definitions, "attributeDefinitions")
    types: dict[str, str] = {}
    for at, definition in enumerate(definitions, start=1):
        check_enum(definition.get("AttributeType"), f"attributeDefinitions.{at}.member.attributeType", ("B", "N", "S"))
        if definition.get("AttributeName") in types:
            raise validation(_INVALID + f"Duplicate AttributeName in AttributeDefinitions: {definition['AttributeName']}")
        types[definition["AttributeName"]] = definition["AttributeType"]
    globals_ = request.get("GlobalSecondaryIndexes") or []
    locals_ = request.get("LocalSecondaryIndexes") or []
    if "GlobalSecondaryIndexes" in request and not globals_:
        raise validation(_INVALID + "List of GlobalSecondaryIndexes is empty")
    if "LocalSecondaryIndexes" in request and not locals_:
        raise validation(_INVALID + "List of LocalSecondaryIndexes is empty")
    if locals_ and key.range is None:
        raise validation(_INVALID + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
    if len(globals_) > MAX_GSI or len(locals_) > MAX_LSI:
        raise validation(_INVALID + "Number of indexes exceeds the per-table limit")
    indexes: dict[str, IndexSpec] = {}
    placed = [(s, False, f"globalSecondaryIndexes.{at}.member") for at, s in enumerate(globals_, start=1)]
    for spec, local, field in placed + [(s, True, f"localSecondaryIndexes.{at}.member") for at, s in enumerate(locals_, start=1)]:
        index = parse_index(spec, local, key, field)
        if index.name in indexes:
            raise validation(_INVALID + f"Duplicate index name: {index.name}")
        indexes[index.name] = index
    projected = {a for i in indexes.values() for a in i.projection.get("NonKeyAttributes", [])}
    if len(projected) > MAX_PROJECTED:
        raise validation(_INVALID + "The number of projected non-key attributes exceeds the maximum of 100")
    used = {n for k in [key, *(i.key for i in indexes.values())] for n in k.names}
    missing = sorted(used - set(types))
    if missing and len(key.names) > len(types) and set(key.names) - set(types):
        raise validation("Invalid KeySchema: Some index key attribute have no definition")
    if missing:
        raise validation(
            _INVALID + f"Some index key attributes are not defined in AttributeDefinitions. Keys: [{', '.join(missing)}], "
            f"AttributeDefinitions: [{', '.join(sorted(types))}]"
        )
    if set(types) - used:
        if indexes:
            raise validation(
                _INVALID + f"Some AttributeDefinitions are not used. AttributeDefinitions: [{', '.join(sorted(types))}], "
                f"keys used: [{', '.join(sorted(used))}]"
            )
        raise validation(
            _INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
        )
    billing, throughput = parse_billing(request, "PROVISIONED")
    return TableSpec(name, key, types, indexes, billing, throughput)


def parse_billing(request: dict[str, Any], default: str) -> tuple[str, dict[str, int]]:
    billing = request.get("BillingMode") or default
    check_enum(billing, "billingMode", ("PROVISIONED", "PAY_PER_REQUEST"))
    throughput = request.get("ProvisionedThroughput")
    if billing == "PAY_PER_REQUEST" and throughput is not None:
        raise validation(_INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
    if billing == "PROVISIONED":
        if not throughput:
            raise validation(_INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        for field in ("ReadCapacityUnits", "WriteCapacityUnits"):
            if field not in throughput:
                # the shape is checked first: a missing member is "null" (Alternator's test_provisioned_throughput.py, run against DynamoDB)
                raise validation(
                    f"1 validation error detected: Value null at 'provisionedThroughput.{field[0].lower()}{field[1:]}' failed to satisfy "
                    "constraint: Member must not be null"
                )
        if min(int(throughput["ReadCapacityUnits"]), int(throughput["WriteCapacityUnits"])) < 1:
            raise validation(
                "1 validation error detected: Value at 'provisionedThroughput' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )
        return billing, {
            "ReadCapacityUnits": int(throughput["ReadCapacityUnits"]),
            "WriteCapacityUnits": int(throughput["WriteCapacityUnits"]),
        }
    return billing, {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
