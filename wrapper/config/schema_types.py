"""The vocabulary of the ``wrapper.toml`` schema: keys, sections, named tables and arrays of tables.

``wrapper.config.schema`` declares every setting with these; validation, the model build and the
generated reference walk them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Who consumes a setting: wrapper's own commands, the rendered Terraform, or the handlers (through their environment).
CLI, TERRAFORM, HANDLERS = "cli", "terraform", "handlers"


@dataclass(frozen=True)
class Key:
    """A scalar setting."""

    kind: type | tuple[type, ...]
    doc: str
    default: Any = None
    required: bool = False
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    list_of: type | None = None  # for ``kind=list``: the element type
    values: type | None = None  # for ``kind=dict``: a free-form table of this value type
    pattern: str | None = None  # for strings: a full match is required (re syntax)
    pattern_doc: str = ""  # the pattern in words, for the error's hint
    used_by: tuple[str, ...] = ()  # empty: the section's
    env: str | None = None  # the handlers' environment variable carrying it
    override: str | None = None  # the WRAPPER_* variable that overrides it for a command


@dataclass(frozen=True)
class Section:
    """A table with fixed keys."""

    keys: dict[str, Key | Section | Named | ListOf]
    doc: str = ""
    optional: bool = False  # absent means "not used" (e.g. [state]), not "all defaults"
    used_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Named:
    """A table of user-named entries, each following ``entry``."""

    entry: Section
    doc: str = ""
    name_pattern: str = r"^[a-z][a-z0-9_]*$"
    used_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListOf:
    """An array of tables, each following ``entry``."""

    entry: Section
    doc: str = ""


def env_text(value: Any) -> str:
    """A setting's value as its environment variable spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
