"""Pull-request preview stages: declared nowhere, based on a declared stage, named and limited like any other."""

from __future__ import annotations

import json
from pathlib import Path


def test_a_preview_stage_gets_its_own_names_and_state_folder(cli, project: Path) -> None:
    result = cli(["config", "show", "--stage", "pr-123", "--from", "dev", "--json"], cwd=project)
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)
    assert config["functions"]["play"]["full_name"] == "demo-pr-123-play"
    assert config["secret"]["name"] == "demo-pr-123-secret"
    assert config["protected"] is False


def test_a_preview_stage_must_name_its_base(cli, project: Path) -> None:
    result = cli(["config", "show", "--stage", "pr-123"], cwd=project)
    assert result.exit_code == 2 and "--from" in result.output


def test_a_preview_stage_name_too_long_for_aws_is_refused_up_front(cli, project: Path) -> None:
    stage = "pr-" + "9" * 60
    result = cli(["render", "--stage", stage, "--from", "dev"], cwd=project)
    assert result.exit_code == 2
    assert "AWS allows 64" in result.output and "shorten service.name, the stage name" in result.output
    assert not (project / ".wrapper" / stage).exists(), "nothing is written for a name AWS would refuse"


def test_a_preview_stage_name_aws_cannot_use(cli, project: Path) -> None:
    result = cli(["render", "--stage", "PR_12", "--from", "dev"], cwd=project)
    assert result.exit_code == 2 and "not a valid stage name" in result.output
