"""Lambda's size limits, checked before anything is written or uploaded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from wrapper.errors import WrapperError
from wrapper.package.zipwriter import Entry, zipped_size

MB = 1024 * 1024


@dataclass(frozen=True)
class SizeLimits:
    """Direct upload takes at most 50 MB zipped; a function holds at most 250 MB unzipped."""

    zipped: int = 50 * MB
    unzipped: int = 250 * MB


def largest_packages(entries: Sequence[Entry], count: int = 10) -> list[tuple[str, int]]:
    """The biggest top-level packages (folders or modules) by unzipped size, biggest first."""
    totals: dict[str, int] = defaultdict(int)
    for entry in entries:
        top = entry.name.split("/", 1)[0]
        totals[top.removesuffix(".py")] += entry.size
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:count]


def check_size(function: str, entries: Sequence[Entry], limits: SizeLimits) -> tuple[int, int]:
    """Return (zipped, unzipped) bytes, or raise naming the ten largest packages."""
    zipped = zipped_size(entries)
    unzipped = sum(e.size for e in entries)
    problems = []
    if zipped > limits.zipped:
        problems.append(f"{human(zipped)} zipped (limit {human(limits.zipped)} for direct upload)")
    if unzipped > limits.unzipped:
        problems.append(f"{human(unzipped)} unzipped (limit {human(limits.unzipped)})")
    if problems:
        biggest = ", ".join(f"{name} {human(size)}" for name, size in largest_packages(entries))
        raise WrapperError(
            f"function {function} is too big for Lambda: {' and '.join(problems)}; largest packages: {biggest}",
            "drop unneeded requirements, add package.exclude globs for files not used at run time, "
            "or move big dependencies to a Lambda layer or container image",
        )
    return zipped, unzipped


def human(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"
