"""Query and Scan: key conditions, index views, filters, projections, paging by Limit and by 1 MB."""

from __future__ import annotations

import zlib
from typing import Any

from wrapper.offline.dynamodb import evaluate
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.expressions import Placeholders, parse_condition, parse_projection
from wrapper.offline.dynamodb.tables import Index, KeySchema, Table, ident
from wrapper.offline.dynamodb.values import Item

PAGE_BYTES = 1024 * 1024


def placeholders(body: dict[str, Any]) -> Placeholders:
    values = {name: v.checked(value) for name, value in (body.get("ExpressionAttributeValues") or {}).items()}
    return Placeholders(dict(body.get("ExpressionAttributeNames") or {}), values)


def query(table: Table, body: dict[str, Any]) -> dict[str, Any]:
    ph = placeholders(body)
    if "KeyConditionExpression" not in body:
        raise validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    condition = parse_condition(body["KeyConditionExpression"], ph, "KeyConditionExpression")
    schema, index = _view(table, body)
    hash_value, range_test = _key_condition(condition, schema)
    candidates = [i for i in _members(table, index) if v.equal(i.get(schema.hash), hash_value)]
    if range_test is not None:
        candidates = [i for i in candidates if evaluate.condition(i, range_test)]
    candidates.sort(key=lambda i: _sort_key(i, table, schema), reverse=body.get("ScanIndexForward") is False)
    return _page(table, schema, index, candidates, body, ph)


def scan(table: Table, body: dict[str, Any]) -> dict[str, Any]:
    ph = placeholders(body)
    schema, index = _view(table, body)
    candidates = sorted(_members(table, index), key=lambda i: _sort_key(i, table, schema))
    segments = int(body.get("TotalSegments") or 1)
    if segments > 1:
        segment = int(body.get("Segment") or 0)
        candidates = [i for i in candidates if zlib.crc32(repr(ident(i[schema.hash])).encode()) % segments == segment]
    return _page(table, schema, index, candidates, body, ph)


def _view(table: Table, body: dict[str, Any]) -> tuple[KeySchema, Index | None]:
    name = body.get("IndexName")
    if name is None:
        return table.key, None
    index = table.indexes.get(name)
    if index is None:
        raise validation(f"The table does not have the specified index: {name}")
    if body.get("ConsistentRead") and not index.local:
        raise validation("Consistent reads are not supported on global secondary indexes")
    return index.key, index


def _members(table: Table, index: Index | None) -> list[Item]:
    if index is None:
        return list(table.items())
    return [i for i in table.items() if all(n in i for n in index.key.names)]


def _sort_key(item: Item, table: Table, schema: KeySchema) -> tuple[Any, ...]:
    names = [*schema.names, *(n for n in table.key.names if n not in schema.names)]
    return tuple(v.order_key(item[n]) for n in names)


def _key_condition(condition: tuple[Any, ...], schema: KeySchema) -> tuple[Any, tuple[Any, ...] | None]:
    """(the partition key's value, the sort key's condition or None); DynamoDB's rules on their shape."""
    parts = [condition[1], condition[2]] if condition[0] == "and" else [condition]
    hash_value, range_test = None, None
    for part in parts:
        name = _key_subject(part)
        if name == schema.hash and part[0] == "compare" and part[1] == "=" and part[3][0] == "value":
            hash_value = part[3][1]
        elif name == schema.range and name is not None and range_test is None:
            range_test = part
        else:
            raise validation("Query key condition not supported")
    if hash_value is None:
        raise validation("Query condition missed key schema element: " + schema.hash)
    return hash_value, range_test


def _key_subject(part: tuple[Any, ...]) -> str | None:
    if part[0] == "compare" and part[1] != "<>" and part[2][0] == "path" and len(part[2][1]) == 1:
        return str(part[2][1][0])
    if part[0] == "between" and part[1][0] == "path":
        return str(part[1][1][0])
    if part[0] == "function" and part[1] == "begins_with":
        return str(part[2][0])
    return None


def _page(
    table: Table, schema: KeySchema, index: Index | None, candidates: list[Item], body: dict[str, Any], ph: Placeholders
) -> dict[str, Any]:
    start = body.get("ExclusiveStartKey")
    if start:
        wanted = tuple(ident(v.checked(start[n])) for n in [*schema.names, *table.key.names] if n in start)
        for position, item in enumerate(candidates):
            if tuple(ident(item[n]) for n in [*schema.names, *table.key.names] if n in start) == wanted:
                candidates = candidates[position + 1 :]
                break
    filter_tree = parse_condition(body["FilterExpression"], ph, "FilterExpression") if body.get("FilterExpression") else None
    projection = parse_projection(body["ProjectionExpression"], ph) if body.get("ProjectionExpression") else None
    ph.check_all_used()
    limit = body.get("Limit")
    if limit is not None and int(limit) < 1:
        raise validation(
            "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
    scanned, size, found = 0, 0, []
    last: Item | None = None
    for item in candidates:
        if (limit is not None and scanned >= int(limit)) or size > PAGE_BYTES:
            break
        scanned += 1
        size += item_size(item)
        last = item
        if filter_tree is None or evaluate.condition(item, filter_tree):
            found.append(item)
    result: dict[str, Any] = {"Count": len(found), "ScannedCount": scanned}
    if body.get("Select") != "COUNT":
        shown = [index.project(i, table.key) if index else i for i in found]
        result["Items"] = [v.project(i, projection) if projection else i for i in shown]
    if last is not None and scanned < len(candidates):
        result["LastEvaluatedKey"] = {n: last[n] for n in dict.fromkeys([*table.key.names, *schema.names])}
    return result
