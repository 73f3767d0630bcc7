"""What ``wrapper init`` reports."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from wrapper.scaffold.render import ScaffoldParams
from wrapper.scaffold.write import WritePlan
from wrapper.ui import console


def conflicts(plan: WritePlan) -> None:
    console.info(f"These files already exist in {plan.target} with other content:")
    for rel in plan.conflict:
        console.info(f"  conflict  {rel}")


def summary(plan: WritePlan, written: list[PurePosixPath], params: ScaffoldParams) -> None:
    if not written:
        console.success(f"{plan.target} already holds this project ({len(plan.identical)} files identical); nothing to do")
        return
    for rel in written:
        console.info(f"  {'overwrite' if rel in plan.conflict else 'create   '}  {rel}")
    console.success(f"created {params.service} in {plan.target} ({len(written)} files written, {len(plan.identical)} identical)")
    folder = _relative(plan.target)
    command, activate = command_to_run()
    console.info("Next:")
    if activate:
        console.info(f"  {activate}   # puts `wrapper` on PATH in this shell")
    if folder != ".":
        console.info(f"  cd {folder}")
    console.info(f"  {command} dev                     # run it all locally, no AWS needed")
    console.info(f"  {command} deploy --stage {params.stages[0]}      # deploy to AWS")
    if params.ci is not None:
        repo = "--github-repo OWNER/NAME" if params.ci == "github" else "--gitlab-project GROUP/NAME"
        console.info(f"  {command} bootstrap {repo}   # once: state bucket {params.state_bucket} and the CI deploy role")


def as_dict(plan: WritePlan, written: list[PurePosixPath]) -> dict[str, Any]:
    return {
        "target": str(plan.target),
        "written": [str(p) for p in written],
        "identical": [str(p) for p in plan.identical],
        "conflicts": [str(p) for p in plan.conflict],
        "noop": not written,
    }


def command_to_run() -> tuple[str, str | None]:
    """How the user runs wrapper next in this shell: `wrapper`, or what to do first when that is not on PATH."""
    running = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("wrapper")
    if found and (running is None or running.name != "wrapper" or Path(found).resolve() == running):
        return "wrapper", None
    if running is not None and running.name == "wrapper":
        activate = running.parent / "activate"
        if activate.is_file():
            return "wrapper", f"source {activate}"
        return str(running), None
    return f"{Path(sys.executable)} -m wrapper", None


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)
