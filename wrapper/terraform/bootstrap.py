"""`wrapper bootstrap`: the state bucket, and with a repository the CI deploy role. Idempotent.

Everything that can be refused is checked before anything is created (repository
name, bucket owner and region, a same-named role that is not ours); if a step
still fails, what this run created is removed again, so a failed bootstrap leaves
the account as it found it and a second run finds nothing half-made.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wrapper.aws import aws_errors, client, error_code
from wrapper.ci import deploy_role
from wrapper.ci.permissions import StackParts, deploy_role_name, deploy_role_policy
from wrapper.ci.trust import RepoTrust, trust_policy
from wrapper.config import ProjectConfig, StateBackend
from wrapper.errors import ConfigError, WrapperError
from wrapper.terraform.remote_state import account_of, foreign_bucket, inspect_bucket


@dataclass(frozen=True)
class BootstrapResult:
    bucket: str
    region: str
    created: bool
    account: str = ""
    role_arn: str | None = None
    role_created: bool = False
    provider_arn: str | None = None
    provider_created: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "region": self.region,
            "created": self.created,
            "account": self.account,
            "role_arn": self.role_arn,
            "role_created": self.role_created,
            "oidc_provider_arn": self.provider_arn,
            "oidc_provider_created": self.provider_created,
        }


@dataclass(frozen=True)
class AwsClients:
    s3: Any
    iam: Any
    sts: Any

    @classmethod
    def for_state(cls, state: StateBackend) -> AwsClients:
        return cls(*(client(name, state.region) for name in ("s3", "iam", "sts")))


@dataclass(frozen=True)
class RoleRequest:
    trust: RepoTrust
    role_name: str | None = None


@dataclass
class _Undo:
    steps: list[Callable[[], None]] = field(default_factory=list)

    def run(self) -> None:
        for step in reversed(self.steps):
            try:
                step()
            except Exception as exc:  # best effort: the original error is the one worth reporting
                if error_code(exc) is None:
                    raise


def tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def bootstrap(config: ProjectConfig, role: RoleRequest | None = None, clients: AwsClients | None = None) -> BootstrapResult:
    state = _require_state(config)
    with aws_errors(f"bootstrap the state bucket {state.bucket}"):
        clients = clients or AwsClients.for_state(state)
        account = account_of(clients.sts)
        bucket_exists = inspect_bucket(clients.s3, state, account).exists
        if bucket_exists and not _owned(clients.s3, state.bucket):
            raise foreign_bucket(state.bucket, account)
        role_name = (role.role_name if role else None) or deploy_role_name(config.service)
        if role is not None:
            trust = trust_policy(account, role.trust)  # refuses a trust of no job before anything exists
            deploy_role.check_role_is_ours(clients.iam, role_name, config.service)
        undo = _Undo()
        try:
            if not bucket_exists:
                _create_bucket(clients.s3, state)
                undo.steps.append(lambda: clients.s3.delete_bucket(Bucket=state.bucket))
            _lock_down_bucket(clients.s3, state.bucket)
            if role is None:
                return BootstrapResult(state.bucket, state.region, not bucket_exists, account)
            provider = deploy_role.ensure_oidc_provider(clients.iam, role.trust.issuer, account)
            if provider.created:
                undo.steps.append(lambda: deploy_role.delete_oidc_provider(clients.iam, provider.arn))
            permissions = deploy_role_policy(
                account=account, region=config.region, service=config.service, state=state, role_name=role_name, parts=StackParts.of(config)
            )
            made = deploy_role.ensure_role(clients.iam, role_name=role_name, service=config.service, trust=trust, permissions=permissions)
        except Exception as exc:
            undo.run()
            if error_code(exc) is None:
                raise
            error = getattr(exc, "response", {}).get("Error", {})
            raise WrapperError(
                f"bootstrap failed: {error.get('Code', 'error')}: {error.get('Message', exc)}",
                "what this run had created was removed again; fix the cause (often missing IAM or S3 rights) and rerun",
            ) from None
    return BootstrapResult(state.bucket, state.region, not bucket_exists, account, made.arn, made.created, provider.arn, provider.created)


def _require_state(config: ProjectConfig) -> StateBackend:
    if config.state is None:
        # The file lacks what the command needs: a configuration error (exit 2), like any other.
        raise ConfigError(
            "wrapper.toml has no [state] section, so state is local and needs no bucket",
            'add [state] with bucket = "..." to keep state in S3 (`wrapper init --ci github` writes one)',
        )
    return config.state


def _owned(s3: Any, bucket: str) -> bool:
    # S3 answers HEAD for a bucket another account lets you read; only ListBuckets is certain it is yours.
    try:
        return bucket in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    except Exception as exc:
        if error_code(exc) is None:
            raise
        return True  # no s3:ListAllMyBuckets: HEAD with ExpectedBucketOwner already checked the owner


def _create_bucket(s3: Any, state: StateBackend) -> None:
    kwargs: dict[str, Any] = {"Bucket": state.bucket, "ObjectOwnership": "BucketOwnerEnforced"}
    if state.region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": state.region}
    s3.create_bucket(**kwargs)


def _lock_down_bucket(s3: Any, bucket: str) -> None:
    """Versioned (state history), KMS-encrypted, never public, TLS only. Setting these again is harmless."""
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]
        },
    )
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
