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


def on_small_disk(
    folder: Path, command: list[str], *, size_kb: int = 0, read_only: bool = False, full: bool = False, list_after: bool = False
) -> list[str]:
    """``command`` run with ``folder`` replaced by an empty tmpfs of ``size_kb`` (or read-only).

    ``full`` fills the tmpfs first (files can still be created, not written); ``list_after``
    prints ``left behind: <files>`` on stderr once the command ends, since the folder vanishes
    with the namespace. Signal the process group (``start_new_session``): the shell passes a
    Ctrl-C on to the command and still lists the folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    where = shlex.quote(str(folder))
    options = "ro" if read_only else f"size={size_kb or 64}k"
    script = f"mount -t tmpfs -o {options} tmpfs {where} || exit 99\n"
    if full:
        script += f"dd if=/dev/zero of={where}/.filler bs=1k 2>/dev/null\n"
    if not list_after:
        return [*_unshare(), "sh", "-c", script + f"exec {shlex.join(command)}"]
    script += f"trap true INT TERM\n{shlex.join(command)}\nstatus=$?\n"
    script += f"echo left behind: $(find {where} -type f ! -name .filler) >&2\nexit $status\n"
    return [*_unshare(), "sh", "-c", script]
