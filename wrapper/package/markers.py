"""Catch what pip's cross-platform install gets wrong: environment markers.

``pip install --platform ... --python-version ...`` picks wheels for the
target, but judges markers such as ``python_version < "3.12"`` by the Python
running pip. Building python3.11 functions on a 3.13 machine would then leave
out ``typing_extensions; python_version < "3.12"`` and fail on Lambda at
import time. This module re-evaluates every marker for Lambda's environment
and names whatever pip skipped.
"""

from __future__ import annotations

import platform
import sys
from email.parser import HeaderParser
from pathlib import Path

from packaging.markers import InvalidMarker
from packaging.requirements import InvalidRequirement, Requirement

from wrapper.errors import WrapperError
from wrapper.package.requirements import PLATFORM_ARCH, RUNTIME_PROVIDED, Requirements, Target, canonical


def lambda_environment(target: Target) -> dict[str, str]:
    """Marker variables as Lambda's CPython on Amazon Linux reports them."""
    full = f"{target.python_version}.0"
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": "posix",
        "platform_machine": PLATFORM_ARCH[target.architecture],
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": "Linux",
        "platform_version": "",
        "python_full_version": full,
        "python_version": target.python_version,
        "sys_platform": "linux",
        "extra": "",
    }


def skipped_by_markers(site: Path, requirements: Requirements, target: Target) -> list[tuple[str, str]]:
    """(distribution, needed by) pairs whose marker holds on Lambda but which pip did not install."""
    installed: set[str] = set()
    wanted: list[tuple[str, str]] = []
    for info in sorted(site.glob("*.dist-info")):
        metadata = HeaderParser().parsestr((info / "METADATA").read_text(encoding="utf-8", errors="replace"))
        name = metadata.get("Name") or info.name.split("-", 1)[0]
        installed.add(canonical(name))
        wanted.extend((line, name) for line in metadata.get_all("Requires-Dist") or [])
    req_file = requirements.path.name if requirements.path else "requirements"
    wanted.extend((line, req_file) for line in requirements.lines if not line.startswith("-"))
    environment = lambda_environment(target)
    missing: list[tuple[str, str]] = []
    for line, needed_by in wanted:
        try:
            requirement = Requirement(line)
            applies = requirement.marker is not None and requirement.marker.evaluate(environment)
        except (InvalidRequirement, InvalidMarker):
            continue  # pip accepted it; a line we cannot parse is not ours to judge
        provided = canonical(requirement.name) in RUNTIME_PROVIDED and not requirements.bundle_runtime_provided
        if applies and canonical(requirement.name) not in installed and not provided:
            missing.append((canonical(requirement.name), needed_by))
    return sorted(set(missing))


def marker_error(missing: list[tuple[str, str]], target: Target, requirements: Requirements) -> WrapperError:
    names = ", ".join(f"{name} (needed by {needed_by})" for name, needed_by in missing)
    req_file = requirements.path.name if requirements.path else "requirements.txt"
    host = f"{sys.version_info.major}.{sys.version_info.minor} on {platform.machine()}"
    return WrapperError(
        f"pip left out {names}: it judged their markers by this machine's Python {host}, not Lambda's {target.describe()}",
        f"add {', '.join(sorted({n for n, _ in missing}))} to {req_file} without a marker, "
        f"or run wrapper with Python {target.python_version} on {target.architecture}",
    )
