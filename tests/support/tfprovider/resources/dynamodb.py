"""DynamoDB: tables with key schema, TTL, indexes, point-in-time recovery, encryption, deletion protection."""

from __future__ import annotations

from typing import Any

from tests.support.tfprovider.base import NOT_FOUND, ResourceType, State, reported, tags_given, unless_missing


class Table(ResourceType):
    type_name = "aws_dynamodb_table"
    force_new = frozenset({"name", "hash_key", "range_key", "local_secondary_index"})
    recomputed_on_update: frozenset[str] = frozenset()

    def create(self, planned: State) -> State:
        ddb = self.client("dynamodb", planned)
        name = planned["name"]
        keys = [{"AttributeName": planned["hash_key"], "KeyType": "HASH"}]
        if planned.get("range_key"):
            keys.append({"AttributeName": planned["range_key"], "KeyType": "RANGE"})
        kwargs: dict[str, Any] = {
            "TableName": name,
            "KeySchema": keys,
            "AttributeDefinitions": [{"AttributeName": a["name"], "AttributeType": a["type"]} for a in planned.get("attribute") or []],
            "BillingMode": planned.get("billing_mode") or "PROVISIONED",
            "DeletionProtectionEnabled": bool(planned.get("deletion_protection_enabled")),
        }
        if kwargs["BillingMode"] == "PROVISIONED":
            kwargs["ProvisionedThroughput"] = {
                "ReadCapacityUnits": int(planned.get("read_capacity") or 0),
                "WriteCapacityUnits": int(planned.get("write_capacity") or 0),
            }
        indexes = []
        for index in planned.get("global_secondary_index") or []:
            index_keys = [{"AttributeName": index["hash_key"], "KeyType": "HASH"}]
            if index.get("range_key"):
                index_keys.append({"AttributeName": index["range_key"], "KeyType": "RANGE"})
            projection: dict[str, Any] = {"ProjectionType": index["projection_type"]}
            if index.get("non_key_attributes"):
                projection["NonKeyAttributes"] = index["non_key_attributes"]
            indexes.append({"IndexName": index["name"], "KeySchema": index_keys, "Projection": projection})
        if indexes:
            kwargs["GlobalSecondaryIndexes"] = indexes
        sse = (planned.get("server_side_encryption") or [None])[0]
        if sse and sse.get("enabled"):
            kwargs["SSESpecification"] = {"Enabled": True, "SSEType": "KMS", **({"KMSMasterKeyId": sse["kms_key_arn"]} if sse.get("kms_key_arn") else {})}
        kwargs.update(tags_given(planned))
        with reported(f"creating AWS DynamoDB Table ({name})"):
            table = ddb.create_table(**kwargs)["TableDescription"]
            ttl = (planned.get("ttl") or [None])[0]
            if ttl and ttl.get("enabled"):
                ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["attribute_name"]})
            pitr = (planned.get("point_in_time_recovery") or [None])[0]
            if pitr and pitr.get("enabled"):
                ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        planned.update(id=name, arn=table["TableArn"], stream_arn=table.get("LatestStreamArn"), stream_label=table.get("LatestStreamLabel"))
        return planned

    def read(self, state: State) -> State | None:
        table = unless_missing(lambda: self.client("dynamodb", state).describe_table(TableName=state["name"])["Table"], NOT_FOUND)
        if table is None:
            return None
        state["deletion_protection_enabled"] = bool(table.get("DeletionProtectionEnabled"))
        return state

    def update(self, prior: State, planned: State) -> State:
        ddb = self.client("dynamodb", planned)
        name = prior["name"]
        with reported(f"updating AWS DynamoDB Table ({name})"):
            if bool(planned.get("deletion_protection_enabled")) != bool(prior.get("deletion_protection_enabled")):
                ddb.update_table(TableName=name, DeletionProtectionEnabled=bool(planned.get("deletion_protection_enabled")))
            pitr = bool(((planned.get("point_in_time_recovery") or [{}])[0] or {}).get("enabled"))
            if pitr != bool(((prior.get("point_in_time_recovery") or [{}])[0] or {}).get("enabled")):
                ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": pitr})
        return planned

    def delete(self, state: State) -> None:
        # moto enforces deletion protection as AWS does:
        # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
        with reported(f"deleting AWS DynamoDB Table ({state['name']})"):
            self.client("dynamodb", state).delete_table(TableName=state["name"])
