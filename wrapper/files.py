"""Writing files so that readers never see half of one: write beside, then rename over.

Standard library only: ``wrapper.package.fresh`` uses it before the CLI's imports load.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def staged_file(directory: Path, label: str) -> Iterator[Path]:
    """A new temporary file in ``directory`` (same file system, so a rename is atomic), removed on exit unless renamed away."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{label}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure the old file (or none) stays."""
    with staged_file(path.parent, path.name) as tmp:
        if isinstance(data, str):
            tmp.write_text(data)
        else:
            tmp.write_bytes(data)
        os.replace(tmp, path)


def write_json_atomic(path: Path, data: Any, *, indent: int | None = 2, sort_keys: bool = False) -> None:
    text = json.dumps(data, indent=indent, sort_keys=sort_keys)
    write_atomic(path, text + "\n" if indent is not None else text)
