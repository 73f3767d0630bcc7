"""A table's settings beside its schema: deletion protection, stream, table class and encryption at rest.

Kept, described and checked as DynamoDB does:
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_StreamSpecification.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html
Offline a stream is only described (its label and ARN); reading it (ListStreams, GetRecords) is cloud-only.
The message texts are DynamoDB's, as its answers are recorded in public conformance notes.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from typing import Any

from wrapper.offline.dynamodb.errors import DynamoError, check_enum, validation

ACCOUNT = "000000000000"
STREAM_VIEWS = ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")
TABLE_CLASSES = ("STANDARD", "STANDARD_INFREQUENT_ACCESS")
SSE_TYPES = ("AES256", "KMS")
_INVALID = "One or more parameter values were invalid: "
# UpdateTable members that must come alone (DynamoDB: "<what> modification must be the only operation in the request")
# Members of a multi-Region or multi-account table, or of vector search: one Region's engine has nothing to keep
# them in, and a table that forgot them would answer unlike the cloud one, so they are refused by name
CLOUD_ONLY = (
    "ReplicaUpdates",
    "MultiRegionConsistency",
    "GlobalTableWitnessUpdates",
    "GlobalTableSourceArn",
    "GlobalTableSettingsReplicationMode",
    "DisassociationProtectionEnabled",
    "VectorIndexes",
    "VectorIndexUpdates",
)
_ALONE = {"SSESpecification": "Server-Side Encryption", "TableClass": "TableClass", "DeletionProtectionEnabled": "DeletionProtection"}


@dataclass
class Settings:
    region: str
    protected: bool = False
    stream_view: str | None = None  # the enabled stream's view type; None while no stream is enabled
    stream_label: str | None = None  # the latest stream's label: it outlives a disabled stream, as in DynamoDB
    table_class: str | None = None  # None until a request names one: DynamoDB describes a class only then
    class_changed: float | None = None
    kms_key: str | None = None  # encrypted with a KMS key (this ARN); None: with an AWS owned key

    def describe(self, table_arn: str) -> dict[str, Any]:
        out: dict[str, Any] = {"DeletionProtectionEnabled": self.protected}
        if self.stream_view is not None:
            out["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": self.stream_view}
        if self.stream_label is not None:
            out["LatestStreamLabel"] = self.stream_label
            out["LatestStreamArn"] = f"{table_arn}/stream/{self.stream_label}"
        if self.table_class is not None:
            summary: dict[str, Any] = {"TableClass": self.table_class}
            if self.class_changed is not None:
                summary["LastUpdateDateTime"] = self.class_changed
            out["TableClassSummary"] = summary
        if self.kms_key is not None:
            out["SSEDescription"] = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": self.kms_key}
        return out

    def enable_stream(self, view: str) -> None:
        """A new stream, with a new label: an ISO 8601 time to the millisecond (API_TableDescription.html),
        one later than the last so that each stream's ARN is its own."""
        label = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + f".{int(time.time() * 1000) % 1000:03d}"
        if self.stream_label is not None and label <= self.stream_label:
            label = _later(self.stream_label)
        self.stream_view, self.stream_label = view, label


def _later(label: str) -> str:
    millis = int(label[-3:]) + 1
    if millis < 1000:
        return f"{label[:-3]}{millis:03d}"
    return label + "1"  # still sorts after, and is still unique


def _boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        # a JSON value of another type fails while the request is read
        raise DynamoError("SerializationException", f"{name} must be a boolean")
    return value


def parse_stream(spec: Any, creating: bool) -> tuple[bool, str | None]:
    """StreamSpecification: StreamEnabled is required; a view type exactly when the stream is enabled."""
    if not isinstance(spec, dict):
        raise DynamoError("SerializationException", "StreamSpecification must be a structure")
    if spec.get("StreamEnabled") is None:
        raise validation(
            "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"
        )
    enabled = _boolean(spec["StreamEnabled"], "StreamEnabled")
    view = spec.get("StreamViewType")
    if view is not None:
        check_enum(view, "streamSpecification.streamViewType", STREAM_VIEWS)
    if enabled and view is None:
        raise validation(
            _INVALID
            + (
                "Table is being created with a stream enabled, UpdateViewType is required"
                if creating
                else "If stream is being enabled then UpdateViewType is required"
            )
        )
    if not enabled and view is not None:
        raise validation(
            _INVALID
            + (
                "Table is being created with a stream disabled, UpdateViewType should not be specified"
                if creating
                else "If stream is being disabled, then UpdateViewType must not be specified"
            )
        )
    return enabled, view


def parse_table_class(value: Any) -> str:
    if value not in TABLE_CLASSES:
        raise validation(
            "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."
        )
    return str(value)


def parse_sse(spec: Any, region: str) -> str | None:
    """SSESpecification: the KMS key ARN the table is to be encrypted with, or None for an AWS owned key
    (Enabled false or left out). Enabled alone means KMS with the AWS managed key (aws/dynamodb)."""
    if not isinstance(spec, dict):
        raise DynamoError("SerializationException", "SSESpecification must be a structure")
    enabled = _boolean(spec.get("Enabled", False), "Enabled")
    kind, key = spec.get("SSEType"), spec.get("KMSMasterKeyId")
    if kind is not None:
        check_enum(kind, "sseSpecification.sseType", SSE_TYPES)
    if not enabled:
        if kind is not None:
            raise validation(_INVALID + "SSEType can not be specified if Enabled is false")
        if key is not None:
            raise validation(_INVALID + "KMSMasterKeyId can not be specified if Enabled is false")
        return None
    if kind == "AES256":
        raise validation(_INVALID + "SSEType AES256 is not supported")
    if key is None:
        return _kms_arn(region, "alias/aws/dynamodb")
    if kind is None:
        raise validation(_INVALID + "SSEType KMS is required if KMSMasterKeyId is specified")
    if not isinstance(key, str) or not key:
        raise validation(_INVALID + "KMSMasterKeyId must be a non-empty string")
    return key if key.startswith("arn:") else _kms_arn(region, key)


def _kms_arn(region: str, key: str) -> str:
    """The key ARN DynamoDB describes. Offline there is no KMS to resolve an alias, so an alias stands for a key
    whose id is derived from it: the same alias always gives the same ARN."""
    if key.startswith("alias/"):
        key = str(uuid.UUID(hashlib.md5(f"{region}/{key}".encode()).hexdigest()))
    return f"arn:aws:kms:{region}:{ACCOUNT}:key/{key}"


def check_offline(request: dict[str, Any]) -> None:
    given = [name for name in CLOUD_ONLY if request.get(name) is not None]
    if given:
        raise validation(
            f"wrapper dev's embedded DynamoDB has one Region and no vector indexes: {', '.join(given)} is cloud-only; "
            "leave it out of the offline request (global tables and vector search need AWS)"
        )


def from_create(request: dict[str, Any], region: str) -> Settings:
    check_offline(request)
    settings = Settings(region)
    if request.get("DeletionProtectionEnabled") is not None:
        settings.protected = _boolean(request["DeletionProtectionEnabled"], "DeletionProtectionEnabled")
    if request.get("StreamSpecification") is not None:
        enabled, view = parse_stream(request["StreamSpecification"], creating=True)
        if enabled and view is not None:
            settings.enable_stream(view)
    if request.get("TableClass") is not None:
        settings.table_class = parse_table_class(request["TableClass"])
    if request.get("SSESpecification") is not None:
        settings.kms_key = parse_sse(request["SSESpecification"], region)
    return settings


def changes(request: dict[str, Any]) -> list[str]:
    """The settings an UpdateTable request changes, by request member."""
    return [name for name in ("StreamSpecification", *_ALONE) if request.get(name) is not None]


def check_update(request: dict[str, Any], others: list[str]) -> None:
    """The rules for combining settings with the rest of an UpdateTable request (``others``: the other members it changes)."""
    given = changes(request)
    for name in given:
        if name in _ALONE and len(given) + len(others) > 1:
            raise validation(_INVALID + f"{_ALONE[name]} modification must be the only operation in the request")
    if "StreamSpecification" in given and "GlobalSecondaryIndexUpdates" in others:
        raise validation(_INVALID + "You cannot create or delete index while changing stream status")


def apply_update(settings: Settings, request: dict[str, Any], table: str) -> None:
    """Checks every setting of the request first, then changes them: a refused request changes nothing."""
    stream = parse_stream(request["StreamSpecification"], creating=False) if request.get("StreamSpecification") is not None else None
    protected = (
        _boolean(request["DeletionProtectionEnabled"], "DeletionProtectionEnabled")
        if request.get("DeletionProtectionEnabled") is not None
        else None
    )
    table_class = parse_table_class(request["TableClass"]) if request.get("TableClass") is not None else None
    sse = request.get("SSESpecification")
    kms_key = parse_sse(sse, settings.region) if sse is not None else None
    if stream is not None and stream[0] and settings.stream_view is not None:
        # also when only the view type differs: a stream's view type cannot change in place
        raise validation(f"Table already has an enabled stream: TableName: {table}")
    if stream is not None and not stream[0] and settings.stream_view is None:
        raise validation(f"Table has no stream to disable: TableName: {table}")
    if sse is not None and kms_key is None and settings.kms_key is None:
        raise validation(_INVALID + "Table is already encrypted by default")
    if sse is not None and kms_key is not None and kms_key == settings.kms_key:
        raise validation(
            _INVALID + "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key"
        )
    if stream is not None:
        if stream[1] is not None:
            settings.enable_stream(stream[1])
        else:
            settings.stream_view = None
    if protected is not None:
        settings.protected = protected
    if table_class is not None:
        settings.table_class, settings.class_changed = table_class, time.time()
    if sse is not None:
        settings.kms_key = kms_key


def check_deletable(settings: Settings) -> None:
    if settings.protected:
        raise validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
