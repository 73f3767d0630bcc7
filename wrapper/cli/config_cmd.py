"""``wrapper config show``: the resolved model for a stage."""

from __future__ import annotations

import typer

from wrapper.cli.examples import epilog, group_epilog
from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.ui import config_view, console

config_app = typer.Typer(help="Inspect the project configuration.", no_args_is_help=True, epilog=group_epilog("config"))


@config_app.command("show", epilog=epilog("config show"))
@acts_on_stage(region=True)
def show(target: Target, as_json: JsonOption = False) -> None:
    """Print the configuration resolved for a stage, with derived AWS names and where each setting came from."""
    config = target.load()
    if as_json:
        console.print_json(config.to_dict())
    else:
        config_view.show(config)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
