"""Generated items with maps and lists, read and written through document paths, against a model on plain Python values.

Paths (``m.a``, ``l[1]``) per https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html
(a path into something that is not there compares false; ``size`` of a map counts its keys, of a list its elements);
updates per https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
(SET past a list's end appends, REMOVE of an index shifts the rest down and of a missing element does nothing,
SET or REMOVE inside a map or list that does not exist is refused: Alternator's test_update_expression.py, which
runs against DynamoDB).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.offline.dynamodb.test_properties import SETTINGS, TABLE, _ordered, fresh, scalars, strings, to_dynamo

KEY = {"p": {"S": "x"}, "s": {"N": "0"}}
maps = st.fixed_dictionaries({}, optional={"a": scalars, "b": scalars})
lists = st.lists(scalars, max_size=3)
documents = st.fixed_dictionaries({}, optional={"m": maps, "l": lists})
PATHS = (("m", "a"), ("m", "b"), ("l", 0), ("l", 1), ("l", 2))


def dynamo(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return {"M": {k: dynamo(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"L": [dynamo(v) for v in value]}
    return to_dynamo(value)


def plain(value: dict[str, Any]) -> Any:
    (kind, inner), *_ = value.items()
    if kind == "M":
        return {k: plain(v) for k, v in inner.items()}
    if kind == "L":
        return [plain(v) for v in inner]
    return Decimal(inner) if kind == "N" else inner


def text(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))


def resolve(item: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    found: Any = item
    for part in path:
        if isinstance(part, int):
            if not isinstance(found, list) or part >= len(found):
                return None
        elif not isinstance(found, dict) or part not in found:
            return None
        found = found[part]
    return found


def size(value: Any) -> Decimal | None:
    return Decimal(len(value)) if isinstance(value, (str, dict, list)) else None


comparators = st.sampled_from(["=", "<>", "<", "<=", ">", ">="])
conditions = st.one_of(
    st.tuples(st.just("cmp"), st.sampled_from(PATHS), comparators, scalars),
    st.tuples(st.just("exists"), st.sampled_from((*PATHS, ("m",), ("l",)))),
    st.tuples(st.just("size"), st.sampled_from((("m",), ("l",), *PATHS)), comparators, st.integers(0, 3).map(Decimal)),
    st.tuples(st.just("begins"), st.sampled_from(PATHS), strings),
)


def model(node: Any, item: dict[str, Any]) -> bool:
    found = resolve(item, node[1])
    if node[0] == "cmp":
        return _ordered(node[2], found, node[3])
    if node[0] == "exists":
        return found is not None
    if node[0] == "size":
        return size(found) is not None and _ordered(node[2], size(found), node[3])
    return isinstance(found, str) and found.startswith(node[2])


def render(node: Any) -> tuple[str, dict[str, Any]]:
    where = text(node[1])
    if node[0] == "cmp":
        return f"{where} {node[2]} :v", {":v": to_dynamo(node[3])}
    if node[0] == "exists":
        return f"attribute_exists({where})", {}
    if node[0] == "size":
        return f"size({where}) {node[2]} :v", {":v": to_dynamo(node[3])}
    return f"begins_with({where}, :v)", {":v": to_dynamo(node[2])}


@SETTINGS
@given(st.lists(documents, min_size=1, max_size=6), conditions)
def test_filters_on_document_paths_keep_what_the_model_keeps(rows: list[dict[str, Any]], condition: Any) -> None:
    engine = fresh()
    for n, row in enumerate(rows):
        item = {"p": {"S": "x"}, "s": {"N": str(n)}, **{k: dynamo(v) for k, v in row.items()}}
        assert engine.handle("PutItem", {"TableName": TABLE, "Item": item})[0] == 200
    expression, values = render(condition)
    status, found = engine.handle("Scan", {"TableName": TABLE, "FilterExpression": expression, **({"ExpressionAttributeValues": values} if values else {})})
    assert status == 200, (expression, found)
    assert sorted(int(i["s"]["N"]) for i in found["Items"]) == [n for n, row in enumerate(rows) if model(condition, row)], expression


updates = st.lists(
    st.one_of(
        st.tuples(st.just("SET"), st.sampled_from(PATHS), scalars),
        st.tuples(st.just("REMOVE"), st.sampled_from(PATHS)),
    ),
    min_size=1,
    max_size=6,
)


def apply(item: dict[str, Any], action: Any) -> str | None:
    """The model's update of ``item`` in place; the error DynamoDB gives instead, if any."""
    *parents, last = action[1]
    container = resolve(item, tuple(parents))
    if action[0] == "REMOVE":
        if isinstance(last, int) and isinstance(container, list):
            if last < len(container):
                del container[last]
        elif isinstance(last, str) and isinstance(container, dict):
            container.pop(last, None)
        elif parents:
            return "ValidationException"  # inside a missing attribute, or one that is no map or list
        return None
    if isinstance(last, int):
        if not isinstance(container, list):
            return "ValidationException"
        if last < len(container):
            container[last] = action[2]
        else:
            container.append(action[2])  # past the end: appended
        return None
    if not isinstance(container, dict):
        return "ValidationException"
    container[last] = action[2]
    return None


@SETTINGS
@given(documents, updates)
def test_updates_through_document_paths_leave_what_the_model_leaves(start: dict[str, Any], actions: list[Any]) -> None:
    engine = fresh()
    assert engine.handle("PutItem", {"TableName": TABLE, "Item": {**KEY, **{k: dynamo(v) for k, v in start.items()}}})[0] == 200
    expected: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in start.items()}
    for action in actions:
        expression = f"{action[0]} {text(action[1])}" + (" = :v" if action[0] == "SET" else "")
        body: dict[str, Any] = {"TableName": TABLE, "Key": KEY, "UpdateExpression": expression}
        if action[0] == "SET":
            body["ExpressionAttributeValues"] = {":v": to_dynamo(action[2])}
        status, answer = engine.handle("UpdateItem", body)
        refused = apply(expected, action)
        if refused is not None:
            assert status == 400 and answer["__type"].endswith(refused), (expression, answer)
        else:
            assert status == 200, (expression, answer)
    stored = engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]
    assert {k: plain(v) for k, v in stored.items() if k not in KEY} == expected
