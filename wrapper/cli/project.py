"""Loading the project for a command from its common options."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wrapper.config import ProjectConfig


def load_project(
    project: Path | None,
    stage: str | None,
    *,
    region: str | None = None,
    from_stage: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> ProjectConfig:
    """The project resolved for ``stage``; ``overrides`` maps dotted settings to flag values (None: not given)."""
    # Imported here: the config loader (pydantic, jinja2) is not needed to print help.
    from wrapper.config import load_config

    return load_config(project, stage, overrides={"service.region": region, **(overrides or {})}, from_stage=from_stage)
