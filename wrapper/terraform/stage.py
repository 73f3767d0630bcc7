"""The deploy pipeline for one stage: package, render, init, plan, apply, record outputs.

Commands call these; each returns data and leaves printing to wrapper.ui.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.package.build import package_stage
from wrapper.package.manifest import read_manifest
from wrapper.terraform.engine import Engine, resolve_engine
from wrapper.terraform.plan import PlanSummary, summarise
from wrapper.terraform.render import render_stack, stack_dir, write_stack
from wrapper.terraform.runner import EventSink, Runner

PLAN_FILE = "tfplan"


def render(config: ProjectConfig, *, package: bool = False) -> Path:
    """Write .wrapper/<stage>/terraform; packages first when asked or when no package exists."""
    manifest = read_manifest(config.work_dir)
    if package or manifest is None:
        package_stage(config)
        manifest = read_manifest(config.work_dir)
    assert manifest is not None
    write_stack(config, render_stack(config, manifest))
    return stack_dir(config)


def runner_for(config: ProjectConfig, engine: Engine | None = None) -> Runner:
    return Runner(engine or resolve_engine(), stack_dir(config))


def plan(
    config: ProjectConfig, *, destroy: bool = False, engine: Engine | None = None, on_event: EventSink | None = None
) -> tuple[Runner, PlanSummary]:
    if not destroy:
        render(config, package=True)
    elif not (stack_dir(config) / "main.tf").is_file():
        raise WrapperError(
            f"stage {config.stage!r} has never been rendered here, so there is nothing to destroy", "deploy it first, or check --stage"
        )
    runner = runner_for(config, engine)
    runner.init()
    runner.plan(PLAN_FILE, destroy=destroy, on_event=on_event)
    return runner, summarise(runner.show_plan(PLAN_FILE))


def apply(config: ProjectConfig, runner: Runner, *, on_event: EventSink | None = None) -> dict[str, Any]:
    runner.apply(PLAN_FILE, on_event=on_event)
    outputs = runner.outputs()
    record_outputs(config, outputs)
    return outputs


def destroy(config: ProjectConfig, runner: Runner, *, on_event: EventSink | None = None) -> None:
    runner.apply(PLAN_FILE, on_event=on_event)
    for name in ("outputs.json", "wrapper-config.json"):
        (config.work_dir / name).unlink(missing_ok=True)


def record_outputs(config: ProjectConfig, outputs: dict[str, Any]) -> None:
    """outputs.json for tools, wrapper-config.json for the page deployed with this stage."""
    config.work_dir.mkdir(parents=True, exist_ok=True)
    (config.work_dir / "outputs.json").write_text(json.dumps(outputs, indent=2, sort_keys=True) + "\n")
    from wrapper.page.deploy import page_config

    page = page_config(config, outputs.get("websocket_url"))
    (config.work_dir / "wrapper-config.json").write_text(json.dumps(page, indent=2) + "\n")


def read_outputs(config: ProjectConfig) -> dict[str, Any]:
    path = config.work_dir / "outputs.json"
    if not path.is_file():
        raise WrapperError(f"stage {config.stage!r} has no recorded outputs", f"deploy it first: wrapper deploy --stage {config.stage}")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


ProgressSink = Callable[[dict[str, Any]], None]
