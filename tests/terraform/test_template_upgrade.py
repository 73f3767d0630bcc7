"""A stage deployed with earlier templates plans no change with today's: a template refactor moves
module inputs, never resources (their addresses and attribute values are the deployed stage).

AWS and the hashicorp/aws binary cannot run here: tests/support/tfprovider serves the provider's
real schema with moto behind it, so Terraform's plan diffs every attribute as it would on AWS.
The earlier templates are a snapshot (stacks/templates-<commit>.tar.gz, `git archive <commit>
templates/terraform`), so the check needs no git history; refresh it when the templates change on
purpose in a way that should not touch deployed stages, and say which commit in its name.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from tests.projects import SIGNIN_CONFIG, append_config, edit_config, with_http_routes
from tests.terraform.test_custom_domains_e2e import zone
from tests.terraform.test_deploy_e2e import ok
from wrapper.config import load_config
from wrapper.terraform import render as rendering
from wrapper.terraform import stage as pipeline

pytestmark = pytest.mark.slow

BEFORE = Path(__file__).parent / "stacks" / "templates-7a9278a.tar.gz"  # before issue #23's third pass


def earlier_templates(target: Path) -> Path:
    with tarfile.open(BEFORE) as archive:
        archive.extractall(target, filter="data")
    return target / "templates"


@pytest.fixture
def everything(cli, project: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """Every module of the stack: tables, functions, secret, WebSocket API, HTTP API, page, user pool,
    and both custom domains with their certificates, validated in a Route 53 zone."""
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    with (project / "requirements.txt").open("a") as requirements:
        requirements.write("PyJWT>=2.10\n")  # the crypto extra has no Lambda wheel on this offline machine
    append_config(with_http_routes(project, "GET /rooms/{id}", "POST /rooms"), SIGNIN_CONFIG + '\n[dns]\nzone = "demo.example.com"\n')
    edit_config(project, "[websocket]\n", '[websocket]\ndomain_name = "api.demo.example.com"\n')
    edit_config(project, "[frontend]\n", '[frontend]\ndomain_name = "play.demo.example.com"\n')
    zone("demo.example.com")
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    return project


def test_a_stage_applied_with_the_earlier_templates_plans_no_change(
    cli, everything: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    config = load_config(everything, "dev", env={})
    with monkeypatch.context() as before:
        old = earlier_templates(tmp_path / "before")
        before.setattr(rendering, "templates_root", lambda: old)
        runner, first = pipeline.plan(config)
        assert first.add > 20, "the earlier templates deploy the whole stage"
        assert any(address.startswith("module.http_api.") for address, _ in first.resources)
        assert any(address.startswith("module.user_pool[0].") for address, _ in first.resources)
        assert any(address.startswith("module.page[0].") for address, _ in first.resources)
        assert any(address.startswith("module.page_certificate[0].") for address, _ in first.resources)
        assert any(address.startswith("module.websocket.aws_apigatewayv2_domain_name.") for address, _ in first.resources)
        pipeline.apply(config, runner)
        assert "var.table.name" not in (pipeline.stack_dir(config) / "modules" / "dynamodb_table" / "main.tf").read_text()

    _, upgraded = pipeline.plan(config)
    assert "var.table.name" in (pipeline.stack_dir(config) / "modules" / "dynamodb_table" / "main.tf").read_text(), "today's templates"
    assert not upgraded.has_changes, upgraded.resources
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=everything))
