"""A private copy of a project, for runs that must never touch the developer's own local data.

``wrapper cost`` and the test kit run the project from a copy in a temporary folder: the
copy has its own ``.wrapper/local/`` (fresh tables, its own signing key) and nothing the
run does reaches the original. Build output, installed packages and caches stay behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

LEFT_BEHIND = (".wrapper", "node_modules", "__pycache__", ".git", ".venv", ".pytest_cache", ".mypy_cache", ".ruff_cache")


def private_copy(root: Path, into: Path, frontend_dir: str = "frontend") -> Path:
    """Copy the project at ``root`` to ``into/<its name>`` and return the copy's root."""
    copy = into / root.name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(*LEFT_BEHIND), symlinks=True)
    packages = root / frontend_dir / "node_modules"
    if packages.is_dir() and (copy / frontend_dir).is_dir():
        # The page's packages (three.js): linked, not copied, so the page still loads.
        (copy / frontend_dir / "node_modules").symlink_to(packages.resolve(), target_is_directory=True)
    return copy
