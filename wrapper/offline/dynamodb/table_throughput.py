"""A table's on-demand limits and warm throughput (OnDemandThroughput, WarmThroughput), kept and described.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_OnDemandThroughput.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_WarmThroughput.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableWarmThroughputDescription.html
Offline nothing is throttled or pre-warmed: the values only come back as DynamoDB describes them, and
an increase is ACTIVE at once. Only what a request gave is described (the defaults DynamoDB would
describe for a table that never named them are not documented as fixed numbers).
The message texts are DynamoDB's, as its answers are recorded in public conformance notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb.errors import DynamoError, validation

UNLIMITED = -1  # an on-demand limit of -1: none (and, in UpdateTable, a limit removed)
_INVALID = "One or more parameter values were invalid: "
_ON_DEMAND = ("MaxReadRequestUnits", "MaxWriteRequestUnits")
_WARM = ("ReadUnitsPerSecond", "WriteUnitsPerSecond")


@dataclass
class Throughput:
    on_demand: dict[str, int] | None = None
    warm: dict[str, int] | None = None

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.on_demand is not None:
            out["OnDemandThroughput"] = dict(self.on_demand)
        if self.warm is not None:
            out["WarmThroughput"] = {**self.warm, "Status": "ACTIVE"}
        return out


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DynamoError("SerializationException", f"{name} must be a number")
    return value


def _structure(spec: Any, name: str) -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise DynamoError("SerializationException", f"{name} must be a structure")
    return spec


def parse_on_demand(spec: Any, billing: str, current: dict[str, int] | None, updating: bool) -> dict[str, int]:
    """On-demand limits: on a PAY_PER_REQUEST table only; each at least 1, or -1 for none (on UpdateTable, -1 removes one)."""
    given = _structure(spec, "OnDemandThroughput")
    limits = dict(current or dict.fromkeys(_ON_DEMAND, UNLIMITED))
    for name in _ON_DEMAND:
        if given.get(name) is None:
            continue
        value = _whole(given[name], name)
        if billing != "PAY_PER_REQUEST":
            raise validation(_INVALID + f"{name} for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED")
        if value < 1 and not (updating and value == UNLIMITED):
            raise validation(_INVALID + f"Requested {name} for OnDemandThroughput for table is outside of valid range")
        limits[name] = value
    return limits


def parse_warm(spec: Any, current: dict[str, int] | None) -> dict[str, int]:
    """Warm throughput only grows: DynamoDB refuses a decrease."""
    given = _structure(spec, "WarmThroughput")
    warm = dict(current or {})
    for name in _WARM:
        if given.get(name) is None:
            continue
        value = _whole(given[name], name)
        if value < 1:
            raise validation(
                f"1 validation error detected: Value '{value}' at 'warmThroughput.{name[0].lower()}{name[1:]}' failed to satisfy "
                "constraint: Member must have value greater than or equal to 1"
            )
        if current is not None and value < current.get(name, 0):
            raise validation(
                _INVALID
                + f"Requested {name} for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported"
            )
        warm[name] = value
    return warm


def from_create(request: dict[str, Any], billing: str) -> Throughput:
    throughput = Throughput()
    if request.get("OnDemandThroughput") is not None:
        throughput.on_demand = parse_on_demand(request["OnDemandThroughput"], billing, None, updating=False)
    if request.get("WarmThroughput") is not None:
        throughput.warm = parse_warm(request["WarmThroughput"], None)
    return throughput


def check_update(request: dict[str, Any], others: list[str]) -> None:
    """How these combine with the rest of an UpdateTable request (``others``: every member it changes)."""
    if request.get("WarmThroughput") is not None and len(others) > 1:
        raise validation(_INVALID + "WarmThroughput must be the only operation in the request")
    if request.get("OnDemandThroughput") is not None and set(others) - {"OnDemandThroughput", "BillingMode"}:
        raise validation(_INVALID + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request")


def planned(throughput: Throughput, request: dict[str, Any], billing: str) -> Throughput:
    """The table's values after the request, checked; nothing is changed until the caller stores them."""
    after = Throughput(throughput.on_demand, throughput.warm)
    if request.get("OnDemandThroughput") is not None:
        after.on_demand = parse_on_demand(request["OnDemandThroughput"], billing, throughput.on_demand, updating=True)
    elif billing != "PAY_PER_REQUEST":
        after.on_demand = None  # a provisioned table has no on-demand limits
    if request.get("WarmThroughput") is not None:
        after.warm = parse_warm(request["WarmThroughput"], throughput.warm)
    return after
