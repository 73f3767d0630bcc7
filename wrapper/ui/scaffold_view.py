"""What ``wrapper init`` reports."""

from __future__ import annotations

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
    console.info("Next:")
    if folder != ".":
        console.info(f"  cd {folder}")
    console.info("  wrapper dev                     # run it all locally, no AWS needed")
    console.info(f"  wrapper deploy --stage {params.stages[0]}      # deploy to AWS")
    if params.ci is not None:
        repo = "--github-repo OWNER/NAME" if params.ci == "github" else "--gitlab-project GROUP/NAME"
        console.info(f"  wrapper bootstrap {repo}   # once: state bucket {params.state_bucket} and the CI deploy role")


def as_dict(plan: WritePlan, written: list[PurePosixPath]) -> dict[str, Any]:
    return {
        "target": str(plan.target),
        "written": [str(p) for p in written],
        "identical": [str(p) for p in plan.identical],
        "conflicts": [str(p) for p in plan.conflict],
        "noop": not written,
    }


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)
