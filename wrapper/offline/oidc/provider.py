"""The local provider's HTTP endpoints, on the `wrapper dev` gateway's port, at Cognito's paths."""

from __future__ import annotations

import hashlib
import hmac
from base64 import b32encode
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from wrapper.config import ProjectConfig
from wrapper.config.model import AuthSettings, TestUser
from wrapper.offline.oidc import keys, signin_page
from wrapper.offline.oidc.grants import GrantError, Grants, valid_challenge
from wrapper.offline.oidc.tokens import Minter, new_session

SCOPES = ("openid", "email", "profile")
WELL_KNOWN = "/.well-known/openid-configuration"
JWKS_PATH = "/.well-known/jwks.json"


def local_client_id(service: str, stage: str) -> str:
    """A stable, Cognito-shaped (26 lowercase letters and digits) app client id for the local pool."""
    return b32encode(hashlib.sha256(f"wrapper-local-client:{service}:{stage}".encode()).digest()).decode().lower()[:26]


# Cognito's paths for its hosted pages; the local provider serves the same ones.
AUTHORIZE_PATH = "/oauth2/authorize"
TOKEN_PATH = "/oauth2/token"
LOGOUT_PATH = "/logout"


@dataclass(frozen=True)
class Endpoints:
    """The provider's URLs: each path above under ``issuer``."""

    issuer: str
    authorize: str
    token: str
    logout: str
    jwks: str

    @classmethod
    def under(cls, issuer: str) -> Endpoints:
        paths = {"authorize": AUTHORIZE_PATH, "token": TOKEN_PATH, "logout": LOGOUT_PATH, "jwks": JWKS_PATH}
        return cls(issuer=issuer, **{name: issuer + path for name, path in paths.items()})


class LocalProvider:
    """``issuer`` is where browsers reach the provider; ``page_origins`` the page's, allowed as sign-in returns."""

    def __init__(self, config: ProjectConfig, auth: AuthSettings, issuer: str, page_origins: list[str], key_folder: Path) -> None:
        self.auth = auth
        self.endpoints = Endpoints.under(issuer.rstrip("/"))
        self.client_id = local_client_id(config.service, config.stage)
        self.page_origins = set(page_origins)
        self.users = {u.username: u for u in auth.test_users}
        self.namespace = f"{config.service}:{config.stage}"
        self.key = keys.load_or_create(key_folder)
        self.minter = Minter(self.key, self.endpoints.issuer, self.client_id, auth.token_minutes * 60)
        self.grants = Grants(auth.refresh_token_days * 86400)

    @property
    def issuer(self) -> str:
        return self.endpoints.issuer

    def handler_environment(self, jwks_url: str) -> dict[str, str]:
        """What the handlers verify tokens with (Terraform sets the same variables from the user pool)."""
        return {"AUTH_ISSUER": self.issuer, "AUTH_CLIENT_ID": self.client_id, "AUTH_JWKS_URL": jwks_url}

    def page_config(self) -> dict[str, Any]:
        return {
            "provider": self.auth.provider,
            "issuer": self.issuer,
            "clientId": self.client_id,
            "authorizeUrl": self.endpoints.authorize,
            "tokenUrl": self.endpoints.token,
            "logoutUrl": self.endpoints.logout,
            "scopes": list(SCOPES),
            "local": True,
        }

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(WELL_KNOWN, self.discovery),
            web.get(JWKS_PATH, self.jwks),
            web.get(AUTHORIZE_PATH, self.authorize),
            web.get("/login", self.authorize),
            web.post("/login", self.login),
            web.post(TOKEN_PATH, self.token),
            web.options(TOKEN_PATH, self.preflight),
            web.get("/oauth2/userInfo", self.userinfo),
            web.get(LOGOUT_PATH, self.logout),
        ]

    async def discovery(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "authorization_endpoint": self.endpoints.authorize,
                "id_token_signing_alg_values_supported": ["RS256"],
                "issuer": self.issuer,
                "jwks_uri": self.endpoints.jwks,
                "response_types_supported": ["code"],
                "scopes_supported": list(SCOPES),
                "subject_types_supported": ["public"],
                "token_endpoint": self.endpoints.token,
                "token_endpoint_auth_methods_supported": ["none"],
                "code_challenge_methods_supported": ["S256"],
                "userinfo_endpoint": f"{self.issuer}/oauth2/userInfo",
            },
            headers=self._cors(request),
        )

    async def jwks(self, request: web.Request) -> web.Response:
        return web.json_response(self.key.jwks(), headers=self._cors(request))

    def _redirect_allowed(self, uri: str, extra: tuple[str, ...]) -> bool:
        parts = urlsplit(uri)
        if not parts.scheme or not parts.netloc or parts.fragment:
            return False
        return uri in extra or f"{parts.scheme}://{parts.netloc}" in self.page_origins

    def _authorize_problem(self, query: dict[str, str]) -> tuple[str, bool] | None:
        """(why this authorize request is refused, whether to tell the redirect_uri rather than the browser)."""
        if query.get("client_id") != self.client_id:
            return "client_id is not this pool's app client", False
        if not self._redirect_allowed(query.get("redirect_uri", ""), self.auth.callback_urls):
            return "redirect_uri is not one of the app client's callback URLs (the page's origin or auth.callback_urls)", False
        if query.get("response_type") != "code":
            return "response_type must be code", True
        scopes = query.get("scope", "openid").split()
        if "openid" not in scopes or any(s not in SCOPES for s in scopes):
            return f"scope must include openid and only {', '.join(SCOPES)}", True
        problem = valid_challenge(query.get("code_challenge"), query.get("code_challenge_method"))
        return (problem, True) if problem else None

    def _refuse_authorize(self, query: dict[str, str], problem: str, to_client: bool) -> web.Response:
        if not to_client:
            return web.Response(status=400, text=f"Sign-in refused: {problem}\n")
        error = {"error": "invalid_request", "error_description": problem, **({"state": query["state"]} if "state" in query else {})}
        raise web.HTTPFound(f"{query['redirect_uri']}?{urlencode(error)}")

    async def authorize(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        found = self._authorize_problem(query)
        if found:
            return self._refuse_authorize(query, *found)
        return _html(signin_page.render(self.auth.test_users, query))

    async def login(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        found = self._authorize_problem(form)
        if found:
            return self._refuse_authorize(form, *found)
        user = self._check_password(form.get("username", ""), form.get("password", ""))
        if user is None:
            page = signin_page.render(
                self.auth.test_users, form, error="Incorrect username or password.", username=form.get("username", "")
            )
            return _html(page, status=400)
        scopes = tuple(s for s in SCOPES if s in form.get("scope", "openid").split())
        session = new_session(user, self.namespace, scopes, form.get("nonce"))
        code = self.grants.issue_code(session, self.client_id, form["redirect_uri"], form["code_challenge"])
        back = {"code": code, **({"state": form["state"]} if "state" in form else {})}
        raise web.HTTPFound(f"{form['redirect_uri']}?{urlencode(back)}")

    def _check_password(self, username: str, password: str) -> TestUser | None:
        user = self.users.get(username)
        if user is None:
            return None
        return user if hmac.compare_digest(user.password.encode(), password.encode()) else None

    async def token(self, request: web.Request) -> web.Response:
        cors = self._cors(request)
        if request.content_type != "application/x-www-form-urlencoded":
            return _oauth_error("invalid_request", "the body must be application/x-www-form-urlencoded", cors)
        form = {k: str(v) for k, v in (await request.post()).items()}
        if form.get("client_id") != self.client_id:
            return _oauth_error("invalid_client", "unknown client_id", cors)
        try:
            if form.get("grant_type") == "authorization_code":
                session = self.grants.redeem_code(
                    form.get("code", ""), form["client_id"], form.get("redirect_uri", ""), form.get("code_verifier")
                )
                body = {**self.minter.tokens(session), "refresh_token": self.grants.issue_refresh(session, self.client_id)}
            elif form.get("grant_type") == "refresh_token":
                session = self.grants.use_refresh(form.get("refresh_token", ""), form["client_id"])
                body = self.minter.tokens(session, with_nonce=False)  # Cognito: no new refresh token
            else:
                return _oauth_error("unsupported_grant_type", "grant_type must be authorization_code or refresh_token", cors)
        except GrantError as refused:
            return _oauth_error(refused.error, refused.description, cors)
        return web.json_response(body, headers={**cors, "Cache-Control": "no-store", "Pragma": "no-cache"})

    async def preflight(self, request: web.Request) -> web.Response:
        headers = self._cors(request)
        if headers:
            headers.update({"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type, Authorization"})
        return web.Response(status=204, headers=headers)

    async def userinfo(self, request: web.Request) -> web.Response:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        claims = self.minter.read_access_token(token) if scheme.lower() == "bearer" else None
        if claims is None:
            return web.json_response({"error": "invalid_token"}, status=401, headers=self._cors(request))
        user = self.users[claims["username"]]
        info: dict[str, Any] = {"sub": claims["sub"], "username": user.username}
        if user.email and "email" in claims.get("scope", "").split():
            info.update(email=user.email, email_verified="true")
        return web.json_response(info, headers=self._cors(request))

    async def logout(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        if query.get("client_id") != self.client_id:
            return web.Response(status=400, text="Sign-out refused: client_id is not this pool's app client\n")
        target = query.get("logout_uri", "")
        if not self._redirect_allowed(target, self.auth.logout_urls):
            return web.Response(status=400, text="Sign-out refused: logout_uri is not one of the app client's sign-out URLs\n")
        raise web.HTTPFound(target)

    def _cors(self, request: web.Request) -> dict[str, str]:
        origin = request.headers.get("Origin")
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin in self.page_origins else {}


def dev_provider(config: ProjectConfig, issuer: str, scheme: str, hosts: list[str], frontend_port: int) -> LocalProvider | None:
    """The provider `wrapper dev` runs for a project with [auth]; sign-in may return to the page on any of its hosts."""
    if config.auth is None:
        return None
    origins = [f"{scheme}://{host}:{frontend_port}" for host in sorted({*hosts, "127.0.0.1", "localhost"})]
    return LocalProvider(config, config.auth, issuer, origins, config.root / ".wrapper" / "local" / config.stage)


def _html(text: str, status: int = 200) -> web.Response:
    # The page holds a form for passwords: never framed, never cached.
    headers = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'", "Cache-Control": "no-store"}
    return web.Response(text=text, status=status, content_type="text/html", headers=headers)


def _oauth_error(error: str, description: str, cors: dict[str, str]) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=400, headers=cors)
