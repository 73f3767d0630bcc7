"""AWS failures that are the user's to fix say so, with a next step, instead of "unexpected ... report it"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_logs_with_no_network_is_not_reported_as_a_bug(cli: Any, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on this port: botocore gets a real connection failure, as with no network.
    monkeypatch.setenv("AWS_ENDPOINT_URL_LOGS", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    result = cli(["logs", "--stage", "dev", "--since", "1m"], cwd=project)
    assert result.exit_code == 1
    assert "cannot reach AWS" in result.output and "unexpected" not in result.output and "report it" not in result.output


@pytest.mark.parametrize("command", [["plan"], ["deploy", "--yes", "--skip-page"]])  # the page's own checks: tests/page
def test_plan_and_deploy_check_credentials_before_terraform(
    cli: Any, project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # STS (the check `wrapper doctor` runs) at an address where nothing listens: AWS cannot answer.
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    result = cli([*command, "--stage", "dev"], cwd=project)
    assert result.exit_code == 1, result.output
    assert "cannot reach AWS" in result.output and "network" in result.output
    assert not (project / ".wrapper" / "dev" / "terraform" / ".terraform").exists(), "Terraform never started"
