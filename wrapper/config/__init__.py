"""Project configuration: ``wrapper.toml`` loaded once into a frozen model per stage."""

from wrapper.config.loader import load_config, resolve_stage_name
from wrapper.config.model import Function, ProjectConfig, StateBackend, Table
from wrapper.project_file import CONFIG_FILE, find_config

__all__ = ["CONFIG_FILE", "Function", "ProjectConfig", "StateBackend", "Table", "find_config", "load_config", "resolve_stage_name"]
