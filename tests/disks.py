"""Real full and read-only disks for tests: a small tmpfs in a private mount namespace.

The mount exists only inside the namespace `unshare -m` makes for the command, so the
machine's file systems are never touched and nothing needs cleaning up. Needs root, or
unprivileged user namespaces (then `-r` maps the caller to root inside).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest


def _unshare() -> list[str]:
    base = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    if shutil.which("unshare") is None or subprocess.run([*base, "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot make a private mount namespace here (unshare -m)")
    return base


def on_small_disk(folder: Path, command: list[str], *, size_kb: int = 0, read_only: bool = False) -> list[str]:
    """``command`` run with ``folder`` replaced by an empty tmpfs of ``size_kb`` (or read-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = "ro" if read_only else f"size={size_kb}k"
    script = f"mount -t tmpfs -o {options} tmpfs {shlex.quote(str(folder))} && exec {shlex.join(command)}"
    return [*_unshare(), "sh", "-c", script]
