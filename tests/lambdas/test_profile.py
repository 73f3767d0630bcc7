"""The profile route behind the offline JWT authorizer: GET/PUT /me keyed by the token's sub, and $connect uses the name."""

from __future__ import annotations

import json
from collections.abc import Iterator

import jwt
import pytest
import requests

from tests.lambdas.test_signin import _welcome
from tests.offline.oidc.conftest import SignIn, auth_project
from tests.projects import append_config, edit_config
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server

PROFILE = """
[tables.profiles]
hash_key = "sub"

[functions.me]
handler = "me.handler"
http = ["GET /me", "PUT /me", "GET /rooms"]
tables = ["profiles"]
secret = false
connections = false
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    project = append_config(auth_project(tmp_path_factory.mktemp("profile") / "world"), PROFILE)
    edit_config(
        project, 'tables = ["connections", "players"]\nsecret = true', 'tables = ["connections", "players", "profiles"]\nsecret = true'
    )
    text = (
        (project / "wrapper.toml")
        .read_text()
        .replace('provider = "cognito"\n', 'provider = "cognito"\npublic_routes = ["GET /rooms"]\n', 1)
    )
    (project / "wrapper.toml").write_text(text)
    running = start_dev_server(load_config(project, "dev", env={}), port=0, frontend_port=0, reset=True)
    try:
        yield running
    finally:
        running.stop()


def _me(server: DevServer, token: str | None, method: str = "GET", body: object = None) -> requests.Response:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    return requests.request(method, f"{server.http_url}/me", headers=headers, data=None if body is None else json.dumps(body), timeout=30)


def test_without_a_valid_token_the_authorizer_answers_401_before_the_function(server: DevServer) -> None:
    tokens = SignIn(server).tokens()
    forged = jwt.encode({"sub": "x", "iss": server.issuer_url, "aud": "x", "exp": 9999999999}, "secret", algorithm="HS256")
    for token in (None, "", "not.a.token", forged, tokens["refresh_token"]):
        answer = _me(server, token)
        assert (answer.status_code, answer.json()) == (401, {"message": "Unauthorized"})


def test_public_routes_reach_the_function_without_a_token(server: DevServer) -> None:
    answer = requests.get(f"{server.http_url}/rooms", timeout=30)
    assert answer.status_code == 404 and answer.json() == {"message": "Not Found"}  # the function's own answer, not the authorizer's 401


def test_put_and_get_me_are_keyed_by_the_tokens_subject_and_connect_uses_the_name(server: DevServer) -> None:
    tokens = SignIn(server).tokens()
    sub = jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"]
    first = _me(server, tokens["access_token"])
    assert first.status_code == 200 and first.json() == {"sub": sub, "displayName": "ada", "colour": None}
    saved = _me(server, tokens["access_token"], "PUT", {"displayName": "Ada L", "colour": "#ff8800", "sub": "someone-else"})
    assert saved.status_code == 200 and saved.json()["sub"] == sub  # the body cannot choose whose profile it is
    assert _me(server, tokens["id_token"]).json() == {"sub": sub, "displayName": "Ada L", "colour": "#ff8800"}
    assert _me(server, tokens["access_token"], "PUT", {"colour": "red"}).status_code == 400
    bob = SignIn(server).tokens("bob", "battery staple")
    assert _me(server, bob["access_token"]).json()["displayName"] == "bob"
    welcome, _ = _welcome(f"{server.ws_url}?room=lobby", ["wrapper-jwt", tokens["id_token"]])
    assert welcome["name"] == "Ada L"
