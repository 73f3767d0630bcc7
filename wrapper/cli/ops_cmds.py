"""``wrapper logs``, ``wrapper secrets ...`` and ``wrapper doctor``: a deployed stage's day 2."""

from __future__ import annotations

import os
import sys
import time
from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog, group_epilog
from wrapper.cli.options import JsonOption, SecretName, YesOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.errors import EXIT_FAILURE, UsageError
from wrapper.ui import console, ops_view

secrets_app = typer.Typer(
    help="The stage's Secrets Manager secret (values are never printed unless asked).", no_args_is_help=True, epilog=group_epilog("secrets")
)


@acts_on_stage()
def logs(
    target: Target,
    function: Annotated[Optional[str], typer.Option("--function", "-f", help="Only this function's logs.")] = None,
    since: Annotated[str, typer.Option("--since", help="How far back: 30s, 10m, 2h, 1d.")] = "10m",
    follow: Annotated[bool, typer.Option("--follow", help="Keep printing new lines until Ctrl-C.")] = False,
    as_json: JsonOption = False,
) -> None:
    """CloudWatch Logs of the stage's functions, merged by time and labelled by function."""
    from wrapper.ops import logs as cw

    config = target.load()
    names = cw.functions_of(config, function)
    start = int((time.time() - cw.parse_since(since)) * 1000)
    lines = cw.follow(config, names, start) if follow else iter(cw.fetch(config, names, start))
    for line in lines:
        if as_json:
            console.print_json_line(line.to_dict())
        else:
            ops_view.log_line(line)


@secrets_app.command("list", epilog=epilog("secrets list"))
@acts_on_stage()
def secrets_list(target: Target, as_json: JsonOption = False) -> None:
    """Which secret values are set (names only)."""
    from wrapper.ops.secrets import StageSecret

    config = target.load()
    rows = StageSecret(config).names()
    console.print_json({"stage": config.stage, "secrets": rows}) if as_json else ops_view.secret_names(rows, config.stage)


@secrets_app.command("get", epilog=epilog("secrets get"))
@acts_on_stage()
def secrets_get(
    name: SecretName,
    reveal: Annotated[bool, typer.Option("--reveal", help="Print the value itself.")] = False,
    *,
    target: Target,
) -> None:
    """Say whether a value is set; print it only with --reveal."""
    from wrapper.ops.secrets import StageSecret

    config = target.load()
    value = StageSecret(config).get(name)
    console.result(value) if reveal else console.success(f"{name} is set ({len(value)} characters); add --reveal to print it")


@secrets_app.command("set", epilog=epilog("secrets set"))
@acts_on_stage()
def secrets_set(
    name: SecretName,
    from_env: Annotated[Optional[str], typer.Option("--from-env", help="Read the value from this environment variable.")] = None,
    value_stdin: Annotated[bool, typer.Option("--value-stdin", help="Read the value from standard input.")] = False,
    *,
    target: Target,
) -> None:
    """Set a value (never from a plain argument, which would land in shell history)."""
    from wrapper.ops.secrets import StageSecret, check_declared

    config = target.load()
    check_declared(config, name)  # before the value is typed in, not after
    if from_env:
        if from_env not in os.environ:
            raise UsageError(f"environment variable {from_env} is not set")
        value = os.environ[from_env]
    elif value_stdin:
        value = sys.stdin.read().rstrip("\n")
    elif console.is_interactive():
        value = console.ask_secret(f"Value of {name} for stage {config.stage}")
    else:
        raise UsageError("no value given and no terminal to ask on", "pass --from-env VAR or --value-stdin")
    StageSecret(config).set(name, value)
    console.success(f"{name} set for stage {config.stage}")


@secrets_app.command("delete", epilog=epilog("secrets delete"))
@acts_on_stage()
def secrets_delete(
    name: SecretName,
    yes: YesOption = False,
    *,
    target: Target,
) -> None:
    """Clear a value."""
    from wrapper.ops.secrets import StageSecret, check_declared

    config = target.load()
    check_declared(config, name)
    if not console.confirm(f"Clear {name} in stage {config.stage}?", assume_yes=yes):
        raise UsageError("nothing was changed")
    had = StageSecret(config).delete(name)
    console.success(f"{name} cleared" if had else f"{name} was not set")


@acts_on_stage()
def doctor(target: Target, as_json: JsonOption = False) -> None:
    """Check the Terraform engine, AWS credentials, state bucket, packaging, frontend and ports."""
    from wrapper.ops.doctor import diagnose

    config = target.load()
    results = diagnose(config)
    if as_json:
        console.print_json({"ok": all(c.ok for c in results), "checks": [c.to_dict() for c in results]})
    else:
        ops_view.checks(results)
    if not all(c.ok for c in results):
        raise typer.Exit(EXIT_FAILURE)


def register(app: typer.Typer) -> None:
    app.command("logs", epilog=epilog("logs"))(logs)
    app.add_typer(secrets_app, name="secrets")
    app.command("doctor", epilog=epilog("doctor"))(doctor)
