"""CreateTable requests written the short way: ``table("scores", ("game", "S"), ("score", "N"))``.

Keys are ``(attribute, type)``; the attribute definitions are the table's keys and then ``indexed``
(the other attributes its indexes are keyed on), as DynamoDB wants every key attribute defined once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Key = tuple[str, str]


def key_schema(hash_key: str, range_key: str | None = None) -> list[dict[str, str]]:
    return [{"AttributeName": hash_key, "KeyType": "HASH"}, *([{"AttributeName": range_key, "KeyType": "RANGE"}] if range_key else [])]


def index(name: str, hash_key: str, range_key: str | None = None, projection: str = "ALL") -> dict[str, Any]:
    return {"IndexName": name, "KeySchema": key_schema(hash_key, range_key), "Projection": {"ProjectionType": projection}}


def table(name: str, hash_key: Key, range_key: Key | None = None, *, indexed: Mapping[str, str] = {}, **extra: Any) -> dict[str, Any]:
    keys = dict([hash_key, *([range_key] if range_key else [])])
    return {
        "TableName": name,
        "KeySchema": key_schema(hash_key[0], range_key[0] if range_key else None),
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in {**keys, **indexed}.items()],
        **extra,
        "BillingMode": "PAY_PER_REQUEST",
    }
