"""The deploy pipeline for one stage: package, render, init, plan, apply, record outputs.

Commands call these; each returns data and leaves printing to wrapper.ui.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.files import write_json_atomic
from wrapper.package.build import package_stage
from wrapper.package.manifest import read_manifest
from wrapper.terraform import init_stamp
from wrapper.terraform.account import caller_identity, require_logging_role
from wrapper.terraform.engine import Engine, resolve_engine
from wrapper.terraform.lock_file import LOCK_FILE, PLATFORMS, lacks_platforms, lock_in, lock_out
from wrapper.terraform.mirror import mirror_args
from wrapper.terraform.plan import PlanSummary, summarise
from wrapper.terraform.render import render_stack, stack_dir, write_stack
from wrapper.terraform.runner import EventSink, Runner
from wrapper.terraform.versions import require_supported

PLAN_FILE = "tfplan"
Notice = Callable[[str], None]


def render(config: ProjectConfig, *, package: bool = False, unprotect: bool = False) -> Path:
    """Write .wrapper/<stage>/terraform; packages first when asked or when no package exists."""
    manifest = read_manifest(config.work_dir)
    if package or manifest is None:
        package_stage(config)
        manifest = read_manifest(config.work_dir)
    assert manifest is not None
    write_stack(config, render_stack(config, manifest, unprotect=unprotect))
    return stack_dir(config)


def runner_for(config: ProjectConfig, engine: Engine | None = None) -> Runner:
    return Runner(engine or resolve_engine(), stack_dir(config))


def init(config: ProjectConfig, runner: Runner, on_notice: Notice | None = None) -> None:
    """terraform init with the project's committed lock file in, and what it recorded back out.

    A lock file init just made or changed holds only this machine's platform: it is completed for
    every platform of PLATFORMS before it goes back to the project (then other machines use it as is).
    With ``on_notice``, failing to complete it is told, not fatal: this machine's deploy still works.
    """
    stack = stack_dir(config)
    lock_in(config.root, stack)
    if init_stamp.unchanged(stack, runner.engine.argv, runner.env):
        return  # nothing init reads changed since it last succeeded here (init_stamp.py)
    init_stamp.forget(stack)
    runner.init()
    lock_out(config.root, stack)
    if lacks_platforms(config.root):
        try:
            lock_platforms(config, runner)
        except WrapperError as exc:
            if on_notice is None:
                raise
            on_notice(str(exc))
            return  # no stamp: the next run tries to complete the lock file again
    init_stamp.record(stack, runner.engine.argv, runner.env)


def lock_all_platforms(config: ProjectConfig, runner: Runner) -> Path:
    """`wrapper lock`: the project's lock file (made if there is none) with every platform's hashes."""
    lock_in(config.root, stack_dir(config))
    runner.init(backend=False)  # providers lock needs the modules installed; the state is not needed
    lock_platforms(config, runner)
    return config.root / LOCK_FILE


def lock_platforms(config: ProjectConfig, runner: Runner) -> None:
    """terraform providers lock for every platform, from where init installs providers; back into the project."""
    try:
        runner.providers_lock(PLATFORMS, mirror_args(runner.env))
    except WrapperError as exc:
        raise WrapperError(
            f"{exc.message} (recording the provider hashes of {', '.join(PLATFORMS)} in {config.root.name}/.terraform.lock.hcl)",
            (exc.hint + "; " if exc.hint else "") + "or run `wrapper lock` again where the registry or a provider mirror is reachable",
        ) from None
    lock_out(config.root, stack_dir(config))


def preflight(config: ProjectConfig, runner: Runner, *, destroy: bool = False) -> None:
    """What a deploy needs beyond the code, checked before Terraform changes anything."""
    require_supported(runner.version(), runner.engine.source)
    caller_identity(config.region)  # credentials first: every later step needs them
    if not destroy:
        require_logging_role(config.region)


def plan(
    config: ProjectConfig,
    *,
    destroy: bool = False,
    engine: Engine | None = None,
    on_event: EventSink | None = None,
    on_notice: Notice | None = None,
) -> tuple[Runner, PlanSummary]:
    if destroy and config.state is None and not (stack_dir(config) / "main.tf").is_file():
        raise WrapperError(
            f"stage {config.stage!r} has never been rendered here, so there is nothing to destroy", "deploy it first, or check --stage"
        )
    runner = runner_for(config, engine)
    preflight(config, runner, destroy=destroy)
    if not destroy or (config.state is not None and not (stack_dir(config) / "main.tf").is_file()):
        # With state in S3 a fresh checkout (the PR-closed cleanup job) destroys what another deployed:
        # render the stack here, and Terraform reads that stage's state from the bucket.
        render(config, package=True)
    init(config, runner, on_notice)
    if not runner.plan(PLAN_FILE, destroy=destroy, on_event=on_event):
        # -detailed-exitcode 0: nothing to do, so no `show -json` (it would start every provider again).
        return runner, summarise({})
    return runner, summarise(runner.show_plan(PLAN_FILE))


def apply(config: ProjectConfig, runner: Runner, *, on_event: EventSink | None = None) -> dict[str, Any]:
    runner.apply(PLAN_FILE, on_event=on_event)
    outputs = runner.outputs()
    record_outputs(config, outputs)
    return outputs


def unprotect(config: ProjectConfig, *, engine: Engine | None = None, on_event: EventSink | None = None) -> None:
    """Before a forced destroy of a protected stage: an apply that turns deletion protection off.

    Without it Terraform deletes everything else, then the tables refuse (DeletionProtectionEnabled),
    leaving a half-destroyed stage. Only the protection flips; the secret keeps its recovery window.
    """
    if not (stack_dir(config) / "main.tf").is_file():
        return
    runner = runner_for(config, engine)
    caller_identity(config.region)  # as preflight does: no Terraform run without working credentials
    render(config, unprotect=True)
    init(config, runner)
    if runner.plan(PLAN_FILE):
        runner.apply(PLAN_FILE, on_event=on_event)


def destroy(config: ProjectConfig, runner: Runner, *, on_event: EventSink | None = None) -> None:
    runner.apply(PLAN_FILE, on_event=on_event)
    for name in ("outputs.json", "wrapper-config.json"):
        (config.work_dir / name).unlink(missing_ok=True)


def record_outputs(config: ProjectConfig, outputs: dict[str, Any]) -> None:
    """outputs.json for tools, wrapper-config.json for the page deployed with this stage."""
    from wrapper.page.deploy import page_config

    write_json_atomic(config.work_dir / "outputs.json", outputs, sort_keys=True)
    write_json_atomic(config.work_dir / "wrapper-config.json", page_config(config, outputs.get("websocket_url"), outputs.get("http_url"), outputs))


def read_outputs(config: ProjectConfig) -> dict[str, Any]:
    path = config.work_dir / "outputs.json"
    if not path.is_file():
        raise WrapperError(f"stage {config.stage!r} has no recorded outputs", f"deploy it first: wrapper deploy --stage {config.stage}")
    data: dict[str, Any] = json.loads(path.read_text())
    return data
