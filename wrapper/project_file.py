"""Where a project's ``wrapper.toml`` is. Standard library only: the CLI's fast path needs it before any heavy import."""

from __future__ import annotations

from pathlib import Path

from wrapper.errors import ConfigError

CONFIG_FILE = "wrapper.toml"


def find_config(start: Path | None = None) -> Path:
    """The nearest ``wrapper.toml`` at or above ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        return here
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_FILE} found in {here} or any folder above it",
        "run this inside a wrapper project, or create one with `wrapper init`",
    )
