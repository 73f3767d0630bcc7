"""Every resource and data source type the test provider backs, by Terraform type name.

Adding a type: write its class in the module of its AWS service (or a new module), give it the
``type_name`` used in HCL, add the class to ``_RESOURCE_CLASSES`` / ``_DATA_CLASSES`` below, and make
sure ``extract_schema.RESOURCES`` / ``DATA_SOURCES`` lists it (then rerun ``extract_schema``).
"""

from __future__ import annotations

from tests.support.tfprovider.base import DataSourceType, ResourceType
from tests.support.tfprovider.resources import (
    acm,
    apigateway,
    apigatewayv2,
    apigatewayv2_serving,
    cloudfront,
    cognito,
    data,
    dynamodb,
    iam,
    kms,
    lambda_,
    logs,
    route53,
    s3,
    secretsmanager,
)

_RESOURCE_CLASSES: tuple[type[ResourceType], ...] = (
    apigateway.Account,
    apigatewayv2.Api,
    apigatewayv2_serving.ApiMapping,
    apigatewayv2.Authorizer,
    apigatewayv2_serving.Deployment,
    apigatewayv2_serving.DomainName,
    apigatewayv2.Integration,
    apigatewayv2.Route,
    apigatewayv2.RouteResponse,
    apigatewayv2_serving.Stage,
    cognito.UserGroup,
    cognito.UserPool,
    cognito.UserPoolClient,
    cognito.UserPoolDomain,
    dynamodb.Table,
    iam.Role,
    iam.RolePolicy,
    iam.RolePolicyAttachment,
    kms.KmsAlias,
    kms.KmsKey,
    lambda_.Function,
    lambda_.LayerVersion,
    lambda_.Permission,
    logs.LogGroup,
    route53.Record,
    acm.Certificate,
    acm.CertificateValidation,
    s3.Bucket,
    s3.Encryption,
    s3.Lifecycle,
    s3.OwnershipControls,
    s3.Policy,
    s3.PublicAccessBlock,
    s3.Versioning,
    cloudfront.Distribution,
    cloudfront.OriginAccessControl,
    cloudfront.ResponseHeadersPolicy,
    secretsmanager.Secret,
    secretsmanager.SecretVersion,
)
_DATA_CLASSES: tuple[type[DataSourceType], ...] = (data.CallerIdentity, data.Partition, data.PolicyDocument, data.Region, acm.HostedZone)

RESOURCES: dict[str, type[ResourceType]] = {cls.type_name: cls for cls in _RESOURCE_CLASSES}
DATA_SOURCES: dict[str, type[DataSourceType]] = {cls.type_name: cls for cls in _DATA_CLASSES}
