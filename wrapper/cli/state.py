"""Process-wide CLI switches set by the top-level callback."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def debug_from_environment() -> bool:
    return os.environ.get("WRAPPER_DEBUG", "").lower() not in {"", "0", "false", "no"}


@dataclass
class CliState:
    debug: bool = field(default_factory=debug_from_environment)


STATE = CliState()
