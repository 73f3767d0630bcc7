"""DescribeContinuousBackups and UpdateContinuousBackups: a table's point-in-time recovery setting.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
A new table has it disabled; enabling it keeps a recovery window of 1 to 35 days (35 unless
given), restorable from when it was enabled until about five minutes ago. Nothing is restored
offline (RestoreTableToPointInTime is cloud-only); the setting is remembered and described as
DynamoDB describes it, so code that turns it on and checks it runs the same. A table that does
not exist is a TableNotFoundException here, not the ResourceNotFoundException of other operations.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from wrapper.offline.dynamodb.errors import DynamoError, validation
from wrapper.offline.dynamodb.schema import check_table_name
from wrapper.offline.dynamodb.tables import Table

MAX_RECOVERY_DAYS = 35
LATEST_RESTORABLE_LAG_SECONDS = 5 * 60
Lookup = Callable[[str], Table | None]


class ContinuousBackups:
    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def describe(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"ContinuousBackupsDescription": _description(self._table(body))}

    def update(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self._table(body)
        spec = body.get("PointInTimeRecoverySpecification")
        if not isinstance(spec, dict):
            raise validation(
                "1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null"
            )
        enabled = spec.get("PointInTimeRecoveryEnabled")
        if not isinstance(enabled, bool):
            raise validation(
                "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' "
                "failed to satisfy constraint: Member must not be null"
            )
        days = spec.get("RecoveryPeriodInDays", MAX_RECOVERY_DAYS)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RECOVERY_DAYS:
            bound = "greater than or equal to 1" if isinstance(days, int) and days < 1 else f"less than or equal to {MAX_RECOVERY_DAYS}"
            raise validation(
                f"1 validation error detected: Value '{days}' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' "
                f"failed to satisfy constraint: Member must have value {bound}"
            )
        if not enabled:
            table.recovery = None
        elif table.recovery is None or table.recovery[1] != days:
            since = table.recovery[0] if table.recovery else time.time()
            table.recovery = (since, days)
        return {"ContinuousBackupsDescription": _description(table)}

    def _table(self, body: dict[str, Any]) -> Table:
        name = check_table_name(body.get("TableName"))
        table = self.lookup(name)
        if table is None:
            raise DynamoError("TableNotFoundException", f"Table not found: {name}")
        return table


def _description(table: Table) -> dict[str, Any]:
    if table.recovery is None:
        return {"ContinuousBackupsStatus": "DISABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    since, days = table.recovery
    now = time.time()
    return {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {
            "PointInTimeRecoveryStatus": "ENABLED",
            "RecoveryPeriodInDays": days,
            "EarliestRestorableDateTime": max(since, now - days * 86400),
            "LatestRestorableDateTime": max(since, now - LATEST_RESTORABLE_LAG_SECONDS),
        },
    }
