"""API Gateway's CloudWatch Logs role: an account-and-region setting every stage's access logs need.

API Gateway writes access logs only through the role named in its account settings
(https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html); on an account
that never set one, creating a stage with access logging fails half-way through a deploy. The
setting is one per account and region, shared by every API there, so it is not part of any
stage's Terraform (destroying one stage must not break the logs of another): ``deploy`` and
``plan`` check it before Terraform runs, and ``wrapper bootstrap --logging-role`` sets it once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from wrapper.aws import aws_errors, client, error_code
from wrapper.errors import WrapperError

ROLE_NAME = "wrapper-apigateway-cloudwatch-logs"
PUSH_POLICY = "arn:{partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


@dataclass(frozen=True)
class LoggingRole:
    region: str
    role_arn: str
    created: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def caller_identity(region: str, sts: Any | None = None) -> dict[str, str]:
    """Who AWS says the credentials belong to. `wrapper doctor` shows it; deploy, plan and destroy
    ask it before Terraform starts, so missing or refused credentials and an unreachable AWS are
    reported as such instead of as a failed provider download."""
    with aws_errors("check the credentials"):
        who: dict[str, str] = (sts or client("sts", region)).get_caller_identity()
    return who


def logging_role_arn(region: str, apigateway: Any | None = None) -> str | None:
    """The role API Gateway logs through in this region, or None when the account has none."""
    api = apigateway or client("apigateway", region)
    with aws_errors(f"read API Gateway's account settings in {region}"):
        arn = api.get_account().get("cloudwatchRoleArn")
    return str(arn) if arn else None


def require_logging_role(region: str, apigateway: Any | None = None) -> str:
    arn = logging_role_arn(region, apigateway)
    if arn is None:
        raise WrapperError(
            f"API Gateway in {region} has no CloudWatch Logs role, so the stage's access logs cannot be turned on "
            "(AWS: 'CloudWatch Logs role ARN must be set in account settings to enable logging')",
            f"run `wrapper bootstrap --logging-role` once for this account and region ({ROLE_NAME} is created and set); "
            "nothing was deployed",
        )
    return arn


def ensure_logging_role(region: str, iam: Any | None = None, apigateway: Any | None = None) -> LoggingRole:
    """Create the role (if needed) and make it the account's; leaves a role already set alone."""
    apigateway = apigateway or client("apigateway", region)
    current = logging_role_arn(region, apigateway)
    if current is not None:
        return LoggingRole(region, current, created=False)
    iam = iam or client("iam", region)
    with aws_errors(f"set API Gateway's CloudWatch Logs role in {region}"):
        try:
            arn = str(iam.get_role(RoleName=ROLE_NAME)["Role"]["Arn"])
        except Exception as exc:
            if error_code(exc) != "NoSuchEntity":
                raise
            arn = str(
                iam.create_role(
                    RoleName=ROLE_NAME,
                    AssumeRolePolicyDocument=json.dumps(TRUST),
                    Description="Lets API Gateway write access logs to CloudWatch Logs (set by wrapper bootstrap --logging-role)",
                )["Role"]["Arn"]
            )
        partition = arn.split(":")[1]
        iam.attach_role_policy(RoleName=ROLE_NAME, PolicyArn=PUSH_POLICY.format(partition=partition))
        apigateway.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": arn}])
    return LoggingRole(region, arn, created=True)
