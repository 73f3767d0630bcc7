"""Check a rendered project's ``wrapper.toml`` before anything is written."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from wrapper.config import CONFIG_FILE, load_config
from wrapper.errors import ConfigError


def check_rendered_config(files: dict[PurePosixPath, bytes], stages: tuple[str, ...]) -> None:
    """Load the rendered config for every stage so init refuses names AWS would refuse."""
    content = files.get(PurePosixPath(CONFIG_FILE))
    if content is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / CONFIG_FILE
        path.write_bytes(content)
        for stage in stages:
            try:
                load_config(path, stage, env={})
            except ConfigError as err:
                # Point at the flag, not at a file the user has not seen yet.
                message = err.message.split(": ", 1)[-1]
                raise ConfigError(f"cannot scaffold stage {stage!r}: {message}", err.hint) from None
