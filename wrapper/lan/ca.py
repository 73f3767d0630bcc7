"""The machine's local certificate authority, created once, the way mkcert does it.

The CA lives in the user's data directory (``WRAPPER_CA_DIR`` overrides it), never in a
project: its key can sign a certificate for any name, so it is written owner-only
(directory 0700, key 0600) and no project file or command ever copies it. The folder is
built under a temporary name and renamed into place, so two ``wrapper dev --lan`` starting
at once, or one interrupted half-way, never leave a half-written CA; a damaged CA is
reported, never replaced (devices that trusted it would silently stop working).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from wrapper.errors import WrapperError
from wrapper.lan.certificates import builder, key_usage, private_pem

CA_CERT = "rootCA.pem"
CA_KEY = "rootCA-key.pem"
# A CA is installed by hand on each headset and phone: it lives long so that happens once.
# Apple's and Chrome's lifetime limits apply to the server certificates it signs (leaf.py).
CA_LIFETIME = dt.timedelta(days=3650)
ENV_DIR = "WRAPPER_CA_DIR"


@dataclass(frozen=True)
class LocalCA:
    folder: Path
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def cert_path(self) -> Path:
        return self.folder / CA_CERT

    @property
    def key_path(self) -> Path:
        return self.folder / CA_KEY

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def fingerprint(self) -> str:
        """SHA-256 of the certificate, as phones and browsers show it (AB:CD:...)."""
        return self.cert.fingerprint(hashes.SHA256()).hex(":").upper()

    def spki_hash(self) -> str:
        """base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's --ignore-certificate-errors-spki-list takes."""
        spki = self.cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def default_folder() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("wrapper", appauthor=False)) / "ca"


def local_ca(folder: Path | None = None, *, now: dt.datetime | None = None) -> LocalCA:
    """The machine's CA: loaded if it exists, created (once) if not."""
    folder = folder or default_folder()
    try:
        exists = folder.exists() and any(folder.iterdir())
    except OSError as exc:
        raise WrapperError(
            f"cannot use {folder} for the local CA: {exc.strerror}", f"it must be a folder you own, or set {ENV_DIR} to one"
        ) from None
    if exists:
        return load_ca(folder, now=now)
    try:
        return _create(folder, now or dt.datetime.now(dt.UTC))
    except FileExistsError:
        return load_ca(folder, now=now)  # another wrapper created it first: use theirs


def load_ca(folder: Path, *, now: dt.datetime | None = None) -> LocalCA:
    hint = (
        f"move {folder} aside (keep it if devices trust it) and run again to create a new CA; "
        "devices that trusted the old one must install the new one"
    )
    try:
        cert_bytes = (folder / CA_CERT).read_bytes()
        key_bytes = (folder / CA_KEY).read_bytes()
    except FileNotFoundError as exc:
        raise WrapperError(f"the local CA in {folder} is incomplete: {Path(str(exc.filename)).name} is missing", hint) from None
    except OSError as exc:
        raise WrapperError(f"cannot read the local CA in {folder}: {exc.strerror}", f"check the permissions of {folder}") from None
    try:
        cert = x509.load_pem_x509_certificate(cert_bytes)
        key = serialization.load_pem_private_key(key_bytes, password=None)
    except ValueError as exc:
        raise WrapperError(f"the local CA in {folder} is damaged: {exc}", hint) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise WrapperError(f"the local CA in {folder} is damaged: {CA_KEY} does not belong to {CA_CERT}", hint)
    if (now or dt.datetime.now(dt.UTC)) >= cert.not_valid_after_utc:
        raise WrapperError(f"the local CA in {folder} expired on {cert.not_valid_after_utc:%Y-%m-%d}", hint)
    _owner_only(folder / CA_KEY)
    return LocalCA(folder, cert, key)


def _create(folder: Path, now: dt.datetime) -> LocalCA:
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ca-", dir=parent))  # 0700
    except OSError as exc:
        raise WrapperError(
            f"cannot create the local CA in {folder}: {exc.strerror}",
            f"make {parent} writable, or set {ENV_DIR} to a folder you own",
        ) from None
    try:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _self_signed(key, now)
        _write(staging / CA_KEY, private_pem(key))
        _write(staging / CA_CERT, cert.public_bytes(serialization.Encoding.PEM), mode=0o644)
        if folder.exists():
            folder.rmdir()  # only ever an empty folder (checked by the caller); rmdir refuses anything else
        os.rename(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, FileExistsError) or (folder / CA_CERT).exists():
            raise FileExistsError(folder) from None
        raise WrapperError(
            f"cannot create the local CA in {folder}: {exc.strerror}", f"make {parent} writable, or set {ENV_DIR} to a folder you own"
        ) from None
    return LocalCA(folder, cert, key)


def _self_signed(key: ec.EllipticCurvePrivateKey, now: dt.datetime) -> x509.Certificate:
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wrapper local development CA"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{user}@{socket.gethostname()}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"wrapper dev CA {user}@{socket.gethostname()}"),
        ]
    )
    public = key.public_key()
    return (
        builder(name, name, public, now, CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage("digital_signature", "key_cert_sign", "crl_sign"), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _write(path: Path, data: bytes, mode: int = 0o600) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _owner_only(path: Path) -> None:
    """A key someone made readable by others is tightened, not trusted as is."""
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(0o600)
