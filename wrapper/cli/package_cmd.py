"""``wrapper package``: build every function's zip for a stage without deploying."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.package import fresh
from wrapper.ui import console, package_view


@acts_on_stage(region=True)
def package(target: Target, as_json: JsonOption = False) -> None:
    """Build one deterministic zip per function for Lambda's platform into .wrapper/<stage>/dist/."""
    config = target.load()
    from wrapper.package.build import package_stage  # packaging, pip's tags: only when packaging runs

    with package_view.progress(quiet=as_json) as on_progress:
        result = package_stage(config, on_progress=on_progress)
    fresh.record(config, fresh.invocation_key(Path.cwd(), target.project, target.stage, target.region, os.environ), result.to_dict())
    if as_json:
        console.print_json(result.to_dict())
    else:
        package_view.summary(result)


def register(app: typer.Typer) -> None:
    app.command("package", epilog=epilog("package"))(package)
