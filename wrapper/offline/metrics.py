"""Counters of what the offline stack did, in the units AWS bills.

API Gateway bills messages in 32 KB units (in and out) and connection minutes;
Lambda bills requests and GB-seconds; DynamoDB bills request units by item size.
``wrapper cost`` turns these counters into money.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

MESSAGE_UNIT = 32 * 1024
HTTP_REQUEST_UNIT = 512 * 1024  # HTTP APIs meter each request in 512 KB increments


def message_units(size: int) -> int:
    return max(1, math.ceil(size / MESSAGE_UNIT))


@dataclass
class FunctionStats:
    invocations: int = 0
    errors: int = 0
    timeouts: int = 0
    cold_starts: int = 0
    duration_ms: float = 0.0
    billed_ms: int = 0  # Lambda bills each invocation's duration rounded up to the next millisecond


@dataclass
class Metrics:
    started: float = field(default_factory=time.monotonic)
    messages_in: int = 0
    messages_out: int = 0
    message_units_in: int = 0
    message_units_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    http_requests: int = 0
    http_request_units: int = 0
    connections_opened: int = 0
    connections_closed: int = 0
    connection_seconds_closed: float = 0.0
    management_calls: Counter[str] = field(default_factory=Counter)
    functions: defaultdict[str, FunctionStats] = field(default_factory=lambda: defaultdict(FunctionStats))
    dynamodb_requests: Counter[str] = field(default_factory=Counter)
    dynamodb_read_units: float = 0.0
    dynamodb_write_units: float = 0.0
    _open_since: dict[str, float] = field(default_factory=dict, repr=False)

    def message_in(self, size: int) -> None:
        self.messages_in += 1
        self.message_units_in += message_units(size)
        self.bytes_in += size

    def message_out(self, size: int) -> None:
        self.messages_out += 1
        self.message_units_out += message_units(size)
        self.bytes_out += size

    def http_request(self, size: int) -> None:
        """One request the HTTP API metered (every request API Gateway answers, errors and preflights too)."""
        self.http_requests += 1
        self.http_request_units += max(1, math.ceil(size / HTTP_REQUEST_UNIT))

    def opened(self, connection_id: str) -> None:
        self.connections_opened += 1
        self._open_since[connection_id] = time.monotonic()

    def closed(self, connection_id: str) -> None:
        since = self._open_since.pop(connection_id, None)
        if since is not None:
            self.connections_closed += 1
            self.connection_seconds_closed += time.monotonic() - since

    def connection_seconds(self) -> float:
        now = time.monotonic()
        return self.connection_seconds_closed + sum(now - t for t in self._open_since.values())

    def invocation(self, function: str, duration_ms: float, *, ok: bool, timed_out: bool, cold: bool) -> None:
        stats = self.functions[function]
        stats.invocations += 1
        stats.duration_ms += duration_ms
        stats.billed_ms += max(1, math.ceil(duration_ms))
        stats.errors += 0 if ok else 1
        stats.timeouts += 1 if timed_out else 0
        stats.cold_starts += 1 if cold else 0

    def dynamodb(self, operation: str, read_units: float, write_units: float) -> None:
        self.dynamodb_requests[operation] += 1
        self.dynamodb_read_units += read_units
        self.dynamodb_write_units += write_units

    def as_dict(self) -> dict[str, Any]:
        return {
            "elapsed_seconds": time.monotonic() - self.started,
            "messages_in": self.messages_in,
            "messages_out": self.messages_out,
            "message_units_in": self.message_units_in,
            "message_units_out": self.message_units_out,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "http_requests": self.http_requests,
            "http_request_units": self.http_request_units,
            "connections_opened": self.connections_opened,
            "connections_closed": self.connections_closed,
            "connection_seconds": self.connection_seconds(),
            "management_calls": dict(self.management_calls),
            "functions": {name: vars(stats).copy() for name, stats in self.functions.items()},
            "dynamodb_requests": dict(self.dynamodb_requests),
            "dynamodb_read_units": self.dynamodb_read_units,
            "dynamodb_write_units": self.dynamodb_write_units,
        }


def difference(later: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """``later - earlier`` for two ``Metrics.as_dict()`` snapshots: what happened in between."""
    out: dict[str, Any] = {}
    for key, value in later.items():
        before = earlier.get(key)
        if isinstance(value, dict):
            out[key] = difference(value, before if isinstance(before, dict) else {})
        elif isinstance(value, int | float):
            out[key] = value - (before if isinstance(before, int | float) else 0)
        else:
            out[key] = value
    return out
