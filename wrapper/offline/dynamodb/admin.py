"""The control plane: CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable and TTL.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
Tables and indexes are ACTIVE at once (there is no backfill to wait for offline).
"""

from __future__ import annotations

from typing import Any

from wrapper.offline.dynamodb import table_settings, table_throughput, tags
from wrapper.offline.dynamodb.errors import DynamoError, not_found, validation
from wrapper.offline.dynamodb.schema import IndexSpec, check_key_names, check_table_name, parse_billing, parse_index, parse_table
from wrapper.offline.dynamodb.tables import Table

_INVALID = "One or more parameter values were invalid: "


class Tables:
    def __init__(self, region: str) -> None:
        self.region = region
        self.by_name: dict[str, Table] = {}

    def lookup(self, name: Any) -> Table:
        found = self.by_name.get(check_table_name(name))
        if found is None:
            raise not_found()
        return found

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        spec = parse_table(body)
        settings = table_settings.from_create(body, self.region)
        throughput = table_throughput.from_create(body, spec.billing)
        if spec.name in self.by_name:
            raise DynamoError("ResourceInUseException", f"Table already exists: {spec.name}")
        given = tags.checked(body["Tags"]) if body.get("Tags") else {}
        table = self.by_name[spec.name] = Table(spec, self.region, settings)
        table.tags, table.throughput = given, throughput
        return {"TableDescription": table.describe()}

    def delete(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.lookup(body.get("TableName"))
        table_settings.check_deletable(table.settings)
        del self.by_name[table.name]
        # DeleteTable answers with less than DescribeTable: no creation time, schema or indexes
        # (Alternator's test_table.py::test_delete_table_description*, which pass against DynamoDB).
        dropped = {"CreationDateTime", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"}
        kept = {k: val for k, val in table.describe().items() if k not in dropped}
        return {"TableDescription": {**kept, "TableStatus": "DELETING"}}

    def describe(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"Table": self.lookup(body.get("TableName")).describe()}

    def list(self, body: dict[str, Any]) -> dict[str, Any]:
        names = sorted(self.by_name)
        start = body.get("ExclusiveStartTableName")
        if start is not None:
            names = [n for n in names if n > start]
        limit = int(body.get("Limit") or 100)
        if not 1 <= limit <= 100:
            raise validation(
                f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
            )
        out: dict[str, Any] = {"TableNames": names[:limit]}
        if len(names) > limit:
            out["LastEvaluatedTableName"] = names[limit - 1]
        return out

    def update(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.lookup(body.get("TableName"))
        changes = [k for k in ("AttributeDefinitions", "BillingMode", "ProvisionedThroughput") if k in body] + (
            ["GlobalSecondaryIndexUpdates"] if body.get("GlobalSecondaryIndexUpdates") else []  # an empty list changes nothing
        )
        table_settings.check_offline(body)
        changes += [k for k in ("OnDemandThroughput", "WarmThroughput") if body.get(k) is not None]
        if not changes and not table_settings.changes(body):
            # DynamoDB's words, less the members of multi-account and multi-Region tables it also names
            raise validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, "
                "ReplicaUpdates, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"
            )
        table_settings.check_update(body, changes)
        table_throughput.check_update(body, changes + table_settings.changes(body))
        check_key_names(body.get("AttributeDefinitions") or [], "attributeDefinitions")
        given = {d["AttributeName"]: d["AttributeType"] for d in body.get("AttributeDefinitions") or []}
        types = {**table.types, **given}
        updates = body.get("GlobalSecondaryIndexUpdates") or []
        for change in updates:
            actions = [k for k in ("Create", "Update", "Delete") if isinstance(change, dict) and change.get(k) is not None]
            if not actions or len(actions) != len(change):
                # dynalite's words (its tests were written against DynamoDB)
                raise validation(
                    _INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                    "GlobalSecondaryIndexUpdate.Delete must not be null"
                )
            if len(actions) > 1:
                raise validation(_INVALID + "Only one of GlobalSecondaryIndexUpdate.Update, Create or Delete may be given in one update")
        if len(updates) > 1:
            # a LimitExceededException, not a ValidationException (Alternator's test_gsi_updatetable.py, run against DynamoDB)
            raise DynamoError("LimitExceededException", "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
        added: list[IndexSpec] = []
        removed: list[str] = []
        for at, change in enumerate(updates, start=1):
            if "Create" in change:
                index = parse_index(change["Create"], False, table.key, f"globalSecondaryIndexUpdates.{at}.member.create")
                if index.name in table.indexes:
                    raise validation(f"Attempting to create an index which already exists: {index.name}")
                # The request must define the new index's keys itself, even one the table already defines
                # (AWS's answer quoted in github.com/alexdebrie/dynamodbguide.com/issues/16; github.com/nubo-db/dynoxide/issues/144).
                missing = [name for name in index.key.names if given.get(name) not in ("S", "N", "B")]
                if missing and not given:
                    # With no AttributeDefinitions at all DynamoDB names them (Alternator's test_gsi_updatetable.py,
                    # run against it, matches "AttributeDefinitions"); CreateTable's words for the same fault.
                    raise validation(_INVALID + f"Some index key attributes are not defined in AttributeDefinitions. Keys: [{', '.join(missing)}], AttributeDefinitions: []")
                if missing:
                    raise validation("Invalid KeySchema: Some index key attribute have no definition")
                _check_not_redefined(table, index, given)
                added.append(index)
            elif "Delete" in change:
                name = change["Delete"].get("IndexName")
                if name not in table.indexes or table.indexes[name].local:
                    raise not_found()
                removed.append(name)
            elif "Update" in change and change["Update"].get("IndexName") not in table.indexes:
                raise not_found()
        billing = None
        if "BillingMode" in body or "ProvisionedThroughput" in body:
            billing = parse_billing({"BillingMode": body.get("BillingMode") or table.spec.billing, **body}, table.spec.billing)
        throughput = table_throughput.planned(table.throughput, body, billing[0] if billing else table.spec.billing)
        table_settings.apply_update(table.settings, body, table.name)  # the last check: nothing is changed before it
        table.throughput = throughput
        if billing is not None:
            table.spec.billing, table.spec.throughput = billing
        used = {
            n
            for k in [table.key, *(i.key for i in table.indexes.values() if i.name not in removed), *(i.key for i in added)]
            for n in k.names
        }
        table.spec.types = {name: kind for name, kind in types.items() if name in used}
        for name in removed:
            del table.indexes[name]
            del table.spec.indexes[name]
        for index in added:
            table.spec.indexes[index.name] = index
            table.add_index(index)
        return {"TableDescription": table.describe()}

    def update_ttl(self, body: dict[str, Any]) -> dict[str, Any]:
        table = self.lookup(body.get("TableName"))
        spec = body.get("TimeToLiveSpecification") or {}
        enabled, attribute = spec.get("Enabled"), spec.get("AttributeName")
        if not isinstance(enabled, bool) or attribute is None:
            raise validation("1 validation error detected: TimeToLiveSpecification must have Enabled and AttributeName")
        if not isinstance(attribute, str) or not 1 <= len(attribute) <= 255:
            raise validation(
                f"1 validation error detected: Value '{attribute}' at 'timeToLiveSpecification.attributeName' failed to satisfy "
                "constraint: Member must have length less than or equal to 255 and greater than or equal to 1"
            )
        current = table.ttl.get("TimeToLiveStatus") == "ENABLED"
        if enabled and current:
            raise validation("TimeToLive is already enabled")
        if not enabled and not current:
            raise validation("TimeToLive is already disabled")
        if not enabled and table.ttl.get("AttributeName") != attribute:
            # AWS's words as users and the Terraform AWS provider quote them
            raise validation(f"TimeToLive is active on a different AttributeName: current AttributeName is {table.ttl.get('AttributeName')}")
        table.ttl = {"TimeToLiveStatus": "ENABLED", "AttributeName": attribute} if enabled else {"TimeToLiveStatus": "DISABLED"}
        return {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}

    def describe_ttl(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"TimeToLiveDescription": dict(self.lookup(body.get("TableName")).ttl)}


def _schema_text(key: Any, types: dict[str, str]) -> str:
    parts = [f"SchemaElement: key{{{name}:{types[name]}:{kind}}}" for name, kind in zip(key.names, ("HASH", "RANGE"), strict=False)]
    return f"Schema:[{', '.join(parts)}]"


def _check_not_redefined(table: Table, index: IndexSpec, given: dict[str, str]) -> None:
    """A key attribute keeps its type: DynamoDB refuses a new index that gives an existing key attribute another one
    (its words as quoted in Alternator's test_gsi_updatetable.py, test_gsi_key_type_conflict_on_update)."""
    for existing in [table.key, *(i.key for i in table.indexes.values())]:
        clash = [name for name in existing.names if name in given and given[name] != table.types.get(name)]
        if clash:
            raise validation(
                _INVALID + "Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. "
                f"Existing schema: {_schema_text(existing, table.types)} New schema: {_schema_text(index.key, given)}"
            )
