"""Point-in-time recovery on the embedded DynamoDB: DescribeContinuousBackups and UpdateContinuousBackups.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.offline.dynamodb.test_engine import SCORES
from wrapper.offline.dynamodb import EmbeddedDynamoDB

TABLE = SCORES["TableName"]
DISABLED = {"ContinuousBackupsStatus": "DISABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}


def error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_a_new_table_has_point_in_time_recovery_disabled(ours: Any) -> None:
    ours.create_table(**SCORES)
    assert ours.describe_continuous_backups(TableName=TABLE)["ContinuousBackupsDescription"] == DISABLED


def test_enabling_keeps_35_days_from_now_on_and_disabling_forgets_it(ours: Any) -> None:
    ours.create_table(**SCORES)
    before = time.time()
    spec = {"PointInTimeRecoveryEnabled": True}
    enabled = ours.update_continuous_backups(TableName=TABLE, PointInTimeRecoverySpecification=spec)["ContinuousBackupsDescription"]
    assert enabled == ours.describe_continuous_backups(TableName=TABLE)["ContinuousBackupsDescription"]
    assert enabled["ContinuousBackupsStatus"] == "ENABLED"
    recovery = enabled["PointInTimeRecoveryDescription"]
    assert recovery["PointInTimeRecoveryStatus"] == "ENABLED" and recovery["RecoveryPeriodInDays"] == 35
    # Restorable from when it was enabled (nothing earlier was kept), never later than now.
    assert (
        before - 1
        <= recovery["EarliestRestorableDateTime"].timestamp()
        <= recovery["LatestRestorableDateTime"].timestamp()
        <= time.time() + 1
    )

    spec = {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}
    shorter = ours.update_continuous_backups(TableName=TABLE, PointInTimeRecoverySpecification=spec)["ContinuousBackupsDescription"]
    assert shorter["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 7
    assert shorter["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"] == recovery["EarliestRestorableDateTime"]

    spec = {"PointInTimeRecoveryEnabled": False}
    assert (
        ours.update_continuous_backups(TableName=TABLE, PointInTimeRecoverySpecification=spec)["ContinuousBackupsDescription"] == DISABLED
    )


def test_a_missing_table_is_table_not_found_and_bad_settings_change_nothing() -> None:
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("DescribeContinuousBackups", {"TableName": "nowhere"}) == (
        400,
        {"__type": "com.amazonaws.dynamodb.v20120810#TableNotFoundException", "message": "Table not found: nowhere"},
    )
    status, answer = engine.handle("DescribeContinuousBackups", {})
    assert status == 400 and answer["__type"].endswith("#ValidationException")
    engine.handle("CreateTable", SCORES)
    for spec in (
        None,
        {},
        {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36},
        {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 0},
    ):
        status, answer = engine.handle("UpdateContinuousBackups", {"TableName": TABLE, "PointInTimeRecoverySpecification": spec})
        assert status == 400 and answer["__type"].endswith("#ValidationException"), spec
    assert engine.handle("DescribeContinuousBackups", {"TableName": TABLE}) == (200, {"ContinuousBackupsDescription": DISABLED})


def test_a_table_created_again_under_the_same_name_starts_disabled(ours: Any) -> None:
    ours.create_table(**SCORES)
    ours.update_continuous_backups(TableName=TABLE, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    ours.delete_table(TableName=TABLE)
    assert error(lambda: ours.describe_continuous_backups(TableName=TABLE))[0] == "TableNotFoundException"
    ours.create_table(**SCORES)
    assert ours.describe_continuous_backups(TableName=TABLE)["ContinuousBackupsDescription"] == DISABLED
