"""Plans as tables and apply/destroy as a live table of resources, their actions and elapsed time."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.live import Live
from rich.table import Table

from wrapper.terraform.plan import ApplyProgress, PlanSummary
from wrapper.ui import console


def plan_summary(summary: PlanSummary, stage: str) -> None:
    console.table(
        f"plan for stage {stage}: {summary.add} to add, {summary.change} to change, {summary.replace} to replace, {summary.destroy} to destroy",
        ("resource", "action"),
        summary.resources,
    )


def _table(progress: ApplyProgress) -> Table:
    grid = Table(header_style="bold")
    for column in ("resource", "action", "status", "elapsed"):
        grid.add_column(column)
    for row in progress.rows.values():
        colour = {"done": "green", "failed": "red"}.get(row["status"], "yellow")
        grid.add_row(row["address"], row["action"], f"[{colour}]{row['status']}[/]", f"{row['elapsed']:.0f} s")
    return grid


@contextmanager
def live_apply() -> Iterator[Any]:
    """Yields a sink for Terraform's -json events that keeps a live table up to date."""
    progress = ApplyProgress()
    with Live(_table(progress), console=console.stderr(), refresh_per_second=4, transient=False) as live:

        def sink(event: dict[str, Any]) -> None:
            if progress.feed(event, time.monotonic()):
                live.update(_table(progress))

        yield sink


def outputs(values: dict[str, Any]) -> None:
    """One ``name = value`` line per output, whole and copyable (a table would wrap or cut ARNs and URLs).

    The page's URL comes first: it is what a person opens and shares.
    """
    for name, value in sorted(values.items(), key=lambda item: (item[0] != "page_url", item[0])):
        console.result(f"{name} = {value if isinstance(value, str) else json.dumps(value, sort_keys=True)}")
