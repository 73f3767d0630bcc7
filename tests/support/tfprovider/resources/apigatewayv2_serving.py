"""API Gateway v2, where an API is served: deployments, stages, custom domain names and their API mappings."""

from __future__ import annotations

import secrets
import string
from typing import Any

from botocore.exceptions import ClientError

from tests.support.tfprovider.base import ProviderError, ResourceType, State, api_error, missing_is_fine, reported
from tests.support.tfprovider.resources.apigatewayv2 import GONE, Api, ApiPart, protocol_of

# Route 53 hosted zone of API Gateway's regional endpoints, per region
# (https://docs.aws.amazon.com/general/latest/gr/apigateway.html).
REGIONAL_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-2": "Z2OJLYMUO9EFXC",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
}


class Deployment(ResourceType):
    """moto has no CreateDeployment ("Not yet implemented"); AWS's rules for it are kept here.

    A deployment snapshots the API's routes: AWS refuses one for an API without routes
    ("BadRequestException: At least one route is required before deploying the Api"), and for an
    integration-less route. Deployments have no state of their own worth keeping beyond their id.
    """

    type_name = "aws_apigatewayv2_deployment"
    force_new = frozenset({"api_id", "triggers"})

    def create(self, planned: State) -> State:
        v2 = self.client("apigatewayv2", planned)
        with reported("creating API Gateway v2 deployment"):
            routes = v2.get_routes(ApiId=planned["api_id"])["Items"]
        if not routes:
            raise ProviderError(
                "creating API Gateway v2 deployment: operation error ApiGatewayV2: CreateDeployment, api error BadRequestException: "
                "At least one route is required before deploying the Api."
            )
        planned.update(id="".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6)), auto_deployed=False)
        return planned

    def read(self, state: State) -> State | None:
        return Api(self.ctx).read({"id": state["api_id"], "region": state.get("region")}) and state

    def delete(self, state: State) -> None:
        """Nothing to remove in the stand-in: the API (and moto's stages) hold no deployment record."""


class Stage(ApiPart, part="stage", ids={"ApiId": "api_id", "StageName": "name"}):
    force_new = frozenset({"api_id", "name"})

    def _check_logging_role(self, planned: State) -> None:
        # "CloudWatch Logs role ARN must be set in account settings to enable logging": API Gateway
        # writes access logs only with the account's CloudWatch role (aws_api_gateway_account), set
        # once per account and region. moto does not check; AWS does.
        # https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#set-up-access-logging-permissions
        # HTTP APIs write access logs through a service-linked role and need no account setting.
        if not planned.get("access_log_settings") or protocol_of(self.client("apigatewayv2", planned), planned["api_id"]) == "HTTP":
            return
        account = self.client("apigateway", planned).get_account()
        if not account.get("cloudwatchRoleArn"):
            raise ProviderError(
                f"creating API Gateway v2 stage ({planned['name']}): operation error ApiGatewayV2: CreateStage, "
                "https response error StatusCode: 400, api error BadRequestException: "
                "CloudWatch Logs role ARN must be set in account settings to enable logging"
            )

    def _kwargs(self, planned: State) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ApiId": planned["api_id"], "StageName": planned["name"]}
        if planned.get("deployment_id"):
            kwargs["DeploymentId"] = planned["deployment_id"]
        if planned.get("auto_deploy"):
            kwargs["AutoDeploy"] = True
        logs = (planned.get("access_log_settings") or [None])[0]
        if logs:
            kwargs["AccessLogSettings"] = {"DestinationArn": logs["destination_arn"], "Format": logs["format"]}
        route = (planned.get("default_route_settings") or [None])[0]
        if route:
            settings = {
                "DataTraceEnabled": bool(route.get("data_trace_enabled")),
                "DetailedMetricsEnabled": bool(route.get("detailed_metrics_enabled")),
            }
            if route.get("logging_level"):
                settings["LoggingLevel"] = route["logging_level"]
            if route.get("throttling_burst_limit") is not None:
                settings["ThrottlingBurstLimit"] = int(route["throttling_burst_limit"])
            if route.get("throttling_rate_limit") is not None:
                settings["ThrottlingRateLimit"] = float(route["throttling_rate_limit"])
            kwargs["DefaultRouteSettings"] = settings
        return kwargs

    def _computed(self, planned: State) -> State:
        region, api_id, name = self.region(planned), planned["api_id"], planned["name"]
        api = self.client("apigatewayv2", planned).get_api(ApiId=api_id)
        scheme = "wss" if api["ProtocolType"] == "WEBSOCKET" else "https"
        # The $default stage is served at the API's root: its invoke URL names no stage.
        path = "" if name == "$default" else name
        planned.update(
            id=name,
            arn=f"arn:{self.ctx.partition}:apigateway:{region}::/apis/{api_id}/stages/{name}",
            execution_arn=self.ctx.arn("execute-api", f"{api_id}/{name}", region=region),
            invoke_url=f"{scheme}://{api_id}.execute-api.{region}.{self.ctx.dns_suffix}/{path}",
        )
        return planned

    def create(self, planned: State) -> State:
        self._check_logging_role(planned)
        with reported(f"creating API Gateway v2 stage ({planned['name']})"):
            self.client("apigatewayv2", planned).create_stage(**self._kwargs(planned))
        return self._computed(planned)

    def update(self, prior: State, planned: State) -> State:
        self._check_logging_role(planned)
        v2 = self.client("apigatewayv2", planned)
        try:
            v2.update_stage(**self._kwargs(planned))
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in ("404", "NotImplemented"):
                raise api_error(f"updating API Gateway v2 stage ({planned['name']})", exc) from exc
            # moto has no UpdateStage: the same settings, applied by recreating the stage record.
            v2.delete_stage(ApiId=prior["api_id"], StageName=prior["name"])
            v2.create_stage(**self._kwargs(planned))
        return self._computed(planned)

    def delete(self, state: State) -> None:
        with missing_is_fine(*GONE):
            super().delete(state)


class DomainName(ApiPart, part="domain_name", ids={"DomainName": "domain_name"}):
    force_new = frozenset({"domain_name"})

    def create(self, planned: State) -> State:
        region = self.region(planned)
        config = planned["domain_name_configuration"][0]
        # A regional domain needs an ISSUED ACM certificate in its own region
        # (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html).
        with reported(f"creating API Gateway v2 domain name ({planned['domain_name']})"):
            status = self.ctx.client("acm", region).describe_certificate(CertificateArn=config["certificate_arn"])["Certificate"]["Status"]
        if status != "ISSUED":
            raise ProviderError(
                f"creating API Gateway v2 domain name ({planned['domain_name']}): api error BadRequestException: "
                f"Certificate {config['certificate_arn']} in account is not issued (status {status})"
            )
        with reported(f"creating API Gateway v2 domain name ({planned['domain_name']})"):
            self.client("apigatewayv2", planned).create_domain_name(
                DomainName=planned["domain_name"],
                DomainNameConfigurations=[
                    {
                        "CertificateArn": config["certificate_arn"],
                        "EndpointType": config["endpoint_type"],
                        "SecurityPolicy": config["security_policy"],
                    }
                ],
                Tags=planned.get("tags_all") or {},
            )
        if region not in REGIONAL_ZONES:
            raise ProviderError(f"test provider: no API Gateway hosted zone id recorded for {region}", "add it to REGIONAL_ZONES")
        target = "d-" + "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(10))
        config.update(
            target_domain_name=f"{target}.execute-api.{region}.{self.ctx.dns_suffix}",
            hosted_zone_id=REGIONAL_ZONES[region],
            ip_address_type="ipv4",
        )
        planned.update(
            id=planned["domain_name"],
            arn=f"arn:{self.ctx.partition}:apigateway:{region}::/domainnames/{planned['domain_name']}",
            api_mapping_selection_expression="$request.basepath",
        )
        return planned

    def update(self, prior: State, planned: State) -> State:
        # moto has no UpdateDomainName: the new configuration is kept in state only.
        return planned


class ApiMapping(ApiPart, part="api_mapping", ids={"ApiMappingId": "id", "DomainName": "domain_name"}):
    force_new = frozenset({"domain_name"})

    def create(self, planned: State) -> State:
        kwargs = {"ApiId": planned["api_id"], "DomainName": planned["domain_name"], "Stage": planned["stage"]}
        if planned.get("api_mapping_key"):
            kwargs["ApiMappingKey"] = planned["api_mapping_key"]
        with reported("creating API Gateway v2 API mapping"):
            created = self.client("apigatewayv2", planned).create_api_mapping(**kwargs)
        planned["id"] = created["ApiMappingId"]
        return planned

    def update(self, prior: State, planned: State) -> State:
        self.delete(prior)
        return self.create(planned)
