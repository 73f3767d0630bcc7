"""KMS: the stage key and its alias."""

from __future__ import annotations

import json

from tests.support.tfprovider.base import ResourceType, State, reported, tag_list, unless_missing


class KmsKey(ResourceType):
    type_name = "aws_kms_key"
    force_new = frozenset({"customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"})

    def create(self, planned: State) -> State:
        kms = self.client("kms", planned)
        with reported("creating KMS Key"):
            meta = kms.create_key(
                Description=planned.get("description") or "",
                KeyUsage=planned.get("key_usage") or "ENCRYPT_DECRYPT",
                KeySpec=planned.get("customer_master_key_spec") or "SYMMETRIC_DEFAULT",
                Tags=tag_list(planned, "TagKey", "TagValue"),
            )["KeyMetadata"]
            if planned.get("enable_key_rotation"):
                kms.enable_key_rotation(KeyId=meta["KeyId"])
        policy = kms.get_key_policy(KeyId=meta["KeyId"], PolicyName="default")["Policy"]
        planned.update(
            id=meta["KeyId"],
            key_id=meta["KeyId"],
            arn=meta["Arn"],
            policy=planned.get("policy") or json.dumps(json.loads(policy)),
            key_usage=meta["KeyUsage"],
            customer_master_key_spec=meta["KeySpec"],
            is_enabled=True if planned.get("is_enabled") is None else planned["is_enabled"],
            multi_region=False,
            rotation_period_in_days=planned.get("rotation_period_in_days") or (365 if planned.get("enable_key_rotation") else None),
        )
        return planned

    def read(self, state: State) -> State | None:
        meta = unless_missing(lambda: self.client("kms", state).describe_key(KeyId=state["key_id"])["KeyMetadata"], "NotFoundException")
        return None if meta is None or meta["KeyState"] == "PendingDeletion" else state

    def update(self, prior: State, planned: State) -> State:
        kms = self.client("kms", planned)
        if planned.get("description") != prior.get("description"):
            kms.update_key_description(KeyId=prior["key_id"], Description=planned.get("description") or "")
        if planned.get("enable_key_rotation") != prior.get("enable_key_rotation"):
            (kms.enable_key_rotation if planned.get("enable_key_rotation") else kms.disable_key_rotation)(KeyId=prior["key_id"])
        return planned

    def delete(self, state: State) -> None:
        # AWS never deletes a key at once: it is scheduled, 7 to 30 days (30 by default).
        self.client("kms", state).schedule_key_deletion(KeyId=state["key_id"], PendingWindowInDays=int(state.get("deletion_window_in_days") or 30))


class KmsAlias(ResourceType):
    type_name = "aws_kms_alias"
    force_new = frozenset({"name", "name_prefix"})

    def validate(self, config: State) -> None:
        name = config.get("name")
        if isinstance(name, str) and not name.startswith("alias/"):
            from tests.support.tfprovider.base import ProviderError

            raise ProviderError("invalid value for name (must start with alias/)")

    def create(self, planned: State) -> State:
        kms = self.client("kms", planned)
        with reported(f"creating KMS Alias ({planned['name']})"):
            kms.create_alias(AliasName=planned["name"], TargetKeyId=planned["target_key_id"])
        target = kms.describe_key(KeyId=planned["target_key_id"])["KeyMetadata"]["Arn"]
        region = self.region(planned)
        planned.update(id=planned["name"], arn=self.ctx.arn("kms", planned["name"], region=region), target_key_arn=target)
        return planned

    def read(self, state: State) -> State | None:
        aliases = self.client("kms", state).list_aliases()["Aliases"]
        return state if any(a["AliasName"] == state["name"] for a in aliases) else None

    def update(self, prior: State, planned: State) -> State:
        kms = self.client("kms", planned)
        kms.update_alias(AliasName=planned["name"], TargetKeyId=planned["target_key_id"])
        planned["target_key_arn"] = kms.describe_key(KeyId=planned["target_key_id"])["KeyMetadata"]["Arn"]
        return planned

    def delete(self, state: State) -> None:
        self.client("kms", state).delete_alias(AliasName=state["name"])
