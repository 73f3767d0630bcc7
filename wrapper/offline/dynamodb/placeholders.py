"""What an expression may name: its ``#name``/``:value`` placeholders (all of which must be used) and DynamoDB's reserved words.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html and
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from wrapper.offline.dynamodb.errors import validation


@cache
def reserved_words() -> frozenset[str]:
    text = resources.files("wrapper.offline.dynamodb").joinpath("reserved_words.txt").read_text()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class Placeholders:
    names: dict[str, str]
    values: dict[str, Any]
    used_names: set[str] = field(default_factory=set)
    used_values: set[str] = field(default_factory=set)

    def check_all_used(self) -> None:
        unused_values = sorted(set(self.values) - self.used_values)
        if unused_values:
            raise validation(f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{', '.join(unused_values)}}}")
        unused_names = sorted(set(self.names) - self.used_names)
        if unused_names:
            raise validation(f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{', '.join(unused_names)}}}")
