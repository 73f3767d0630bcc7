"""Token auth on $connect: a good token joins under its player name; missing, forged, expired ones get 401."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.lambdas.conftest import Player, start, variant

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "lambdas" / "webxr"))
from common import auth


def test_token_auth(webxr_project: Path, tmp_path: Path) -> None:
    server = start(variant(webxr_project, tmp_path / "secured", "auth = false", "auth = true"))
    try:
        secret = server.embedded.client("secretsmanager").get_secret_value(SecretId=server.config.secret.name)
        key = bytes.fromhex(json.loads(secret["SecretString"])["token_key"])
        good = auth.sign("Ann", key, ttl_seconds=300)
        player = Player(server, "lobby", "ignored", extra=f"&token={good}")
        assert player.welcome["name"] == "Ann"
        player.close()
        refused_tokens = (
            "",
            auth.sign("Ann", b"wrong-key" * 4, 300),
            auth.sign("Ann", key, ttl_seconds=-10),
            good[:-2] + "xx",
            good.rsplit(".", 1)[0] + ".%C3%A9",  # a non-ASCII signature (was a 500)
            auth.sign("Ann", key, ttl_seconds=10 * 365 * 86400),  # genuine but longer-lived than any issued token
        )
        for token in refused_tokens:
            with pytest.raises(InvalidStatus) as refused:
                connect(f"{server.ws_url}?token={token}")
            assert refused.value.response.status_code == 401
    finally:
        server.stop()
