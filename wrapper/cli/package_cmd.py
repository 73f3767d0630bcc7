"""``wrapper package``: build every function's zip for a stage without deploying."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import FromOption, JsonOption, ProjectOption, RegionOption, StageOption
from wrapper.cli.project import load_project
from wrapper.package import fresh
from wrapper.ui import console, package_view


def package(
    stage: StageOption = None,
    project: ProjectOption = None,
    region: RegionOption = None,
    from_stage: FromOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build one deterministic zip per function for Lambda's platform into .wrapper/<stage>/dist/."""
    config = load_project(project, stage, region=region, from_stage=from_stage)
    from wrapper.package.build import package_stage  # packaging, pip's tags: only when packaging runs

    with package_view.progress(quiet=as_json) as on_progress:
        result = package_stage(config, on_progress=on_progress)
    fresh.record(config, fresh.invocation_key(Path.cwd(), project, stage, region, os.environ), result.to_dict())
    if as_json:
        console.print_json(result.to_dict())
    else:
        package_view.summary(result)


def register(app: typer.Typer) -> None:
    app.command("package", epilog=epilog("package"))(package)
