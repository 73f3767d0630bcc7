"""API Gateway's JWT authorizer for the offline HTTP API, checking the local provider's tokens.

As AWS documents it (HTTP APIs, "Controlling access with JWT authorizers"): the token comes from
the ``Authorization`` header (a ``Bearer`` prefix is dropped), its ``kid`` must name a key of the
issuer's JWKS and its RS256 signature match, ``iss`` must be the issuer, ``aud`` or ``client_id``
one of the audiences, and ``exp``/``nbf``/``iat`` valid. Anything else ends the request with 401
``{"message":"Unauthorized"}`` before the function runs. The claims reach the function in
``requestContext.authorizer.jwt.claims`` as strings, the access token's scopes in ``scopes``.
"""

from __future__ import annotations

from typing import Any

import jwt
from aiohttp import web

from wrapper.offline.apigw.http_responses import GatewayResponse, gateway_error
from wrapper.offline.apigw.http_router import RouteMatch
from wrapper.offline.oidc.provider import LocalProvider

UNAUTHORIZED = gateway_error(401, "Unauthorized")


class JwtAuthorizer:
    def __init__(self, provider: LocalProvider, public_routes: tuple[str, ...]) -> None:
        self.provider = provider
        self.public = frozenset(public_routes)

    async def __call__(self, request: web.Request, match: RouteMatch) -> dict[str, Any] | GatewayResponse | None:
        if match.route.key in self.public:
            return None
        claims = self.verify(_bearer(request.headers.get("Authorization", "")))
        if claims is None:
            return UNAUTHORIZED
        scope = claims.get("scope")
        return {"jwt": {"claims": {k: _text(v) for k, v in claims.items()}, "scopes": scope.split() if isinstance(scope, str) else None}}

    def verify(self, token: str) -> dict[str, Any] | None:
        if not token:
            return None
        key = self.provider.key
        try:
            if jwt.get_unverified_header(token).get("kid") != key.kid:
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                key.private.public_key(),
                algorithms=["RS256"],
                issuer=self.provider.issuer,
                options={"require": ["exp", "iss"], "verify_aud": False},
            )
        except jwt.PyJWTError:
            return None
        audience = self.provider.client_id
        return claims if audience in (claims.get("aud"), claims.get("client_id")) else None


def _bearer(header: str) -> str:
    scheme, _, rest = header.strip().partition(" ")
    return rest.strip() if scheme.lower() == "bearer" else header.strip()


def _text(value: Any) -> str:
    """How API Gateway writes claims into the event: strings, a list as ``[a b]``."""
    if isinstance(value, list):
        return "[" + " ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
