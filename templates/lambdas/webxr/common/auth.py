"""Signed, expiring player tokens (issued by `wrapper token`), checked at $connect.

A token is ``v1.<payload>.<signature>``: base64url JSON ``{"player", "exp"}`` and an
HMAC-SHA256 over it with the stage secret's ``token_key``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import boto3

_keys: dict[str, bytes] = {}
# No genuine token lives longer (`wrapper token --ttl` allows at most this); a longer one was not
# issued by wrapper and is refused, so even a leaked key cannot mint tokens that never expire.
MAX_LIFETIME_SECONDS = 7 * 86400


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(player: str, key: bytes, ttl_seconds: int, now: float | None = None) -> str:
    payload = _b64(json.dumps({"player": player, "exp": int((now or time.time()) + ttl_seconds)}, separators=(",", ":")).encode())
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"v1.{payload}.{signature}"


def check(token: str | None, key: bytes, now: float | None = None) -> dict[str, Any] | None:
    """The token's claims if it is genuine and unexpired, else None."""
    if not token or token.count(".") != 2:
        return None
    version, payload, signature = token.split(".")
    if not token.isascii():  # compare_digest refuses non-ASCII str (TypeError); no genuine token has any
        return None
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if version != "v1" or not hmac.compare_digest(signature, expected):
        return None
    if len(payload) > 1024:  # a genuine payload is {"player", "exp"}: never parse more
        return None
    try:
        claims: Any = json.loads(_unb64(payload))
    except ValueError:
        return None
    moment = now or time.time()
    if not isinstance(claims, dict) or not isinstance(claims.get("player"), str) or not isinstance(claims.get("exp"), int):
        return None
    if not moment <= claims["exp"] <= moment + MAX_LIFETIME_SECONDS:
        return None
    return claims


def verify(token: str | None, secret_id: str) -> dict[str, Any] | None:
    if secret_id not in _keys:
        secret = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
        if not secret.get("token_key"):
            return None  # no key issued yet: no token can be genuine
        _keys[secret_id] = bytes.fromhex(secret["token_key"])
    return check(token, _keys[secret_id])
