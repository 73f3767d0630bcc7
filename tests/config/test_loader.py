"""Loading wrapper.toml into the frozen per-stage model, and where each setting comes from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wrapper.config import load_config
from wrapper.errors import ConfigError

TEXT = """\
[service]
name = "world"
region = "eu-west-2"

[tables.players]
hash_key = "room"
range_key = "connectionId"
ttl_attribute = "expiresAt"
attributes = { room = "S", connectionId = "S" }
[[tables.players.indexes]]
name = "by-connection"
hash_key = "connectionId"

[tables.audit]
hash_key = "id"
attributes = { id = "N" }

[functions.pose]
handler = "pose.handler"
routes = ["pose"]
tables = ["players"]
environment = { LOG_LEVEL = "DEBUG" }

[environment]
SHARED = "yes"

[stages.dev]

[stages.prod]
protected = true
service.region = "us-east-1"
functions.pose.memory = 1024
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "wrapper.toml"
    path.write_text(TEXT)
    return path


def test_names_follow_service_stage_name(config_file: Path) -> None:
    config = load_config(config_file, "dev", env={})
    assert config.tables["players"].full_name == "world-dev-players"
    assert config.functions["pose"].full_name == "world-dev-pose"
    assert config.api_name == "world-dev-websocket"
    assert config.secret.name == "world-dev-secret"
    assert config.work_dir == config_file.parent / ".wrapper" / "dev"


def test_precedence_flag_over_environment_over_stage_over_file(config_file: Path) -> None:
    assert load_config(config_file, "dev", env={}).region == "eu-west-2"
    assert load_config(config_file, "prod", env={}).region == "us-east-1"
    from_env = load_config(config_file, "prod", env={"WRAPPER_REGION": "ap-south-1"})
    assert from_env.region == "ap-south-1"
    assert from_env.sources["service.region"] == "env WRAPPER_REGION"
    from_flag = load_config(config_file, "prod", env={"WRAPPER_REGION": "ap-south-1"}, overrides={"service.region": "sa-east-1"})
    assert from_flag.region == "sa-east-1"
    assert from_flag.sources["service.region"] == "flag --region"


def test_stage_overrides_merge_into_functions_and_defaults_fill_the_rest(config_file: Path) -> None:
    dev = load_config(config_file, "dev", env={})
    prod = load_config(config_file, "prod", env={})
    assert dev.functions["pose"].memory == 256  # schema default
    assert prod.functions["pose"].memory == 1024
    assert prod.functions["pose"].timeout == dev.functions["pose"].timeout == 10
    assert prod.protected and not dev.protected
    assert prod.sources["functions.pose.memory"] == "stage"
    assert dev.runtime == "python3.12" and dev.architecture == "arm64"


def test_function_environment_names_only_its_tables(config_file: Path) -> None:
    config = load_config(config_file, "dev", env={})
    env = config.function_environment(config.functions["pose"])
    assert env["PLAYERS_TABLE"] == "world-dev-players"
    assert "AUDIT_TABLE" not in env
    assert env["SECRET_ID"] == "world-dev-secret"
    assert env["WRAPPER_STAGE"] == "dev"
    assert env["LOG_LEVEL"] == "DEBUG" and env["SHARED"] == "yes"
    assert env["MULTIPLAYER_FANOUT"] == "snapshot"


def test_key_types_and_indexes_are_typed(config_file: Path) -> None:
    config = load_config(config_file, "dev", env={})
    players = config.tables["players"]
    assert players.indexes[0].hash_key.name == "connectionId"
    assert [a.name for a in players.attribute_definitions()] == ["connectionId", "room"]
    assert config.tables["audit"].hash_key.type == "N"
    assert players.ttl_attribute == "expiresAt"


def test_model_is_frozen(config_file: Path) -> None:
    config = load_config(config_file, "dev", env={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.region = "us-west-2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.functions["new"] = config.functions["pose"]  # type: ignore[index]


def test_undeclared_stage_inherits_from_a_declared_one(config_file: Path) -> None:
    preview = load_config(config_file, "pr-123", env={}, from_stage="prod")
    assert preview.stage == "pr-123"
    assert preview.functions["pose"].full_name == "world-pr-123-pose"
    assert preview.functions["pose"].memory == 1024
    assert preview.protected  # inherited like every other stage setting


def test_stage_defaults_to_environment_then_dev(config_file: Path) -> None:
    assert load_config(config_file, env={}).stage == "dev"
    assert load_config(config_file, env={"WRAPPER_STAGE": "prod"}).stage == "prod"


def test_config_is_found_in_a_parent_folder(config_file: Path) -> None:
    nested = config_file.parent / "functions" / "deep"
    nested.mkdir(parents=True)
    assert load_config(nested, "dev", env={}).root == config_file.parent


def test_missing_config_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path, "dev", env={})
    assert "no wrapper.toml" in err.value.message
    assert "wrapper init" in (err.value.hint or "")


def test_to_dict_round_trips_the_resolved_settings(config_file: Path) -> None:
    data = load_config(config_file, "prod", env={}).to_dict()
    assert data["functions"]["pose"]["memory"] == 1024
    assert data["functions"]["pose"]["resolved_environment"]["PLAYERS_TABLE"] == "world-prod-players"
    assert data["tables"]["players"]["full_name"] == "world-prod-players"
    assert data["state"] is None
