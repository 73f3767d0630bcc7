"""What the deploy role may do: the service's own resources and its state, nothing else. Pure.

Every resource a stage creates is named ``<service>-<stage>-<name>`` (log groups
``/aws/lambda/<service>-...``), so most statements name ``<service>-*``. Two kinds
of resource cannot be named that way, and are listed in ``UNNAMED`` so a test can
hold the line: API Gateway (its ARNs carry the API's id, not its name) and the
stage's KMS key (``kms:CreateKey`` and ``kms:ListAliases`` accept no resource but
``*``; the key's other actions are limited to keys tagged with the service).

The page (S3 + CloudFront) and custom domains (ACM + Route 53) add statements only when the
project has them (``StackParts``), so a role never holds rights its stacks do not use. Every
action that AWS lets a policy scope to a resource is scoped; the few it does not (they accept
only ``*``, per the Service Authorization Reference) carry a condition where AWS offers one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wrapper.config import ProjectConfig, StateBackend


@dataclass(frozen=True)
class StackParts:
    """What a project's stacks create beyond the backend, as far as the deploy role cares."""

    page: bool = False
    layer: bool = False  # package.layer: one dependency layer per stage
    domains: tuple[str, ...] = ()  # custom domain names: certificates and DNS records for these only
    http_api: bool = False  # a function declares HTTP routes: the HTTP API's access logs are a vended log delivery
    user_pool: bool = False  # [auth]: the stage's Cognito user pool

    @classmethod
    def of(cls, config: ProjectConfig) -> StackParts:
        names = (config.frontend.domain_name if config.frontend.enabled else None, config.websocket.domain_name)
        return cls(
            page=config.frontend.enabled,
            layer=config.package.layer,
            domains=tuple(sorted({n for n in names if n})),
            http_api=bool(config.http_routes),
            user_pool=config.auth is not None,
        )


# Sids of statements whose resources cannot carry the service prefix, and why.
UNNAMED = {
    "ApiGatewayOfThisRegion": "API Gateway ARNs hold the API id; limited to this region's WebSocket APIs and domain names",
    "KmsKeysTaggedWithTheService": "key ARNs hold the key id; limited to keys tagged service=<service>",
    "KmsCreateTaggedKey": "kms:CreateKey takes no resource; only with the tag service=<service>",
    "KmsListAliases": "kms:ListAliases takes no resource; read only",
    "LogGroupsDescribe": "logs:DescribeLogGroups takes no resource; read only",
    "ApiGatewayAccountRead": "deploy checks the region's API Gateway logging role; read only",
    "CloudFrontOfThePage": "CloudFront ARNs hold ids; limited to distributions, origin access controls and header policies",
    "CloudFrontCreateTaggedDistribution": "cloudfront:CreateDistribution takes no resource; only with the tag service=<service>",
    "CloudFrontCreatePageParts": "creating an origin access control or a response headers policy takes no resource and no condition",
    "CertificatesRequest": "acm:RequestCertificate takes no resource; only for the project's domain names",
    "HostedZonesList": "route53:ListHostedZones takes no resource; read only (finds the zone named in wrapper.toml)",
    "DnsRecordsOfTheDomains": "zone ARNs hold ids; record changes limited to the project's domain names",
    "UserPoolsCreateTagged": "cognito-idp:CreateUserPool takes no resource; only with the tag service=<service>",
    "UserPoolsOfTheService": "user pool ARNs hold ids; limited to pools tagged service=<service>",
    "UserPoolDomainsRead": "cognito-idp:DescribeUserPoolDomain takes no resource; read only",
    "HostedZonesRead": "zone ARNs hold ids; read only",
    "DnsChanges": "change ARNs hold ids; read only (waits for a record change)",
    "CertificatesOfTheDomains": "certificate ARNs hold ids; the stage's region and us-east-1 only",
    "HttpApiLogDelivery": "an HTTP API stage's access logs are a log delivery; these actions take no resource (API Gateway's HTTP API logging guide)",
}


# What the deploying principal needs to turn on an HTTP API stage's access logs besides its log group
# (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html).
HTTP_API_LOG_DELIVERY = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
]


def deploy_role_policy(
    *, account: str, region: str, service: str, state: StateBackend, role_name: str, parts: StackParts = StackParts()
) -> dict[str, Any]:
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
        _allow("LogGroupsDescribe", ["logs:DescribeLogGroups"], ["*"]),
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
            ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"],
            [
                f"arn:aws:apigateway:{region}::/apis",
                f"arn:aws:apigateway:{region}::/apis/*",
                f"arn:aws:apigateway:{region}::/domainnames",
                f"arn:aws:apigateway:{region}::/domainnames/*",
                f"arn:aws:apigateway:{region}::/tags/*",
            ],
        ),
        _allow("ApiGatewayAccountRead", ["apigateway:GET"], [f"arn:aws:apigateway:{region}::/account"]),
        *(
            [_allow("LambdaLayers", ["lambda:*"], [arn.of("lambda", f"layer:{prefix}*"), arn.of("lambda", f"layer:{prefix}*:*")])]
            if parts.layer
            else []
        ),
        *([_allow("HttpApiLogDelivery", HTTP_API_LOG_DELIVERY, ["*"])] if parts.http_api else []),
        *(_user_pool_statements(arn, service) if parts.user_pool else []),
        *(_page_statements(account, service, state) if parts.page else []),
        *(_domain_statements(account, region, parts.domains) if parts.domains else []),
        {
            # The role's names match its own prefix when service is "wrapper": never let it edit itself.
            "Sid": "NeverItself",
            "Effect": "Deny",
            "Action": ["iam:*"],
            "Resource": [f"arn:aws:iam::{account}:role/{role_name}"],
        },
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def _user_pool_statements(arn: _Arn, service: str) -> list[dict[str, Any]]:
    # Pool ARNs hold ids: the service tag (default_tags) is what names the service's pools.
    return [
        {
            **_allow("UserPoolsCreateTagged", ["cognito-idp:CreateUserPool", "cognito-idp:TagResource"], ["*"]),
            "Condition": {"StringEquals": {"aws:RequestTag/service": service}},
        },
        {
            **_allow("UserPoolsOfTheService", ["cognito-idp:*"], [arn.of("cognito-idp", "userpool/*")]),
            "Condition": {"StringEquals": {"aws:ResourceTag/service": service}},
        },
        _allow("UserPoolDomainsRead", ["cognito-idp:DescribeUserPoolDomain"], ["*"]),
    ]


def _page_statements(account: str, service: str, state: StateBackend) -> list[dict[str, Any]]:
    # Page buckets are made with bucket_prefix "<service>-<stage>-page"; the state bucket never matches.
    buckets = [f"arn:aws:s3:::{service}-*-page*", f"arn:aws:s3:::{service}-*-page*/*"]
    cloudfront = [
        f"arn:aws:cloudfront::{account}:{kind}/*" for kind in ("distribution", "origin-access-control", "response-headers-policy")
    ]
    return [
        _allow("PageBuckets", ["s3:*"], buckets),
        {
            # However the page pattern is read, the state bucket itself stays as bootstrap made it.
            "Sid": "StateBucketStaysAsMade",
            "Effect": "Deny",
            "Action": [
                "s3:DeleteBucket",
                "s3:DeleteBucketPolicy",
                "s3:PutBucket*",
                "s3:PutEncryptionConfiguration",
                "s3:PutLifecycleConfiguration",
            ],
            "Resource": [f"arn:aws:s3:::{state.bucket}"],
        },
        _allow("CloudFrontOfThePage", ["cloudfront:*"], cloudfront),
        {
            **_allow("CloudFrontCreateTaggedDistribution", ["cloudfront:CreateDistribution", "cloudfront:TagResource"], ["*"]),
            "Condition": {"StringEquals": {"aws:RequestTag/service": service}},
        },
        # AWS defines no resource and no condition key for these two creations.
        _allow("CloudFrontCreatePageParts", ["cloudfront:CreateOriginAccessControl", "cloudfront:CreateResponseHeadersPolicy"], ["*"]),
    ]


def _domain_statements(account: str, region: str, domains: tuple[str, ...]) -> list[dict[str, Any]]:
    names = [pattern for domain in domains for pattern in (domain, f"*.{domain}")]  # *.: the DNS validation records
    # CloudFront's certificate lives in us-east-1 whatever the stage's region.
    certificates = sorted({f"arn:aws:acm:{r}:{account}:certificate/*" for r in (region, "us-east-1")})
    return [
        {
            **_allow("CertificatesRequest", ["acm:RequestCertificate"], ["*"]),
            "Condition": {"ForAllValues:StringEquals": {"acm:DomainNames": list(domains)}},
        },
        _allow(
            "CertificatesOfTheDomains",
            ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate", "acm:AddTagsToCertificate"],
            certificates,
        ),
        _allow("HostedZonesList", ["route53:ListHostedZones", "route53:ListHostedZonesByName"], ["*"]),
        _allow(
            "HostedZonesRead",
            ["route53:GetHostedZone", "route53:ListTagsForResource", "route53:ListResourceRecordSets"],
            ["arn:aws:route53:::hostedzone/*"],
        ),
        _allow("DnsChanges", ["route53:GetChange"], ["arn:aws:route53:::change/*"]),
        {
            **_allow("DnsRecordsOfTheDomains", ["route53:ChangeResourceRecordSets"], ["arn:aws:route53:::hostedzone/*"]),
            "Condition": {"ForAllValues:StringLike": {"route53:ChangeResourceRecordSetsNormalizedRecordNames": names}},
        },
    ]


def deploy_role_name(service: str) -> str:
    return f"wrapper-deploy-{service}"[:64]


class _Arn:
    def __init__(self, account: str, region: str) -> None:
        self.account, self.region = account, region

    def of(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"


def _allow(sid: str, actions: list[str], resources: list[str]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}
