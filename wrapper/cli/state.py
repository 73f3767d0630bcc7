"""Process-wide CLI switches set by the top-level callback."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class CliState:
    debug: bool = os.environ.get("WRAPPER_DEBUG", "") not in {"", "0", "false"}


STATE = CliState()
