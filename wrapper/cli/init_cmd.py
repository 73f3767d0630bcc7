"""``wrapper init``: scaffold a project from the templates."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption, YesOption
from wrapper.config.aws_names import check_identifier, check_region
from wrapper.config.checks import Invalid
from wrapper.config.schema import ARCHITECTURES, RUNTIMES
from wrapper.errors import UsageError
from wrapper.ui import console


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new project (created if missing).")] = Path("."),
    service: Annotated[
        Optional[str], typer.Option(help="Service name, used in every AWS resource name (default: the folder's name).")
    ] = None,
    region: Annotated[Optional[str], typer.Option(help="AWS region (default: $AWS_REGION or $AWS_DEFAULT_REGION, else us-east-1).")] = None,
    template: Annotated[str, typer.Option(help="Project template.")] = "webxr",
    stage: Annotated[
        Optional[list[str]], typer.Option("--stage", help="A stage to declare; repeat for several (default: dev and prod).")
    ] = None,
    runtime: Annotated[str, typer.Option(help=f"Lambda runtime: {', '.join(RUNTIMES)}.")] = "python3.12",
    architecture: Annotated[str, typer.Option(help=f"Lambda architecture: {', '.join(ARCHITECTURES)}.")] = "arm64",
    ci: Annotated[Optional[str], typer.Option("--ci", help="Also add a CI pipeline: github or gitlab (keeps state in S3).")] = None,
    state_bucket: Annotated[
        Optional[str],
        typer.Option("--state-bucket", help="S3 bucket for Terraform state (default with --ci: <service>-tfstate-<region>)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that differ from what init would write.")] = False,
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Create a new project: wrapper.toml, functions/, frontend/, .gitignore and a README."""
    # Imported here: Jinja2 alone costs every other command ~0.1 s of start-up.
    from wrapper.scaffold.render import ScaffoldParams, default_state_bucket, render_project
    from wrapper.scaffold.validate import check_rendered_config
    from wrapper.scaffold.write import apply_write, plan_write
    from wrapper.ui import scaffold_view

    directory = directory.resolve()
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file, not a folder", "give init a folder to create the project in (new or existing)")
    interactive = console.is_interactive() and not yes
    default_service = _service_from_folder(directory)
    default_region, region_source = _region_from_environment()
    if service is None:
        service = (
            console.ask("Service name", default_service, _problem(check_identifier, "service.name", "service"))
            if interactive
            else default_service
        )
    if region is None:
        region = console.ask("AWS region", default_region, _problem(check_region, "service.region")) if interactive else default_region
        if region == default_region and region_source and _problem(check_region, "service.region")(region):
            raise UsageError(
                f"the region {region!r} in ${region_source} is not an AWS region",
                f"pass --region with a region code such as eu-west-2, or fix {region_source}",
            )
    params = ScaffoldParams(
        service=service,
        region=region,
        template=template,
        stages=tuple(dict.fromkeys(stage or ["dev", "prod"])),
        runtime=_choice("--runtime", runtime, RUNTIMES),
        architecture=_choice("--architecture", architecture, ARCHITECTURES),
        ci=ci,
        state_bucket=state_bucket or (default_state_bucket(service, region) if ci else None),
    )
    files = render_project(params)
    check_rendered_config(files, params.stages)
    plan = plan_write(directory, files)
    if plan.conflict and not force:
        scaffold_view.conflicts(plan)
        if as_json:
            # CI reads which files block the init from stdout, as the shape in `wrapper docs json` promises.
            console.print_json(scaffold_view.as_dict(plan, []))
        raise UsageError(
            f"{len(plan.conflict)} file(s) in {directory} differ from what init would write",
            "nothing was written; move them away, or pass --force to overwrite them",
        )
    written = apply_write(plan, force=force)
    if as_json:
        console.print_json(scaffold_view.as_dict(plan, written))
    else:
        scaffold_view.summary(plan, written, params)


def _region_from_environment() -> tuple[str, str | None]:
    """The default region and the variable it came from (None: the built-in us-east-1), as boto3 reads them."""
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(variable):
            return os.environ[variable], variable
    return "us-east-1", None


def _problem(check: Callable[..., None], *args: str) -> Callable[[str], str | None]:
    """A prompt's check from a config check: the message and hint of what is wrong, or None."""

    def problem(answer: str) -> str | None:
        try:
            check(args[0], answer, *args[1:])
        except Invalid as bad:
            return f"{bad.message}: {bad.hint}"
        return None

    return problem


def _service_from_folder(directory: Path) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", directory.name.lower()).strip("-")
    name = re.sub(r"-{2,}", "-", name)
    return name if name and name[0].isalpha() else f"app-{name}".rstrip("-")


def _choice(flag: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise UsageError(f"{flag} {value!r} is not supported", f"use one of: {', '.join(choices)}")
    return value


def register(app: typer.Typer) -> None:
    app.command("init", epilog=epilog("init"))(init)
