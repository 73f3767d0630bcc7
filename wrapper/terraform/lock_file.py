"""The project's ``.terraform.lock.hcl``: kept beside wrapper.toml and committed, not under .wrapper/.

Terraform records the provider versions and hashes it installed in the working directory's lock
file, and then installs exactly those. Rendered folders are gitignored, so a lock file left there
lets two machines (a laptop and CI) resolve different providers. Before ``init`` the project's
lock file is copied into the rendered folder; after it, what Terraform recorded is copied back.
Every stage shares it: they render the same providers.

``terraform init`` records the package hash (``h1:``) of the running platform only, so a lock made
on a Linux laptop makes a Mac refuse it ("the current package ... doesn't match any of the
checksums"). Whenever the project's lock file lacks a platform of ``PLATFORMS``, wrapper runs
``terraform providers lock`` for all of them, as HashiCorp recommends for teams
(https://developer.hashicorp.com/terraform/cli/commands/providers/lock), from the same source
``init`` uses: the registry, or the mirror the CLI config names (see ``mirror.py``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from wrapper.errors import WrapperError

LOCK_FILE = ".terraform.lock.hcl"
# What teams deploy from: CI and Linux laptops (x86 and ARM), Apple silicon Macs, Windows.
PLATFORMS = ("linux_amd64", "linux_arm64", "darwin_arm64", "windows_amd64")


def lock_in(project_root: Path, stack: Path) -> None:
    source = project_root / LOCK_FILE
    if source.is_file():
        stack.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, stack / LOCK_FILE)


def lock_out(project_root: Path, stack: Path) -> bool:
    """Copy Terraform's lock file back to the project; True when the project's file changed."""
    recorded, kept = stack / LOCK_FILE, project_root / LOCK_FILE
    if not recorded.is_file() or (kept.is_file() and kept.read_bytes() == recorded.read_bytes()):
        return False
    shutil.copyfile(recorded, kept)
    return True


def package_hashes(lock: Path) -> dict[str, int]:
    """Provider address -> how many platform packages (``h1:`` hashes) the lock file vouches for."""
    import hcl2

    try:
        parsed = hcl2.loads(lock.read_text())
    except Exception as exc:  # noqa: BLE001 (the parser raises several types for one cause: bad HCL)
        raise WrapperError(f"{lock} cannot be read: {exc}", "delete it and run `wrapper lock` to make it again") from None
    counts: dict[str, int] = {}
    for block in parsed.get("provider", []):
        for address, body in block.items():
            hashes = [str(h).strip('"') for h in body.get("hashes", [])]
            counts[address.strip('"')] = sum(h.startswith("h1:") for h in hashes)
    return counts


def lacks_platforms(project_root: Path) -> bool:
    """True when a provider in the project's lock file has fewer package hashes than PLATFORMS."""
    lock = project_root / LOCK_FILE
    return lock.is_file() and any(count < len(PLATFORMS) for count in package_hashes(lock).values())
