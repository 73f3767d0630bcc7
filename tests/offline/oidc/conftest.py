"""The webxr template with ``[auth]`` and two test users, served by `wrapper dev`; and a sign-in walked over HTTP."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.projects import SIGNIN_CONFIG, append_config, scaffold
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server

AUTH = SIGNIN_CONFIG


def auth_project(root: Path) -> Path:
    return append_config(scaffold(root, service="world"), AUTH)


@pytest.fixture(scope="module")
def signin_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return auth_project(tmp_path_factory.mktemp("signin") / "world")


@pytest.fixture(scope="module")
def signin_server(signin_project: Path) -> Iterator[DevServer]:
    server = start_dev_server(load_config(signin_project, "dev", env={}), port=0, frontend_port=0, reset=True)
    try:
        yield server
    finally:
        server.stop()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def page_origin(server: DevServer) -> str:
    return f"http://127.0.0.1:{server.frontend_port}"


class SignIn:
    """The browser's part of the authorization code flow, as plain HTTP requests (no redirects followed)."""

    def __init__(self, server: DevServer) -> None:
        assert server.identity is not None
        self.server = server
        self.config: dict[str, Any] = server.page_config()["auth"]
        self.redirect_uri = page_origin(server) + "/"
        self.verifier, self.challenge = pkce_pair()

    def authorize_query(self, **changes: str | None) -> dict[str, str]:
        query = {
            "response_type": "code",
            "client_id": self.config["clientId"],
            "redirect_uri": self.redirect_uri,
            "scope": "openid email profile",
            "state": "s-123",
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
        }
        query.update(changes)  # type: ignore[arg-type]
        return {k: v for k, v in query.items() if v is not None}

    def login(self, username: str, password: str, **changes: str | None) -> requests.Response:
        page = requests.get(self.config["authorizeUrl"], params=self.authorize_query(**changes), allow_redirects=False, timeout=10)
        assert page.status_code == 200, page.text
        hidden = {unescape(k): unescape(v) for k, v in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text)}
        form = {**hidden, "username": username, "password": password}
        return requests.post(f"{self.server.issuer_url}/login", data=form, allow_redirects=False, timeout=10)

    def code(self, username: str = "ada", password: str = "correct horse") -> str:
        back = self.login(username, password)
        assert back.status_code == 302, back.text
        query = parse_qs(urlsplit(back.headers["Location"]).query)
        assert query["state"] == ["s-123"]
        return query["code"][0]

    def exchange(self, code: str, verifier: str | None = "same", **changes: str) -> requests.Response:
        form = {
            "grant_type": "authorization_code",
            "client_id": self.config["clientId"],
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self.verifier if verifier == "same" else verifier,
            **changes,
        }
        data = {k: v for k, v in form.items() if v is not None}
        return requests.post(self.config["tokenUrl"], data=data, headers={"Origin": page_origin(self.server)}, timeout=10)

    def tokens(self, username: str = "ada", password: str = "correct horse") -> dict[str, Any]:
        answer = self.exchange(self.code(username, password))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body
