"""The parts every certificate shares: its key usage spelled out in full, its validity window, its key's PEM."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from wrapper.lan.certificates import KEY_USES, builder, key_usage, private_pem


def test_key_usage_allows_only_the_named_uses() -> None:
    usage = key_usage("digital_signature", "key_cert_sign")
    assert usage.digital_signature and usage.key_cert_sign
    assert not any(getattr(usage, use) for use in ("content_commitment", "key_encipherment", "data_encipherment", "crl_sign"))
    assert len(KEY_USES) == 9


def test_a_misspelt_use_is_refused_rather_than_silently_dropped() -> None:
    with pytest.raises(ValueError, match="key_cert_signing"):
        key_usage("key_cert_signing")


def test_a_certificate_is_valid_from_an_hour_back_for_its_lifetime() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "example.test")])
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    cert = builder(name, name, key.public_key(), now, dt.timedelta(days=7)).sign(key, hashes.SHA256())
    assert cert.not_valid_before_utc == now - dt.timedelta(hours=1)
    assert cert.not_valid_after_utc == now + dt.timedelta(days=7)
    loaded = serialization.load_pem_private_key(private_pem(key), password=None)
    assert isinstance(loaded, ec.EllipticCurvePrivateKey) and loaded.private_numbers() == key.private_numbers()
