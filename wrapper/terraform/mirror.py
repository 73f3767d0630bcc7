"""Where Terraform installs providers from, as its CLI configuration says, for ``providers lock``.

``terraform init`` follows the CLI config's ``provider_installation`` (a ``filesystem_mirror`` or
``network_mirror``), but ``terraform providers lock`` ignores it and asks the origin registry unless
it is given ``-fs-mirror`` or ``-net-mirror``
(https://developer.hashicorp.com/terraform/cli/commands/providers/lock). So that the lock is made
from the same packages ``init`` installed, the first mirror of the CLI config is passed on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from wrapper.errors import WrapperError


def cli_config_file(env: Mapping[str, str]) -> Path | None:
    """TF_CLI_CONFIG_FILE, else ~/.terraformrc (Terraform's own order on Unix)."""
    named = env.get("TF_CLI_CONFIG_FILE")
    if named:
        return Path(named)
    home = Path(env.get("HOME") or os.path.expanduser("~"))
    default = home / ".terraformrc"
    return default if default.is_file() else None


def _unquote(value: object) -> str:
    return str(value).strip('"')


def mirror_args(env: Mapping[str, str]) -> list[str]:
    """``-fs-mirror=PATH`` / ``-net-mirror=URL`` for the CLI config's first mirror; none: the registry."""
    import hcl2

    path = cli_config_file(env)
    if path is None or not path.is_file():
        return []
    try:
        parsed = hcl2.loads(path.read_text())
    except Exception as exc:  # noqa: BLE001 (the parser raises several types for one cause: bad HCL)
        raise WrapperError(f"Terraform's CLI config {path} cannot be read: {exc}", "fix its HCL (Terraform would refuse it too)") from None
    for installation in parsed.get("provider_installation", []):
        for mirror in installation.get("filesystem_mirror", []):
            return [f"-fs-mirror={_unquote(mirror['path'])}"]
        for mirror in installation.get("network_mirror", []):
            return [f"-net-mirror={_unquote(mirror['url'])}"]
    return []
