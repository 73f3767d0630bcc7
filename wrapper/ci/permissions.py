"""What the deploy role may do: the service's own resources and its state, nothing else. Pure.

Every resource a stage creates is named ``<service>-<stage>-<name>`` (log groups
``/aws/lambda/<service>-...``), so most statements name ``<service>-*``. Two kinds
of resource cannot be named that way, and are listed in ``UNNAMED`` so a test can
hold the line: API Gateway (its ARNs carry the API's id, not its name) and the
stage's KMS key (``kms:CreateKey`` and ``kms:ListAliases`` accept no resource but
``*``; the key's other actions are limited to keys tagged with the service).
"""

from __future__ import annotations

from typing import Any

from wrapper.config import StateBackend

# Sids of statements whose resources cannot carry the service prefix, and why.
UNNAMED = {
    "ApiGatewayOfThisRegion": "API Gateway ARNs hold the API id; limited to this region's WebSocket APIs and domain names",
    "KmsKeysTaggedWithTheService": "key ARNs hold the key id; limited to keys tagged service=<service>",
    "KmsCreateTaggedKey": "kms:CreateKey takes no resource; only with the tag service=<service>",
    "KmsListAliases": "kms:ListAliases takes no resource; read only",
    "LogGroupsDescribe": "logs:DescribeLogGroups is resolved per region; read only",
    "ApiGatewayAccountRead": "deploy checks the region's API Gateway logging role; read only",
}


def deploy_role_policy(*, account: str, region: str, service: str, state: StateBackend, role_name: str) -> dict[str, Any]:
    prefix = f"{service}-"
    state_prefix = state.key.rsplit("/", 1)[0]  # <key_prefix>/<service>: every stage's state and lock file
    arn = _Arn(account, region)
    statements: list[dict[str, Any]] = [
        _allow("StateBucketList", ["s3:ListBucket", "s3:GetBucketLocation"], [f"arn:aws:s3:::{state.bucket}"]),
        _allow(
            "StateObjectsOfTheService",
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            [f"arn:aws:s3:::{state.bucket}/{state_prefix}/*"],
        ),
        _allow("DynamoDbTables", ["dynamodb:*"], [arn.of("dynamodb", f"table/{prefix}*"), arn.of("dynamodb", f"table/{prefix}*/*")]),
        _allow("LambdaFunctions", ["lambda:*"], [arn.of("lambda", f"function:{prefix}*"), arn.of("lambda", f"function:{prefix}*:*")]),
        _allow(
            "FunctionRoles",
            [
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:GetRole",
                "iam:UpdateRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:ListRoleTags",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
            ],
            [f"arn:aws:iam::{account}:role/{prefix}*"],
        ),
        {
            **_allow("PassFunctionRolesToLambda", ["iam:PassRole"], [f"arn:aws:iam::{account}:role/{prefix}*"]),
            "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}},
        },
        _allow(
            "LogGroups",
            ["logs:*"],
            [
                arn.of("logs", f"log-group:/aws/lambda/{prefix}*"),
                arn.of("logs", f"log-group:/aws/lambda/{prefix}*:*"),
                arn.of("logs", f"log-group:/aws/apigateway/{prefix}*"),
                arn.of("logs", f"log-group:/aws/apigateway/{prefix}*:*"),
            ],
        ),
        _allow("LogGroupsDescribe", ["logs:DescribeLogGroups"], [arn.of("logs", "log-group:*")]),
        _allow("Secrets", ["secretsmanager:*"], [arn.of("secretsmanager", f"secret:{prefix}*")]),
        _allow("KmsAliases", ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"], [arn.of("kms", f"alias/{prefix}*")]),
        {
            **_allow("KmsKeysTaggedWithTheService", ["kms:*"], [arn.of("kms", "key/*")]),
            "Condition": {"StringEquals": {"aws:ResourceTag/service": service}},
        },
        {
            **_allow("KmsCreateTaggedKey", ["kms:CreateKey", "kms:TagResource"], ["*"]),
            "Condition": {"StringEquals": {"aws:RequestTag/service": service}},
        },
        _allow("KmsListAliases", ["kms:ListAliases"], ["*"]),
        _allow(
            "ApiGatewayOfThisRegion",
            ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE", "apigateway:TagResource"],
            [
                f"arn:aws:apigateway:{region}::/apis",
                f"arn:aws:apigateway:{region}::/apis/*",
                f"arn:aws:apigateway:{region}::/domainnames",
                f"arn:aws:apigateway:{region}::/domainnames/*",
                f"arn:aws:apigateway:{region}::/tags/*",
            ],
        ),
        _allow("ApiGatewayAccountRead", ["apigateway:GET"], [f"arn:aws:apigateway:{region}::/account"]),
        {
            # The role's names match its own prefix when service is "wrapper": never let it edit itself.
            "Sid": "NeverItself",
            "Effect": "Deny",
            "Action": ["iam:*"],
            "Resource": [f"arn:aws:iam::{account}:role/{role_name}"],
        },
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def deploy_role_name(service: str) -> str:
    return f"wrapper-deploy-{service}"[:64]


class _Arn:
    def __init__(self, account: str, region: str) -> None:
        self.account, self.region = account, region

    def of(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"


def _allow(sid: str, actions: list[str], resources: list[str]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}
