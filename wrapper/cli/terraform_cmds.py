"""``wrapper render | plan | deploy | destroy | outputs | bootstrap``: a stage's life on AWS."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from wrapper.ci.trust import GITHUB, GITLAB, RepoTrust, parse_repo
from wrapper.cli.options import JsonOption, ProjectOption, StageOption, YesOption
from wrapper.cli.project import load_project
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError
from wrapper.ui import console

FromOption = Annotated[Optional[str], typer.Option("--from", help="Base an undeclared stage (e.g. pr-123) on this declared one.")]
MarkdownOption = Annotated[bool, typer.Option("--markdown", help="Print Markdown for a CI job summary or a pull-request comment.")]


def _check_state(config: ProjectConfig, *, writes: bool) -> None:
    """Deploy and destroy refuse local state in CI; anything using S3 state needs its bucket to exist."""
    from wrapper.ops import aws
    from wrapper.terraform.remote_state import require_shared_state, require_state_bucket

    if writes:
        require_shared_state(config, os.environ)
    if config.state is not None:
        with aws.aws_errors():
            account = aws.account_id(aws.regional_client("sts", config.state.region))
            require_state_bucket(aws.regional_client("s3", config.state.region), config.state, account)


def render(stage: StageOption = None, project: ProjectOption = None, from_stage: FromOption = None, as_json: JsonOption = False) -> None:
    """Write the stage's Terraform to .wrapper/<stage>/terraform (deterministic; packages if needed)."""
    from wrapper.terraform import stage as pipeline

    config = load_project(project, stage, from_stage=from_stage)
    folder = pipeline.render(config)
    console.print_json({"stage": config.stage, "terraform": str(folder)}) if as_json else console.success(f"rendered {folder}")


def plan(
    stage: StageOption = None,
    project: ProjectOption = None,
    from_stage: FromOption = None,
    detailed_exitcode: Annotated[
        bool, typer.Option("--detailed-exitcode", help="Exit 2 when the plan has changes, like Terraform.")
    ] = False,
    markdown: MarkdownOption = False,
    as_json: JsonOption = False,
) -> None:
    """Package, render and plan; print what would be added, changed and destroyed."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import markdown_view, terraform_view

    config = load_project(project, stage, from_stage=from_stage)
    _check_state(config, writes=False)
    _, summary = pipeline.plan(config)
    if markdown:
        console.document(markdown_view.plan(config.stage, config.service, summary))
    elif as_json:
        console.print_json({"stage": config.stage, **summary.to_dict()})
    else:
        terraform_view.plan_summary(summary, config.stage)
    if detailed_exitcode and summary.has_changes:
        raise typer.Exit(2)


def deploy(
    stage: StageOption = None,
    project: ProjectOption = None,
    from_stage: FromOption = None,
    function: Annotated[
        Optional[str], typer.Option("--function", "-f", help="Update only this function's code, without Terraform.")
    ] = None,
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Plan, confirm, apply with live progress, then print and record the outputs."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import terraform_view

    config = load_project(project, stage, from_stage=from_stage)
    if function is not None:
        from wrapper.package.fast_deploy import deploy_function

        result = deploy_function(config, function)
        console.print_json(result.to_dict()) if as_json else console.success(result.summary())
        return
    _check_state(config, writes=True)
    runner, summary = pipeline.plan(config)
    if not summary.has_changes:
        outputs = runner.outputs()
        pipeline.record_outputs(config, outputs)
        console.print_json({"stage": config.stage, "changed": False, "outputs": outputs}) if as_json else console.success(
            "no changes; nothing to apply"
        )
        return
    if not as_json:
        terraform_view.plan_summary(summary, config.stage)
    if not console.confirm(f"Apply these changes to stage {config.stage}?", assume_yes=yes):
        raise UsageError("deploy cancelled; nothing was changed")
    with terraform_view.live_apply() as sink:
        outputs = pipeline.apply(config, runner, on_event=sink)
    if as_json:
        console.print_json({"stage": config.stage, "changed": True, "plan": summary.to_dict(), "outputs": outputs})
    else:
        terraform_view.outputs(outputs)
        console.success(f"deployed {config.service} to stage {config.stage}; outputs in .wrapper/{config.stage}/outputs.json")


def destroy(
    stage: StageOption = None,
    project: ProjectOption = None,
    from_stage: FromOption = None,
    yes: YesOption = False,
    force: Annotated[bool, typer.Option("--force", help="Allow destroying a stage marked protected.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove every resource of the stage (asks you to type the stage name unless --yes)."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import terraform_view

    config = load_project(project, stage, from_stage=from_stage)
    if config.protected and not force:
        raise UsageError(f"stage {config.stage!r} is protected", "pass --force as well if you really mean to destroy it")
    _check_state(config, writes=True)
    if not yes and not console.ask_exact(f"Destroy every resource of stage {config.stage}?", config.stage, flag="--yes"):
        raise UsageError("destroy cancelled; nothing was changed")
    runner, summary = pipeline.plan(config, destroy=True)
    with terraform_view.live_apply() as sink:
        pipeline.destroy(config, runner, on_event=sink)
    if as_json:
        console.print_json(
            {"stage": config.stage, "destroyed": summary.destroy, "resources": [r["address"] for r in summary.to_dict()["resources"]]}
        )
    else:
        console.success(f"destroyed stage {config.stage} ({summary.destroy} resources)")


def outputs(
    stage: StageOption = None,
    project: ProjectOption = None,
    from_stage: FromOption = None,
    markdown: MarkdownOption = False,
    as_json: JsonOption = False,
) -> None:
    """Print the stage's outputs recorded by the last deploy."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import markdown_view, terraform_view

    config = load_project(project, stage, from_stage=from_stage)
    values = pipeline.read_outputs(config)
    if markdown:
        console.document(markdown_view.outputs(config.stage, config.service, values))
    else:
        console.print_json(values) if as_json else terraform_view.outputs(values)


def bootstrap(
    stage: StageOption = None,
    project: ProjectOption = None,
    github_repo: Annotated[
        Optional[str], typer.Option("--github-repo", help="Also make the CI deploy role for this GitHub repository (OWNER/NAME).")
    ] = None,
    gitlab_project: Annotated[
        Optional[str], typer.Option("--gitlab-project", help="Also make the CI deploy role for this gitlab.com project (GROUP/NAME).")
    ] = None,
    environment: Annotated[
        Optional[list[str]],
        typer.Option("--environment", help="GitHub environment whose jobs may deploy; repeat (default: preview and production)."),
    ] = None,
    branch: Annotated[
        Optional[list[str]], typer.Option("--branch", help="Branch whose jobs (without an environment) may deploy; repeat.")
    ] = None,
    pull_requests: Annotated[
        bool, typer.Option("--pull-requests", help="Let pull-request jobs without an environment deploy too (GitHub).")
    ] = False,
    role_name: Annotated[
        Optional[str], typer.Option("--role-name", help="Name of the deploy role (default: wrapper-deploy-<service>).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create the S3 state bucket named in [state] (versioned, encrypted, private, TLS only) and, for a repository, its deploy role."""
    from wrapper.terraform.bootstrap import RoleRequest
    from wrapper.terraform.bootstrap import bootstrap as run_bootstrap
    from wrapper.ui import bootstrap_view

    role = _role_request(github_repo, gitlab_project, environment, branch, pull_requests, role_name)
    config = load_project(project, stage)
    result = run_bootstrap(config, RoleRequest(role, role_name) if role else None)
    console.print_json(result.to_dict()) if as_json else bootstrap_view.summary(result, github=gitlab_project is None)


def _role_request(
    github_repo: str | None,
    gitlab_project: str | None,
    environments: list[str] | None,
    branches: list[str] | None,
    pull_requests: bool,
    role_name: str | None,
) -> RepoTrust | None:
    if github_repo and gitlab_project:
        raise UsageError("--github-repo and --gitlab-project both given", "bootstrap one repository at a time")
    if not github_repo and not gitlab_project:
        if environments or branches or pull_requests or role_name:
            raise UsageError("--environment, --branch, --pull-requests and --role-name need --github-repo or --gitlab-project")
        return None
    if github_repo:
        envs = tuple(environments) if environments is not None else ("preview", "production")
        return RepoTrust(GITHUB, parse_repo(GITHUB, github_repo), envs, tuple(branches or ()), pull_requests)
    return RepoTrust(GITLAB, parse_repo(GITLAB, gitlab_project or ""), (), tuple(branches or ()), False)


def register(app: typer.Typer) -> None:
    for command in (render, plan, deploy, destroy, outputs, bootstrap):
        app.command(command.__name__)(command)
