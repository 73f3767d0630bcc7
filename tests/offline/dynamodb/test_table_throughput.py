"""On-demand limits and warm throughput on the embedded DynamoDB (table_throughput.py).

Each row cites the DynamoDB page that states the rule; message texts are DynamoDB's own answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.dynamodb.schemas import table
from tests.offline.dynamodb.test_table_settings import API, DESCRIPTION, INVALID, NAME, UPDATE, create, refusal

ON_DEMAND, WARM = API + "API_OnDemandThroughput.html", API + "API_WarmThroughput.html"


@pytest.mark.parametrize(
    ("given", "described"),
    [
        ({"MaxReadRequestUnits": 100}, {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1}),  # -1: no limit
        ({"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}, {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}),
    ],
)
def test_on_demand_limits_are_kept_and_described(ours: Any, given: dict[str, int], described: dict[str, int]) -> None:
    assert create(ours, OnDemandThroughput=given)["OnDemandThroughput"] == described, ON_DEMAND
    assert ours.describe_table(TableName=NAME)["Table"]["OnDemandThroughput"] == described, DESCRIPTION


def test_on_demand_limits_are_refused_out_of_range_or_on_a_provisioned_table(ours: Any) -> None:
    assert refusal(lambda: create(ours, OnDemandThroughput={"MaxReadRequestUnits": 0})) == (
        "ValidationException",
        INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range",
    ), ON_DEMAND
    provisioned = {
        **table(NAME, ("room", "S")),
        "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    }
    assert refusal(lambda: ours.create_table(**provisioned, OnDemandThroughput={"MaxWriteRequestUnits": 5})) == (
        "ValidationException",
        INVALID + "MaxWriteRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED",
    ), ON_DEMAND
    assert ours.list_tables()["TableNames"] == []


def test_update_table_changes_and_removes_an_on_demand_limit(ours: Any) -> None:
    create(ours, OnDemandThroughput={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50})
    ours.update_table(TableName=NAME, OnDemandThroughput={"MaxReadRequestUnits": -1})  # -1 removes the limit
    assert ours.describe_table(TableName=NAME)["Table"]["OnDemandThroughput"] == {
        "MaxReadRequestUnits": -1,
        "MaxWriteRequestUnits": 50,
    }, UPDATE
    assert refusal(
        lambda: ours.update_table(TableName=NAME, OnDemandThroughput={"MaxReadRequestUnits": 5}, DeletionProtectionEnabled=True)
    )[0] == ("ValidationException"), UPDATE


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        (
            {"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 5000},
            {"ReadUnitsPerSecond": 12000},
            INVALID
            + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported",
        ),
        ({"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 5000}, {"WriteUnitsPerSecond": 6000}, None),
    ],
)
def test_warm_throughput_is_described_and_only_grows(ours: Any, first: dict[str, int], then: dict[str, int], message: str | None) -> None:
    assert create(ours, WarmThroughput=first)["WarmThroughput"] == {**first, "Status": "ACTIVE"}, (
        API + "API_TableWarmThroughputDescription.html"
    )
    if message is not None:
        assert refusal(lambda: ours.update_table(TableName=NAME, WarmThroughput=then)) == ("ValidationException", message), WARM
        assert ours.describe_table(TableName=NAME)["Table"]["WarmThroughput"] == {**first, "Status": "ACTIVE"}
        return
    ours.update_table(TableName=NAME, WarmThroughput=then)
    assert ours.describe_table(TableName=NAME)["Table"]["WarmThroughput"] == {**first, **then, "Status": "ACTIVE"}, UPDATE


def test_warm_throughput_changes_alone(ours: Any) -> None:
    create(ours)
    assert refusal(
        lambda: ours.update_table(TableName=NAME, WarmThroughput={"ReadUnitsPerSecond": 13000}, BillingMode="PAY_PER_REQUEST")
    ) == (
        "ValidationException",
        INVALID + "WarmThroughput must be the only operation in the request",
    ), UPDATE
    assert "WarmThroughput" not in ours.describe_table(TableName=NAME)["Table"]
