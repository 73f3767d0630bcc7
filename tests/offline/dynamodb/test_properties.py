"""A differential suite: generated items, expressions and requests, the engine against a model of DynamoDB's rules.

The model is written separately from the engine, on plain Python values, from the documented
rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
(comparisons of different types are false, a missing attribute compares false except with ``<>``),
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
(numbers: 38 significant digits, magnitudes 1E-130 to 9.99…E+125) and
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.offline.dynamodb.schemas import table
from wrapper.offline.dynamodb import EmbeddedDynamoDB

TABLE = "props"
SCHEMA = table(TABLE, ("p", "S"), ("s", "N"))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- generated values ---------------------------------------------------------------------------
numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: d.is_finite())
small_numbers = st.integers(-5, 5).map(Decimal)
strings = st.text(alphabet="abc", max_size=3)
scalars = st.one_of(small_numbers, strings)  # a plain value: Decimal for N, str for S
ATTRIBUTES = ("a", "b")


def to_dynamo(value: Decimal | str) -> dict[str, str]:
    return {"N": str(value)} if isinstance(value, Decimal) else {"S": value}


# A condition in the model: a nested tuple, rendered to expression text and placeholders.
comparators = st.sampled_from(["=", "<>", "<", "<=", ">", ">="])
leaves = st.one_of(
    st.tuples(st.just("cmp"), comparators, st.sampled_from(ATTRIBUTES), scalars),
    st.tuples(st.just("between"), st.sampled_from(ATTRIBUTES), small_numbers, small_numbers).map(
        lambda t: (t[0], t[1], min(t[2], t[3]), max(t[2], t[3]))
    ),
    st.tuples(st.just("in"), st.sampled_from(ATTRIBUTES), st.lists(scalars, min_size=1, max_size=4)),
    st.tuples(st.just("begins"), st.sampled_from(ATTRIBUTES), strings),
    st.tuples(st.just("exists"), st.sampled_from(ATTRIBUTES)),
    st.tuples(st.just("size"), st.sampled_from(ATTRIBUTES), comparators, st.integers(0, 3).map(Decimal)),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(st.tuples(st.just("not"), inner), st.tuples(st.sampled_from(["and", "or"]), inner, inner)),
    max_leaves=6,
)


def render(node: Any, values: dict[str, Any]) -> str:
    def value(v: Decimal | str) -> str:
        name = f":v{len(values)}"
        values[name] = to_dynamo(v)
        return name

    match node:
        case ("cmp", op, name, v):
            return f"{name} {op} {value(v)}"
        case ("between", name, low, high):
            return f"{name} BETWEEN {value(low)} AND {value(high)}"
        case ("in", name, options):
            return f"{name} IN ({', '.join(value(x) for x in options)})"
        case ("begins", name, prefix):
            return f"begins_with({name}, {value(prefix)})"
        case ("exists", name):
            return f"attribute_exists({name})"
        case ("size", name, op, v):
            return f"size({name}) {op} {value(v)}"
        case ("not", inner):
            return f"NOT ({render(inner, values)})"
        case (junction, left, right):
            return f"({render(left, values)}) {junction.upper()} ({render(right, values)})"
    raise AssertionError(f"not a condition: {node!r}")


def _ordered(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None or type(a) is not type(b):
        return op == "<>"
    if isinstance(a, str):
        a, b = a.encode(), b.encode()  # strings order by their UTF-8 bytes
    return {"=": a == b, "<>": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def model(node: Any, item: dict[str, Any]) -> bool:
    match node:
        case ("cmp", op, name, v):
            return _ordered(op, item.get(name), v)
        case ("between", name, low, high):
            return _ordered(">=", item.get(name), low) and _ordered("<=", item.get(name), high)
        case ("in", name, options):
            return any(_ordered("=", item.get(name), x) for x in options)
        case ("begins", name, prefix):
            found = item.get(name)
            return isinstance(found, str) and found.startswith(prefix)
        case ("exists", name):
            return name in item
        case ("size", name, op, v):
            found = item.get(name)
            return isinstance(found, str) and _ordered(op, Decimal(len(found)), v)  # numbers have no size
        case ("not", inner):
            return not model(inner, item)
        case ("and", left, right):
            return model(left, item) and model(right, item)
        case ("or", left, right):
            return model(left, item) or model(right, item)
    raise AssertionError(f"not a condition: {node!r}")


items = st.lists(st.fixed_dictionaries({}, optional={name: scalars for name in ATTRIBUTES}), min_size=1, max_size=8)


def fresh() -> EmbeddedDynamoDB:
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("CreateTable", SCHEMA)[0] == 200
    return engine


@SETTINGS
@given(items, conditions)
def test_filters_keep_exactly_what_the_model_keeps(rows: list[dict[str, Any]], condition: Any) -> None:
    engine = fresh()
    for n, row in enumerate(rows):
        item = {"p": {"S": "x"}, "s": {"N": str(n)}, **{k: to_dynamo(v) for k, v in row.items()}}
        assert engine.handle("PutItem", {"TableName": TABLE, "Item": item})[0] == 200
    values: dict[str, Any] = {}
    text = render(condition, values)
    placeholders = {"ExpressionAttributeValues": values} if values else {}  # DynamoDB refuses an empty map
    status, found = engine.handle("Scan", {"TableName": TABLE, "FilterExpression": text, **placeholders})
    assert status == 200, (text, found)
    expected = [n for n, row in enumerate(rows) if model(condition, row)]
    assert sorted(int(i["s"]["N"]) for i in found["Items"]) == expected, text


def _valid(number: Decimal) -> bool:
    if number.is_zero():
        return True
    digits = len(number.normalize(_WIDE).as_tuple().digits)
    return digits <= 38 and -130 <= number.adjusted() <= 125


_WIDE = __import__("decimal").Context(prec=1000, Emax=10**6, Emin=-(10**6))


@SETTINGS
@given(st.one_of(numbers, st.builds(lambda m, e: Decimal(m).scaleb(e, _WIDE), st.integers(-(10**40), 10**40), st.integers(-200, 200))))
def test_numbers_are_stored_exactly_or_refused(number: Decimal) -> None:
    engine = fresh()
    item = {"p": {"S": "n"}, "s": {"N": "1"}, "n": {"N": str(number)}}
    status, body = engine.handle("PutItem", {"TableName": TABLE, "Item": item})
    if not _valid(number):
        assert status == 400 and body["__type"].endswith("ValidationException")
        assert engine.handle("Scan", {"TableName": TABLE})[1]["Count"] == 0
        return
    assert status == 200, body
    stored = engine.handle("GetItem", {"TableName": TABLE, "Key": {"p": {"S": "n"}, "s": {"N": "1"}}})[1]["Item"]["n"]["N"]
    assert Decimal(stored) == number and "E" not in stored.upper()


sort_keys = st.lists(st.integers(-50, 50), unique=True, min_size=0, max_size=30)
bounds = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["=", "<", "<=", ">", ">="]), st.integers(-55, 55)),
    st.tuples(st.just("BETWEEN"), st.integers(-55, 55), st.integers(0, 20)),
)


@SETTINGS
@given(sort_keys, bounds, st.booleans(), st.integers(1, 7), st.data())
def test_query_pages_visit_the_model_range_once_in_order_even_when_deleting(
    keys: list[int], bound: Any, forward: bool, limit: int, data: st.DataObject
) -> None:
    engine = fresh()
    for k in keys:
        engine.handle("PutItem", {"TableName": TABLE, "Item": {"p": {"S": "q"}, "s": {"N": str(k)}}})
        engine.handle("PutItem", {"TableName": TABLE, "Item": {"p": {"S": "other"}, "s": {"N": str(k)}}})
    condition, values = "p = :p", {":p": {"S": "q"}}
    wanted = sorted(keys, reverse=not forward)
    if bound is not None and bound[0] == "BETWEEN":
        low, high = bound[1], bound[1] + bound[2]
        condition += " AND s BETWEEN :lo AND :hi"
        values |= {":lo": {"N": str(low)}, ":hi": {"N": str(high)}}
        wanted = [k for k in wanted if low <= k <= high]
    elif bound is not None:
        condition += f" AND s {bound[0]} :b"
        values[":b"] = {"N": str(bound[1])}
        wanted = [k for k in wanted if _ordered(bound[0], Decimal(k), Decimal(bound[1]))]
    seen: list[int] = []
    start: dict[str, Any] = {}
    for _ in range(len(keys) + 2):
        body = {"TableName": TABLE, "KeyConditionExpression": condition, "ExpressionAttributeValues": values, "Limit": limit}
        status, page = engine.handle("Query", {**body, "ScanIndexForward": forward, **start})
        assert status == 200, page
        seen += [int(i["s"]["N"]) for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        if data.draw(st.booleans()):  # the client deletes the last item it read before asking for more
            engine.handle("DeleteItem", {"TableName": TABLE, "Key": page["LastEvaluatedKey"]})
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert seen == wanted


@SETTINGS
@given(st.lists(st.integers(0, 40), unique=True, max_size=25), st.integers(1, 4), st.integers(1, 6))
def test_parallel_scan_segments_partition_the_table(keys: list[int], total: int, limit: int) -> None:
    engine = fresh()
    for k in keys:
        engine.handle("PutItem", {"TableName": TABLE, "Item": {"p": {"S": f"p{k % 7}"}, "s": {"N": str(k)}}})
    seen: list[int] = []
    for segment in range(total):
        start: dict[str, Any] = {}
        for _ in range(len(keys) + 2):
            page = engine.handle("Scan", {"TableName": TABLE, "Segment": segment, "TotalSegments": total, "Limit": limit, **start})[1]
            seen += [int(i["s"]["N"]) for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert sorted(seen) == sorted(keys)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["TableName", "Key", "Item", "UpdateExpression", "ConditionExpression", "ExpressionAttributeValues", "ExpressionAttributeNames",
     "KeyConditionExpression", "FilterExpression", "ProjectionExpression", "ReturnValues", "Limit", "ExclusiveStartKey", "Segment",
     "TotalSegments", "RequestItems", "TransactItems", "AttributeUpdates", "Expected", "KeyConditions", "ScanFilter", "AttributesToGet",
     "ConditionalOperator", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "TimeToLiveSpecification"]
)  # fmt: skip
operations = st.sampled_from(
    ["PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem", "TransactWriteItems",
     "TransactGetItems", "CreateTable", "UpdateTable", "DescribeTable", "UpdateTimeToLive"]
)  # fmt: skip
table_names = st.one_of(st.just(TABLE), json_values)


@settings(max_examples=300, deadline=None)
@given(operations, st.dictionaries(field_names, json_values, max_size=6), table_names)
def test_no_request_gets_anything_but_an_answer_or_dynamodbs_error(operation: str, body: dict[str, Any], table: Any) -> None:
    """Malformed requests: a 400 with DynamoDB's error type, never an exception, and a refused write changes nothing."""
    engine = fresh()
    engine.handle("PutItem", {"TableName": TABLE, "Item": {"p": {"S": "k"}, "s": {"N": "1"}, "a": {"S": "x"}}})
    before = engine.dump()
    status, answer = engine.handle(operation, {"TableName": table, **body})
    json.dumps(answer)  # the answer can be sent
    assert status in (200, 400), answer
    if status == 400:
        assert answer["__type"].startswith("com.amazonaws.dynamodb.v20120810#") and answer["message"]
        assert engine.dump() == before
