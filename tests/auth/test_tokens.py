"""`wrapper token`: tokens the project's own handlers accept."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from wrapper.auth.tokens import issue, signer
from wrapper.config import load_config


def test_local_token_verifies_with_the_offline_key(cli, project: Path) -> None:
    state = project / ".wrapper" / "local" / "dev" / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"tables": {}, "secret": json.dumps({"token_key": "ab" * 32})}))
    result = cli(["token", "--player", "Ann", "--local", "--stage", "dev"], cwd=project)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    auth = signer(load_config(project, "dev", env={}))
    assert auth.check(token, bytes.fromhex("ab" * 32))["player"] == "Ann"
    assert auth.check(token, bytes.fromhex("cd" * 32)) is None


def test_local_token_before_wrapper_dev_ran_says_what_to_do(cli, project: Path) -> None:
    result = cli(["token", "--player", "Ann", "--local"], cwd=project)
    assert result.exit_code == 1 and "start `wrapper dev` once" in result.output


@mock_aws
def test_cloud_token_creates_the_key_once_in_the_stage_secret(project: Path) -> None:
    config = load_config(project, "dev", env={})
    sm = boto3.client("secretsmanager", region_name="eu-west-2")
    sm.create_secret(Name=config.secret.name, SecretString=json.dumps({"stage": "dev"}))
    first = issue(config, "Bob", 600, local=False)
    key = json.loads(sm.get_secret_value(SecretId=config.secret.name)["SecretString"])["token_key"]
    second = issue(config, "Bob", 600, local=False)
    assert json.loads(sm.get_secret_value(SecretId=config.secret.name)["SecretString"])["token_key"] == key
    auth = signer(config)
    assert auth.check(first, bytes.fromhex(key)) and auth.check(second, bytes.fromhex(key))
