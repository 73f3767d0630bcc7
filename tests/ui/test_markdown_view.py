"""`--markdown`: what a CI job summary and a pull-request comment show."""

from __future__ import annotations

import json
from pathlib import Path

from wrapper.terraform.plan import PlanSummary
from wrapper.ui import markdown_view


def test_outputs_put_the_links_first_and_never_wrap(cli, project: Path) -> None:
    stage_dir = project / ".wrapper" / "pr-7"
    stage_dir.mkdir(parents=True)
    long_name = "demo-pr-7-" + "x" * 150
    outputs = {"table_names": {"players": long_name}, "websocket_url": "wss://abc.execute-api.eu-west-2.amazonaws.com/pr-7"}
    (stage_dir / "outputs.json").write_text(json.dumps(outputs))
    result = cli(["outputs", "--stage", "pr-7", "--from", "dev", "--markdown"], cwd=project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "### demo: stage `pr-7` is deployed"
    assert lines[2] == "- **websocket_url**: wss://abc.execute-api.eu-west-2.amazonaws.com/pr-7"
    assert long_name in lines[3], "a long value stays on one line (rich would wrap it at 80 columns)"


def test_outputs_without_a_deploy_is_an_error(cli, project: Path) -> None:
    result = cli(["outputs", "--stage", "pr-8", "--from", "dev", "--markdown"], cwd=project)
    assert result.exit_code == 1 and "has no recorded outputs" in result.output


def test_a_plan_lists_each_change_in_a_table() -> None:
    summary = PlanSummary(1, 1, 0, 0, (("module.fn.aws_lambda_function.this", "change"), ("module.t.aws_dynamodb_table.this", "add")))
    text = markdown_view.plan("prod", "demo", summary)
    assert "1 to add, 1 to change, 0 to replace, 0 to destroy" in text
    assert "| `module.fn.aws_lambda_function.this` | change |" in text
    assert markdown_view.plan("prod", "demo", PlanSummary(0, 0, 0, 0, ())).endswith("No changes: the stage matches this commit.\n")
