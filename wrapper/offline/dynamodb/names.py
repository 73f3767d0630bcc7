"""The rule every attribute name obeys, wherever a request gives one: 1 to 65,535 bytes of UTF-8.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes
(the page says 64 KB; DynamoDB refuses 65,536 bytes itself, which ExtendDB's issue #365 measured against
the service along with the too-large message). The empty-name words are ours beyond the "Empty attribute
name" DynamoDB is known to answer with (Alternator's test_limits.py, run against DynamoDB).
"""

from __future__ import annotations

from wrapper.offline.dynamodb.errors import validation

MAX_NAME_BYTES = 65_535
_INVALID = "One or more parameter values were invalid: "


def checked_name(name: str, where: str = "", may_be_empty: bool = False) -> str:
    """``where``: the placeholder a name came from, for the message; ``may_be_empty``: a key inside a map."""
    if not name and not may_be_empty:
        raise validation(f"ExpressionAttributeNames contains invalid value: Empty attribute name for key {where}" if where else _INVALID + "Empty attribute name")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise validation(f"1 validation error detected: Attribute name is too large, must be less than {MAX_NAME_BYTES + 1} bytes")
    return name
