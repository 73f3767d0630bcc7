"""Each broken wrapper.toml gives one clear line naming the setting, its line and a fix, and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.projects import CONNECT_TOML, STAGES_TOML, service_toml

TABLES_AND_POSE = """
[tables.players]
hash_key = "room"
range_key = "connectionId"

[functions.pose]
handler = "pose.handler"
routes = ["pose"]
memory = 256
"""
BASE = service_toml() + TABLES_AND_POSE + CONNECT_TOML + STAGES_TOML


def replace(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def bad(case_id: str, text: str, words: list[str], line: int | None, stage: str = "dev") -> Any:
    """A broken wrapper.toml, the words its one error line must hold, and the line it must point at (or None)."""
    return pytest.param(text, stage, words, line, id=case_id)


CASES = [
    bad("toml-syntax", replace('region = "eu-west-2"', "region = eu-west-2"), ["not valid TOML", "line 3"], 3),
    # tomllib says only "at end of document" for an unclosed array: the last line is the place to look.
    bad("toml-unclosed-at-end", BASE + "garbage = [\n", ["not valid TOML", "end of document"], 22),
    bad("unknown-top-key", BASE + "\n[servce]\nname = 'x'\n", ["unknown key 'servce'", "did you mean 'service'"], 23),
    bad("unknown-function-key", replace("memory = 256", "memroy = 256"), ["functions.pose.memroy", "did you mean 'memory'"], 12),
    bad("missing-region", replace('region = "eu-west-2"\n', ""), ["missing required key 'service.region'"], 1),
    bad(
        "bad-runtime", replace('region = "eu-west-2"', 'region = "eu-west-2"\nruntime = "python3.9"'), ["service.runtime", "python3.12"], 4
    ),
    bad("bad-architecture", replace('region = "eu-west-2"', 'region = "eu-west-2"\narchitecture = "arm"'), ["did you mean 'arm64'"], 4),
    bad("memory-range", replace("memory = 256", "memory = 64"), ["functions.pose.memory = 64 is out of range", "128 to 10240"], 12),
    bad("wrong-type", replace("memory = 256", 'memory = "256"'), ["functions.pose.memory must be an integer, not '256'"], 12),
    bad(
        "service-name-chars",
        replace('name = "demo"', 'name = "My_Service"'),
        ["service.name = 'My_Service' is not a valid service name", "lowercase"],
        2,
    ),
    bad(
        "service-name-too-long",
        replace('name = "demo"', f'name = "{"a" * 56}"'),
        ["Lambda function name", "is 65 characters; AWS allows 64", "shorten service.name"],
        9,
    ),
    bad("bad-region", replace('region = "eu-west-2"', 'region = "europe"'), ["'europe' is not an AWS region"], 3),
    bad(
        "special-route-typo",
        replace('routes = ["$connect"]', 'routes = ["$conect"]'),
        ["'$conect' is not one of API Gateway's special routes"],
        16,
    ),
    bad(
        "duplicate-route",
        replace('routes = ["$connect"]', 'routes = ["pose"]'),
        ["route 'pose' is served by both functions.pose and functions.connect"],
        16,
    ),
    bad(
        "unknown-table",
        replace("memory = 256", 'memory = 256\ntables = ["poses"]'),
        ["names 'poses', which is not a table", "use one of: players"],
        13,
    ),
    bad(
        "key-type",
        replace('range_key = "connectionId"', 'range_key = "connectionId"\nattributes = { room = "X" }'),
        ["tables.players.attributes.room", "S, N, B"],
        8,
    ),
    bad(
        "handler-format",
        replace('handler = "pose.handler"', 'handler = "pose"'),
        ["functions.pose.handler = 'pose' is not module.function"],
        10,
    ),
    bad(
        "reserved-env",
        replace("memory = 256", 'memory = 256\nenvironment = { AWS_REGION = "x" }'),
        ["'AWS_REGION'", "reserved by Lambda"],
        13,
    ),
    bad("state-bucket", BASE + '\n[state]\nbucket = "My_Bucket"\n', ["state.bucket = 'My_Bucket' is not a valid S3 bucket name"], 24),
    bad("undeclared-stage", BASE, ["stage 'staging' is not declared", "dev, prod"], None, stage="staging"),
    bad(
        "stage-override",
        BASE.replace("protected = true", "protected = true\nfunctions.pose.memory = 1"),
        ["stages.prod.functions.pose.memory = 1 is out of range"],
        22,
        stage="prod",
    ),
    bad(
        "stage-unknown-key",
        BASE.replace("protected = true", "protected = true\nprotect = false"),
        ["unknown key 'stages.prod.protect'", "did you mean 'protected'"],
        22,
        stage="prod",
    ),
    bad("same-ports", BASE + "\n[dev]\nport = 8080\n", ["dev.port and dev.frontend_port are both 8080"], None),
    bad("no-stages", BASE.split("[stages.dev]")[0], ["declares no stages"], None),
    # Every connect without ?room= would fail on AWS with a 500 (the handlers refuse that name).
    bad("empty-default-room", BASE + '\n[multiplayer]\ndefault_room = ""\n', ["multiplayer.default_room = ''"], 24),
    bad("default-room-chars", BASE + '\n[multiplayer]\ndefault_room = "the lobby"\n', ["multiplayer.default_room"], 24),
    # A burst of 0 makes API Gateway refuse every message.
    bad("zero-burst", BASE + "\n[websocket]\nthrottling_burst_limit = 0\n", ["throttling_burst_limit = 0 is out of range"], 24),
    # Every network, and the page would be told ws://0.0.0.0 (issue #18).
    bad("dev-host-wildcard", BASE + '\n[dev]\nhost = "0.0.0.0"\n', ["dev.host = '0.0.0.0' listens on every network"], None),
    bad("dev-host-ipv6-wildcard", BASE + '\n[dev]\nhost = "::"\n', ["dev.host = '::' listens on every network"], None),
    bad("zero-rate", BASE + "\n[websocket]\nthrottling_rate_limit = 0\n", ["throttling_rate_limit = 0 is out of range"], 24),
]


@pytest.mark.parametrize(("text", "stage", "words", "line"), CASES)
def test_bad_config_gives_one_clear_line_and_exit_2(cli, tmp_path: Path, text: str, stage: str, words: list[str], line: int | None) -> None:
    (tmp_path / "wrapper.toml").write_text(text)
    result = cli(["config", "show", "--stage", stage], cwd=tmp_path)
    assert result.exit_code == 2, result.output
    error_lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(error_lines) == 1, result.output
    for word in words:
        assert word in result.output, result.output
    if line is not None:
        assert f"wrapper.toml:{line}:" in error_lines[0]
    assert "hint:" in result.output
    assert "Traceback" not in result.output


def test_environment_override_is_named_in_the_error(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wrapper.toml").write_text(BASE)
    monkeypatch.setenv("WRAPPER_ARCHITECTURE", "sparc")
    result = cli(["config", "show", "--stage", "dev"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "environment variable WRAPPER_ARCHITECTURE" in result.output
    assert "x86_64, arm64" in result.output


def test_there_are_at_least_fifteen_cases() -> None:
    assert len(CASES) >= 15


def test_debug_shows_a_traceback_without_local_variables(cli, tmp_path: Path) -> None:
    (tmp_path / "wrapper.toml").write_text(replace("memory = 256", "memory = 64"))
    result = cli(["--debug", "config", "show"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" in result.output
    assert "locals" not in result.output.lower()


def test_a_bad_stage_name_blames_the_flag_or_variable_not_the_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wrapper.toml").write_text(BASE)
    result = cli(["config", "show", "--stage", "PR_1", "--from", "dev"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "error: command-line flag --stage: stage = 'PR_1' is not a valid stage name" in result.output
    assert "wrapper.toml" not in result.output
    monkeypatch.setenv("WRAPPER_STAGE", "Preview_1")
    result = cli(["config", "show"], cwd=tmp_path)
    assert result.exit_code == 2 and "error: environment variable WRAPPER_STAGE: stage = 'Preview_1'" in result.output
