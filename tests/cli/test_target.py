"""``acts_on_stage``: a command declares ``target: Target`` and gets --stage, --project, --from (and --region) in its place."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage

seen: list[tuple[Target, bool]] = []
app = typer.Typer()


@app.command("plain")
@acts_on_stage()
def plain(target: Target, as_json: JsonOption = False) -> None:
    seen.append((target, as_json))


@app.command("regional")
@acts_on_stage(region=True)
def regional(name: str, *, target: Target) -> None:
    seen.append((target, name == "x"))


def test_the_options_reach_the_command_as_one_target(tmp_path: Path) -> None:
    seen.clear()
    done = CliRunner().invoke(app, ["plain", "-s", "pr-7", "--from", "dev", "-p", str(tmp_path), "--json"])
    assert done.exit_code == 0, done.output
    assert seen == [(Target(stage="pr-7", project=tmp_path, region=None, from_stage="dev"), True)]


def test_region_is_an_option_only_where_the_command_asks_for_it() -> None:
    seen.clear()
    assert CliRunner().invoke(app, ["plain", "--region", "eu-west-1"]).exit_code == 2
    done = CliRunner().invoke(app, ["regional", "x", "--region", "eu-west-1"])
    assert done.exit_code == 0, done.output
    assert seen == [(Target(stage=None, project=None, region="eu-west-1", from_stage=None), True)]


def test_the_options_stand_where_target_stood_in_help() -> None:
    text = CliRunner().invoke(app, ["regional", "--help"], terminal_width=200).output
    order = [text.index(flag) for flag in ("--stage", "--project", "--region", "--from")]
    assert order == sorted(order)
