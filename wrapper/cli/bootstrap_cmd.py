"""``wrapper bootstrap``: what an account needs once: the state bucket and, for CI, the deploy role."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wrapper.ci.trust import GITHUB, GITLAB, RepoTrust, parse_repo
from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.errors import UsageError
from wrapper.ui import console


@acts_on_stage()
def bootstrap(
    target: Target,
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
    logging_role: Annotated[
        bool,
        typer.Option(
            "--logging-role",
            help="Also give API Gateway its CloudWatch Logs role in the stage's region (once per account and region; stages' access logs need it).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Create the S3 state bucket named in the [state] section (versioned, encrypted, private, TLS only) and, for a repository, its CI deploy role."""
    from wrapper.terraform.account import ensure_logging_role
    from wrapper.terraform.bootstrap import RoleRequest
    from wrapper.terraform.bootstrap import bootstrap as run_bootstrap
    from wrapper.ui import bootstrap_view

    role = _role_request(github_repo, gitlab_project, environment, branch, pull_requests, role_name)
    config = target.load()
    report: dict[str, object] = {}
    if config.state is not None or not logging_role or role is not None:
        result = run_bootstrap(config, RoleRequest(role, role_name) if role else None)
        report.update(result.to_dict())
        if not as_json:
            bootstrap_view.summary(result, github=gitlab_project is None)
    if logging_role:
        made = ensure_logging_role(config.region)
        report["logging_role"] = made.to_dict()
        if not as_json:
            bootstrap_view.logging_role(made)
    if as_json:
        console.print_json(report)


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
    app.command("bootstrap", epilog=epilog("bootstrap"))(bootstrap)
