"""DynamoDB request units from request and response bodies, for metering offline traffic.

Item size follows DynamoDB's rule closely enough for cost estimates: attribute
names plus values (strings by UTF-8 length, binaries by their bytes, numbers ~ their digits,
nested values summed). Writes: 1 WRU per KB of item; strongly consistent reads: 1 RRU
per 4 KB (half for eventually consistent); queries sum the items returned.
A conditional write whose condition fails is billed too: by the size of the
item it found (at least 1 WRU).
"""

from __future__ import annotations

import json
import math
from typing import Any

WRITE_OPS = {"PutItem", "UpdateItem", "DeleteItem"}
READ_ITEM_OPS = {"GetItem"}
READ_MANY_OPS = {"Query", "Scan"}


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    (kind, inner), *_ = value.items()
    if kind == "S":
        return len(str(inner).encode())
    if kind == "B":
        return _binary_size(inner)
    if kind == "N":
        return _number_size(str(inner))
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "M":
        return 3 + item_size(inner)
    if kind == "L":
        return 3 + sum(_value_size(v) + 1 for v in inner)
    if kind == "BS":
        return sum(_binary_size(v) for v in inner)
    if kind in {"SS", "NS"}:
        return sum(len(str(v).encode()) for v in inner)
    return len(json.dumps(inner))


def _number_size(text: str) -> int:
    """1 byte per two significant digits (leading and trailing zeros trimmed, the exponent free) and 1 more
    (HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number); a negative number takes one more byte."""
    negative = text.startswith("-")
    mantissa = text.lstrip("-").lower().split("e", 1)[0].replace(".", "").strip("0")
    return (len(mantissa) + 1) // 2 + 1 + (1 if negative else 0)


def _binary_size(encoded: Any) -> int:
    """A binary value counts its bytes, not the base64 text the JSON request carries them in."""
    if isinstance(encoded, bytes):
        return len(encoded)
    text = str(encoded)
    return len(text) * 3 // 4 - (len(text) - len(text.rstrip("=")))


def failed_write_units(operation: str, error: dict[str, Any]) -> float:
    """Write units of a conditional write DynamoDB refused (0 for any other error, which is not billed)."""
    if operation not in WRITE_OPS or not str(error.get("__type", "")).endswith("ConditionalCheckFailedException"):
        return 0.0
    return float(max(1, math.ceil(item_size(error.get("Item") or {}) / 1024)))


def request_units(operation: str, request: dict[str, Any], response: dict[str, Any]) -> tuple[float, float]:
    """(read units, write units) one successful DynamoDB call consumed."""
    consistent = bool(request.get("ConsistentRead"))
    factor = 1.0 if consistent else 0.5
    if operation in WRITE_OPS:
        item = request.get("Item") or response.get("Attributes") or request.get("Key") or {}
        return 0.0, float(max(1, math.ceil(item_size(item) / 1024)))
    if operation in READ_ITEM_OPS:
        size = item_size(response.get("Item") or {})
        return factor * max(1, math.ceil(size / 4096)), 0.0
    if operation in READ_MANY_OPS:
        size = sum(item_size(i) for i in response.get("Items", []))
        return factor * max(1, math.ceil(size / 4096)), 0.0
    if operation == "BatchWriteItem":
        writes = sum(
            max(1, math.ceil(item_size(r.get("PutRequest", {}).get("Item") or r.get("DeleteRequest", {}).get("Key", {})) / 1024))
            for requests in request.get("RequestItems", {}).values()
            for r in requests
        )
        return 0.0, float(writes)
    if operation == "BatchGetItem":
        reads = sum(factor * max(1, math.ceil(item_size(i) / 4096)) for items in response.get("Responses", {}).values() for i in items)
        return reads, 0.0
    return 0.0, 0.0
