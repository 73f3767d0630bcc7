"""The one walk over a source folder that packaging and its fast path share.

Standard library only: the fast path (``fresh``) runs before the CLI's imports load.
Links to folders are followed when they stay inside ``root`` (each real folder once, so a
link cycle ends); a link that leaves ``root`` is returned as an entry for the caller to refuse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def hidden(name: str) -> bool:
    """Names that never reach a zip: dot-files, byte-code and its cache folders."""
    return name.startswith(".") or name == "__pycache__" or name.endswith((".pyc", ".pyo"))


def inside(path: str | Path, root: str | Path) -> bool:
    """Whether ``path`` resolves to ``root`` or below it."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def visible_files(folder: Path, root: Path) -> Iterator[Path]:
    """Every visible entry below ``folder`` that is not a folder we descend into, in a stable order."""
    seen: set[str] = set()

    def visit(current: Path) -> Iterator[Path]:
        real = os.path.realpath(current)
        if real in seen:
            return
        seen.add(real)
        with os.scandir(current) as listing:
            entries = sorted((e for e in listing if not hidden(e.name)), key=lambda e: e.name)
        for entry in entries:
            path = current / entry.name
            if entry.is_dir(follow_symlinks=True) and (not entry.is_symlink() or inside(path, root)):
                yield from visit(path)
            else:
                yield path

    yield from visit(folder)
