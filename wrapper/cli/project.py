"""Loading the project for a command from its common options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wrapper.config import ProjectConfig, load_config


def load_project(project: Path | None, stage: str | None, *, region: str | None = None, from_stage: str | None = None) -> ProjectConfig:
    overrides: dict[str, Any] = {"service.region": region}
    return load_config(project, stage, overrides=overrides, from_stage=from_stage)
