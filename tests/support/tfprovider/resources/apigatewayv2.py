"""API Gateway v2 (WebSocket and HTTP APIs): API, integrations, routes, route responses, deployments, stages, domains."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from tests.support.tfprovider.base import ProviderError, ResourceType, State, api_error, unless_missing

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


def _cors(planned: State) -> dict[str, Any] | None:
    """The API's cors_configuration block as the API takes it (None: no CORS configuration)."""
    block = (planned.get("cors_configuration") or [None])[0]
    if not block:
        return None
    names = {
        "allow_credentials": "AllowCredentials",
        "allow_headers": "AllowHeaders",
        "allow_methods": "AllowMethods",
        "allow_origins": "AllowOrigins",
        "expose_headers": "ExposeHeaders",
        "max_age": "MaxAge",
    }
    cors = {
        name: sorted(block[key]) if isinstance(block[key], list | set) else block[key]
        for key, name in names.items()
        if block.get(key) is not None
    }
    # "allow-credentials cannot be true when allow-origins contains '*'" (HTTP API CORS rules:
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html); moto does not check.
    if cors.get("AllowCredentials") and "*" in cors.get("AllowOrigins", []):
        raise ProviderError(
            "creating API Gateway v2 API: api error BadRequestException: allow-credentials cannot be used with allow-origins '*'"
        )
    return cors


def _protocol(v2: Any, api_id: str) -> str:
    return str(v2.get_api(ApiId=api_id)["ProtocolType"])


GONE = ("NotFoundException", "ResourceNotFoundException", "404")


def _gone(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] in GONE


def _still_there(fetch: Callable[[], object]) -> bool:
    """Whether the resource a GET names still exists (not found: deleted outside Terraform, so read gives None)."""
    return unless_missing(fetch, *GONE) is not None


class Api(ResourceType):
    type_name = "aws_apigatewayv2_api"
    force_new = frozenset({"protocol_type"})

    def plan(self, prior: State | None, planned: State) -> None:
        if planned.get("api_key_selection_expression") is None or (prior is None and planned.get("api_key_selection_expression") is None):
            planned["api_key_selection_expression"] = "$request.header.x-api-key"

    def create(self, planned: State) -> State:
        v2 = self.client("apigatewayv2", planned)
        kwargs: dict[str, Any] = {"Name": planned["name"], "ProtocolType": planned["protocol_type"]}
        if planned.get("route_selection_expression"):
            kwargs["RouteSelectionExpression"] = planned["route_selection_expression"]
        if planned.get("description"):
            kwargs["Description"] = planned["description"]
        cors = _cors(planned)
        if cors is not None:
            if planned["protocol_type"] != "HTTP":
                raise ProviderError("creating API Gateway v2 API: api error BadRequestException: CORS is supported only for HTTP APIs")
            kwargs["CorsConfiguration"] = cors
        if planned.get("tags_all"):
            kwargs["Tags"] = planned["tags_all"]
        try:
            api = v2.create_api(**kwargs)
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 API ({planned['name']})", exc) from exc
        region, api_id = self.region(planned), api["ApiId"]
        scheme = "wss" if planned["protocol_type"] == "WEBSOCKET" else "https"
        planned.update(
            id=api_id,
            arn=f"arn:{self.ctx.partition}:apigateway:{region}::/apis/{api_id}",
            execution_arn=self.ctx.arn("execute-api", api_id, region=region),
            api_endpoint=f"{scheme}://{api_id}.execute-api.{region}.{self.ctx.dns_suffix}",
            route_selection_expression=api.get("RouteSelectionExpression") or planned.get("route_selection_expression"),
            api_key_selection_expression=planned.get("api_key_selection_expression") or "$request.header.x-api-key",
        )
        return planned

    def read(self, state: State) -> State | None:
        return state if _still_there(lambda: self.client("apigatewayv2", state).get_api(ApiId=state["id"])) else None

    def update(self, prior: State, planned: State) -> State:
        kwargs: dict[str, Any] = {"ApiId": prior["id"], "Name": planned["name"]}
        if planned.get("route_selection_expression"):
            kwargs["RouteSelectionExpression"] = planned["route_selection_expression"]
        cors = _cors(planned)
        if cors is not None:
            kwargs["CorsConfiguration"] = cors
        v2 = self.client("apigatewayv2", planned)
        v2.update_api(**kwargs)
        if cors is None and _cors(prior) is not None:
            v2.delete_cors_configuration(ApiId=prior["id"])
        return planned

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_api(ApiId=state["id"])


class Integration(ResourceType):
    type_name = "aws_apigatewayv2_integration"
    force_new = frozenset({"api_id", "integration_type"})

    def _kwargs(self, planned: State) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ApiId": planned["api_id"], "IntegrationType": planned["integration_type"]}
        for key, name in (
            ("integration_method", "IntegrationMethod"),
            ("integration_uri", "IntegrationUri"),
            ("description", "Description"),
            ("payload_format_version", "PayloadFormatVersion"),
            ("timeout_milliseconds", "TimeoutInMillis"),
        ):
            if planned.get(key):
                kwargs[name] = planned[key]
        return kwargs

    def _check(self, planned: State, protocol: str) -> None:
        # Integration timeouts: 50-29,000 ms for WebSocket APIs, 50-30,000 ms for HTTP APIs (API Gateway quotas,
        # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html); moto does not check.
        timeout = planned.get("timeout_milliseconds")
        most = 30000 if protocol == "HTTP" else 29000
        if timeout is not None and not 50 <= timeout <= most:
            raise ProviderError(
                f"creating API Gateway v2 integration: api error BadRequestException: Timeout must be between 50 ms and {most} ms"
            )
        # Payload format 2.0 is an HTTP API's (WebSocket integrations take 1.0 only).
        if protocol != "HTTP" and planned.get("payload_format_version") not in (None, "1.0"):
            raise ProviderError(
                "creating API Gateway v2 integration: api error BadRequestException: payloadFormatVersion 2.0 is for HTTP APIs"
            )

    def create(self, planned: State) -> State:
        v2 = self.client("apigatewayv2", planned)
        protocol = _protocol(v2, planned["api_id"])
        self._check(planned, protocol)
        try:
            created = v2.create_integration(**self._kwargs(planned))
        except ClientError as exc:
            raise api_error("creating API Gateway v2 integration", exc) from exc
        planned.update(
            id=created["IntegrationId"],
            timeout_milliseconds=planned.get("timeout_milliseconds") or (30000 if protocol == "HTTP" else 29000),
            passthrough_behavior=planned.get("passthrough_behavior") or "WHEN_NO_MATCH",
            connection_type=planned.get("connection_type") or "INTERNET",
        )
        return planned

    def read(self, state: State) -> State | None:
        return (
            state
            if _still_there(lambda: self.client("apigatewayv2", state).get_integration(ApiId=state["api_id"], IntegrationId=state["id"]))
            else None
        )

    def update(self, prior: State, planned: State) -> State:
        v2 = self.client("apigatewayv2", planned)
        self._check(planned, _protocol(v2, planned["api_id"]))
        v2.update_integration(IntegrationId=prior["id"], **self._kwargs(planned))
        return planned

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_integration(ApiId=state["api_id"], IntegrationId=state["id"])


class Route(ResourceType):
    type_name = "aws_apigatewayv2_route"
    force_new = frozenset({"api_id"})

    def _kwargs(self, planned: State) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ApiId": planned["api_id"], "RouteKey": planned["route_key"]}
        for key, name in (
            ("target", "Target"),
            ("authorization_type", "AuthorizationType"),
            ("authorizer_id", "AuthorizerId"),
            ("route_response_selection_expression", "RouteResponseSelectionExpression"),
        ):
            if planned.get(key):
                kwargs[name] = planned[key]
        return kwargs

    def create(self, planned: State) -> State:
        try:
            created = self.client("apigatewayv2", planned).create_route(**self._kwargs(planned))
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 route ({planned['route_key']})", exc) from exc
        planned["id"] = created["RouteId"]
        return planned

    def read(self, state: State) -> State | None:
        return (
            state
            if _still_there(lambda: self.client("apigatewayv2", state).get_route(ApiId=state["api_id"], RouteId=state["id"]))
            else None
        )

    def update(self, prior: State, planned: State) -> State:
        self.client("apigatewayv2", planned).update_route(RouteId=prior["id"], **self._kwargs(planned))
        return planned

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_route(ApiId=state["api_id"], RouteId=state["id"])


class RouteResponse(ResourceType):
    type_name = "aws_apigatewayv2_route_response"
    force_new = frozenset({"api_id", "route_id"})

    def create(self, planned: State) -> State:
        try:
            created = self.client("apigatewayv2", planned).create_route_response(
                ApiId=planned["api_id"], RouteId=planned["route_id"], RouteResponseKey=planned["route_response_key"]
            )
        except ClientError as exc:
            raise api_error("creating API Gateway v2 route response", exc) from exc
        planned["id"] = created["RouteResponseId"]
        return planned

    def read(self, state: State) -> State | None:
        return (
            state
            if _still_there(
                lambda: self.client("apigatewayv2", state).get_route_response(
                    ApiId=state["api_id"], RouteId=state["route_id"], RouteResponseId=state["id"]
                )
            )
            else None
        )

    def delete(self, state: State) -> None:
        try:
            self.client("apigatewayv2", state).delete_route_response(
                ApiId=state["api_id"], RouteId=state["route_id"], RouteResponseId=state["id"]
            )
        except ClientError as exc:
            if not _gone(exc):
                raise


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
        try:
            routes = v2.get_routes(ApiId=planned["api_id"])["Items"]
        except ClientError as exc:
            raise api_error("creating API Gateway v2 deployment", exc) from exc
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


class Stage(ResourceType):
    type_name = "aws_apigatewayv2_stage"
    force_new = frozenset({"api_id", "name"})

    def _check_logging_role(self, planned: State) -> None:
        # "CloudWatch Logs role ARN must be set in account settings to enable logging": API Gateway
        # writes access logs only with the account's CloudWatch role (aws_api_gateway_account), set
        # once per account and region. moto does not check; AWS does.
        # https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#set-up-access-logging-permissions
        # HTTP APIs write access logs through a service-linked role and need no account setting.
        if not planned.get("access_log_settings") or _protocol(self.client("apigatewayv2", planned), planned["api_id"]) == "HTTP":
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
        try:
            self.client("apigatewayv2", planned).create_stage(**self._kwargs(planned))
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 stage ({planned['name']})", exc) from exc
        return self._computed(planned)

    def read(self, state: State) -> State | None:
        return (
            state
            if _still_there(lambda: self.client("apigatewayv2", state).get_stage(ApiId=state["api_id"], StageName=state["name"]))
            else None
        )

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
        try:
            self.client("apigatewayv2", state).delete_stage(ApiId=state["api_id"], StageName=state["name"])
        except ClientError as exc:
            if not _gone(exc):
                raise


class DomainName(ResourceType):
    type_name = "aws_apigatewayv2_domain_name"
    force_new = frozenset({"domain_name"})

    def create(self, planned: State) -> State:
        region = self.region(planned)
        config = planned["domain_name_configuration"][0]
        # A regional domain needs an ISSUED ACM certificate in its own region
        # (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html).
        try:
            status = self.ctx.client("acm", region).describe_certificate(CertificateArn=config["certificate_arn"])["Certificate"]["Status"]
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 domain name ({planned['domain_name']})", exc) from exc
        if status != "ISSUED":
            raise ProviderError(
                f"creating API Gateway v2 domain name ({planned['domain_name']}): api error BadRequestException: "
                f"Certificate {config['certificate_arn']} in account is not issued (status {status})"
            )
        try:
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
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 domain name ({planned['domain_name']})", exc) from exc
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

    def read(self, state: State) -> State | None:
        return state if _still_there(lambda: self.client("apigatewayv2", state).get_domain_name(DomainName=state["domain_name"])) else None

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_domain_name(DomainName=state["domain_name"])


class ApiMapping(ResourceType):
    type_name = "aws_apigatewayv2_api_mapping"
    force_new = frozenset({"domain_name"})

    def create(self, planned: State) -> State:
        kwargs = {"ApiId": planned["api_id"], "DomainName": planned["domain_name"], "Stage": planned["stage"]}
        if planned.get("api_mapping_key"):
            kwargs["ApiMappingKey"] = planned["api_mapping_key"]
        try:
            created = self.client("apigatewayv2", planned).create_api_mapping(**kwargs)
        except ClientError as exc:
            raise api_error("creating API Gateway v2 API mapping", exc) from exc
        planned["id"] = created["ApiMappingId"]
        return planned

    def read(self, state: State) -> State | None:
        return (
            state
            if _still_there(
                lambda: self.client("apigatewayv2", state).get_api_mapping(ApiMappingId=state["id"], DomainName=state["domain_name"])
            )
            else None
        )

    def update(self, prior: State, planned: State) -> State:
        self.delete(prior)
        return self.create(planned)

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_api_mapping(ApiMappingId=state["id"], DomainName=state["domain_name"])


class Authorizer(ResourceType):
    type_name = "aws_apigatewayv2_authorizer"
    force_new = frozenset({"api_id", "authorizer_type"})

    def validate(self, config: State) -> None:
        # HTTP API JWT authorizers (CreateAuthorizer): an identity source and an https:// issuer with
        # at least one audience are required; moto stores whatever it is given.
        if config.get("authorizer_type") != "JWT":
            return
        jwt = config.get("jwt_configuration")
        block = jwt[0] if isinstance(jwt, list) and jwt else None
        if isinstance(jwt, list) and block is None:
            raise ProviderError("a JWT authorizer needs a jwt_configuration block (issuer and audience)")
        issuer = block.get("issuer") if block else None
        if isinstance(issuer, str) and not issuer.startswith("https://"):
            raise ProviderError(f"jwt_configuration.issuer {issuer!r} must be an https:// URL")
        sources = config.get("identity_sources")
        if isinstance(sources, list) and not sources:
            raise ProviderError('a JWT authorizer needs identity_sources, e.g. ["$request.header.Authorization"]')

    def _kwargs(self, planned: State) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "Name": planned["name"],
            "AuthorizerType": planned["authorizer_type"],
            "IdentitySource": list(planned.get("identity_sources") or []),
        }
        jwt = planned.get("jwt_configuration") or []
        if jwt:
            kwargs["JwtConfiguration"] = {"Issuer": jwt[0].get("issuer"), "Audience": list(jwt[0].get("audience") or [])}
        return kwargs

    def create(self, planned: State) -> State:
        try:
            created = self.client("apigatewayv2", planned).create_authorizer(ApiId=planned["api_id"], **self._kwargs(planned))
        except ClientError as exc:
            raise api_error(f"creating API Gateway v2 authorizer ({planned['name']})", exc) from exc
        planned["id"] = created["AuthorizerId"]
        return planned

    def read(self, state: State) -> State | None:
        apigw = self.client("apigatewayv2", state)
        return state if _still_there(lambda: apigw.get_authorizer(ApiId=state["api_id"], AuthorizerId=state["id"])) else None

    def update(self, prior: State, planned: State) -> State:
        self.client("apigatewayv2", planned).update_authorizer(ApiId=prior["api_id"], AuthorizerId=prior["id"], **self._kwargs(planned))
        return planned

    def delete(self, state: State) -> None:
        self.client("apigatewayv2", state).delete_authorizer(ApiId=state["api_id"], AuthorizerId=state["id"])
