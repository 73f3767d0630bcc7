"""Installing the project's requirements for Lambda's platform with pip, without Docker.

pip's cross-platform flags pick the manylinux wheels Lambda runs, whatever
machine this is; ``--only-binary=:all:`` means nothing is compiled here, so a
package without a suitable wheel fails early with a message that names it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from wrapper.errors import WrapperError
from wrapper.package.requirements import Requirements, Target

INSTALL_TIMEOUT_SECONDS = 900
MAX_OUTPUT_LINES = 20_000

_NO_MATCH = re.compile(r"No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)")
_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement ([A-Za-z0-9][A-Za-z0-9._-]*)")
_OFFLINE = ("Failed to establish a new connection", "Temporary failure in name resolution", "Network is unreachable")


def pip_command(requirements: Requirements, target: Target, destination: Path) -> list[str]:
    assert requirements.path is not None
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--requirement",
        str(requirements.path),
        "--target",
        str(destination),
        *(flag for tag in target.platforms for flag in ("--platform", tag)),
        "--python-version",
        target.python_version,
        "--implementation",
        "cp",
        "--only-binary=:all:",
        # .pyc files embed source mtimes and paths; Lambda compiles on first import anyway.
        "--no-compile",
        "--no-input",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
    ]


def pip_install(
    requirements: Requirements,
    target: Target,
    destination: Path,
    *,
    cwd: Path,
    on_line: Callable[[str], None] | None = None,
) -> None:
    """Run pip; on failure raise a ``WrapperError`` that says which package and what to do."""
    command = pip_command(requirements, target, destination)
    deadline = time.monotonic() + INSTALL_TIMEOUT_SECONDS
    lines: list[str] = []
    try:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    except OSError as err:
        raise WrapperError(f"could not run pip: {err}", "install pip into the Python that runs wrapper") from err
    assert process.stdout is not None
    with process:
        for raw in process.stdout:
            line = raw.rstrip()
            if len(lines) < MAX_OUTPUT_LINES:
                lines.append(line)
            if on_line is not None and line:
                on_line(line)
            if time.monotonic() > deadline:
                process.kill()
                raise WrapperError(
                    f"pip did not finish within {INSTALL_TIMEOUT_SECONDS} s", "check the network and the package index, then retry"
                )
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    if code != 0:
        raise install_error("\n".join(lines), requirements, target)


def install_error(output: str, requirements: Requirements, target: Target) -> WrapperError:
    """Turn pip's output into one clear message with a hint."""
    req_file = requirements.path.name if requirements.path else "requirements.txt"
    missing = _NO_MATCH.search(output) or _NO_VERSION.search(output)
    if missing and not any(marker in output for marker in _OFFLINE):
        name = missing.group(1)
        return WrapperError(
            f"no wheel of {name} for Lambda's platform ({target.describe()}); it cannot be compiled here",
            f"check the name and version; then pin a version of {name} that publishes a manylinux wheel for glibc {target.glibc} or older, or a pure-Python wheel, "
            f"or build one on Linux {target.architecture} (`pip wheel {name} -w wheels`) and add `--find-links wheels` "
            f"at the top of {req_file}, or remove {name} from {req_file}",
        )
    if any(marker in output for marker in _OFFLINE):
        return WrapperError("pip could not reach the package index", "check the network or your pip index settings, then retry")
    tail = "\n".join(line for line in output.splitlines() if line.strip())[-1500:]
    return WrapperError(f"pip could not install {req_file} for {target.describe()}:\n{tail}", f"fix {req_file}, then retry")
