"""Project configuration: ``wrapper.toml`` loaded once into a frozen model per stage.

The names below load on first use (PEP 562), so importing a light submodule such as
``wrapper.config.schema`` (``wrapper init``'s choices, shown in --help) does not load the loader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wrapper.config.loader import load_config, resolve_stage_name
    from wrapper.config.model import Function, ProjectConfig, StateBackend, Table
    from wrapper.project_file import CONFIG_FILE, find_config

_HOMES = {
    "load_config": "wrapper.config.loader",
    "resolve_stage_name": "wrapper.config.loader",
    "Function": "wrapper.config.model",
    "ProjectConfig": "wrapper.config.model",
    "StateBackend": "wrapper.config.model",
    "Table": "wrapper.config.model",
    "CONFIG_FILE": "wrapper.project_file",
    "find_config": "wrapper.project_file",
}

__all__ = ["CONFIG_FILE", "Function", "ProjectConfig", "StateBackend", "Table", "find_config", "load_config", "resolve_stage_name"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'wrapper.config' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
