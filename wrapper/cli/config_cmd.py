"""``wrapper config show``: the resolved model for a stage."""

from __future__ import annotations

import typer

from wrapper.cli.examples import epilog, group_epilog
from wrapper.cli.options import FromOption, JsonOption, ProjectOption, RegionOption, StageOption
from wrapper.cli.project import load_project
from wrapper.ui import config_view, console

config_app = typer.Typer(help="Inspect the project configuration.", no_args_is_help=True, epilog=group_epilog("config"))


@config_app.command("show", epilog=epilog("config show"))
def show(
    stage: StageOption = None,
    project: ProjectOption = None,
    region: RegionOption = None,
    from_stage: FromOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the configuration resolved for a stage, with derived AWS names and where each setting came from."""
    config = load_project(project, stage, region=region, from_stage=from_stage)
    if as_json:
        console.print_json(config.to_dict())
    else:
        config_view.show(config)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
