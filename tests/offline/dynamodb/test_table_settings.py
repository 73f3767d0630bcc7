"""Table settings the embedded DynamoDB keeps, describes and checks: deletion protection, streams, table class, SSE.

Each row cites the DynamoDB page that states the rule; message texts are DynamoDB's own answers.
moto is not the reference here: it does not enforce these rules. Requests that botocore itself would
refuse before sending (a missing required member, a value of the wrong type) go to the engine directly.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.offline.dynamodb.schemas import table
from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

API = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/"
CREATE, UPDATE, DELETE, DESCRIPTION = (
    API + "API_CreateTable.html",
    API + "API_UpdateTable.html",
    API + "API_DeleteTable.html",
    API + "API_TableDescription.html",
)
STREAM, SSE = API + "API_StreamSpecification.html", API + "API_SSESpecification.html"
PROTECTION = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection"
CLASSES = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.TableClasses.html"
NAME = "world-dev-rooms"
INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def engine() -> EmbeddedDynamoDB:
    return EmbeddedDynamoDB("eu-west-2")


@pytest.fixture
def client(engine: EmbeddedDynamoDB) -> Any:
    return engine_client(engine)


def create(client: Any, **settings: Any) -> dict[str, Any]:
    return dict(client.create_table(**table(NAME, ("room", "S"), **settings))["TableDescription"])


def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return str(error["Code"]), str(error["Message"])


# -- 1. DeletionProtectionEnabled --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "described", "doc"),
    [
        ({}, False, DESCRIPTION),  # not given: false
        ({"DeletionProtectionEnabled": True}, True, CREATE),
        ({"DeletionProtectionEnabled": False}, False, CREATE),
    ],
)
def test_deletion_protection_is_kept_and_described(client: Any, given: dict[str, Any], described: bool, doc: str) -> None:
    assert create(client, **given)["DeletionProtectionEnabled"] is described, doc
    assert client.describe_table(TableName=NAME)["Table"]["DeletionProtectionEnabled"] is described, doc


def test_a_protected_table_cannot_be_deleted_until_protection_is_turned_off(client: Any) -> None:
    create(client, DeletionProtectionEnabled=True)
    assert refusal(lambda: client.delete_table(TableName=NAME)) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    ), PROTECTION
    assert client.list_tables()["TableNames"] == [NAME]
    described = client.update_table(TableName=NAME, DeletionProtectionEnabled=False)["TableDescription"]
    assert described["DeletionProtectionEnabled"] is False, UPDATE
    assert client.delete_table(TableName=NAME)["TableDescription"]["TableStatus"] == "DELETING", DELETE
    assert client.list_tables()["TableNames"] == []


def test_update_table_turns_protection_on(client: Any) -> None:
    create(client)
    client.update_table(TableName=NAME, DeletionProtectionEnabled=True)
    assert client.describe_table(TableName=NAME)["Table"]["DeletionProtectionEnabled"] is True, UPDATE
    assert refusal(lambda: client.delete_table(TableName=NAME))[0] == "ValidationException", PROTECTION


def test_protection_changes_alone_and_a_refused_update_changes_nothing(client: Any) -> None:
    create(client)
    assert refusal(
        lambda: client.update_table(
            TableName=NAME,
            DeletionProtectionEnabled=True,
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )
    ) == ("ValidationException", INVALID + "DeletionProtection modification must be the only operation in the request"), UPDATE
    described = client.describe_table(TableName=NAME)["Table"]
    assert (described["DeletionProtectionEnabled"], described["BillingModeSummary"]["BillingMode"]) == (False, "PAY_PER_REQUEST")


def test_deletion_protection_must_be_a_boolean(engine: EmbeddedDynamoDB) -> None:
    status, body = engine.handle("CreateTable", table(NAME, ("room", "S"), DeletionProtectionEnabled="yes"))
    assert (status, body["__type"].rsplit("#", 1)[-1]) == (400, "SerializationException"), CREATE
    assert engine.catalog.by_name == {}


# -- 2. StreamSpecification ---------------------------------------------------------------------------

STREAM_ARN = re.compile(r"^arn:aws:dynamodb:eu-west-2:000000000000:table/world-dev-rooms/stream/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})$")


@pytest.mark.parametrize("view", ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"])
def test_a_stream_enabled_at_creation_is_described_with_its_label_and_arn(client: Any, view: str) -> None:
    described = create(client, StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    assert described["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view}, STREAM
    found = STREAM_ARN.match(described["LatestStreamArn"])
    assert found is not None, DESCRIPTION
    assert found.group(1) == described["LatestStreamLabel"], DESCRIPTION
    assert client.describe_table(TableName=NAME)["Table"]["LatestStreamArn"] == described["LatestStreamArn"]


def test_a_table_without_a_stream_describes_none(client: Any) -> None:
    for given in ({}, {"StreamSpecification": {"StreamEnabled": False}}):
        described = create(client, **given)
        assert not {"StreamSpecification", "LatestStreamLabel", "LatestStreamArn"} & set(described), DESCRIPTION
        client.delete_table(TableName=NAME)


@pytest.mark.parametrize(
    ("stream", "message", "doc"),
    [
        ({"StreamEnabled": True}, INVALID + "Table is being created with a stream enabled, UpdateViewType is required", STREAM),
        (
            {"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
            INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
            STREAM,
        ),
        (
            {"StreamEnabled": True, "StreamViewType": "NEWEST_IMAGE"},
            "1 validation error detected: Value 'NEWEST_IMAGE' at 'streamSpecification.streamViewType' failed to satisfy constraint: "
            "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]",
            STREAM,
        ),
    ],
)
def test_create_table_refuses_a_stream_specification_that_breaks_the_rules(
    client: Any, stream: dict[str, Any], message: str, doc: str
) -> None:
    assert refusal(lambda: create(client, StreamSpecification=stream)) == ("ValidationException", message), doc
    assert client.list_tables()["TableNames"] == []


def test_stream_enabled_is_required(engine: EmbeddedDynamoDB) -> None:
    status, body = engine.handle("CreateTable", table(NAME, ("room", "S"), StreamSpecification={"StreamViewType": "NEW_IMAGE"}))
    assert status == 400, STREAM
    assert body["message"] == (
        "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"
    )


def test_update_table_enables_disables_and_reenables_a_stream_with_a_new_arn(client: Any) -> None:
    create(client)
    first = client.update_table(TableName=NAME, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})[
        "TableDescription"
    ]
    assert first["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}, UPDATE
    client.update_table(TableName=NAME, StreamSpecification={"StreamEnabled": False})
    off = client.describe_table(TableName=NAME)["Table"]
    # the stream is off, and its ARN stays the table's latest (API_TableDescription.html: LatestStreamArn)
    assert "StreamSpecification" not in off, UPDATE
    assert off["LatestStreamArn"] == first["LatestStreamArn"], DESCRIPTION
    again = client.update_table(TableName=NAME, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})[
        "TableDescription"
    ]
    assert again["LatestStreamArn"] != first["LatestStreamArn"], DESCRIPTION
    assert again["LatestStreamLabel"] > first["LatestStreamLabel"]


@pytest.mark.parametrize(
    ("enabled_first", "stream", "message"),
    [
        (True, {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}, f"Table already has an enabled stream: TableName: {NAME}"),
        # the view type of an enabled stream cannot change in place: disable it, then enable it again
        (True, {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}, f"Table already has an enabled stream: TableName: {NAME}"),
        (False, {"StreamEnabled": False}, f"Table has no stream to disable: TableName: {NAME}"),
        (False, {"StreamEnabled": True}, INVALID + "If stream is being enabled then UpdateViewType is required"),
        (
            True,
            {"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"},
            INVALID + "If stream is being disabled, then UpdateViewType must not be specified",
        ),
    ],
)
def test_update_table_refuses_stream_changes_as_dynamodb_does(
    client: Any, enabled_first: bool, stream: dict[str, Any], message: str
) -> None:
    before = create(client, **({"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}} if enabled_first else {}))
    assert refusal(lambda: client.update_table(TableName=NAME, StreamSpecification=stream)) == ("ValidationException", message), UPDATE
    after = client.describe_table(TableName=NAME)["Table"]
    assert (after.get("StreamSpecification"), after.get("LatestStreamArn")) == (
        before.get("StreamSpecification"),
        before.get("LatestStreamArn"),
    )


def test_a_stream_change_cannot_come_with_an_index_change(client: Any) -> None:
    create(client)
    index = {"IndexName": "by-who", "KeySchema": [{"AttributeName": "who", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
    assert refusal(
        lambda: client.update_table(
            TableName=NAME,
            AttributeDefinitions=[{"AttributeName": "who", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        )
    ) == ("ValidationException", INVALID + "You cannot create or delete index while changing stream status"), UPDATE
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName=NAME)["Table"]


# -- 3. TableClass and SSESpecification ---------------------------------------------------------------


@pytest.mark.parametrize("table_class", ["STANDARD", "STANDARD_INFREQUENT_ACCESS"])
def test_a_table_class_is_described_as_a_summary(client: Any, table_class: str) -> None:
    assert create(client, TableClass=table_class)["TableClassSummary"] == {"TableClass": table_class}, CLASSES


def test_a_table_class_changes_alone_and_records_when(client: Any) -> None:
    assert "TableClassSummary" not in create(client)
    summary = client.update_table(TableName=NAME, TableClass="STANDARD_INFREQUENT_ACCESS")["TableDescription"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS", UPDATE
    assert "LastUpdateDateTime" in summary, API + "API_TableClassSummary.html"
    code, message = refusal(lambda: client.update_table(TableName=NAME, TableClass="STANDARD", DeletionProtectionEnabled=True))
    # which of the two settings DynamoDB names is not documented; that it refuses the pair is
    assert code == "ValidationException", UPDATE
    assert message in {
        INVALID + f"{what} modification must be the only operation in the request" for what in ("TableClass", "DeletionProtection")
    }
    assert client.describe_table(TableName=NAME)["Table"]["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


@pytest.mark.parametrize("operation", ["create", "update"])
def test_an_unknown_table_class_is_refused(client: Any, operation: str) -> None:
    call = (
        (lambda: create(client, TableClass="GLACIER"))
        if operation == "create"
        else (lambda: client.update_table(TableName=NAME, TableClass="GLACIER"))
    )
    if operation == "update":
        create(client)
    assert refusal(call) == (
        "ValidationException",
        "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].",
    ), CREATE


@pytest.mark.parametrize(
    ("sse", "described"),
    [
        ({"Enabled": False}, None),  # an AWS owned key: no SSEDescription
        ({}, None),
        ({"Enabled": True}, re.compile(r"^arn:aws:kms:eu-west-2:000000000000:key/[0-9a-f-]{36}$")),  # the AWS managed key
        ({"Enabled": True, "SSEType": "KMS"}, re.compile(r"^arn:aws:kms:eu-west-2:000000000000:key/[0-9a-f-]{36}$")),
        (
            {
                "Enabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            },
            re.compile(r"^arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab$"),
        ),
        (
            {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
            re.compile(r"key/1234abcd-12ab-34cd-56ef-1234567890ab$"),
        ),
    ],
)
def test_encryption_at_rest_is_described_when_a_kms_key_is_used(
    client: Any, sse: dict[str, Any], described: re.Pattern[str] | None
) -> None:
    description = create(client, SSESpecification=sse)
    if described is None:
        assert "SSEDescription" not in description, SSE
        return
    assert (description["SSEDescription"]["Status"], description["SSEDescription"]["SSEType"]) == ("ENABLED", "KMS"), SSE
    assert described.search(description["SSEDescription"]["KMSMasterKeyArn"]), SSE


@pytest.mark.parametrize(
    ("sse", "message"),
    [
        ({"Enabled": False, "SSEType": "KMS"}, INVALID + "SSEType can not be specified if Enabled is false"),
        ({"Enabled": False, "KMSMasterKeyId": "alias/mine"}, INVALID + "KMSMasterKeyId can not be specified if Enabled is false"),
        ({"Enabled": True, "KMSMasterKeyId": "alias/mine"}, INVALID + "SSEType KMS is required if KMSMasterKeyId is specified"),
        ({"Enabled": True, "SSEType": "AES256"}, INVALID + "SSEType AES256 is not supported"),
        (
            {"Enabled": True, "SSEType": "DES"},
            "1 validation error detected: Value 'DES' at 'sseSpecification.sseType' failed to satisfy constraint: Member must satisfy enum value set: [AES256, KMS]",
        ),
    ],
)
def test_create_table_refuses_an_sse_specification_that_breaks_the_rules(client: Any, sse: dict[str, Any], message: str) -> None:
    assert refusal(lambda: create(client, SSESpecification=sse)) == ("ValidationException", message), SSE
    assert client.list_tables()["TableNames"] == []


def test_update_table_switches_the_key_and_refuses_a_change_that_changes_nothing(client: Any) -> None:
    create(client)
    assert refusal(lambda: client.update_table(TableName=NAME, SSESpecification={"Enabled": False})) == (
        "ValidationException",
        INVALID + "Table is already encrypted by default",
    ), UPDATE
    arn = client.update_table(TableName=NAME, SSESpecification={"Enabled": True})["TableDescription"]["SSEDescription"]["KMSMasterKeyArn"]
    assert refusal(
        lambda: client.update_table(TableName=NAME, SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": arn})
    ) == (
        "ValidationException",
        INVALID + "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key",
    ), UPDATE
    assert refusal(
        lambda: client.update_table(
            TableName=NAME, SSESpecification={"Enabled": False}, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
        )
    ) == ("ValidationException", INVALID + "Server-Side Encryption modification must be the only operation in the request"), UPDATE
    client.update_table(TableName=NAME, SSESpecification={"Enabled": False})
    assert "SSEDescription" not in client.describe_table(TableName=NAME)["Table"], SSE


def test_update_table_with_nothing_to_change_is_refused(client: Any) -> None:
    create(client)
    code, message = refusal(lambda: client.update_table(TableName=NAME))
    assert code == "ValidationException", UPDATE
    assert message.startswith("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates")


# -- 4. what one Region's engine cannot keep -------------------------------------------------------

MULTI_REGION = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html"


@pytest.mark.parametrize(
    ("operation", "member", "value"),
    [
        ("CreateTable", "GlobalTableSourceArn", "arn:aws:dynamodb:us-east-1:111122223333:table/world-dev-rooms"),
        ("CreateTable", "GlobalTableSettingsReplicationMode", "ENABLED"),
        ("UpdateTable", "ReplicaUpdates", [{"Create": {"RegionName": "us-east-1"}}]),
        ("UpdateTable", "MultiRegionConsistency", "STRONG"),
        ("UpdateTable", "GlobalTableWitnessUpdates", [{"Create": {"RegionName": "us-east-1"}}]),
        ("UpdateTable", "DisassociationProtectionEnabled", True),
    ],
)
def test_multi_region_members_are_refused_by_name_not_forgotten(engine: EmbeddedDynamoDB, operation: str, member: str, value: Any) -> None:
    if operation == "UpdateTable":
        engine.handle("CreateTable", table(NAME, ("room", "S")))
        body: dict[str, Any] = {"TableName": NAME, member: value}
    else:
        body = table(NAME, ("room", "S"), **{member: value})
    status, answer = engine.handle(operation, body)
    assert status == 400, MULTI_REGION
    assert answer["message"].startswith(f"wrapper dev's embedded DynamoDB has one Region and no vector indexes: {member} is cloud-only")
    assert list(engine.catalog.by_name) == ([NAME] if operation == "UpdateTable" else [])
