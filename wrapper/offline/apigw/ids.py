"""Identifiers shaped like API Gateway's, so handlers that parse or log them see familiar values."""

from __future__ import annotations

import hashlib
import random
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits
_REQUESTS = random.Random()  # request ids name messages and need not be unguessable; under a flood each costs


def connection_id() -> str:
    # API Gateway's look like 'L0SM9cOFvHcCIhw=': 15 characters and '='. Only URL-safe
    # characters here, since the id travels in the @connections path.
    return "".join(secrets.choice(_ALPHABET) for _ in range(15)) + "="


def request_id() -> str:
    return "".join(_REQUESTS.choices(_ALPHABET, k=15)) + "="


def api_id(service: str, stage: str) -> str:
    """Stable per project and stage, 10 lowercase characters like a real API id."""
    return hashlib.sha256(f"{service}/{stage}".encode()).hexdigest()[:10]
