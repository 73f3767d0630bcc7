"""Checks on where a stage's Terraform state lives, made before Terraform touches it.

A CI runner's disk is thrown away after the job: state kept there is lost, the
next deploy tries to create everything again, and the cleanup job cannot find
the stage it should destroy. So in CI, state must be in S3, and the bucket must
exist, be this account's, and be in the region wrapper.toml names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wrapper.aws import aws_errors, client, error_code
from wrapper.ci.env import is_ci
from wrapper.config import ProjectConfig, StateBackend
from wrapper.errors import ConfigError, WrapperError

ALLOW_LOCAL_STATE = "WRAPPER_ALLOW_LOCAL_STATE"


def require_shared_state(config: ProjectConfig, env: Mapping[str, str]) -> None:
    """Refuse local state under CI=true unless WRAPPER_ALLOW_LOCAL_STATE=1 says it is on purpose."""
    if config.state is not None or not is_ci(env) or env.get(ALLOW_LOCAL_STATE, "") in {"1", "true", "yes"}:
        return
    raise ConfigError(
        f"stage {config.stage!r} keeps its Terraform state on this machine, and CI=true: the runner's disk is thrown away, "
        "so the next run would create every resource again and nothing could destroy this stage later",
        'add a [state] section with bucket = "<name>" to wrapper.toml and run `wrapper bootstrap` once '
        f"(`wrapper init --ci github` writes one); set {ALLOW_LOCAL_STATE}=1 only for a stage you throw away in the same job",
    )


@dataclass(frozen=True)
class BucketStatus:
    exists: bool
    region: str | None = None


def inspect_bucket(s3: Any, state: StateBackend, account: str) -> BucketStatus:
    """Whether the state bucket exists; raises if it is another account's or in another region."""
    try:
        head = s3.head_bucket(Bucket=state.bucket, ExpectedBucketOwner=account)
    except Exception as exc:
        code = error_code(exc)
        if code is None:
            raise
        if code in {"404", "NoSuchBucket"}:
            return BucketStatus(exists=False)
        if code in {"403", "AccessDenied", "Forbidden"}:
            raise foreign_bucket(state.bucket, account) from None
        if code in {"301", "PermanentRedirect"}:
            region = getattr(exc, "response", {}).get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("x-amz-bucket-region")
            raise wrong_region(state, region) from None
        raise
    region = head.get("BucketRegion") or head.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("x-amz-bucket-region")
    if region and region != state.region:
        raise wrong_region(state, region)
    return BucketStatus(exists=True, region=region)


def require_state_bucket(s3: Any, state: StateBackend, account: str) -> None:
    """Before init/plan/apply: the bucket must be there, or Terraform fails in a far less clear way."""
    if not inspect_bucket(s3, state, account).exists:
        raise WrapperError(
            f"the state bucket {state.bucket!r} does not exist (state.bucket in wrapper.toml)",
            "create it once with `wrapper bootstrap` (with rights to create buckets), or fix state.bucket",
        )


def foreign_bucket(bucket: str, account: str) -> WrapperError:
    return WrapperError(
        f"the state bucket {bucket!r} belongs to another AWS account (yours is {account}) or these credentials may not read it",
        "bucket names are global: pick another state.bucket in wrapper.toml, or check the role's permissions",
    )


def wrong_region(state: StateBackend, region: str | None) -> ConfigError:
    return ConfigError(
        f"the state bucket {state.bucket!r} is in {region or 'another region'}, but wrapper.toml expects {state.region}",
        f'set state.region = "{region}" in wrapper.toml' if region else "set state.region to the bucket's region",
    )


def preflight_state(config: ProjectConfig, env: Mapping[str, str], *, writes: bool) -> None:
    """Before Terraform runs: deploy and destroy refuse local state in CI; S3 state needs its bucket."""
    if writes:
        require_shared_state(config, env)
    if config.state is not None:
        with aws_errors(f"check the state bucket {config.state.bucket}"):
            account = account_of(client("sts", config.state.region))
            require_state_bucket(client("s3", config.state.region), config.state, account)


def account_of(sts: Any) -> str:
    """The AWS account the credentials belong to (GetCallerIdentity needs no permission)."""
    return str(sts.get_caller_identity()["Account"])
