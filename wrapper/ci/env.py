"""Whether wrapper runs inside a CI job: one rule for prompts, progress and state checks."""

from __future__ import annotations

import os
from collections.abc import Mapping


def is_ci(env: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get("CI", "")
    return value.lower() in {"1", "true", "yes"}
