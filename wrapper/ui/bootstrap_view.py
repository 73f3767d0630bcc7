"""What ``wrapper bootstrap`` shows: what it made or found, and the role ARN to store in CI."""

from __future__ import annotations

from wrapper.terraform.account import LoggingRole
from wrapper.terraform.bootstrap import BootstrapResult
from wrapper.ui import console


def summary(result: BootstrapResult, *, github: bool) -> None:
    bucket = "created" if result.created else "already existed; settings checked"
    console.success(f"state bucket {result.bucket} ({result.region}) {bucket}")
    if result.provider_arn:
        console.success(f"OIDC identity provider {result.provider_arn} {'created' if result.provider_created else 'already existed'}")
    if result.role_arn:
        console.success(f"deploy role {result.role_arn} {'created' if result.role_created else 'already existed; policies updated'}")
        where = "repository secret" if github else "CI/CD variable"
        command = f"gh secret set AWS_ROLE_ARN --body {result.role_arn}" if github else "Settings > CI/CD > Variables"
        console.info(f"Store the role ARN as the {where} AWS_ROLE_ARN ({command}):")
        console.result(result.role_arn)


def logging_role(role: LoggingRole) -> None:
    console.success(f"API Gateway logs through {role.role_arn} in {role.region}{' (set now)' if role.created else ' (already set)'}")
