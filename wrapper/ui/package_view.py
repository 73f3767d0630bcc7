"""What ``wrapper package`` shows: a live line while pip installs, then one row per function."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wrapper.package.sizes import human
from wrapper.ui import console

if TYPE_CHECKING:
    from rich.status import Status

    from wrapper.package.build import PackageResult
    from wrapper.package.plan import Progress


@contextmanager
def progress(*, quiet: bool) -> Iterator[Callable[[Progress], None]]:
    """Yield an ``on_progress`` callback; the spinner shows pip's latest line during an install."""
    if quiet:
        yield lambda _: None
        return
    status: Status | None = None

    def on_progress(event: Progress) -> None:
        nonlocal status
        if event.kind == "deps-start":
            console.step(event.message)
            if console.stderr().is_terminal:
                status = console.stderr().status("pip: starting")
                status.start()
        elif event.kind == "pip" and status is not None:
            status.update(f"pip: {event.message[:100]}")
        elif event.kind == "deps-done":
            if status is not None:
                status.stop()
                status = None
            console.success(event.message)

    try:
        yield on_progress
    finally:
        if status is not None:
            status.stop()


def summary(result: PackageResult) -> None:
    rows = [(name, f.zip, human(f.size), f.status) for name, f in result.functions.items()]
    console.table(f"Stage {result.stage}: {result.dist}", ["function", "zip", "size", "status"], rows)
    deps = result.dependencies
    if deps.cache != "none":
        cached = "from cache" if deps.cache == "hit" else "installed"
        console.info(f"dependencies ({cached}): {', '.join(deps.packages) or 'none'}")
    for note in result.notes:
        console.info(note)
    built = result.changed
    if built:
        console.success(f"packaged {len(built)} of {len(result.functions)} function(s) in {result.seconds:.2f} s")
    else:
        console.success(f"every function unchanged ({result.seconds:.3f} s)")
