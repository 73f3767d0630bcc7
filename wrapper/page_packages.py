"""The page's npm packages (three.js, ...), installed by `wrapper dev` and `wrapper deploy` when they are missing.

The repository and the wheel hold only our own code; three.js arrives as an npm dependency
of the page (``frontend/package.json`` and its lock file), exactly as in any web project.
So that ``wrapper init`` then ``wrapper dev`` (or ``wrapper deploy``) gives a working page with no
other step, both run ``npm install`` when a declared dependency is absent and npm exists.
It never runs ``npm ci`` (which deletes ``node_modules``) and never touches a
``node_modules`` that already has every dependency (it may be a link the developer made).
See docs/decisions.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from wrapper.errors import WrapperError

NPM_INSTALL = ("install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline")


def missing_packages(folder: Path) -> list[str]:
    """The page's runtime dependencies that ``node_modules`` lacks (none without a package.json)."""
    manifest = folder / "package.json"
    if not manifest.is_file():
        return []
    try:
        declared = json.loads(manifest.read_text(encoding="utf-8")).get("dependencies") or {}
    except (ValueError, OSError, AttributeError) as exc:
        raise WrapperError(f"{manifest} cannot be read: {exc}", "fix the JSON in frontend/package.json") from None
    return sorted(name for name in declared if not (folder / "node_modules" / name / "package.json").is_file())


def install(folder: Path, on_line: Callable[[str], None], npm: str | None = None) -> bool:
    """Run ``npm install`` in ``folder``, showing its output line by line; False when npm is not installed."""
    npm = npm or shutil.which("npm")
    if npm is None:
        return False
    try:
        child = subprocess.Popen(
            [npm, *NPM_INSTALL], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
        )
    except OSError as exc:
        raise WrapperError(
            f"cannot run npm: {exc.strerror}", "install Node.js and npm, or run `npm install` in frontend/ yourself"
        ) from None
    tail: list[str] = []
    assert child.stdout is not None
    for raw in child.stdout:
        line = raw.rstrip()
        if line:
            on_line(line)
            tail = [*tail[-9:], line]
    if child.wait() != 0:
        raise WrapperError(
            f"npm install failed in {folder} (exit {child.returncode}): {tail[-1] if tail else 'no output'}",
            "run `npm install` in that folder to see why (no network or registry access?)",
        )
    return True


class InstallView(Protocol):
    """What the user sees while packages install (wrapper.ui.npm_view is one)."""

    def installing(self, packages: list[str], folder: object) -> None: ...

    def npm_line(self, line: str) -> None: ...

    def installed(self, seconds: float) -> None: ...


def ensure_installed(folder: Path, view: InstallView) -> bool:
    """Install the page's missing packages; True when none is missing now, False when npm is not installed."""
    missing = missing_packages(folder)
    if not missing:
        return True
    npm = shutil.which("npm")
    if npm is None:
        # Announcing an install that cannot happen would read as a hang: the caller says npm is missing.
        return False
    view.installing(missing, folder)
    started = time.monotonic()
    install(folder, view.npm_line, npm=npm)
    view.installed(time.monotonic() - started)
    return True


def require_installed(folder: Path, view: InstallView) -> None:
    """For a deploy, which cannot upload a page without its packages: install them or say why not."""
    if not ensure_installed(folder, view):
        missing = ", ".join(missing_packages(folder))
        raise WrapperError(
            f"the page needs npm packages that are not installed ({missing}) and npm is not on PATH; nothing was deployed",
            f"install Node.js and npm and deploy again, or run `npm install` in {folder}",
        )
