"""The project's ``.terraform.lock.hcl``: kept beside wrapper.toml and committed, not under .wrapper/.

Terraform records the provider versions and hashes it installed in the working directory's lock
file, and then installs exactly those. Rendered folders are gitignored, so a lock file left there
lets two machines (a laptop and CI) resolve different providers. Before ``init`` the project's
lock file is copied into the rendered folder; after it, what Terraform recorded is copied back.
Every stage shares it: they render the same providers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

LOCK_FILE = ".terraform.lock.hcl"
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

