"""`wrapper token`: tokens the project's own handlers accept."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from moto import mock_aws

from wrapper.auth.tokens import MAX_TTL_SECONDS, issue, signer
from wrapper.config import load_config
from wrapper.offline import start_dev_server


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


def test_without_aws_the_error_points_at_local_for_wrapper_dev(cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A newcomer's first `wrapper token` is usually for `wrapper dev`; real botocore, no credentials anywhere.
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(project / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(project / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = cli(["token", "--player", "Ann"], cwd=project)
    assert result.exit_code == 1 and "no AWS credentials found" in result.output
    assert "aws configure" in result.output and "add --local" in result.output


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


@mock_aws
def test_concurrent_first_signings_agree_on_one_key(project: Path) -> None:
    """Six CI jobs sign at once on a fresh stage: the key is created once and every token verifies.

    moto stands in for Secrets Manager (no AWS here); it applies AWS's rule that reusing a
    ClientRequestToken with a different value fails (ResourceExistsException).
    """
    config = load_config(project, "dev", env={})
    sm = boto3.client("secretsmanager", region_name="eu-west-2")
    sm.create_secret(Name=config.secret.name, SecretString=json.dumps({"stage": "dev"}))
    start = threading.Barrier(6)
    clients = [boto3.client("secretsmanager", region_name="eu-west-2") for _ in range(6)]

    def sign(client: object) -> str:
        start.wait()
        return issue(config, "Ann", 600, local=False, client=client)

    with ThreadPoolExecutor(6) as pool:
        tokens = list(pool.map(sign, clients))
    key = bytes.fromhex(json.loads(sm.get_secret_value(SecretId=config.secret.name)["SecretString"])["token_key"])
    auth = signer(config)
    assert all(auth.check(token, key) for token in tokens)


def test_the_command_caps_ttl_at_what_the_handlers_accept(cli, project: Path) -> None:
    assert MAX_TTL_SECONDS == signer(load_config(project, "dev", env={})).MAX_LIFETIME_SECONDS
    result = cli(["token", "--player", "Ann", "--local", "--ttl", str(MAX_TTL_SECONDS + 1)], cwd=project)
    assert result.exit_code == 2 and "--ttl" in result.output


def test_local_token_works_while_wrapper_dev_runs_before_any_write(project: Path) -> None:
    config = load_config(project, "dev", env={})
    with start_dev_server(config, port=0, frontend_port=0, reset=True):
        token = issue(config, "Ann", 600, local=True)
        secret = json.loads(json.loads((project / ".wrapper" / "local" / "dev" / "state.json").read_text())["secret"])
        assert signer(config).check(token, bytes.fromhex(secret["token_key"]))["player"] == "Ann"
