"""Signed-in players: their Cognito token (or `wrapper dev`'s local stand-in's), verified with PyJWT.

Used when wrapper.toml has ``[auth]``: Terraform gives every function the user pool's issuer,
app client id and JWKS URL (``wrapper dev`` gives the local provider's). A token is accepted only
if its RS256 signature matches a key of that JWKS (fetched once and cached; an unknown ``kid``
fetches it again, then refuses), its issuer is the pool, it was issued to this app client (``aud``
of an ID token, ``client_id`` of an access token), ``token_use`` is id or access, and it has not
expired. Anything else (another key, another pool or client, ``alg: none``, HS256 with the public
key as secret, no ``exp``) is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

ALGORITHMS = ["RS256"]  # Cognito signs with RS256 only; never let the token's header choose
SUBPROTOCOL = "wrapper-jwt"  # offered with the token as the second subprotocol, echoed back on success
MAX_TOKEN_CHARS = 8192
_jwks_clients: dict[str, Any] = {}


@dataclass(frozen=True)
class Account:
    """Who a verified token says the player is: ``sub`` is the account, ``username`` its name."""

    sub: str
    username: str
    groups: tuple[str, ...]


def enabled() -> bool:
    return bool(os.environ.get("AUTH_ISSUER"))


def presented_token(event: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the token the client sent, the subprotocol to echo): from ``?token=`` or ``Sec-WebSocket-Protocol``.

    Browsers cannot set headers on a WebSocket, so the page offers ``wrapper-jwt, <token>`` as
    subprotocols; API Gateway then needs the chosen one back in the $connect response's headers.
    """
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    offered = [p.strip() for p in str(headers.get("sec-websocket-protocol") or "").split(",") if p.strip()]
    if SUBPROTOCOL in offered:
        others = [p for p in offered if p != SUBPROTOCOL]
        return (others[0] if others else None), SUBPROTOCOL
    query = event.get("queryStringParameters") or {}
    return query.get("token") or None, None


def verify(token: str) -> Account | None:
    """The account of a genuine, unexpired token of this pool and app client; None for anything else."""
    import jwt  # packaged with the handlers (requirements.txt); only needed when [auth] is on

    issuer = os.environ["AUTH_ISSUER"]
    client_id = os.environ["AUTH_CLIENT_ID"]
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        if jwt.get_unverified_header(token).get("alg") not in ALGORITHMS:
            return None
        key = _jwks(jwt).get_signing_key_from_jwt(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=ALGORITHMS,
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
        )
    except jwt.PyJWTError:
        return None
    use = claims.get("token_use")
    issued_to = claims.get("aud") if use == "id" else claims.get("client_id") if use == "access" else None
    if issued_to != client_id:
        return None
    username = claims.get("cognito:username") if use == "id" else claims.get("username")
    groups = claims.get("cognito:groups") or []
    if not isinstance(claims["sub"], str) or not isinstance(username, str) or not isinstance(groups, list):
        return None
    return Account(claims["sub"], username, tuple(str(g) for g in groups))


def _jwks(jwt: Any) -> Any:
    url = os.environ.get("AUTH_JWKS_URL") or f"{os.environ['AUTH_ISSUER']}/.well-known/jwks.json"
    if url not in _jwks_clients:
        # Kept for the life of the environment: one fetch per cold start, plus one per unknown kid.
        _jwks_clients[url] = jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=5)
    return _jwks_clients[url]
