"""Make Terraform install the test provider as ``hashicorp/aws``: a filesystem mirror and a CLI config.

The mirror uses Terraform's packed layout, one zip per platform as the registry serves them
(``<mirror>/registry.terraform.io/hashicorp/aws/terraform-provider-aws_<version>_<os>_<arch>.zip``),
so ``terraform init`` installs it, records its hash in ``.terraform.lock.hcl`` and every later
command starts it, exactly as with the provider downloaded from the registry; and
``terraform providers lock -fs-mirror`` computes real ``h1:`` hashes for every platform of
``wrapper.terraform.lock_file.PLATFORMS``. Each zip holds the same shim (Python runs anywhere).
"""

from __future__ import annotations

import platform
import shlex
import sys
import zipfile
from pathlib import Path

from tests.support.tfprovider import schema
from wrapper.terraform.lock_file import PLATFORMS

REPO_ROOT = Path(__file__).resolve().parents[3]


def terraform_platform() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{sys.platform if sys.platform != 'win32' else 'windows'}_{arch}"


def install(folder: Path) -> Path:
    """Write the mirror and the CLI config under ``folder``; returns the config file (for TF_CLI_CONFIG_FILE)."""
    version = schema.provider_version()
    mirror = folder / "mirror"
    packages = mirror / "registry.terraform.io" / "hashicorp" / "aws"
    packages.mkdir(parents=True, exist_ok=True)
    shim = (
        "#!/bin/sh\n"
        "# The wrapper test suite's stand-in for hashicorp/aws (tests/support/tfprovider).\n"
        f'PYTHONPATH={shlex.quote(str(REPO_ROOT))}"${{PYTHONPATH:+:$PYTHONPATH}}" '
        # -S: the launcher needs only the standard library (it execs the provider when no fork server runs).
        f"exec {shlex.quote(sys.executable)} -S -m tests.support.tfprovider.launch\n"
    )
    for target in sorted({*PLATFORMS, terraform_platform()}):
        name = f"terraform-provider-aws_v{version}" + (".exe" if target.startswith("windows_") else "")
        with zipfile.ZipFile(packages / f"terraform-provider-aws_{version}_{target}.zip", "w") as archive:
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.external_attr = 0o100755 << 16  # executable once unpacked
            # Real packages differ per platform (one binary each); so do these, by the line naming theirs.
            archive.writestr(entry, shim + f"# package for {target}\n", compress_type=zipfile.ZIP_DEFLATED)
    config = folder / "terraform.rc"
    config.write_text(
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f'    path    = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n'
        "  }\n"
        "  direct {\n"
        '    exclude = ["registry.terraform.io/hashicorp/aws"]\n'
        "  }\n"
        "}\n"
    )
    return config


def package_hash(zip_path: Path) -> str:
    """Terraform's ``h1:`` hash of a provider package: golang.org/x/mod/sumdb/dirhash Hash1 over its files."""
    import base64
    import hashlib

    lines = []
    with zipfile.ZipFile(zip_path) as archive:
        for name in sorted(archive.namelist()):
            lines.append(f"{hashlib.sha256(archive.read(name)).hexdigest()}  {name}\n")
    return "h1:" + base64.b64encode(hashlib.sha256("".join(lines).encode()).digest()).decode()


def package_hashes(config: Path) -> dict[str, str]:
    """Platform -> h1 hash of every package in the mirror ``install`` wrote beside ``config``."""
    packages = config.parent / "mirror" / "registry.terraform.io" / "hashicorp" / "aws"
    return {
        zip_path.stem.rsplit("_", 2)[-2] + "_" + zip_path.stem.rsplit("_", 1)[-1]: package_hash(zip_path)
        for zip_path in sorted(packages.glob("*.zip"))
    }
