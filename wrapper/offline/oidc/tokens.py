"""ID and access tokens with the claims a Cognito user pool puts in them, signed RS256 with PyJWT.

Cognito's shapes (developer guide, "Understanding the identity token" / "access token"): the ID
token has ``aud`` (the app client id), ``cognito:username``, ``email`` and ``token_use: id``; the
access token has ``client_id``, ``username``, ``scope`` and ``token_use: access``; both carry
``sub``, ``iss``, ``cognito:groups`` (when the user has groups), ``auth_time``, ``iat``, ``exp``,
``jti``, ``origin_jti`` and ``event_id``, and a ``kid`` header naming the JWKS key.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from wrapper.config.model import TestUser
from wrapper.offline.oidc.keys import SigningKey


@dataclass(frozen=True)
class Session:
    """One sign-in: who, when, with which scopes; refreshing keeps it (origin_jti, auth_time)."""

    user: TestUser
    sub: str
    scopes: tuple[str, ...]
    auth_time: int
    origin_jti: str
    event_id: str
    nonce: str | None = None


def subject(namespace: str, username: str) -> str:
    """A user's stable ``sub``: the same UUID for the same stage and username across restarts."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"wrapper-local-pool:{namespace}:{username}"))


def new_session(user: TestUser, namespace: str, scopes: tuple[str, ...], nonce: str | None) -> Session:
    return Session(user, subject(namespace, user.username), scopes, int(time.time()), str(uuid.uuid4()), str(uuid.uuid4()), nonce)


class Minter:
    def __init__(self, key: SigningKey, issuer: str, client_id: str, lifetime_seconds: int) -> None:
        self.key = key
        self.issuer = issuer
        self.client_id = client_id
        self.lifetime = lifetime_seconds

    def tokens(self, session: Session, *, with_nonce: bool = True) -> dict[str, Any]:
        now = int(time.time())
        common: dict[str, Any] = {
            "sub": session.sub,
            "iss": self.issuer,
            "origin_jti": session.origin_jti,
            "event_id": session.event_id,
            "auth_time": session.auth_time,
            "iat": now,
            "exp": now + self.lifetime,
        }
        if session.user.groups:
            common["cognito:groups"] = list(session.user.groups)
        id_claims = {
            **common,
            "aud": self.client_id,
            "token_use": "id",
            "cognito:username": session.user.username,
            "jti": str(uuid.uuid4()),
        }
        if session.user.email and "email" in session.scopes:
            id_claims.update(email=session.user.email, email_verified=True)
        if session.nonce and with_nonce:
            id_claims["nonce"] = session.nonce
        access_claims = {
            **common,
            "client_id": self.client_id,
            "token_use": "access",
            "scope": " ".join(session.scopes),
            "username": session.user.username,
            "jti": str(uuid.uuid4()),
        }
        return {
            "id_token": self.sign(id_claims),
            "access_token": self.sign(access_claims),
            "expires_in": self.lifetime,
            "token_type": "Bearer",
        }

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key.private, algorithm="RS256", headers={"kid": self.key.kid})

    def read_access_token(self, token: str) -> dict[str, Any] | None:
        """The claims of an access token this provider issued and that is still valid (for /oauth2/userInfo)."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self.key.private.public_key(), algorithms=["RS256"], issuer=self.issuer, options={"require": ["exp", "iss", "sub"]}
            )
        except jwt.PyJWTError:
            return None
        if claims.get("token_use") != "access" or claims.get("client_id") != self.client_id:
            return None
        return claims
