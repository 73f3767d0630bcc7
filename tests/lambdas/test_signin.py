"""Sign-in tokens at $connect, through the real `wrapper dev` and its local OpenID provider.

A signed-in player joins under the token's username (whatever ``?name=`` says) and is stored by
the token's ``sub``; expired, forged, wrong-audience, ``alg: none``, unknown-``kid`` tokens (and
the rest of the table) are refused with 403 during the handshake, as API Gateway refuses when
$connect answers non-2xx.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.lambdas.conftest import Player
from tests.offline.oidc.conftest import SignIn, auth_project
from tests.projects import edit_config
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    project = auth_project(tmp_path_factory.mktemp("connect") / "world")
    running = start_dev_server(load_config(project, "dev", env={}), port=0, frontend_port=0, reset=True)
    try:
        yield running
    finally:
        running.stop()


def _real_key(server: DevServer) -> rsa.RSAPrivateKey:
    assert server.identity is not None
    return server.identity.key.private


def _claims(server: DevServer, **changes: Any) -> dict[str, Any]:
    assert server.identity is not None
    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "iss": server.issuer_url,
        "aud": server.identity.client_id,
        "token_use": "id",
        "cognito:username": "ada",
        "auth_time": now,
        "iat": now,
        "exp": now + 600,
        "jti": str(uuid.uuid4()),
        **changes,
    }
    return {k: v for k, v in claims.items() if v is not None}


def _signed(server: DevServer, claims: dict[str, Any], key: Any = None, kid: str | None = None, alg: str = "RS256") -> str:
    assert server.identity is not None
    return jwt.encode(claims, key or _real_key(server), algorithm=alg, headers={"kid": kid or server.identity.key.kid})


def _status(url: str, subprotocols: list[str] | None = None) -> int:
    with pytest.raises(InvalidStatus) as refused:
        connect(url, subprotocols=subprotocols, open_timeout=30)  # type: ignore[arg-type]
    return refused.value.response.status_code


def _welcome(url: str, subprotocols: list[str] | None = None) -> tuple[dict[str, Any], str | None]:
    with connect(url, subprotocols=subprotocols, open_timeout=30) as ws:  # type: ignore[arg-type]
        ws.send(json.dumps({"action": "hello"}))
        # The first hello starts its function's environment (a process importing boto3): slow on a loaded machine.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("type") == "welcome":
                return message, ws.subprotocol
    raise AssertionError("no welcome")


def test_signed_in_player_joins_under_the_tokens_name_by_query_or_subprotocol(server: DevServer) -> None:
    tokens = SignIn(server).tokens("bob", "battery staple")
    for token in (tokens["id_token"], tokens["access_token"]):
        welcome, _ = _welcome(f"{server.ws_url}?room=lobby&name=Mallory&token={token}")
        assert welcome["name"] == "bob"
        welcome, chosen = _welcome(f"{server.ws_url}?room=lobby&name=Mallory", ["wrapper-jwt", token])
        assert welcome["name"] == "bob" and chosen == "wrapper-jwt"  # echoed, as API Gateway requires


def test_the_player_is_stored_by_the_tokens_subject(server: DevServer) -> None:
    tokens = SignIn(server).tokens()
    sub = jwt.decode(tokens["id_token"], options={"verify_signature": False})["sub"]
    player = Player(server, "subjects", "Someone", extra=f"&token={tokens['id_token']}")
    try:
        ddb = server.embedded.client("dynamodb")
        rows = ddb.scan(TableName=server.config.tables["connections"].full_name)["Items"]
        mine = [row for row in rows if row["playerId"]["S"] == player.id]
        assert [row["account"]["S"] for row in mine] == [sub] and mine[0]["name"]["S"] == "ada"
    finally:
        player.close()


def test_guests_still_join_without_a_token_when_multiplayer_auth_is_off(server: DevServer) -> None:
    welcome, _ = _welcome(f"{server.ws_url}?room=lobby&name=Guest")
    assert welcome["name"] == "Guest"


def _other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


REFUSED: list[tuple[str, Any]] = [
    ("expired", lambda s: _signed(s, _claims(s, exp=int(time.time()) - 5, iat=int(time.time()) - 700))),
    ("forged-wrong-key", lambda s: _signed(s, _claims(s), key=_other_key())),
    ("wrong-audience", lambda s: _signed(s, _claims(s, aud="another-app-client"))),
    ("alg-none", lambda s: jwt.encode(_claims(s), None, algorithm="none", headers={"kid": s.identity.key.kid})),
    ("unknown-kid", lambda s: _signed(s, _claims(s), key=_other_key(), kid="not-in-the-jwks")),
    ("unknown-kid-real-key", lambda s: _signed(s, _claims(s), kid="not-in-the-jwks")),
    ("wrong-issuer", lambda s: _signed(s, _claims(s, iss="https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other"))),
    ("refresh-token-use", lambda s: _signed(s, _claims(s, token_use="refresh"))),
    ("access-token-for-another-client", lambda s: _signed(s, _claims(s, aud=None, token_use="access", client_id="other", username="ada"))),
    ("no-expiry", lambda s: _signed(s, _claims(s, exp=None))),
    (
        "hs256-with-public-key",
        lambda s: jwt.api_jws.PyJWS(algorithms=["HS256"]).encode(
            json.dumps(_claims(s)).encode(),
            _real_key(s).public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)[:32],
            algorithm="HS256",
            headers={"kid": s.identity.key.kid},
        ),
    ),
    ("tampered-payload", lambda s: _tampered(s)),
    ("garbage", lambda s: "not.a.jwt"),
]


def _tampered(server: DevServer) -> str:
    header, _, signature = _signed(server, _claims(server)).split(".")
    body = jwt.utils.base64url_encode(json.dumps(_claims(server, **{"cognito:username": "admin"})).encode()).decode()
    return f"{header}.{body}.{signature}"


@pytest.mark.parametrize("make", [case[1] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_bad_tokens_are_refused_with_403_during_the_handshake(server: DevServer, make: Any) -> None:
    token = make(server)
    assert _status(f"{server.ws_url}?token={token}") == 403
    assert _status(server.ws_url, ["wrapper-jwt", token]) == 403


def test_the_handshake_selects_only_what_connect_echoed(server: DevServer) -> None:
    """As on AWS: no subprotocol in the handshake unless $connect returned one (browsers then fail the connection)."""
    with connect(f"{server.ws_url}?room=lobby", subprotocols=["something-else"], open_timeout=30) as ws:  # type: ignore[list-item]
        assert ws.response.headers.get("Sec-WebSocket-Protocol") is None


def test_multiplayer_auth_requires_a_sign_in(tmp_path: Path) -> None:
    project = edit_config(auth_project(tmp_path / "world"), "auth = false", "auth = true")
    strict = start_dev_server(load_config(project, "dev", env={}), port=0, frontend_port=0, reset=True)
    try:
        assert _status(f"{strict.ws_url}?room=lobby&name=Guest") == 401
        welcome, _ = _welcome(f"{strict.ws_url}?room=lobby&token={SignIn(strict).tokens()['id_token']}")
        assert welcome["name"] == "ada"
    finally:
        strict.stop()
