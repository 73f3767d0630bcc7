"""The server certificate: every name a device may use, a lifetime browsers accept, reissued when names change."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import stat
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from wrapper.lan.ca import local_ca
from wrapper.lan.leaf import LEAF_LIFETIME, RENEW_BEFORE, Names, server_cert

NAMES = Names.for_machine("studio-laptop", ["10.20.0.5", "192.168.1.30"])


def test_the_certificate_names_every_lan_address_the_host_name_and_localhost(ca_dir: Path) -> None:
    issued = server_cert(local_ca(), NAMES)
    san = issued.cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(san.get_values_for_type(x509.DNSName)) == {"localhost", "studio-laptop", "studio-laptop.local"}
    assert set(san.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address(a) for a in ("10.20.0.5", "192.168.1.30", "127.0.0.1", "::1")
    }


def test_what_apple_and_chrome_require_of_a_server_certificate(ca_dir: Path) -> None:
    ca = local_ca()
    cert = server_cert(ca, NAMES).cert
    cert.verify_directly_issued_by(ca.cert)
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime <= dt.timedelta(days=200), "under Apple's 825 days and the CA/B Forum's 200 days since 2026"
    assert lifetime >= LEAF_LIFETIME
    assert cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH])
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert cert.signature_hash_algorithm is not None and cert.signature_hash_algorithm.name == "sha256"


def test_the_key_file_is_owner_only_and_loads_as_a_tls_server(ca_dir: Path) -> None:
    issued = server_cert(local_ca(), NAMES)
    assert issued.path.parent == ca_dir
    assert stat.S_IMODE(issued.path.stat().st_mode) == 0o600
    ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(issued.path)


def test_it_is_reused_while_the_names_stay_the_same(ca_dir: Path) -> None:
    ca = local_ca()
    first = server_cert(ca, NAMES)
    again = server_cert(local_ca(), Names.for_machine("studio-laptop", ["192.168.1.30", "10.20.0.5"]))
    assert first.reissued and not again.reissued
    assert again.cert.serial_number == first.cert.serial_number


def test_a_new_address_gets_a_new_certificate(ca_dir: Path) -> None:
    ca = local_ca()
    first = server_cert(ca, NAMES)
    moved = server_cert(ca, Names.for_machine("studio-laptop", ["172.16.4.9"]))
    assert moved.reissued and moved.cert.serial_number != first.cert.serial_number
    san = moved.cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("172.16.4.9") in san.get_values_for_type(x509.IPAddress)
    assert ipaddress.ip_address("10.20.0.5") not in san.get_values_for_type(x509.IPAddress)


def test_it_is_renewed_before_it_expires(ca_dir: Path) -> None:
    ca = local_ca()
    first = server_cert(ca, NAMES)
    later = dt.datetime.now(dt.UTC) + LEAF_LIFETIME - RENEW_BEFORE + dt.timedelta(days=1)
    renewed = server_cert(ca, NAMES, now=later)
    assert renewed.reissued and renewed.cert.not_valid_after_utc > first.cert.not_valid_after_utc


def test_a_damaged_certificate_file_is_simply_reissued(ca_dir: Path) -> None:
    ca = local_ca()
    issued = server_cert(ca, NAMES)
    issued.path.write_bytes(b"half a file")
    assert server_cert(ca, NAMES).reissued


def test_a_certificate_from_another_ca_is_not_reused(ca_dir: Path, tmp_path: Path) -> None:
    ours = local_ca()
    other = local_ca(tmp_path / "other-ca")
    server_cert(other, NAMES).path.replace(ca_dir / "lan-server.pem")
    issued = server_cert(ours, NAMES)
    assert issued.reissued
    issued.cert.verify_directly_issued_by(ours.cert)
