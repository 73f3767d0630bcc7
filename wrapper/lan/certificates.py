"""What every certificate wrapper makes has in common: its validity window, its key usage, its key's PEM.

The local CA (``ca.py``), the server certificates it issues (``leaf.py``) and the tests' throwaway
certificates start the same way; ``cryptography`` wants each of these spelled out in full.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

KEY_USES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def builder(
    subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey, now: dt.datetime, lifetime: dt.timedelta
) -> x509.CertificateBuilder:
    """A certificate's names, key, random serial and validity, ready for its extensions."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))  # a phone whose clock is a little behind still accepts it
        .not_valid_after(now + lifetime)
    )


def key_usage(*uses: str) -> x509.KeyUsage:
    """A KeyUsage extension allowing only ``uses`` (names from ``KEY_USES``)."""
    unknown = set(uses) - set(KEY_USES)
    if unknown:
        raise ValueError(f"not key uses: {', '.join(sorted(unknown))}")
    return x509.KeyUsage(**{use: use in uses for use in KEY_USES})


def private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    """The key as an unencrypted PKCS#8 PEM (the files that hold it are private to their owner)."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
