"""The resolved ``[auth]`` section: player accounts and the local sign-in page's test users."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestUser:
    """An account of the local sign-in page (`wrapper dev` only)."""

    __test__ = False  # not a pytest class, despite the name

    username: str
    password: str
    email: str | None
    groups: tuple[str, ...]


@dataclass(frozen=True)
class AuthSettings:
    """Player accounts: a Cognito user pool in the cloud, the local OpenID provider in `wrapper dev`."""

    provider: str
    domain_prefix: str
    groups: tuple[str, ...]
    mfa: str
    callback_urls: tuple[str, ...]
    logout_urls: tuple[str, ...]
    token_minutes: int
    refresh_token_days: int
    test_users: tuple[TestUser, ...]
    public_routes: tuple[str, ...] = ()  # HTTP route keys without the JWT authorizer
