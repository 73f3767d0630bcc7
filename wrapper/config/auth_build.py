"""The ``[auth]`` section resolved: derived defaults and the checks that span more than one key."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from wrapper.config.checks import Invalid
from wrapper.config.model import AuthSettings, TestUser

# Cognito refuses these words inside a hosted UI domain prefix.
_RESERVED_IN_PREFIX = ("aws", "amazon", "cognito")


def auth_settings(
    raw: dict[str, Any] | None, default_prefix: str, *, protected: bool, page: bool, http_routes: tuple[str, ...] = ()
) -> AuthSettings | None:
    """``protected``: the stage's pool allows no localhost return; ``page``: the stage hosts a page to return to."""
    if not raw:
        return None
    for key in raw["public_routes"]:
        if key not in http_routes:
            raise Invalid(
                "auth.public_routes",
                f"auth.public_routes names {key!r}, which no function serves",
                f"use one of the functions' http routes: {', '.join(sorted(http_routes)) or '(none declared)'}",
            )
    if protected and not page and not raw["callback_urls"]:
        raise Invalid(
            "auth.callback_urls",
            "this stage has [auth] but no page to return to after sign-in (frontend.enabled = false, no auth.callback_urls)",
            "set auth.callback_urls to the https:// URL of your page, or host the page with frontend.enabled = true",
        )
    prefix = raw.get("domain_prefix") or default_prefix
    for word in _RESERVED_IN_PREFIX:
        if word in prefix:
            where = "auth.domain_prefix" if raw.get("domain_prefix") else "service.name"
            raise Invalid(
                where,
                f"the sign-in domain prefix {prefix!r} contains {word!r}, which Cognito refuses",
                "set auth.domain_prefix to a prefix without aws, amazon or cognito",
            )
    if len(prefix) > 63:
        raise Invalid(
            "auth.domain_prefix", f"the sign-in domain prefix {prefix!r} is over 63 characters", "set a shorter auth.domain_prefix"
        )
    groups = tuple(raw["groups"])
    for group in groups:
        if not group or len(group) > 128 or any(c.isspace() for c in group):
            raise Invalid("auth.groups", f"group name {group!r} is invalid", "use 1-128 characters without spaces")
    if len(set(groups)) != len(groups):
        raise Invalid("auth.groups", "auth.groups names a group twice", "list each group once")
    for kind in ("callback_urls", "logout_urls"):
        for url in raw[kind]:
            _check_url(f"auth.{kind}", url)
    users = []
    seen: set[str] = set()
    for i, user in enumerate(raw["test_users"]):
        where = f"auth.test_users[{i}]"
        if user["username"] in seen:
            raise Invalid(f"{where}.username", f"test user {user['username']!r} is listed twice", "give each test user its own username")
        seen.add(user["username"])
        if not user["password"]:
            raise Invalid(f"{where}.password", f"test user {user['username']!r} has an empty password", "give it a password")
        for group in user["groups"]:
            if group not in groups:
                raise Invalid(
                    f"{where}.groups",
                    f"test user {user['username']!r} is in group {group!r}, which is not in auth.groups",
                    f"add it to auth.groups, or use one of: {', '.join(groups) or '(none declared)'}",
                )
        users.append(TestUser(username=user["username"], password=user["password"], email=user.get("email"), groups=tuple(user["groups"])))
    return AuthSettings(
        provider=raw["provider"],
        domain_prefix=prefix,
        groups=groups,
        mfa=raw["mfa"],
        callback_urls=tuple(raw["callback_urls"]),
        logout_urls=tuple(raw["logout_urls"]),
        token_minutes=raw["token_minutes"],
        refresh_token_days=raw["refresh_token_days"],
        test_users=tuple(users),
        public_routes=tuple(raw["public_routes"]),
    )


def _check_url(where: str, url: str) -> None:
    """Cognito's rule: https, or http only for localhost; no fragment."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname == "localhost"
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.fragment:
        raise Invalid(
            where, f"{where} has {url!r}, which Cognito would refuse", "use an https:// URL (http:// only for localhost), no #fragment"
        )
