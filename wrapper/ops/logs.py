"""CloudWatch Logs of a stage's functions, merged by time and labelled by function."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from wrapper.aws import aws_errors, client, error_code, paginate
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError

_SINCE = re.compile(r"^(\d+)([smhd])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class LogLine:
    timestamp_ms: int
    function: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"timestamp": self.timestamp_ms, "function": self.function, "message": self.message}


def parse_since(text: str) -> int:
    match = _SINCE.match(text.strip())
    if not match:
        raise UsageError(f"--since {text!r} is not a duration", "use a number and s, m, h or d, e.g. 10m or 2h")
    return int(match.group(1)) * _UNIT[match.group(2)]


def log_group(config: ProjectConfig, function: str) -> str:
    return f"/aws/lambda/{config.functions[function].full_name}"


def functions_of(config: ProjectConfig, function: str | None) -> list[str]:
    if function is None:
        return list(config.functions)
    if function not in config.functions:
        raise UsageError(f"no function {function!r} in wrapper.toml", f"use one of: {', '.join(config.functions)}")
    return [function]


def fetch(config: ProjectConfig, functions: list[str], start_ms: int, logs: Any | None = None) -> list[LogLine]:
    """Every event since ``start_ms`` from each function's log group, merged by time."""
    cw = logs or client("logs", config.region)
    lines: list[LogLine] = []
    for name in functions:
        events = paginate(cw, "filter_log_events", "events", logGroupName=log_group(config, name), startTime=start_ms)
        with aws_errors("read the logs"):
            try:
                lines.extend(LogLine(e["timestamp"], name, e["message"].rstrip("\n")) for e in events)
            except Exception as exc:
                if error_code(exc) != "ResourceNotFoundException":
                    raise
                # never invoked yet: no log group, no lines
    return sorted(lines, key=lambda line: (line.timestamp_ms, line.function))


def follow(
    config: ProjectConfig,
    functions: list[str],
    start_ms: int,
    *,
    logs: Any | None = None,
    interval: float = 2.0,
    polls: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[LogLine]:
    """Poll for new lines; ``polls`` bounds the loop (None: until interrupted)."""
    seen: set[tuple[int, str, str]] = set()
    count = 0
    while polls is None or count < polls:
        for line in fetch(config, functions, start_ms, logs):
            key = (line.timestamp_ms, line.function, line.message)
            if key not in seen:
                seen.add(key)
                start_ms = max(start_ms, line.timestamp_ms)
                yield line
        count += 1
        if polls is None or count < polls:
            sleep(interval)
