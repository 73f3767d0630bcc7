"""S3: the page's bucket and its settings, each a separate resource as in hashicorp/aws 4+."""

from __future__ import annotations

import json
import secrets
from typing import Any, ClassVar

from tests.support.tfprovider.base import ResourceType, State, kept_if_found, missing_is_fine, reported


class Bucket(ResourceType):
    type_name = "aws_s3_bucket"
    force_new = frozenset({"bucket", "bucket_prefix"})

    def create(self, planned: State) -> State:
        # bucket_prefix: the provider appends a unique suffix (26 characters) to make the global name.
        name = planned.get("bucket") or f"{planned.get('bucket_prefix') or 'terraform-'}{secrets.token_hex(13)}"
        region = self.region(planned)
        s3 = self.client("s3", planned)
        with reported(f"creating S3 Bucket ({name})"):
            extra: dict[str, Any] = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            s3.create_bucket(Bucket=name, **extra)
        planned.update(
            id=name,
            bucket=name,
            arn=f"arn:{self.ctx.partition}:s3:::{name}",
            bucket_domain_name=f"{name}.s3.{self.ctx.dns_suffix}",
            bucket_regional_domain_name=f"{name}.s3.{region}.{self.ctx.dns_suffix}",
            hosted_zone_id="Z3GKZC51ZF0DB4",
            region=region,
        )
        return planned

    def read(self, state: State) -> State | None:
        s3 = self.client("s3", state)
        return kept_if_found(state, lambda: s3.head_bucket(Bucket=state["id"]), "404", "NoSuchBucket")

    def delete(self, state: State) -> None:
        with reported(f"deleting S3 Bucket ({state['id']})"):  # BucketNotEmpty when force_destroy is off, as with AWS
            self.client("s3", state).delete_bucket(Bucket=state["id"])


class _BucketSetting(ResourceType):
    """One bucket setting: put on create and update, deleted (or reset) on destroy."""

    force_new = frozenset({"bucket"})
    what: ClassVar[str]
    removed_by: ClassVar[str]  # the S3 call that deletes the setting, e.g. delete_bucket_policy

    def put(self, s3: Any, state: State) -> None:
        raise NotImplementedError

    def remove(self, s3: Any, state: State) -> None:
        getattr(s3, self.removed_by)(Bucket=state["bucket"])

    def create(self, planned: State) -> State:
        with reported(f"creating S3 Bucket ({planned['bucket']}) {self.what}"):
            self.put(self.client("s3", planned), planned)
        planned["id"] = planned["bucket"]
        return planned

    def update(self, prior: State, planned: State) -> State:
        return self.create(planned)

    def delete(self, state: State) -> None:
        with reported(f"deleting S3 Bucket ({state['bucket']}) {self.what}"), missing_is_fine("NoSuchBucket"):
            self.remove(self.client("s3", state), state)


class OwnershipControls(_BucketSetting):
    type_name = "aws_s3_bucket_ownership_controls"
    what = "Ownership Controls"
    removed_by = "delete_bucket_ownership_controls"

    def put(self, s3: Any, state: State) -> None:
        rule = state["rule"][0]
        s3.put_bucket_ownership_controls(
            Bucket=state["bucket"], OwnershipControls={"Rules": [{"ObjectOwnership": rule["object_ownership"]}]}
        )


class PublicAccessBlock(_BucketSetting):
    type_name = "aws_s3_bucket_public_access_block"
    what = "Public Access Block"
    removed_by = "delete_public_access_block"
    FIELDS: ClassVar[dict[str, str]] = {
        "block_public_acls": "BlockPublicAcls",
        "block_public_policy": "BlockPublicPolicy",
        "ignore_public_acls": "IgnorePublicAcls",
        "restrict_public_buckets": "RestrictPublicBuckets",
    }

    def put(self, s3: Any, state: State) -> None:
        config = {aws: bool(state.get(tf)) for tf, aws in self.FIELDS.items()}
        s3.put_public_access_block(Bucket=state["bucket"], PublicAccessBlockConfiguration=config)


class _Rules(_BucketSetting):
    """A setting whose configuration is a list of rules, one per ``rule`` block."""

    put_as: ClassVar[tuple[str, str]]  # the S3 call and its configuration parameter

    def put(self, s3: Any, state: State) -> None:
        call, parameter = self.put_as
        getattr(s3, call)(Bucket=state["bucket"], **{parameter: {"Rules": [self.rule(rule) for rule in state.get("rule") or []]}})

    @staticmethod
    def rule(rule: State) -> dict[str, Any]:
        raise NotImplementedError


class Encryption(_Rules):
    type_name = "aws_s3_bucket_server_side_encryption_configuration"
    what = "Server-side Encryption Configuration"
    removed_by = "delete_bucket_encryption"
    put_as = ("put_bucket_encryption", "ServerSideEncryptionConfiguration")

    @staticmethod
    def rule(rule: State) -> dict[str, Any]:
        default = (rule.get("apply_server_side_encryption_by_default") or [{}])[0]
        entry: dict[str, Any] = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": default.get("sse_algorithm")}}
        if default.get("kms_master_key_id"):
            entry["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] = default["kms_master_key_id"]
        if rule.get("bucket_key_enabled") is not None:
            entry["BucketKeyEnabled"] = bool(rule["bucket_key_enabled"])
        return entry


class Versioning(_BucketSetting):
    type_name = "aws_s3_bucket_versioning"
    what = "Versioning"

    def put(self, s3: Any, state: State) -> None:
        status = state["versioning_configuration"][0]["status"]
        s3.put_bucket_versioning(Bucket=state["bucket"], VersioningConfiguration={"Status": status})

    def remove(self, s3: Any, state: State) -> None:
        # AWS cannot turn versioning off, only suspend it (as the provider does on destroy).
        s3.put_bucket_versioning(Bucket=state["bucket"], VersioningConfiguration={"Status": "Suspended"})


class Lifecycle(_Rules):
    type_name = "aws_s3_bucket_lifecycle_configuration"
    what = "Lifecycle Configuration"
    removed_by = "delete_bucket_lifecycle"
    put_as = ("put_bucket_lifecycle_configuration", "LifecycleConfiguration")

    @staticmethod
    def rule(rule: State) -> dict[str, Any]:
        entry: dict[str, Any] = {"ID": rule["id"], "Status": rule["status"], "Filter": {}}
        noncurrent = (rule.get("noncurrent_version_expiration") or [None])[0]
        if noncurrent:
            entry["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(noncurrent["noncurrent_days"])}
        abort = (rule.get("abort_incomplete_multipart_upload") or [None])[0]
        if abort:
            entry["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(abort["days_after_initiation"])}
        return entry


class Policy(_BucketSetting):
    type_name = "aws_s3_bucket_policy"
    what = "Policy"
    removed_by = "delete_bucket_policy"

    def put(self, s3: Any, state: State) -> None:
        json.loads(state["policy"])  # a malformed document fails here, as AWS's MalformedPolicy would
        s3.put_bucket_policy(Bucket=state["bucket"], Policy=state["policy"])
