"""Load ``wrapper.toml`` once and resolve it for one stage.

Precedence, highest first: command-line flag > environment > ``[stages.<name>]``
> the rest of the file > schema default. Every setting's origin is kept in
``ProjectConfig.sources`` so ``wrapper config show`` can say where it came from.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wrapper.config import aws_names
from wrapper.config.build import build_config
from wrapper.config.checks import Invalid, check_section
from wrapper.config.lines import locate, toml_error_line
from wrapper.config.model import ProjectConfig
from wrapper.config.schema import ENVIRONMENT_OVERRIDES, ROOT, STAGE_ONLY
from wrapper.errors import ConfigError
from wrapper.project_file import find_config

DEFAULT_STAGE = "dev"


def resolve_stage_name(stage: str | None, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return stage or env.get("WRAPPER_STAGE") or DEFAULT_STAGE


def load_config(
    path: Path | None = None,
    stage: str | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    from_stage: str | None = None,
) -> ProjectConfig:
    """Read, validate and resolve the project for ``stage``.

    ``overrides`` maps dotted settings (``service.region``) to values given as
    command-line flags; ``env`` defaults to the process environment.
    ``from_stage`` lets an undeclared stage (``pr-123``) inherit a declared one.
    """
    config_path = find_config(path)
    text = _read(config_path)
    env = os.environ if env is None else env
    stage_name = resolve_stage_name(stage, env)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(str(exc), text)
        raise ConfigError(
            f"{config_path.name}:{line}: not valid TOML: {exc}",
            f"fix the syntax on line {line} of {config_path}",
        ) from None
    _check_stage_name(stage_name, flag_given=stage is not None)
    origins: dict[str, str] = {}
    try:
        check_section(raw, ROOT, "", fill_defaults=False)
        merged = _resolve(raw, stage_name, from_stage, env, overrides or {}, origins)
        model = build_config(config_path.parent, raw, merged, stage_name, origins)
    except Invalid as problem:
        raise _located(problem, config_path, text, origins) from None
    return model


def _check_stage_name(stage: str, *, flag_given: bool) -> None:
    """The stage comes from --stage or $WRAPPER_STAGE, never from the file: name that source."""
    try:
        aws_names.check_identifier("stage", stage, "stage")
    except Invalid as problem:
        source = "command-line flag --stage" if flag_given else "environment variable WRAPPER_STAGE"
        raise ConfigError(f"{source}: {problem.message}", problem.hint) from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text", "save the file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}", "check the file exists and is readable") from None


def _located(problem: Invalid, config_path: Path, text: str, origins: dict[str, str]) -> ConfigError:
    origin = origins.get(problem.path, "file")
    if origin.startswith(("env ", "flag ")):
        kind, name = origin.split(" ", 1)
        source = "environment variable" if kind == "env" else "command-line flag"
        return ConfigError(f"{source} {name}: {problem.message}", problem.hint)
    lookup = problem.path
    if origin == "stage":
        lookup = f"stages.{origins['_stage_table']}.{problem.path}"
    line = locate(text, lookup)
    where = f"{config_path.name}:{line}" if line else config_path.name
    return ConfigError(f"{where}: {problem.message}", problem.hint)


def _resolve(
    raw: dict[str, Any],
    stage: str,
    from_stage: str | None,
    env: Mapping[str, str],
    overrides: Mapping[str, Any],
    origins: dict[str, str],
) -> dict[str, Any]:
    stages: dict[str, Any] = raw.get("stages", {})
    if not stages:
        raise Invalid("stages", "wrapper.toml declares no stages", "add at least one stage, e.g. a [stages.dev] table")
    if stage in stages:
        origins["_stage_table"] = stage
    elif from_stage is not None:
        if from_stage not in stages:
            raise Invalid("stages", f"--from stage {from_stage!r} is not declared", f"use one of: {', '.join(stages)}")
        origins["_stage_table"] = from_stage
    else:
        raise Invalid(
            "stages",
            f"stage {stage!r} is not declared in wrapper.toml (declared: {', '.join(stages)})",
            f"add a [stages.{stage}] table, or pass --from <stage> to base it on a declared one",
        )
    stage_table = stages[origins["_stage_table"]]
    base = {k: v for k, v in raw.items() if k != "stages"}
    _mark(base, "", "file", origins)
    overrides_from_stage = {k: v for k, v in stage_table.items() if k not in STAGE_ONLY}
    _mark(overrides_from_stage, "", "stage", origins)
    merged = _deep_merge(base, overrides_from_stage)
    merged["__stage_only"] = {k: stage_table.get(k, spec.default) for k, spec in STAGE_ONLY.items()}
    for var, dotted in ENVIRONMENT_OVERRIDES.items():
        if env.get(var):
            _set(merged, dotted, _coerce(dotted, env[var]))
            origins[dotted] = f"env {var}"
    for dotted, value in overrides.items():
        if value is not None:
            _set(merged, dotted, value)
            origins[dotted] = f"flag --{dotted.split('.')[-1].replace('_', '-')}"
    return merged


def _coerce(dotted: str, value: str) -> Any:
    """Environment values are strings; give them the schema's type so checks read naturally."""
    spec: Any = ROOT
    for part in dotted.split("."):
        spec = spec.keys[part]
    types = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    if int in types and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def _mark(node: Any, prefix: str, origin: str, origins: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _mark(value, f"{prefix}.{key}" if prefix else key, origin, origins)
    if prefix:
        origins[prefix] = origin


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value
