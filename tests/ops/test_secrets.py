"""`wrapper secrets` against moto's Secrets Manager (a double for AWS, out of reach here)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from wrapper.config import load_config
from wrapper.ui import console

SECRET_VALUE = "s3cr3t-value-never-printed"


@pytest.fixture
def secured(project: Path) -> Path:
    config = project / "wrapper.toml"
    config.write_text(config.read_text().replace("values = []", 'values = ["STRIPE_KEY"]'))
    return project


@mock_aws
def test_round_trip_without_ever_echoing_the_value(cli, secured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = load_config(secured, "dev", env={}).secret.name
    sm = boto3.client("secretsmanager", region_name="eu-west-2")
    sm.create_secret(Name=name, SecretString=json.dumps({"STRIPE_KEY": "", "stage": "dev"}))
    monkeypatch.setenv("NEW_KEY", SECRET_VALUE)
    outputs = []
    result = cli(["secrets", "set", "STRIPE_KEY", "--from-env", "NEW_KEY"], cwd=secured)
    assert result.exit_code == 0, result.output
    outputs.append(result.output)
    listed = cli(["secrets", "list", "--json"], cwd=secured)
    assert json.loads(listed.stdout)["secrets"] == [{"name": "STRIPE_KEY", "set": True}]
    outputs.append(listed.output)
    hidden = cli(["secrets", "get", "STRIPE_KEY"], cwd=secured)
    assert hidden.exit_code == 0 and "is set (26 characters)" in hidden.output
    outputs.append(hidden.output)
    assert all(SECRET_VALUE not in text for text in outputs)
    revealed = cli(["secrets", "get", "STRIPE_KEY", "--reveal"], cwd=secured)
    assert revealed.stdout.strip() == SECRET_VALUE
    stored = json.loads(sm.get_secret_value(SecretId=name)["SecretString"])
    assert stored == {"STRIPE_KEY": SECRET_VALUE, "stage": "dev"}, "other keys are kept"
    assert cli(["secrets", "delete", "STRIPE_KEY", "--yes"], cwd=secured).exit_code == 0
    assert json.loads(sm.get_secret_value(SecretId=name)["SecretString"])["STRIPE_KEY"] == ""


@mock_aws
def test_set_from_stdin(cli, secured: Path) -> None:
    name = load_config(secured, "dev", env={}).secret.name
    boto3.client("secretsmanager", region_name="eu-west-2").create_secret(Name=name, SecretString="{}")
    result = cli(["secrets", "set", "STRIPE_KEY", "--value-stdin"], cwd=secured, input=SECRET_VALUE + "\n")
    assert result.exit_code == 0 and SECRET_VALUE not in result.output


def test_set_without_a_value_source_never_waits(cli, secured: Path) -> None:
    result = cli(["secrets", "set", "STRIPE_KEY"], cwd=secured)
    assert result.exit_code == 2 and "--from-env" in result.output


def test_undeclared_names_are_refused(cli, secured: Path) -> None:
    result = cli(["secrets", "get", "STRIPE_KY"], cwd=secured)
    assert result.exit_code == 2 and "not one of this project's secret values (declared: STRIPE_KEY)" in result.output


def test_an_undeclared_name_is_refused_before_the_value_is_asked_for(cli, secured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(console, "is_interactive", lambda: True)
    monkeypatch.setattr(console, "ask_secret", lambda prompt: asked.append(prompt) or "s3cret")
    monkeypatch.setattr(console, "confirm", lambda *a, **k: asked.append("confirm") or True)
    for command in (["secrets", "set", "STRIPE_KY"], ["secrets", "delete", "STRIPE_KY"]):
        result = cli(command, cwd=secured)
        assert result.exit_code == 2 and "'STRIPE_KY' is not one of this project's secret values" in result.output
    assert asked == [], "nobody types a secret (or confirms) only to be told the name is wrong"


def test_a_project_without_values_says_it_declares_none(cli, project: Path) -> None:
    result = cli(["secrets", "get", "TOKEN"], cwd=project)
    assert result.exit_code == 2 and "(it declares none)" in result.output and "((none))" not in result.output
    assert 'values = ["TOKEN"]' in result.output


@mock_aws
def test_a_stage_never_deployed_says_so(cli, secured: Path) -> None:
    result = cli(["secrets", "list"], cwd=secured)
    assert result.exit_code == 1 and "deploy it first" in result.output
