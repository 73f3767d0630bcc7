"""Lambda duration under an assumed AWS-side latency per call. Pure.

Offline, a handler's DynamoDB and ``@connections`` calls return in well under a millisecond;
on AWS each one waits for the network. This adds ``ms_per_call`` of billed duration for every
AWS call a run made (Lambda rounds each invocation up to the millisecond, and whole
milliseconds added to it round the same way, so adding them to the billed total is exact).
The calls are charged at the memory of the functions that ran, weighted by invocations.
"""

from __future__ import annotations

from typing import Any

from wrapper.config import ProjectConfig
from wrapper.cost import prices


def aws_calls(metrics: dict[str, Any]) -> int:
    """DynamoDB requests plus ``@connections`` calls in one set of counters."""
    return int(sum(metrics["dynamodb_requests"].values()) + sum(metrics["management_calls"].values()))


def added_cost(config: ProjectConfig, metrics: dict[str, Any], ms_per_call: float) -> float:
    """Dollars of Lambda duration that ``ms_per_call`` of waiting per AWS call adds to these counters."""
    runs = {name: f["invocations"] for name, f in metrics["functions"].items() if name in config.functions and f["invocations"]}
    if not runs:
        return 0.0
    gb = sum(config.functions[name].memory / 1024 * n for name, n in runs.items()) / sum(runs.values())
    return float(aws_calls(metrics) * ms_per_call / 1000 * gb * prices.LAMBDA_GB_SECOND[config.architecture])
