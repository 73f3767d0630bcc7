"""checkov finds no failing check in the rendered stack; every skip carries its reason in the HCL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.projects import SIGNIN_CONFIG, append_config, scaffold, with_http_routes
from tests.support import checkov
from wrapper.config import load_config
from wrapper.terraform.stage import render

# The scaffold's prod requires signed tokens; its dev stage is anonymous, and checkov must say so
# (no skip may claim a token check that multiplayer.auth = false does not make).
EXPECTED_FAILURES = {"prod": [], "dev": ["CKV_AWS_309 module.websocket.aws_apigatewayv2_route.anonymous_connect[0]"]}


def run_checkov(folder: Path) -> list[str]:
    """The failed checks as "CHECK resource"; asserts many passed and every skip carries its reason."""
    report = checkov.run_checkov(folder)
    assert report.passed > 100
    for path in folder.rglob("*.tf"):
        for skip in re.findall(r"#checkov:skip=([A-Z0-9_]+)(:?)(.*)", path.read_text()):
            assert skip[1] == ":" and len(skip[2].strip()) > 20, f"{path.name}: {skip[0]} is skipped without a reason"
    return report.failed


@pytest.mark.slow
@pytest.mark.parametrize("stage", sorted(EXPECTED_FAILURES))
def test_rendered_stack_passes_checkov(tmp_path: Path, stage: str) -> None:
    folder = render(load_config(scaffold(tmp_path / "world", service="world"), stage, env={}))
    assert run_checkov(folder) == EXPECTED_FAILURES[stage]


@pytest.mark.slow
def test_the_http_api_passes_checkov_and_each_public_route_is_reported(tmp_path: Path) -> None:
    """Routes without an authorizer are public by the project's choice; checkov reports them (CKV_AWS_309), no skip hides them."""
    root = scaffold(tmp_path / "world", service="world")
    with_http_routes(root, "GET /rooms/{id}", "PUT /me")
    failed = run_checkov(render(load_config(root, "prod", env={})))
    assert failed == ["CKV_AWS_309 module.http_api.aws_apigatewayv2_route.route"]  # checkov reports a for_each resource once


@pytest.mark.slow
def test_stack_with_player_accounts_passes_checkov(tmp_path: Path) -> None:
    project = append_config(scaffold(tmp_path / "world", service="world"), SIGNIN_CONFIG)
    with (project / "requirements.txt").open("a") as requirements:
        requirements.write("PyJWT>=2.10\n")
    folder = render(load_config(project, "prod", env={}))
    assert (folder / "modules" / "user_pool" / "main.tf").is_file() and '"auth": {' in (folder / "terraform.tfvars.json").read_text()
    assert run_checkov(folder) == []


@pytest.mark.slow
def test_with_accounts_only_the_public_http_routes_are_reported(tmp_path: Path) -> None:
    from tests.lambdas.test_profile import PROFILE

    project = append_config(append_config(scaffold(tmp_path / "world", service="world"), SIGNIN_CONFIG), PROFILE)
    with (project / "requirements.txt").open("a") as requirements:
        requirements.write("PyJWT>=2.10\n")
    # checkov reads the public routes' resource as declared (it cannot tell its for_each is empty here), and never the signed-in one.
    public_only = ["CKV_AWS_309 module.http_api.aws_apigatewayv2_route.route"]
    folder = render(load_config(project, "prod", env={}))
    assert '"GET /rooms"' in (folder / "terraform.tfvars.json").read_text() and run_checkov(folder) == public_only
    text = (
        (project / "wrapper.toml")
        .read_text()
        .replace('provider = "cognito"\n', 'provider = "cognito"\npublic_routes = ["GET /rooms"]\n', 1)
    )
    (project / "wrapper.toml").write_text(text)
    assert run_checkov(render(load_config(project, "prod", env={}))) == public_only
