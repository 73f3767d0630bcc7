"""``wrapper render | plan | deploy | destroy | outputs``: a stage's life on AWS."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption, YesOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError
from wrapper.ui import console

MarkdownOption = Annotated[bool, typer.Option("--markdown", help="Print Markdown for a CI job summary or a pull-request comment.")]


def _preflight_state(config: ProjectConfig, *, writes: bool) -> None:
    from wrapper.terraform.remote_state import preflight_state  # boto's import cost only when Terraform will run

    preflight_state(config, os.environ, writes=writes)


@acts_on_stage()
def render(target: Target, as_json: JsonOption = False) -> None:
    """Write the stage's Terraform to .wrapper/<stage>/terraform (deterministic; packages if needed)."""
    from wrapper.terraform import stage as pipeline

    config = target.load()
    folder = pipeline.render(config)
    console.print_json({"stage": config.stage, "terraform": str(folder)}) if as_json else console.success(f"rendered {folder}")


@acts_on_stage()
def lock(target: Target) -> None:
    """Record the providers' hashes for linux_amd64, linux_arm64, darwin_arm64 and windows_amd64 in .terraform.lock.hcl.

    deploy and plan do it whenever they create or change the lock file; run this after a failed
    attempt (no registry or mirror reachable) or to complete a lock file made by hand.
    """
    from wrapper.terraform import stage as pipeline
    from wrapper.terraform.lock_file import PLATFORMS

    config = target.load()
    pipeline.render(config)
    path = pipeline.lock_all_platforms(config, pipeline.runner_for(config))
    console.success(f"locked the providers for {', '.join(PLATFORMS)} in {path}; commit it")


@acts_on_stage()
def plan(
    target: Target,
    detailed_exitcode: Annotated[
        bool, typer.Option("--detailed-exitcode", help="Exit 2 when the plan has changes, like Terraform.")
    ] = False,
    markdown: MarkdownOption = False,
    as_json: JsonOption = False,
) -> None:
    """Package, render and plan; print what would be added, changed and destroyed."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import markdown_view, terraform_view

    config = target.load()
    _preflight_state(config, writes=False)
    _, summary = pipeline.plan(config, on_notice=console.warn)
    if markdown:
        console.document(markdown_view.plan(config.stage, config.service, summary))
    elif as_json:
        console.print_json({"stage": config.stage, **summary.to_dict()})
    else:
        terraform_view.plan_summary(summary, config.stage)
    if detailed_exitcode and summary.has_changes:
        raise typer.Exit(2)


@acts_on_stage()
def deploy(
    target: Target,
    function: Annotated[
        Optional[str], typer.Option("--function", "-f", help="Update only this function's code, without Terraform.")
    ] = None,
    page_only: Annotated[bool, typer.Option("--page-only", help="Only build and upload the page; no Terraform.")] = False,
    skip_page: Annotated[bool, typer.Option("--skip-page", help="Leave the hosted page as it is.")] = False,
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Plan, confirm, apply with live progress, upload the page, then print and record the outputs."""
    from wrapper.cli import page_step
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import terraform_view

    config = target.load()
    if page_only and (skip_page or function is not None):
        raise UsageError("--page-only cannot be combined with --skip-page or --function", "pick one")
    if page_only:
        report = page_step.page_only(config, pipeline.read_outputs(config), quiet=as_json)
        if as_json:
            console.print_json({"stage": config.stage, "page": report})
        return
    if function is not None:
        from wrapper.package.fast_deploy import deploy_function

        result = deploy_function(config, function)
        console.print_json(result.to_dict()) if as_json else console.success(result.summary())
        return
    _preflight_state(config, writes=True)
    if not skip_page:
        page_step.prepare(config)
    runner, summary = pipeline.plan(config, on_notice=console.warn)
    if not summary.has_changes:
        outputs = runner.outputs()
        pipeline.record_outputs(config, outputs)
        if not as_json:
            console.success("no changes; nothing to apply")
        page = None if skip_page else page_step.publish(config, outputs, quiet=as_json)
        if as_json:
            console.print_json({"stage": config.stage, "changed": False, "outputs": outputs, "page": page})
        return
    if not as_json:
        terraform_view.plan_summary(summary, config.stage)
    if not console.confirm(f"Apply these changes to stage {config.stage}?", assume_yes=yes):
        raise UsageError("deploy cancelled; nothing was changed")
    with terraform_view.live_apply() as sink:
        outputs = pipeline.apply(config, runner, on_event=page_step.watch_certificate(config, sink))
    page = None if skip_page else page_step.publish(config, outputs, quiet=as_json)
    if as_json:
        console.print_json({"stage": config.stage, "changed": True, "plan": summary.to_dict(), "outputs": outputs, "page": page})
    else:
        terraform_view.outputs(outputs)
        console.success(f"deployed {config.service} to stage {config.stage}; outputs in .wrapper/{config.stage}/outputs.json")


@acts_on_stage()
def destroy(
    target: Target,
    yes: YesOption = False,
    force: Annotated[bool, typer.Option("--force", help="Allow destroying a stage marked protected.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove every resource of the stage (asks you to type the stage name unless --yes)."""
    from wrapper.cli import page_step
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import terraform_view

    config = target.load()
    if config.protected and not force:
        raise UsageError(f"stage {config.stage!r} is protected", "pass --force as well if you really mean to destroy it")
    _preflight_state(config, writes=True)
    if not yes and not console.ask_exact(f"Destroy every resource of stage {config.stage}?", config.stage, flag="--yes"):
        raise UsageError("destroy cancelled; nothing was changed")
    if config.protected:
        with terraform_view.live_apply() as sink:
            pipeline.unprotect(config, on_event=sink)
    runner, summary = pipeline.plan(config, destroy=True, on_notice=console.warn)
    if (config.work_dir / "outputs.json").is_file():
        page_step.empty_bucket(config, pipeline.read_outputs(config))
    with terraform_view.live_apply() as sink:
        pipeline.destroy(config, runner, on_event=sink)
    if as_json:
        console.print_json(
            {"stage": config.stage, "destroyed": summary.destroy, "resources": [r["address"] for r in summary.to_dict()["resources"]]}
        )
    else:
        console.success(f"destroyed stage {config.stage} ({summary.destroy} resources)")
        if config.protected and config.secret.recovery_window_days:
            console.info(
                f"secret {config.secret.name} can be restored for {config.secret.recovery_window_days} days: "
                f"aws secretsmanager restore-secret --secret-id {config.secret.name} --region {config.region}"
            )


@acts_on_stage()
def outputs(
    target: Target,
    markdown: MarkdownOption = False,
    as_json: JsonOption = False,
) -> None:
    """Print the stage's outputs recorded by the last deploy."""
    from wrapper.terraform import stage as pipeline
    from wrapper.ui import markdown_view, terraform_view

    config = target.load()
    values = pipeline.read_outputs(config)
    if markdown:
        console.document(markdown_view.outputs(config.stage, config.service, values))
    else:
        console.print_json(values) if as_json else terraform_view.outputs(values)


def register(app: typer.Typer) -> None:
    for command in (render, lock, plan, deploy, destroy, outputs):
        app.command(command.__name__, epilog=epilog(command.__name__))(command)
