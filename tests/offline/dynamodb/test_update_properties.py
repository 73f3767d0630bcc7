"""Generated update expressions against a model of DynamoDB's update rules, on plain Python values.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
Each generated action touches its own attribute (DynamoDB refuses overlapping paths).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.offline.dynamodb.test_properties import SETTINGS, TABLE, fresh, small_numbers

update_actions = st.lists(
    st.one_of(
        st.tuples(st.just("set"), small_numbers),
        st.tuples(st.just("increment"), small_numbers),
        st.tuples(st.just("remove")),
        st.tuples(st.just("add_number"), small_numbers),
        st.tuples(st.just("add_set"), st.sets(st.sampled_from("xyz"), min_size=1)),
        st.tuples(st.just("delete_set"), st.sets(st.sampled_from("xyz"), min_size=1)),
        st.tuples(st.just("append"), st.lists(small_numbers, min_size=1, max_size=2)),
    ),
    min_size=1,
    max_size=5,
)
start_values = st.fixed_dictionaries(
    {}, optional={"n0": small_numbers, "n1": small_numbers, "n2": small_numbers, "n3": small_numbers, "n4": small_numbers}
)


def _dynamo_value(value: Any) -> dict[str, Any]:
    if isinstance(value, Decimal):
        return {"N": str(value)}
    if isinstance(value, frozenset):
        return {"SS": sorted(value)}
    return {"L": [{"N": str(x)} for x in value]}


def _model_update(item: dict[str, Any], actions: list[Any]) -> dict[str, Any] | str:
    """The item after the actions, or the error DynamoDB gives."""
    new = dict(item)
    for index, action in enumerate(actions):
        name, old = f"n{index}", item.get(f"n{index}")
        kind = action[0]
        if kind == "set":
            new[name] = action[1]
        elif kind == "increment":
            if old is None:
                return "ValidationException"  # the attribute the expression reads does not exist
            new[name] = old + action[1]
        elif kind == "remove":
            new.pop(name, None)
        elif kind == "add_number":
            new[name] = (old or Decimal(0)) + action[1]
        elif kind in ("add_set", "delete_set"):
            if old is not None and not isinstance(old, frozenset):
                return "ValidationException"  # a number where a set is needed
            current = old or frozenset()
            changed = current | action[1] if kind == "add_set" else current - action[1]
            if changed:
                new[name] = frozenset(changed)
            else:
                new.pop(name, None)
        else:
            if old is not None and not isinstance(old, list):
                return "ValidationException"
            new[name] = list(old or []) + action[1]
    return new


def _render_update(actions: list[Any]) -> tuple[str, dict[str, Any]]:
    sections: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
    values: dict[str, Any] = {}
    for index, action in enumerate(actions):
        name, placeholder = f"n{index}", f":v{index}"
        kind = action[0]
        if kind == "set":
            sections["SET"].append(f"{name} = {placeholder}")
        elif kind == "increment":
            sections["SET"].append(f"{name} = {name} + {placeholder}")
        elif kind == "remove":
            sections["REMOVE"].append(name)
            continue
        elif kind == "add_number" or kind == "add_set":
            sections["ADD"].append(f"{name} {placeholder}")
        elif kind == "delete_set":
            sections["DELETE"].append(f"{name} {placeholder}")
        else:
            sections["SET"].append(f"{name} = list_append(if_not_exists({name}, :empty), {placeholder})")
            values[":empty"] = {"L": []}
        raw = action[1]
        values[placeholder] = _dynamo_value(frozenset(raw) if isinstance(raw, set) else raw)
    text = " ".join(f"{section} {', '.join(parts)}" for section, parts in sections.items() if parts)
    return text, values


def _plain(value: dict[str, Any]) -> Any:
    if "N" in value:
        return Decimal(value["N"])
    if "SS" in value:
        return frozenset(value["SS"])
    return [Decimal(x["N"]) for x in value["L"]]


@SETTINGS
@given(start_values, update_actions)
def test_updates_do_what_the_model_does_or_refuse_with_nothing_written(start: dict[str, Any], actions: list[Any]) -> None:
    engine = fresh()
    key = {"p": {"S": "u"}, "s": {"N": "1"}}
    engine.handle("PutItem", {"TableName": TABLE, "Item": {**key, **{k: _dynamo_value(v) for k, v in start.items()}}})
    before = engine.dump()
    text, values = _render_update(actions)
    body = {"TableName": TABLE, "Key": key, "UpdateExpression": text, "ReturnValues": "ALL_NEW"}
    status, answer = engine.handle("UpdateItem", {**body, **({"ExpressionAttributeValues": values} if values else {})})
    expected = _model_update(start, actions)
    if isinstance(expected, str):
        assert status == 400 and answer["__type"].endswith(expected), (text, answer)
        assert engine.dump() == before
        return
    assert status == 200, (text, answer)
    got = {k: _plain(v) for k, v in answer["Attributes"].items() if k not in key}
    assert got == expected, text
