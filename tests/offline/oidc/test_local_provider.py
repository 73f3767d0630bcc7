"""The local OpenID provider of `wrapper dev`: Cognito's endpoints and token shapes, PKCE S256 only."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from tests.offline.oidc.conftest import SignIn, page_origin
from wrapper.offline import DevServer


def test_discovery_names_cognito_shaped_endpoints_on_the_dev_server(signin_server: DevServer) -> None:
    issuer = signin_server.issuer_url
    found = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    assert found["issuer"] == issuer
    assert found["authorization_endpoint"] == f"{issuer}/oauth2/authorize"
    assert found["token_endpoint"] == f"{issuer}/oauth2/token"
    assert found["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert found["id_token_signing_alg_values_supported"] == ["RS256"]
    assert found["code_challenge_methods_supported"] == ["S256"]
    keys = requests.get(found["jwks_uri"], timeout=10).json()["keys"]
    assert [(k["kty"], k["alg"], k["use"]) for k in keys] == [("RSA", "RS256", "sig")]
    assert "d" not in keys[0] and "p" not in keys[0]  # public parts only


def test_the_page_and_the_handlers_are_told_the_same_issuer_and_client(signin_server: DevServer) -> None:
    page = signin_server.page_config()["auth"]
    spec = signin_server._spec("connect")
    assert spec.environment["AUTH_ISSUER"] == page["issuer"] == signin_server.issuer_url
    assert spec.environment["AUTH_CLIENT_ID"] == page["clientId"]
    assert spec.environment["AUTH_JWKS_URL"].endswith("/.well-known/jwks.json")
    assert page["authorizeUrl"].endswith("/oauth2/authorize") and page["logoutUrl"].endswith("/logout")


def test_sign_in_page_lists_the_test_users_and_refuses_a_wrong_password(signin_server: DevServer) -> None:
    flow = SignIn(signin_server)
    page = requests.get(flow.config["authorizeUrl"], params=flow.authorize_query(), timeout=10)
    assert "<code>ada</code> (admins)" in page.text and "<code>bob</code>" in page.text
    assert "correct horse" not in page.text
    assert page.headers["X-Frame-Options"] == "DENY"
    wrong = flow.login("ada", "not it")
    assert wrong.status_code == 400 and "Incorrect username or password." in wrong.text
    unknown = flow.login("mallory", "correct horse")
    assert unknown.status_code == 400 and "Incorrect username or password." in unknown.text


def test_code_flow_with_pkce_gives_cognito_shaped_tokens(signin_server: DevServer) -> None:
    flow = SignIn(signin_server)
    answer = flow.exchange(flow.code())
    assert answer.status_code == 200, answer.text
    assert answer.headers["Access-Control-Allow-Origin"] == page_origin(signin_server)
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600 and tokens["refresh_token"]
    keys = jwt.PyJWKClient(f"{signin_server.issuer_url}/.well-known/jwks.json")
    client_id = flow.config["clientId"]
    id_key = keys.get_signing_key_from_jwt(tokens["id_token"])
    claims = jwt.decode(tokens["id_token"], id_key.key, algorithms=["RS256"], audience=client_id, issuer=signin_server.issuer_url)
    assert claims["token_use"] == "id" and claims["cognito:username"] == "ada" and claims["cognito:groups"] == ["admins"]
    assert claims["email"] == "ada@example.com" and claims["exp"] - claims["iat"] == 3600
    assert {"sub", "auth_time", "jti", "origin_jti"} <= set(claims)
    access = jwt.decode(tokens["access_token"], id_key.key, algorithms=["RS256"], issuer=signin_server.issuer_url)
    assert access["token_use"] == "access" and access["client_id"] == client_id and access["username"] == "ada"
    assert "aud" not in access and access["scope"] == "openid email profile" and access["sub"] == claims["sub"]
    assert jwt.get_unverified_header(tokens["access_token"])["kid"] == id_key.key_id
    # The same user has the same sub on every sign-in; another user another one.
    assert SignIn(signin_server).tokens()["id_token"] != tokens["id_token"]
    bob = jwt.decode(SignIn(signin_server).tokens("bob", "battery staple")["id_token"], options={"verify_signature": False})
    again = jwt.decode(SignIn(signin_server).tokens()["id_token"], options={"verify_signature": False})
    assert again["sub"] == claims["sub"] != bob["sub"] and "cognito:groups" not in bob


def test_refresh_token_gives_new_tokens_for_the_same_sign_in(signin_server: DevServer) -> None:
    flow = SignIn(signin_server)
    first = flow.tokens()
    form = {"grant_type": "refresh_token", "client_id": flow.config["clientId"], "refresh_token": first["refresh_token"]}
    renewed = requests.post(flow.config["tokenUrl"], data=form, timeout=10)
    assert renewed.status_code == 200, renewed.text
    assert "refresh_token" not in renewed.json()  # Cognito keeps the refresh token it gave
    old, new = (jwt.decode(t, options={"verify_signature": False}) for t in (first["id_token"], renewed.json()["id_token"]))
    assert new["sub"] == old["sub"] and new["origin_jti"] == old["origin_jti"] and new["jti"] != old["jti"]
    bad = requests.post(flow.config["tokenUrl"], data={**form, "refresh_token": "made-up"}, timeout=10)
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"code_challenge_method": "plain"}, "code_challenge_method must be S256"),
        ({"code_challenge_method": None}, "code_challenge_method must be S256"),
        ({"code_challenge": None, "code_challenge_method": None}, "code_challenge is required"),
        ({"response_type": "token"}, "response_type must be code"),
        ({"scope": "email"}, "scope must include openid"),
    ],
    ids=["plain", "no-method", "no-pkce", "implicit", "no-openid"],
)
def test_authorize_refusals_go_back_to_the_page_with_an_error(signin_server: DevServer, change: dict[str, str | None], why: str) -> None:
    flow = SignIn(signin_server)
    answer = requests.get(flow.config["authorizeUrl"], params=flow.authorize_query(**change), allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert back["error"] == ["invalid_request"] and why in back["error_description"][0] and back["state"] == ["s-123"]


@pytest.mark.parametrize(
    "change",
    [{"redirect_uri": "https://evil.example/"}, {"client_id": "someone-else"}, {"redirect_uri": "http://127.0.0.1:1/"}],
    ids=["foreign-redirect", "unknown-client", "other-port"],
)
def test_authorize_never_redirects_to_an_unregistered_uri(signin_server: DevServer, change: dict[str, str]) -> None:
    flow = SignIn(signin_server)
    answer = requests.get(flow.config["authorizeUrl"], params=flow.authorize_query(**change), allow_redirects=False, timeout=10)
    assert answer.status_code == 400 and "Location" not in answer.headers


@pytest.mark.parametrize(
    ("verifier", "changes", "error"),
    [
        (None, {}, "invalid_grant"),
        ("x" * 43, {}, "invalid_grant"),
        ("same", {"redirect_uri": "http://localhost:1/"}, "invalid_grant"),
        ("same", {"client_id": "nope"}, "invalid_client"),
        ("same", {"grant_type": "password"}, "unsupported_grant_type"),
    ],
    ids=["missing-verifier", "wrong-verifier", "other-redirect", "other-client", "password-grant"],
)
def test_token_endpoint_refuses_a_code_without_its_proof(
    signin_server: DevServer, verifier: str | None, changes: dict[str, str], error: str
) -> None:
    flow = SignIn(signin_server)
    code = flow.code()
    answer = flow.exchange(code, verifier, **changes)
    assert (answer.status_code, answer.json()["error"]) == (400, error)
    if error == "invalid_grant":  # a code is tried once: the right verifier now is too late
        assert flow.exchange(code).status_code == 400


def test_a_code_is_used_once(signin_server: DevServer) -> None:
    flow = SignIn(signin_server)
    code = flow.code()
    assert flow.exchange(code).status_code == 200
    again = flow.exchange(code)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_userinfo_and_logout(signin_server: DevServer) -> None:
    flow = SignIn(signin_server)
    tokens = flow.tokens()
    info = requests.get(
        f"{signin_server.issuer_url}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10
    )
    assert info.json()["username"] == "ada" and info.json()["email"] == "ada@example.com"
    refused = requests.get(
        f"{signin_server.issuer_url}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['id_token']}"}, timeout=10
    )
    assert refused.status_code == 401
    query = {"client_id": flow.config["clientId"], "logout_uri": flow.redirect_uri}
    out = requests.get(flow.config["logoutUrl"], params=query, allow_redirects=False, timeout=10)
    assert out.status_code == 302 and out.headers["Location"] == flow.redirect_uri
    elsewhere = requests.get(
        flow.config["logoutUrl"], params={**query, "logout_uri": "https://evil.example/"}, allow_redirects=False, timeout=10
    )
    assert elsewhere.status_code == 400


def test_signing_key_is_private_and_kept_across_restarts(signin_server: DevServer, signin_project: Path) -> None:
    key_file = signin_project / ".wrapper" / "local" / "dev" / "oidc-signing-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert signin_server.identity is not None
    from wrapper.offline.oidc.keys import load_or_create

    assert load_or_create(key_file.parent).kid == signin_server.identity.key.kid
