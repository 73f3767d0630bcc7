"""The Terraform commands' guard rails, through the CLI."""

from __future__ import annotations

from pathlib import Path


def test_destroying_a_protected_stage_needs_force(cli, project: Path) -> None:
    result = cli(["destroy", "--stage", "prod", "--yes"], cwd=project)
    assert result.exit_code == 2
    assert "stage 'prod' is protected" in result.output and "--force" in result.output


def test_destroy_without_a_terminal_or_yes_refuses_to_guess(cli, project: Path) -> None:
    result = cli(["destroy", "--stage", "dev"], cwd=project)
    assert result.exit_code == 2
    assert "no terminal" in result.output and "--yes" in result.output


def test_destroy_of_a_stage_never_deployed_here(cli, project: Path) -> None:
    result = cli(["destroy", "--stage", "dev", "--yes"], cwd=project)
    assert result.exit_code == 1
    assert "never been rendered" in result.output


def test_outputs_before_any_deploy(cli, project: Path) -> None:
    result = cli(["outputs", "--stage", "dev"], cwd=project)
    assert result.exit_code == 1
    assert "wrapper deploy --stage dev" in result.output


def test_render_writes_the_stack(cli, project: Path) -> None:
    result = cli(["render", "--stage", "dev"], cwd=project)
    assert result.exit_code == 0, result.output
    assert (project / ".wrapper" / "dev" / "terraform" / "terraform.tfvars.json").is_file()


def test_plan_with_no_engine_names_the_ways_to_get_one(cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WRAPPER_TERRAFORM", "/nonexistent/terraform")
    result = cli(["plan", "--stage", "dev"], cwd=project)
    assert result.exit_code == 1
    assert "was not found" in result.output and "wrapper-xr[terraform]" in result.output


def test_preview_stages_render_with_their_own_names(cli, project: Path) -> None:
    result = cli(["render", "--stage", "pr-42", "--from", "dev"], cwd=project)
    assert result.exit_code == 0, result.output
    tfvars = (project / ".wrapper" / "pr-42" / "terraform" / "terraform.tfvars.json").read_text()
    assert "demo-pr-42-players" in tfvars
