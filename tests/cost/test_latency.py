"""Lambda duration under an assumed AWS latency: calls x milliseconds x memory x price."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.cost import prices
from wrapper.cost.latency import added_cost, aws_calls


def test_each_call_adds_its_milliseconds_at_the_memory_that_ran(tmp_path: Path) -> None:
    config = load_config(scaffold(tmp_path / "world", service="world"), "dev", env={})
    play = config.routes["pose"]
    metrics = {
        "dynamodb_requests": {"UpdateItem": 30, "Query": 10},
        "management_calls": {"post": 60},
        "functions": {play: {"invocations": 40}},
    }
    assert aws_calls(metrics) == 100
    gb = config.functions[play].memory / 1024
    assert added_cost(config, metrics, 10) == pytest.approx(100 * 0.010 * gb * prices.LAMBDA_GB_SECOND[config.architecture])
    assert added_cost(config, metrics, 0) == 0
    assert added_cost(config, {**metrics, "functions": {}}, 10) == 0
