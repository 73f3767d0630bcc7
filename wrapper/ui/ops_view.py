"""Views of day-2 commands: log lines, secret names (never values) and doctor's checks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from wrapper.ui import console
from wrapper.ui.console import escape

if TYPE_CHECKING:  # the ops modules import boto3, which every other command would pay for at start-up
    from wrapper.ops.doctor import Check
    from wrapper.ops.logs import LogLine


def log_line(line: LogLine) -> None:
    stamp = time.strftime("%H:%M:%S", time.gmtime(line.timestamp_ms / 1000))
    console.stdout().print(f"[dim]{stamp}[/] [cyan]{escape(line.function):<12}[/] {escape(line.message)}")


def secret_names(rows: list[dict[str, object]], stage: str) -> None:
    console.table(f"secret values of stage {stage}", ("name", "state"), [(r["name"], "set" if r["set"] else "not set") for r in rows])


def checks(results: list[Check]) -> None:
    for check in results:
        mark = "[green]✓[/]" if check.ok else "[red]✗[/]"
        console.stdout().print(f"{mark} {escape(check.name):<18} {escape(check.detail)}")
        if not check.ok and check.fix:
            console.stdout().print(f"  [dim]fix:[/] {escape(check.fix)}")
