"""`wrapper logs` against moto's CloudWatch Logs (a double for AWS)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import boto3
from moto import mock_aws

from wrapper.config import load_config
from wrapper.ops.logs import fetch, follow, parse_since


def put(logs, group: str, ts: int, message: str) -> None:  # type: ignore[no-untyped-def]
    try:
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": ts, "message": message}])


@mock_aws
def test_lines_from_every_function_merged_by_time(cli, project: Path) -> None:
    logs = boto3.client("logs", region_name="eu-west-2")
    now = int(time.time() * 1000)
    put(logs, "/aws/lambda/demo-dev-play", now - 3000, "pose stored")
    put(logs, "/aws/lambda/demo-dev-connect", now - 5000, "joined lobby")
    put(logs, "/aws/lambda/demo-dev-play", now - 1000, "tick 7")
    put(logs, "/aws/lambda/demo-dev-play", now - 3_600_000, "an hour ago")
    result = cli(["logs", "--stage", "dev", "--since", "10m", "--json"], cwd=project)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]  # one JSON document per line (docs/cli-json.md)
    assert [(line["function"], line["message"]) for line in lines] == [
        ("connect", "joined lobby"),
        ("play", "pose stored"),
        ("play", "tick 7"),
    ]
    only = cli(["logs", "--function", "connect", "--since", "10m"], cwd=project)
    assert "joined lobby" in only.output and "tick 7" not in only.output


@mock_aws
def test_follow_yields_new_lines_once_in_a_bounded_poll(project: Path) -> None:
    config = load_config(project, "dev", env={})
    logs = boto3.client("logs", region_name="eu-west-2")
    now = int(time.time() * 1000)
    put(logs, "/aws/lambda/demo-dev-play", now, "first")
    arrivals = iter([lambda: put(logs, "/aws/lambda/demo-dev-play", now + 10, "second"), lambda: None])
    seen = [line.message for line in follow(config, ["play"], now - 1000, logs=logs, polls=3, sleep=lambda _: next(arrivals)())]
    assert seen == ["first", "second"]
    assert [line.message for line in fetch(config, ["default"], now - 1000, logs)] == []  # never invoked: no group


def test_durations_and_bad_ones(cli, project: Path) -> None:
    assert parse_since("90s") == 90 and parse_since("2h") == 7200
    result = cli(["logs", "--since", "yesterday"], cwd=project)
    assert result.exit_code == 2 and "not a duration" in result.output
