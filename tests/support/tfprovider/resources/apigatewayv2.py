"""API Gateway v2 (WebSocket and HTTP APIs): the API, its integrations, routes, route responses and authorizers.

Where an API is served (deployments, stages, custom domains) is in ``apigatewayv2_serving``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from tests.support.tfprovider.base import ProviderError, ResourceType, State, given, kept_if_found, missing_is_fine, reported


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


def protocol_of(v2: Any, api_id: str) -> str:
    return str(v2.get_api(ApiId=api_id)["ProtocolType"])


GONE = ("NotFoundException", "ResourceNotFoundException", "404")

# API Gateway v2's parameters are its Terraform attributes in CamelCase (route_key: RouteKey), but these.
RENAMED = {"tags_all": "Tags", "timeout_milliseconds": "TimeoutInMillis"}


def parameter(attribute: str) -> str:
    return RENAMED.get(attribute) or "".join(word.capitalize() for word in attribute.split("_"))


class ApiPart(ResourceType):
    """An API or a part of one, Terraform type ``aws_apigatewayv2_<part>``, which API Gateway v2
    gets and deletes by its ids alone (GetRoute(ApiId, RouteId), DeleteRoute(ApiId, RouteId), ...),
    and creates and updates from its attributes (CreateRoute, then UpdateRoute(RouteId, ...))."""

    part: ClassVar[str]  # the calls' noun: get_<part>, delete_<part>
    ids: ClassVar[dict[str, str]]  # the calls' id parameters -> the state attributes holding them

    def __init_subclass__(cls, *, part: str, ids: dict[str, str], **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.part, cls.ids, cls.type_name = part, ids, f"aws_apigatewayv2_{part}"

    # The create (and update) call's arguments: attributes sent always, and sent when set.
    sent: ClassVar[tuple[str, ...]] = ()
    sent_when_set: ClassVar[tuple[str, ...]] = ()
    named_by: ClassVar[str | None] = None  # the attribute the provider's error messages name the part by

    def _arguments(self, planned: State) -> dict[str, Any]:
        always = {parameter(name): planned[name] for name in self.sent}
        return always | given(planned, {name: parameter(name) for name in self.sent_when_set})

    def _ids(self, state: State) -> dict[str, Any]:
        return {parameter: state[attribute] for parameter, attribute in self.ids.items()}

    @property
    def _own_id(self) -> str:
        """The id parameter AWS answers a create with and the state keeps as ``id`` (RouteId, ...)."""
        return next(parameter for parameter, attribute in self.ids.items() if attribute == "id")

    def create(self, planned: State) -> State:
        named = f" ({planned[self.named_by]})" if self.named_by else ""
        with reported(f"creating API Gateway v2 {self.part.replace('_', ' ')}{named}"):
            created = getattr(self.client("apigatewayv2", planned), f"create_{self.part}")(**self._arguments(planned))
        planned["id"] = created[self._own_id]
        return planned

    def read(self, state: State) -> State | None:
        get = getattr(self.client("apigatewayv2", state), f"get_{self.part}")
        return kept_if_found(state, lambda: get(**self._ids(state)), *GONE)

    def update(self, prior: State, planned: State) -> State:
        getattr(self.client("apigatewayv2", planned), f"update_{self.part}")(**{self._own_id: prior["id"]}, **self._arguments(planned))
        return planned

    def delete(self, state: State) -> None:
        getattr(self.client("apigatewayv2", state), f"delete_{self.part}")(**self._ids(state))


class Api(ApiPart, part="api", ids={"ApiId": "id"}):
    force_new = frozenset({"protocol_type"})
    sent = ("name", "protocol_type")
    sent_when_set = ("route_selection_expression", "description", "tags_all")

    def plan(self, prior: State | None, planned: State) -> None:
        if planned.get("api_key_selection_expression") is None or (prior is None and planned.get("api_key_selection_expression") is None):
            planned["api_key_selection_expression"] = "$request.header.x-api-key"

    def create(self, planned: State) -> State:
        v2 = self.client("apigatewayv2", planned)
        kwargs = self._arguments(planned)
        cors = _cors(planned)
        if cors is not None:
            if planned["protocol_type"] != "HTTP":
                raise ProviderError("creating API Gateway v2 API: api error BadRequestException: CORS is supported only for HTTP APIs")
            kwargs["CorsConfiguration"] = cors
        with reported(f"creating API Gateway v2 API ({planned['name']})"):
            api = v2.create_api(**kwargs)
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


class Integration(ApiPart, part="integration", ids={"ApiId": "api_id", "IntegrationId": "id"}):
    force_new = frozenset({"api_id", "integration_type"})
    sent = ("api_id", "integration_type")
    sent_when_set = ("integration_method", "integration_uri", "description", "payload_format_version", "timeout_milliseconds")

    @staticmethod
    def most_ms(protocol: str) -> int:
        """The longest integration timeout, also the default (29 s WebSocket, 30 s HTTP)."""
        return 30000 if protocol == "HTTP" else 29000

    def _check(self, planned: State, protocol: str) -> None:
        # Integration timeouts: 50-29,000 ms for WebSocket APIs, 50-30,000 ms for HTTP APIs (API Gateway quotas,
        # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html); moto does not check.
        timeout = planned.get("timeout_milliseconds")
        most = self.most_ms(protocol)
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
        protocol = protocol_of(self.client("apigatewayv2", planned), planned["api_id"])
        self._check(planned, protocol)
        planned = super().create(planned)
        planned.update(
            timeout_milliseconds=planned.get("timeout_milliseconds") or self.most_ms(protocol),
            passthrough_behavior=planned.get("passthrough_behavior") or "WHEN_NO_MATCH",
            connection_type=planned.get("connection_type") or "INTERNET",
        )
        return planned

    def update(self, prior: State, planned: State) -> State:
        self._check(planned, protocol_of(self.client("apigatewayv2", planned), planned["api_id"]))
        return super().update(prior, planned)


class Route(ApiPart, part="route", ids={"ApiId": "api_id", "RouteId": "id"}):
    force_new = frozenset({"api_id"})
    sent = ("api_id", "route_key")
    sent_when_set = ("target", "authorization_type", "authorizer_id", "route_response_selection_expression")
    named_by = "route_key"


class RouteResponse(ApiPart, part="route_response", ids={"ApiId": "api_id", "RouteId": "route_id", "RouteResponseId": "id"}):
    force_new = frozenset({"api_id", "route_id"})
    sent = ("api_id", "route_id", "route_response_key")

    def update(self, prior: State, planned: State) -> State:
        # moto has no UpdateRouteResponse; the stack's one route response key ($default) never changes.
        return planned

    def delete(self, state: State) -> None:
        with missing_is_fine(*GONE):
            super().delete(state)


class Authorizer(ApiPart, part="authorizer", ids={"ApiId": "api_id", "AuthorizerId": "id"}):
    force_new = frozenset({"api_id", "authorizer_type"})
    named_by = "name"

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

    def _arguments(self, planned: State) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "ApiId": planned["api_id"],
            "Name": planned["name"],
            "AuthorizerType": planned["authorizer_type"],
            "IdentitySource": list(planned.get("identity_sources") or []),
        }
        jwt = planned.get("jwt_configuration") or []
        if jwt:
            kwargs["JwtConfiguration"] = {"Issuer": jwt[0].get("issuer"), "Audience": list(jwt[0].get("audience") or [])}
        return kwargs
