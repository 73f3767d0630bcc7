"""`wrapper deploy` and `wrapper destroy` end to end with the real Terraform engine.

The AWS provider cannot be downloaded here, so the rendered AWS stack is swapped for a
provider-free one with the same outputs (a test double for AWS only); everything else —
confirmation, plan, apply with -json progress, outputs.json, wrapper-config.json, no-op
detection, destroy — is the real code path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wrapper.config import ProjectConfig
from wrapper.terraform import stage as pipeline
from wrapper.terraform.account import ensure_logging_role
from wrapper.terraform.render import stack_dir

FAKE_STACK = """
variable "stage" {
  type    = string
  default = "dev"
}

resource "terraform_data" "api" {
  input = "abc123"
}

output "websocket_url" {
  value = "wss://${terraform_data.api.output}.execute-api.eu-west-2.amazonaws.com/${var.stage}"
}

output "table_names" {
  value = { players = "demo-${var.stage}-players" }
}
"""


@pytest.fixture
def provider_free(monkeypatch: pytest.MonkeyPatch, aws_endpoint: str, project: Path) -> None:
    ensure_logging_role("eu-west-2")  # the account setting deploy checks first, in moto
    # The stand-in stack has no page bucket; tests/page cover deploying the page.
    text = (project / "wrapper.toml").read_text().replace("[frontend]\n", "[frontend]\nenabled = false\n", 1)
    (project / "wrapper.toml").write_text(text)

    def render(config: ProjectConfig, *, package: bool = False, unprotect: bool = False) -> Path:
        folder = stack_dir(config)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "main.tf").write_text(FAKE_STACK)
        return folder

    monkeypatch.setattr(pipeline, "render", render)
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")


def test_deploy_applies_records_outputs_and_a_second_deploy_is_a_no_op(cli, project: Path, provider_free: None) -> None:
    refused = cli(["deploy", "--stage", "dev"], cwd=project)
    assert refused.exit_code == 2 and "--yes" in refused.output, "no terminal and no --yes: stop, change nothing"
    assert not (project / ".wrapper" / "dev" / "terraform.tfstate").exists()

    first = cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["changed"] is True and report["plan"]["add"] == 1
    assert report["outputs"]["websocket_url"] == "wss://abc123.execute-api.eu-west-2.amazonaws.com/dev"
    work = project / ".wrapper" / "dev"
    assert json.loads((work / "outputs.json").read_text())["table_names"] == {"players": "demo-dev-players"}
    page = json.loads((work / "wrapper-config.json").read_text())
    assert page == {
        "websocketUrl": report["outputs"]["websocket_url"],
        "stage": "dev",
        "service": "demo",
        "region": "eu-west-2",
        "auth": {"required": False, "tokenParameter": "token"},
    }

    again = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert again.exit_code == 0 and "no changes; nothing to apply" in again.output

    shown = cli(["outputs", "--stage", "dev", "--json"], cwd=project)
    assert json.loads(shown.stdout)["websocket_url"].startswith("wss://")

    gone = cli(["destroy", "--stage", "dev", "--yes", "--json"], cwd=project)
    assert gone.exit_code == 0, gone.output
    assert json.loads(gone.stdout) == {"stage": "dev", "destroyed": 1, "resources": ["terraform_data.api"]}
    assert not (work / "outputs.json").exists()


def test_plan_detailed_exitcode(cli, project: Path, provider_free: None) -> None:
    changes = cli(["plan", "--stage", "dev", "--detailed-exitcode", "--json"], cwd=project)
    assert changes.exit_code == 2 and json.loads(changes.stdout)["add"] == 1
    plain = cli(["plan", "--stage", "dev"], cwd=project)
    assert plain.exit_code == 0 and "1 to add" in plain.output
