"""Make Terraform install the test provider as ``hashicorp/aws``: a filesystem mirror and a CLI config.

The mirror uses Terraform's unpacked layout
(``<mirror>/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_v<version>``),
so ``terraform init`` installs it, records its hash in ``.terraform.lock.hcl`` and every later
command starts it, exactly as with the provider downloaded from the registry.
"""

from __future__ import annotations

import platform
import shlex
import sys
from pathlib import Path

from tests.support.tfprovider import schema

REPO_ROOT = Path(__file__).resolve().parents[3]


def terraform_platform() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{sys.platform if sys.platform != 'win32' else 'windows'}_{arch}"


def install(folder: Path) -> Path:
    """Write the mirror and the CLI config under ``folder``; returns the config file (for TF_CLI_CONFIG_FILE)."""
    version = schema.provider_version()
    mirror = folder / "mirror"
    plugin_dir = mirror / "registry.terraform.io" / "hashicorp" / "aws" / version / terraform_platform()
    plugin_dir.mkdir(parents=True, exist_ok=True)
    executable = plugin_dir / f"terraform-provider-aws_v{version}"
    executable.write_text(
        "#!/bin/sh\n"
        "# The wrapper test suite's stand-in for hashicorp/aws (tests/support/tfprovider).\n"
        f'PYTHONPATH={shlex.quote(str(REPO_ROOT))}"${{PYTHONPATH:+:$PYTHONPATH}}" '
        f"exec {shlex.quote(sys.executable)} -m tests.support.tfprovider.serve\n"
    )
    executable.chmod(0o755)
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
