"""A function spec for a test handler written to a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wrapper.offline.lambda_runtime.invoker import FunctionSpec


def function_spec(source_dir: Path, name: str, **overrides: Any) -> FunctionSpec:
    """``<name>.handler`` in ``source_dir``, 128 MB, 20 s, with only PATH in its environment."""
    fields: dict[str, Any] = {
        "name": name,
        "full_name": f"t-dev-{name}",
        "source_dir": source_dir,
        "module": name,
        "function": "handler",
        "memory": 128,
        "timeout": 20,
        "environment": {"PATH": "/usr/bin:/bin"},
        "region": "eu-west-2",
    }
    return FunctionSpec(**{**fields, **overrides})
