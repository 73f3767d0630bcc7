"""The server certificate ``wrapper dev --lan`` presents, signed by the local CA.

Its SANs name every way a device on the network may reach this machine: each LAN
address, the host name, ``<hostname>.local`` (mDNS) and localhost. It is kept next to
the CA and reused while it still names exactly those, is signed by the current CA and has
``RENEW_BEFORE`` left; otherwise a new one is issued (a laptop that moved to another Wi-Fi
gets a certificate for its new address on the next start).

Lifetime: ``LEAF_LIFETIME`` (180 days) is under every limit a browser applies today:
Apple's 825 days for any TLS certificate, including those from user-installed CAs
(support.apple.com/103769), and the 398 days (200 since March 2026, CA/B Forum ballot
SC-081) that Chrome and Apple require of publicly trusted ones.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from wrapper.errors import WrapperError
from wrapper.lan.ca import ENV_DIR, LocalCA
from wrapper.lan.certificates import builder, key_usage, private_pem

LEAF_FILE = "lan-server.pem"  # key and certificate in one owner-only file, replaced atomically
LEAF_LIFETIME = dt.timedelta(days=180)
RENEW_BEFORE = dt.timedelta(days=30)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Names:
    """What the server certificate must name."""

    dns: frozenset[str]
    ips: frozenset[IPAddress]

    @classmethod
    def for_machine(cls, hostname: str, addresses: list[str]) -> Names:
        dns = {"localhost"}
        if hostname and hostname != "localhost":
            short = hostname.split(".")[0]
            dns |= {hostname.lower(), short.lower(), f"{short.lower()}.local"}
        ips: set[IPAddress] = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
        ips |= {ipaddress.ip_address(a) for a in addresses}
        return cls(frozenset(dns), frozenset(ips))

    def extension(self) -> x509.SubjectAlternativeName:
        general: list[x509.GeneralName] = [x509.DNSName(n) for n in sorted(self.dns)]
        general += [x509.IPAddress(ip) for ip in sorted(self.ips, key=lambda a: (a.version, int(a)))]
        return x509.SubjectAlternativeName(general)

    @classmethod
    def of(cls, cert: x509.Certificate) -> Names:
        try:
            san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            return cls(frozenset(), frozenset())
        ips = [ip for ip in san.get_values_for_type(x509.IPAddress) if isinstance(ip, ipaddress.IPv4Address | ipaddress.IPv6Address)]
        return cls(frozenset(san.get_values_for_type(x509.DNSName)), frozenset(ips))


@dataclass(frozen=True)
class ServerCert:
    path: Path  # PEM: private key, the certificate, then the CA's
    cert: x509.Certificate
    reissued: bool


def server_cert(ca: LocalCA, names: Names, *, now: dt.datetime | None = None) -> ServerCert:
    """The current server certificate for ``names``: reused when still right, else issued anew."""
    now = now or dt.datetime.now(dt.UTC)
    path = ca.folder / LEAF_FILE
    existing = _load(path)
    if existing is not None and _still_good(existing, ca, names, now):
        return ServerCert(path, existing, reissued=False)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue(ca, key.public_key(), names, now)
    pem = private_pem(key)
    # The CA goes along in the chain: harmless to browsers that trust it, and lets a client pin it.
    _replace(path, pem + cert.public_bytes(serialization.Encoding.PEM) + ca.pem())
    return ServerCert(path, cert, reissued=True)


def issue(ca: LocalCA, public: ec.EllipticCurvePublicKey, names: Names, now: dt.datetime) -> x509.Certificate:
    """A TLS server certificate with what Apple and Chrome require: SANs, serverAuth EKU, SHA-256, ≤ 825 days."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wrapper local development"),
            x509.NameAttribute(NameOID.COMMON_NAME, sorted(names.dns)[0] if names.dns else "localhost"),
        ]
    )
    return (
        builder(subject, ca.cert.subject, public, now, LEAF_LIFETIME)
        .add_extension(names.extension(), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage("digital_signature"), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.cert.public_key()), critical=False)  # type: ignore[arg-type]
        .sign(ca.key, hashes.SHA256())
    )


def _still_good(cert: x509.Certificate, ca: LocalCA, names: Names, now: dt.datetime) -> bool:
    if cert.issuer != ca.cert.subject or Names.of(cert) != names:
        return False
    try:
        cert.verify_directly_issued_by(ca.cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return cert.not_valid_before_utc <= now and now < cert.not_valid_after_utc - RENEW_BEFORE


def _load(path: Path) -> x509.Certificate | None:
    """The stored certificate, or None when there is none or it cannot be used (it is reissued)."""
    try:
        data = path.read_bytes()
        serialization.load_pem_private_key(data, password=None)
        return x509.load_pem_x509_certificate(data[data.index(b"-----BEGIN CERTIFICATE-----") :])
    except (OSError, ValueError):
        return None


def _replace(path: Path, data: bytes) -> None:
    staging: str | None = None
    try:
        fd, staging = tempfile.mkstemp(prefix=".lan-", dir=path.parent)  # 0600
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(staging, path)
    except OSError as exc:
        if staging is not None and os.path.exists(staging):
            os.unlink(staging)
        raise WrapperError(
            f"cannot write the server certificate in {path.parent}: {exc.strerror}",
            f"make {path.parent} writable, or set {ENV_DIR} to a folder you own",
        ) from None
