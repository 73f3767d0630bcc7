"""Each broken wrapper.toml gives one clear line naming the setting, its line and a fix, and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

BASE = """\
[service]
name = "demo"
region = "eu-west-2"

[tables.players]
hash_key = "room"
range_key = "connectionId"

[functions.pose]
handler = "pose.handler"
routes = ["pose"]
memory = 256

[functions.connect]
handler = "connect.handler"
routes = ["$connect"]

[stages.dev]

[stages.prod]
protected = true
"""


def replace(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


# (id, wrapper.toml text, stage, words the error must contain, line it must point at or None)
CASES = [
    ("toml-syntax", replace('region = "eu-west-2"', "region = eu-west-2"), "dev", ["not valid TOML", "line 3"], 3),
    # tomllib says only "at end of document" for an unclosed array: the last line is the place to look.
    ("toml-unclosed-at-end", BASE + "garbage = [\n", "dev", ["not valid TOML", "end of document"], 22),
    ("unknown-top-key", BASE + "\n[servce]\nname = 'x'\n", "dev", ["unknown key 'servce'", "did you mean 'service'"], 23),
    ("unknown-function-key", replace("memory = 256", "memroy = 256"), "dev", ["functions.pose.memroy", "did you mean 'memory'"], 12),
    ("missing-region", replace('region = "eu-west-2"\n', ""), "dev", ["missing required key 'service.region'"], 1),
    (
        "bad-runtime",
        replace('region = "eu-west-2"', 'region = "eu-west-2"\nruntime = "python3.9"'),
        "dev",
        ["service.runtime", "python3.12"],
        4,
    ),
    ("bad-architecture", replace('region = "eu-west-2"', 'region = "eu-west-2"\narchitecture = "arm"'), "dev", ["did you mean 'arm64'"], 4),
    ("memory-range", replace("memory = 256", "memory = 64"), "dev", ["functions.pose.memory = 64 is out of range", "128 to 10240"], 12),
    ("wrong-type", replace("memory = 256", 'memory = "256"'), "dev", ["functions.pose.memory must be an integer, not '256'"], 12),
    (
        "service-name-chars",
        replace('name = "demo"', 'name = "My_Service"'),
        "dev",
        ["service.name = 'My_Service' is not a valid service name", "lowercase"],
        2,
    ),
    (
        "service-name-too-long",
        replace('name = "demo"', f'name = "{"a" * 56}"'),
        "dev",
        ["Lambda function name", "is 65 characters; AWS allows 64", "shorten service.name"],
        9,
    ),
    ("bad-region", replace('region = "eu-west-2"', 'region = "europe"'), "dev", ["'europe' is not an AWS region"], 3),
    (
        "special-route-typo",
        replace('routes = ["$connect"]', 'routes = ["$conect"]'),
        "dev",
        ["'$conect' is not one of API Gateway's special routes"],
        16,
    ),
    (
        "duplicate-route",
        replace('routes = ["$connect"]', 'routes = ["pose"]'),
        "dev",
        ["route 'pose' is served by both functions.pose and functions.connect"],
        16,
    ),
    (
        "unknown-table",
        replace("memory = 256", 'memory = 256\ntables = ["poses"]'),
        "dev",
        ["names 'poses', which is not a table", "use one of: players"],
        13,
    ),
    (
        "key-type",
        replace('range_key = "connectionId"', 'range_key = "connectionId"\nattributes = { room = "X" }'),
        "dev",
        ["tables.players.attributes.room", "S, N, B"],
        8,
    ),
    (
        "handler-format",
        replace('handler = "pose.handler"', 'handler = "pose"'),
        "dev",
        ["functions.pose.handler = 'pose' is not module.function"],
        10,
    ),
    (
        "reserved-env",
        replace("memory = 256", 'memory = 256\nenvironment = { AWS_REGION = "x" }'),
        "dev",
        ["'AWS_REGION'", "reserved by Lambda"],
        13,
    ),
    ("state-bucket", BASE + '\n[state]\nbucket = "My_Bucket"\n', "dev", ["state.bucket = 'My_Bucket' is not a valid S3 bucket name"], 24),
    ("undeclared-stage", BASE, "staging", ["stage 'staging' is not declared", "dev, prod"], None),
    (
        "stage-override",
        BASE.replace("protected = true", "protected = true\nfunctions.pose.memory = 1"),
        "prod",
        ["stages.prod.functions.pose.memory = 1 is out of range"],
        22,
    ),
    (
        "stage-unknown-key",
        BASE.replace("protected = true", "protected = true\nprotect = false"),
        "prod",
        ["unknown key 'stages.prod.protect'", "did you mean 'protected'"],
        22,
    ),
    ("same-ports", BASE + "\n[dev]\nport = 8080\n", "dev", ["dev.port and dev.frontend_port are both 8080"], None),
    ("no-stages", BASE.split("[stages.dev]")[0], "dev", ["declares no stages"], None),
    # Every connect without ?room= would fail on AWS with a 500 (the handlers refuse that name).
    ("empty-default-room", BASE + '\n[multiplayer]\ndefault_room = ""\n', "dev", ["multiplayer.default_room = ''"], 24),
    ("default-room-chars", BASE + '\n[multiplayer]\ndefault_room = "the lobby"\n', "dev", ["multiplayer.default_room"], 24),
    # A burst of 0 makes API Gateway refuse every message.
    ("zero-burst", BASE + "\n[websocket]\nthrottling_burst_limit = 0\n", "dev", ["throttling_burst_limit = 0 is out of range"], 24),
    # Every network, and the page would be told ws://0.0.0.0 (issue #18).
    ("dev-host-wildcard", BASE + '\n[dev]\nhost = "0.0.0.0"\n', "dev", ["dev.host = '0.0.0.0' listens on every network"], None),
    ("dev-host-ipv6-wildcard", BASE + '\n[dev]\nhost = "::"\n', "dev", ["dev.host = '::' listens on every network"], None),
    ("zero-rate", BASE + "\n[websocket]\nthrottling_rate_limit = 0\n", "dev", ["throttling_rate_limit = 0 is out of range"], 24),
]


@pytest.mark.parametrize(("text", "stage", "words", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
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
