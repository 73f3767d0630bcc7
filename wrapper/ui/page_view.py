"""The page upload as a progress bar, and the DNS records a custom domain without a zone needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from wrapper.ui import console


@contextmanager
def upload_progress(*, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """Yield an ``on_progress(sent, total)`` callback drawing one bar on stderr (nothing when quiet)."""
    if quiet or not console.stderr().is_terminal:
        yield lambda sent, total: None
        return
    bar = Progress(TextColumn("page"), BarColumn(), DownloadColumn(), TransferSpeedColumn(), console=console.stderr(), transient=True)
    task = bar.add_task("upload", total=None)
    with bar:
        yield lambda sent, total: bar.update(task, completed=sent, total=total)


def dns_records(records: list[dict[str, Any]]) -> None:
    if records:
        console.table(
            "create these DNS records for the custom domain (dns.zone is not set)",
            ("name", "type", "value"),
            [(r["name"], r["type"], r["value"]) for r in records],
        )


def waiting_for_dns(records: list[dict[str, Any]]) -> None:
    dns_records(records)
    console.warn(
        "ACM issues the custom domain's certificate once these records resolve; deploy waits for it (up to 45 min). "
        "Ctrl-C stops safely: run `wrapper deploy` again once the records are in place."
    )
