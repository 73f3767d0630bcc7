"""A request DynamoDB refuses, as ``test_rules`` (the error code) and ``test_messages`` (the words) list them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Refused:
    name: str  # what is wrong with the request, as the test id
    operation: str
    body: dict[str, Any]
