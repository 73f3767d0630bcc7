"""The local provider's RS256 signing key: made once per stage with ``cryptography``, kept private (0600)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from wrapper.errors import WrapperError
from wrapper.files import write_atomic

KEY_FILE = "oidc-signing-key.pem"


@dataclass(frozen=True)
class SigningKey:
    private: rsa.RSAPrivateKey
    kid: str

    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {"alg": "RS256", "e": jwk["e"], "kid": self.kid, "kty": "RSA", "n": jwk["n"], "use": "sig"}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}


def load_or_create(folder: Path) -> SigningKey:
    """The stage's key from ``folder``, made there (readable by its owner only) the first time."""
    path = folder / KEY_FILE
    if path.is_file():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError):
            raise WrapperError(
                f"{path} is not a PEM private key", "delete it; `wrapper dev` makes a new one (signed-in players sign in again)"
            ) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise WrapperError(f"{path} is not an RSA key", "delete it; `wrapper dev` makes a new one")
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        write_atomic(path, pem)  # staged with mkstemp: 0600 from the start
    return SigningKey(key, thumbprint(key.public_key()))


def thumbprint(public: rsa.RSAPublicKey) -> str:
    """RFC 7638 thumbprint: a kid that changes when (and only when) the key does."""
    numbers = public.public_numbers()
    members = {"e": _b64_int(numbers.e), "kty": "RSA", "n": _b64_int(numbers.n)}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _b64_int(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
