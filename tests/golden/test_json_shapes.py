"""The --json shapes documented in docs/cli-json.md stay stable: keys and value types, pinned here.

A deliberate change to a shape updates its file under tests/golden/shapes/ and docs/cli-json.md
together; regenerate with WRAPPER_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

SHAPES = Path(__file__).resolve().parent / "shapes"


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return "null"
    return {bool: "bool", int: "number", float: "number", str: "string"}[type(value)]


def check(name: str, output: str) -> None:
    actual = shape(json.loads(output))
    path = SHAPES / f"{name}.json"
    if os.environ.get("WRAPPER_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n")
    assert actual == json.loads(path.read_text()), f"the --json shape of `{name}` changed; update docs/cli-json.md and the golden file"


def test_init(cli, tmp_path: Path) -> None:
    result = cli(["init", "g", "--service", "g", "--region", "eu-west-2", "--yes", "--json"], cwd=tmp_path)
    check("init", result.stdout)


def test_config_show(cli, project: Path) -> None:
    check("config-show", cli(["config", "show", "--json"], cwd=project).stdout)


def test_doctor(cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "/nonexistent/terraform")  # shape only; a failing check has every field
    check("doctor", cli(["doctor", "--json"], cwd=project).stdout)


@mock_aws
def test_secrets_list(cli, project: Path) -> None:
    config = project / "wrapper.toml"
    config.write_text(config.read_text().replace("values = []", 'values = ["API_KEY"]'))
    boto3.client("secretsmanager", region_name="eu-west-2").create_secret(Name="demo-dev-secret", SecretString="{}")
    check("secrets-list", cli(["secrets", "list", "--json"], cwd=project).stdout)


def test_token(cli, project: Path) -> None:
    state = project / ".wrapper" / "local" / "dev" / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"tables": {}, "secret": json.dumps({"token_key": "00" * 32})}))
    check("token", cli(["token", "--player", "a", "--local", "--json"], cwd=project).stdout)


def test_the_docs_name_every_top_level_key_of_config_show() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli-json.md").read_text(encoding="utf-8")
    section = docs.split("## `wrapper config show --json`", 1)[1].split("\n## ", 1)[0]
    keys = json.loads((SHAPES / "config-show.json").read_text())
    assert [k for k in keys if f"`{k}`" not in section] == [], "docs/cli-json.md leaves these keys of `config show --json` out"
