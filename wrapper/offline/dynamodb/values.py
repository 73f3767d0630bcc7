"""Attribute values in DynamoDB's JSON form (``{"S": "x"}``, ``{"N": "1.5"}``, ...): checks, order, paths.

Numbers are compared as decimals and stored in canonical form ("1.50" comes back as
"1.5"), binary values as the bytes their base64 encodes, strings by their UTF-8 bytes:
the order DynamoDB uses for sort keys.
"""

from __future__ import annotations

import base64
import copy
from decimal import Decimal
from typing import Any

from wrapper.offline.dynamodb import numbers
from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.names import checked_name
from wrapper.offline.dynamodb.tree import Path

Value = dict[str, Any]
Item = dict[str, Value]

_SET_NAMES = {"SS": "string", "NS": "number", "BS": "binary"}
_KINDS = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}


TYPE_CODES = ("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M")


def type_name(kind: str) -> str:
    """A type as DynamoDB's operand-type messages name it."""
    return {"S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL", "M": "MAP", "L": "LIST"}.get(kind, kind)


def kind(value: Value) -> str:
    return next(iter(value))


def shown(value: Value) -> str:
    """A value as DynamoDB's messages print it: ``{N:3}``."""
    (code, inner), *_ = value.items()
    return f"{{{code}:{inner}}}"


def number(text: object) -> Decimal:
    return numbers.parse(text)


def canonical_number(value: Decimal) -> str:
    return numbers.canonical(value)


def arithmetic(a: Decimal, b: Decimal, op: str) -> str:
    return numbers.arithmetic(a, b, op)


MAX_DEPTH = 32  # nested maps and lists (ServiceQuotas.html, "Nested attribute depth")


def checked(value: Any, where: str = "", depth: int = 0) -> Value:
    """A well-formed attribute value, numbers in canonical form; DynamoDB's ValidationException otherwise.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
    """
    if not isinstance(value, dict) or len(value) != 1 or kind(value) not in _KINDS:
        raise validation(f"Supplied AttributeValue is empty, must contain exactly one of the supported datatypes{where}")
    (name, inner), *_ = value.items()
    if name == "N":
        return {"N": canonical_number(number(inner))}
    if name in ("S", "B"):
        if not isinstance(inner, str | bytes):
            raise validation(f"Supplied AttributeValue has an invalid {name} value: it must be a string{where}")
        if name == "B" and isinstance(inner, str):
            _bytes(inner)
        return {name: inner}
    if name == "BOOL":
        if not isinstance(inner, bool):
            raise validation("One or more parameter values were invalid: BOOL attribute value types must be true or false")
        return {name: inner}
    if name == "NULL":
        if inner is not True:
            raise validation("One or more parameter values were invalid: Null attribute value types must have the value of true")
        return {name: True}
    if name in _SET_NAMES:
        if not isinstance(inner, list) or not inner:
            raise validation(f"One or more parameter values were invalid: An {_SET_NAMES[name]} set  may not be empty")
        elements = [checked({name[0]: x}, where)[name[0]] for x in inner]
        idents = [_bytes(x) if name == "BS" else x for x in elements]
        if len(set(idents)) != len(idents):
            raise validation("One or more parameter values were invalid: Input collection contains duplicates")
        return {name: elements}
    if depth >= MAX_DEPTH:
        raise validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit")
    if name == "M":
        if not isinstance(inner, dict):
            raise validation(f"Supplied AttributeValue has an invalid M value: it must be a map{where}")
        return {"M": {checked_name(k, may_be_empty=True): checked(v, where, depth + 1) for k, v in inner.items()}}
    if not isinstance(inner, list):
        raise validation(f"Supplied AttributeValue has an invalid L value: it must be a list{where}")
    return {"L": [checked(v, where, depth + 1) for v in inner]}


def checked_item(item: Any) -> Item:
    if not isinstance(item, dict):
        raise validation("One or more parameter values were invalid: the item must be a map")
    return {checked_name(name): checked(value) for name, value in item.items()}


def order_key(value: Value) -> Any:
    """Sort order of a key value (S, N or B)."""
    name = kind(value)
    if name == "N":
        return number(value["N"])
    if name == "B":
        return _bytes(value["B"])
    return str(value[name]).encode("utf-8")


def _bytes(encoded: Any) -> bytes:
    if isinstance(encoded, bytes):
        return encoded
    # DynamoDB refuses bad base64 while reading the request, before any rule: SerializationException
    # (its words as dynalite's tests, written against DynamoDB, assert them).
    if isinstance(encoded, str) and len(encoded) % 4:
        raise DynamoError("SerializationException", f"Base64 encoded length is expected a multiple of 4 bytes but found: {len(encoded)}")
    try:
        return base64.b64decode(encoded, validate=True)
    except (ValueError, TypeError):
        raise DynamoError("SerializationException", "Invalid last non-pad Base64 character dectected") from None


def equal(a: Value | None, b: Value | None) -> bool:
    if a is None or b is None or kind(a) != kind(b):
        return False
    name = kind(a)
    if name == "N":
        return number(a["N"]) == number(b["N"])
    if name == "B":
        return _bytes(a["B"]) == _bytes(b["B"])
    if name == "NS":
        return {number(x) for x in a["NS"]} == {number(x) for x in b["NS"]}
    if name == "BS":
        return {_bytes(x) for x in a["BS"]} == {_bytes(x) for x in b["BS"]}
    if name == "SS":
        return set(a["SS"]) == set(b["SS"])
    if name == "M":
        return a["M"].keys() == b["M"].keys() and all(equal(v, b["M"][k]) for k, v in a["M"].items())
    if name == "L":
        return len(a["L"]) == len(b["L"]) and all(equal(x, y) for x, y in zip(a["L"], b["L"], strict=True))
    return bool(a[name] == b[name])


def ordered(a: Value | None, b: Value | None) -> tuple[Any, Any] | None:
    """Both as comparable keys when they are the same scalar type (S, N or B); None otherwise."""
    if a is None or b is None or kind(a) != kind(b) or kind(a) not in ("S", "N", "B"):
        return None
    return order_key(a), order_key(b)


def size(value: Value | None) -> Value | None:
    if value is None:
        return None
    name = kind(value)
    if name == "S":
        return {"N": str(len(value["S"]))}
    if name == "B":
        return {"N": str(len(_bytes(value["B"])))}
    if name in ("SS", "NS", "BS", "L", "M"):
        return {"N": str(len(value[name]))}
    return None


def get(item: Item, path: Path) -> Value | None:
    head = path[0]
    current = item.get(head) if isinstance(head, str) else None
    for part in path[1:]:
        if current is None:
            return None
        if isinstance(part, int):
            elements = current.get("L")
            current = elements[part] if elements is not None and part < len(elements) else None
        else:
            members = current.get("M")
            current = members.get(part) if members is not None else None
    return current


def put(item: Item, path: Path, value: Value) -> None:
    """Set ``path`` to ``value``; the parent must exist (DynamoDB does not create intermediate maps)."""
    if len(path) == 1:
        item[str(path[0])] = value
        return
    parent = get(item, path[:-1])
    last = path[-1]
    if isinstance(last, int) and parent is not None and "L" in parent:
        elements = parent["L"]
        if last < len(elements):
            elements[last] = value
        else:
            elements.append(value)
        return
    if isinstance(last, str) and parent is not None and "M" in parent:
        parent["M"][last] = value
        return
    raise validation("The document path provided in the update expression is invalid for update")


def remove(item: Item, path: Path) -> None:
    if len(path) == 1:
        item.pop(str(path[0]), None)
        return
    parent = get(item, path[:-1])
    last = path[-1]
    if parent is None:  # REMOVE inside a missing attribute is refused, as inside one that is no map or list
        raise validation("The document path provided in the update expression is invalid for update")
    if isinstance(last, int) and "L" in parent:
        if last < len(parent["L"]):
            del parent["L"][last]
    elif isinstance(last, str) and "M" in parent:
        parent["M"].pop(last, None)
    else:
        raise validation("The document path provided in the update expression is invalid for update")


def project(item: Item, paths: list[Path]) -> Item:
    """Only the given paths, nested values rebuilt around them (list elements keep their relative order)."""
    out: Item = {}
    for path in sorted(paths, key=lambda p: tuple((isinstance(x, int), x) for x in p)):
        value = get(item, path)
        if value is None:
            continue
        _graft(out, item, path, copy.deepcopy(value))
    return out


def _graft(out: Item, source: Item, path: Path, value: Value) -> None:
    if len(path) == 1:
        out[str(path[0])] = value
        return
    head = str(path[0])
    template = source[head]
    node = out.setdefault(head, {kind(template): {} if kind(template) == "M" else []})
    for depth, part in enumerate(path[1:], start=1):
        last = depth == len(path) - 1
        if isinstance(part, int):
            elements = node["L"]
            if last:
                elements.append(value)
                return
            child_template = get(source, path[: depth + 1])
            assert child_template is not None
            node = {kind(child_template): {} if kind(child_template) == "M" else []}
            elements.append(node)
        else:
            members = node["M"]
            if last:
                members[part] = value
                return
            child_template = get(source, path[: depth + 1])
            assert child_template is not None
            node = members.setdefault(part, {kind(child_template): {} if kind(child_template) == "M" else []})
