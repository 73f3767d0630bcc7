"""TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags: a table's tags, under DynamoDB's rules.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions
At most 50 tags a table; keys of 1 to 128 characters, values of 0 to 256, both letters, digits,
white space and ``+ - = . _ : / @`` only; the ``aws:`` prefix is AWS's. Only a table's ARN can be
tagged, not an index's or a stream's; a well-formed ARN of a table that does not exist is a
ResourceNotFoundException (Alternator's test_tag.py, which runs against DynamoDB, checks each rule).
Tag and Untag answer with an empty body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wrapper.offline.dynamodb.errors import not_found, validation
from wrapper.offline.dynamodb.tables import Table

MAX_TAGS = 50
MAX_KEY = 128
MAX_VALUE = 256
EMPTY_ANSWERS = frozenset({"TagResource", "UntagResource"})
_ALLOWED = re.compile(r"[\w\s+\-=.:/@]*")  # \w: Unicode letters, digits and _
_INVALID = "One or more parameter values were invalid: "
_TABLE_ARN = re.compile(r"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table/([a-zA-Z0-9_.-]{3,255})")
Lookup = Callable[[str], Table | None]


def table_of(arn: Any, lookup: Lookup) -> Table:
    """The table an ARN names; a ValidationException for anything that is not a table's ARN."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        raise validation(f"Invalid TableArn: ARNs must start with 'arn:': {arn}")
    found = _TABLE_ARN.fullmatch(arn)
    if found is None:
        # AWS's words, as Alternator's test_tag.py quotes them for an index's ARN
        raise validation(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    table = lookup(found.group(1))
    if table is None or table.arn != arn:
        raise not_found()
    return table


def checked(tags: Any, current: dict[str, str] | None = None) -> dict[str, str]:
    """``current`` with ``tags`` set on it; a ValidationException, and nothing changed, for any rule broken."""
    if not isinstance(tags, list) or not tags:
        raise validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
    merged = dict(current or {})
    for at, tag in enumerate(tags, start=1):
        key, value = (tag.get("Key"), tag.get("Value")) if isinstance(tag, dict) else (None, None)
        if not isinstance(key, str) or not isinstance(value, str):
            raise validation(f"1 validation error detected: Value null at 'tags.{at}.member.{'key' if key is None else 'value'}' failed to satisfy constraint: Member must not be null")
        for part, text, low, high in (("key", key, 1, MAX_KEY), ("value", value, 0, MAX_VALUE)):
            if not low <= len(text) <= high or not _ALLOWED.fullmatch(text):
                raise validation(
                    f"1 validation error detected: Value '{text}' at 'tags.{at}.member.{part}' failed to satisfy constraint: "
                    f"Member must have length between {low} and {high} and satisfy regular expression pattern: ^([\\p{{L}}\\p{{Z}}\\p{{N}}_.:/=+\\-@]*)$"
                )
        if key.startswith("aws:"):
            raise validation(_INVALID + "The aws: prefix is reserved for AWS use in tag keys")
        merged[key] = value
    if len(merged) > MAX_TAGS:
        raise validation(_INVALID + f"Too many tags attached to the resource: at most {MAX_TAGS}")
    return merged


class Tagging:
    """The three tag operations over the engine's tables."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def tag(self, body: dict[str, Any]) -> dict[str, Any]:
        table = table_of(body.get("ResourceArn"), self.lookup)
        table.tags = checked(body.get("Tags"), table.tags)
        return {}

    def untag(self, body: dict[str, Any]) -> dict[str, Any]:
        table = table_of(body.get("ResourceArn"), self.lookup)
        keys = body.get("TagKeys")
        if not isinstance(keys, list) or not keys:
            raise validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
        table.tags = {k: val for k, val in table.tags.items() if k not in keys}
        return {}

    def list(self, body: dict[str, Any]) -> dict[str, Any]:
        table = table_of(body.get("ResourceArn"), self.lookup)
        return {"Tags": [{"Key": k, "Value": val} for k, val in table.tags.items()]}
