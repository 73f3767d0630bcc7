"""The machine's local CA: made once, owner-only, reused, and never replaced when damaged."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cryptography import x509

from wrapper.errors import WrapperError
from wrapper.lan.ca import CA_CERT, CA_KEY, default_folder, local_ca


def test_the_ca_is_created_once_with_an_owner_only_key(ca_dir: Path) -> None:
    ca = local_ca()
    assert ca.folder == ca_dir == default_folder()
    assert stat.S_IMODE(ca_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((ca_dir / CA_KEY).stat().st_mode) == 0o600
    constraints = ca.cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca is True and constraints.path_length == 0
    usage = ca.cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign
    assert (ca.cert.not_valid_after_utc - ca.cert.not_valid_before_utc).days >= 3650

    again = local_ca()
    assert again.fingerprint() == ca.fingerprint(), "a second run must reuse the CA devices already trust"
    assert sorted(p.name for p in ca_dir.parent.iterdir()) == ["ca"], "no staging folder may be left behind"


def test_the_default_folder_is_the_users_data_dir_not_the_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WRAPPER_CA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = default_folder()
    assert folder.name == "ca" and folder.parent.name == "wrapper"
    assert tmp_path not in folder.parents


def test_a_key_made_readable_by_others_is_tightened(ca_dir: Path) -> None:
    local_ca()
    (ca_dir / CA_KEY).chmod(0o644)
    local_ca()
    assert stat.S_IMODE((ca_dir / CA_KEY).stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", ["garbage key", "garbage cert", "missing cert", "other key"])
def test_a_damaged_ca_is_reported_and_left_as_it_is(ca_dir: Path, tmp_path: Path, damage: str) -> None:
    local_ca()
    if damage == "garbage key":
        (ca_dir / CA_KEY).write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    elif damage == "garbage cert":
        (ca_dir / CA_CERT).write_bytes(b"truncated")
    elif damage == "missing cert":
        (ca_dir / CA_CERT).unlink()
    else:
        other = local_ca(tmp_path / "other")
        (ca_dir / CA_KEY).write_bytes((other.folder / CA_KEY).read_bytes())
    before = {p.name: p.read_bytes() for p in ca_dir.iterdir()}

    with pytest.raises(WrapperError) as caught:
        local_ca()
    assert str(ca_dir) in caught.value.message
    assert "damaged" in caught.value.message or "incomplete" in caught.value.message
    assert caught.value.hint is not None and "move" in caught.value.hint
    assert {p.name: p.read_bytes() for p in ca_dir.iterdir()} == before, "nothing the user had may be changed or deleted"


def test_a_ca_folder_the_user_cannot_write_gives_one_clear_message() -> None:
    # Tests run as root, who may write anywhere: the command runs as the unprivileged `nobody` instead.
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv (util-linux) to run the command as another user")
    parent = Path(tempfile.mkdtemp(prefix="wrapper-ca-ro-"))
    try:
        parent.chmod(0o755)  # nobody may look in, not write
        target = parent / "ca"
        done = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "wrapper", "dev", "--lan", "--print-ca"],
            env={**os.environ, "WRAPPER_CA_DIR": str(target), "HOME": str(parent)},
            capture_output=True,
            text=True,
            cwd=parent,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert f"cannot create the local CA in {target}" in done.stderr
        assert "Traceback" not in done.stderr
        assert list(parent.iterdir()) == []
    finally:
        subprocess.run(["rm", "-rf", str(parent)], check=False)


def test_print_ca_gives_the_path_on_stdout(cli, ca_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(["dev", "--lan", "--print-ca"])
    assert result.exit_code == 0, result.output
    assert str(ca_dir / CA_CERT) in result.stdout
    ca = local_ca()
    assert ca.spki_hash() in result.output
