"""Authorization codes (single use, PKCE S256 only) and refresh tokens, held in memory.

Cognito's rules: a code is good for 5 minutes, once, and only with the redirect_uri and client
it was issued for; a PKCE code must be redeemed with the verifier whose SHA-256 is the challenge.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from wrapper.offline.oidc.tokens import Session

CODE_LIFETIME_SECONDS = 300
# RFC 7636 §4.1: 43-128 characters of the unreserved set.
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")  # base64url of a SHA-256, unpadded


class GrantError(Exception):
    """An OAuth error the token endpoint answers with 400 ``{"error": ...}``."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class PendingCode:
    session: Session
    client_id: str
    redirect_uri: str
    challenge: str
    expires: float


def valid_challenge(challenge: str | None, method: str | None) -> str | None:
    """Why this PKCE challenge cannot be used (None when it can): S256 only, as the page must."""
    if not challenge:
        return "code_challenge is required (PKCE)"
    if method != "S256":
        return "code_challenge_method must be S256"
    if not _CHALLENGE.match(challenge):
        return "code_challenge is not a base64url SHA-256"
    return None


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class Grants:
    def __init__(self, refresh_lifetime_seconds: int) -> None:
        self.codes: dict[str, PendingCode] = {}
        self.refresh: dict[str, tuple[Session, str, float]] = {}  # token -> session, client id, expiry
        self.refresh_lifetime = refresh_lifetime_seconds

    def issue_code(self, session: Session, client_id: str, redirect_uri: str, challenge: str) -> str:
        now = time.time()
        self.codes = {code: pending for code, pending in self.codes.items() if pending.expires > now}
        code = secrets.token_urlsafe(24)
        self.codes[code] = PendingCode(session, client_id, redirect_uri, challenge, now + CODE_LIFETIME_SECONDS)
        return code

    def redeem_code(self, code: str, client_id: str, redirect_uri: str, verifier: str | None) -> Session:
        pending = self.codes.pop(code, None)  # once, even when the rest is wrong: a code is never tried twice
        if pending is None or pending.expires < time.time():
            raise GrantError("invalid_grant", "the authorization code is unknown, used or expired")
        if pending.client_id != client_id:
            raise GrantError("invalid_grant", "the code was issued to another client")
        if pending.redirect_uri != redirect_uri:
            raise GrantError("invalid_grant", "redirect_uri differs from the one the code was issued for")
        if not verifier:
            raise GrantError("invalid_grant", "code_verifier is required (the code was issued with PKCE)")
        if not _VERIFIER.match(verifier) or not hmac.compare_digest(s256(verifier), pending.challenge):
            raise GrantError("invalid_grant", "code_verifier does not match the code_challenge")
        return pending.session

    def issue_refresh(self, session: Session, client_id: str) -> str:
        token = secrets.token_urlsafe(48)
        self.refresh[token] = (session, client_id, time.time() + self.refresh_lifetime)
        return token

    def use_refresh(self, token: str, client_id: str) -> Session:
        found = self.refresh.get(token)
        if found is None or found[2] < time.time():
            raise GrantError("invalid_grant", "Invalid Refresh Token")
        if found[1] != client_id:
            raise GrantError("invalid_grant", "the refresh token was issued to another client")
        return found[0]
