"""Query and Scan: key conditions, index views, filters, projections, paging by Limit and by 1 MB.

Pages resume at the position after ExclusiveStartKey in the key order, so a client that
deletes items while it pages still gets every other item once and reaches the end.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from wrapper.offline.dynamodb import consumed, evaluate, select
from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.capacity import item_size
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.expressions import Placeholders, parse_condition
from wrapper.offline.dynamodb.keys import key_condition
from wrapper.offline.dynamodb.requests import placeholders, projection, query_condition, read_filter
from wrapper.offline.dynamodb.schema import KeySchema
from wrapper.offline.dynamodb.store import TOKENS, Position, Store
from wrapper.offline.dynamodb.tables import Index, Table
from wrapper.offline.dynamodb.values import Item

PAGE_BYTES = 1024 * 1024
MAX_SEGMENTS = 1_000_000

__all__ = ["Placeholders", "parse_condition", "query", "scan"]


def query(table: Table, body: dict[str, Any]) -> dict[str, Any]:
    ph = placeholders(body)
    schema, index = _view(table, body)
    condition = key_condition(query_condition(body, ph), schema, table.types)
    where = table.partition_of(condition.hash_values)
    forward = body.get("ScanIndexForward") is not False
    after: tuple[Any, ...] | None = None
    start = _start(table, index, body)
    if start is not None:
        if index is None and table.key.range is None:
            # a partition of one item has nothing after its only key (Query.Pagination.html)
            shown = ", ".join(f"{name}=AttributeValue: {v.shown(value)}" for name, value in body["ExclusiveStartKey"].items())
            raise validation(f"The provided exclusive start key is invalid: ExclusiveStartKey: {{{shown}}}")
        if start[0] != where and condition.whole:
            # DynamoDB's words, though an index's key equal in all its attributes may name many items
            raise validation("The query can return at most one row and cannot be restarted")
        if start[0] != where or not condition.admits(start[1], body["ExclusiveStartKey"]):
            raise validation("The provided starting key is outside query boundaries based on provided conditions")
        after = start[1]
    store: Store = index.store if index else table.store
    found: Iterator[Item] = store.query(where, condition.low, condition.high, forward, after)
    keeps = condition.keeps()
    if keeps is not None and condition.tested is not None:
        name = condition.tested

        def matches(item: Item) -> bool:
            return keeps(v.order_key(item[name]))

        # backwards the read starts above the prefix's run of sort keys: skip to it, then read the run
        found = itertools.takewhile(matches, found if forward else itertools.dropwhile(lambda item: not matches(item), found))
    filter_tree = read_filter(body, ph, "QueryFilter")
    if filter_tree is not None:
        keys = sorted(set(schema.names) & {str(p[0]) for p in _paths(filter_tree)})
        if keys:
            which = "QueryFilter" if body.get("QueryFilter") else "Filter Expression"
            raise validation(f"{which} can only contain non-primary key attributes: Primary key attribute: {keys[0]}")
    return _page("Query", table, schema, index, found, body, ph, filter_tree)


def scan(table: Table, body: dict[str, Any]) -> dict[str, Any]:
    ph = placeholders(body)
    schema, index = _view(table, body)
    first, last = _segment(body)
    store: Store = index.store if index else table.store
    start = _start(table, index, body)
    if start is not None and not first <= start[0][0] < last:
        # A rule of DynamoDB's (Alternator's test_scan.py, run against it); the words are ours.
        raise validation("The provided ExclusiveStartKey does not lie in the given Segment of TotalSegments")
    found = store.scan(start, first, last)
    return _page("Scan", table, schema, index, found, body, ph, read_filter(body, ph, "ScanFilter"))


def _segment(body: dict[str, Any]) -> tuple[int, int]:
    """The hash tokens a parallel Scan's segment covers: contiguous ranges, together the whole table."""
    segment, total = body.get("Segment"), body.get("TotalSegments")
    if segment is None and total is None:
        return 0, TOKENS
    if total is None:
        raise validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
    if segment is None:
        raise validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
    segment, total = int(segment), int(total)
    if not 1 <= total <= MAX_SEGMENTS:
        raise validation(
            f"1 validation error detected: Value '{total}' at 'totalSegments' failed to satisfy constraint: "
            f"Member must have value {'greater than or equal to 1' if total < 1 else 'less than or equal to 1000000'}"
        )
    if not 0 <= segment < total:
        raise validation(
            f"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than "
            f"TotalSegments: {total}"
        )
    return segment * TOKENS // total, (segment + 1) * TOKENS // total


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


def _start(table: Table, index: Index | None, body: dict[str, Any]) -> tuple[Position, tuple[Any, ...]] | None:
    """The position of ExclusiveStartKey in the order read, whether or not that item still exists."""
    start = body.get("ExclusiveStartKey")
    if not start:
        return None
    names = set(table.key.names) | set(index.key.names if index else ())
    if not isinstance(start, dict) or set(start) != names:
        raise validation("The provided starting key is invalid: The provided key element does not match the schema")
    key = {name: table.key_value({name: v.checked(start[name])}, name) for name in names}
    if index is None:
        return table.position(key)
    place = table.index_position(index, key)
    assert place is not None
    return place


def _paths(node: t.Condition | t.Operand) -> Iterator[t.Path]:
    match node:
        case t.And(left, right) | t.Or(left, right):
            yield from _paths(left)
            yield from _paths(right)
        case t.Not(inner):
            yield from _paths(inner)
        case t.Compare(_, left, right):
            yield from _paths(left)
            yield from _paths(right)
        case t.Between(subject, low, high):
            for part in (subject, low, high):
                yield from _paths(part)
        case t.In(subject, options):
            for part in (subject, *options):
                yield from _paths(part)
        case t.Function(_, subject, argument):
            yield from _paths(subject)
            if argument is not None:
                yield from _paths(argument)
        case t.Size(subject):
            yield from _paths(subject)
        case t.PathRef(path):
            yield path


def _page(
    operation: str,
    table: Table,
    schema: KeySchema,
    index: Index | None,
    candidates: Iterator[Item],
    body: dict[str, Any],
    ph: Placeholders,
    filter_tree: t.Condition | None,
) -> dict[str, Any]:
    chosen = select.chosen(body, index, operation)
    paths = projection(body, ph)
    ph.check_all_used()
    select.check_projected(index, table.key.names, {str(path[0]) for path in paths or ()})
    fetch = select.fetches_from_table(chosen, index)
    limit = body.get("Limit")
    if limit is not None and int(limit) < 1:
        raise validation(
            "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
    scanned, size, found = 0, 0, []
    fetched: list[int] = []  # the whole size of each item fetched from the table (a local index's unprojected reads)
    last: Item | None = None
    more = False
    for entry in candidates:
        if (limit is not None and scanned >= int(limit)) or size > PAGE_BYTES:
            more = True
            break
        scanned += 1
        size += item_size(entry)
        last = item = entry
        if fetch:
            whole = table.get(table.key_of(entry))
            if whole is None:
                continue
            fetched.append(item_size(whole))
            item = whole
        if filter_tree is None or evaluate.condition(item, filter_tree):
            found.append(item)
    consumed.pages_read(table, index, size, fetched, bool(body.get("ConsistentRead")))
    result: dict[str, Any] = {"Count": len(found), "ScannedCount": scanned}
    if chosen != "COUNT":
        result["Items"] = [v.project(i, paths) if paths else i for i in found]
    if last is not None and more:
        result["LastEvaluatedKey"] = {n: last[n] for n in dict.fromkeys([*table.key.names, *schema.names])}
    return result
