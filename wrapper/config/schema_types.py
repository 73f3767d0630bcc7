"""The vocabulary of the ``wrapper.toml`` schema: keys, sections, named tables and arrays of tables.

``wrapper.config.schema`` declares every setting with these; validation, the model (generated),
its build and the generated reference walk them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
class Model:
    """How a section appears in the frozen model: ``config/model_fields.py`` is generated from this.

    Each key becomes a field of its own name and type, unless the model says otherwise here.
    """

    name: str  # the model class
    doc: str = ""
    computed: dict[str, str] = field(default_factory=dict)  # field -> type, worked out by the build; new fields come first
    omit: tuple[str, ...] = ()  # keys the build reads but the model does not carry
    rename: dict[str, str] = field(default_factory=dict)  # key (dotted inside flattened sections) -> field name
    flatten: tuple[str, ...] = ()  # sections whose keys are fields of this model itself
    behaviour: bool = False  # methods live in config/model.py: a ``<name>Fields`` base is generated for it
    base: str = "Frozen"  # the class of config/frozen.py the model extends; the fields it declares are not repeated


@dataclass(frozen=True)
class Section:
    """A table with fixed keys."""

    keys: dict[str, Key | Section | Named | ListOf]
    doc: str = ""
    optional: bool = False  # absent means "not used" (e.g. [state]), not "all defaults"
    used_by: tuple[str, ...] = ()
    model: Model | None = None


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


def keys(section: Section, prefix: str = "") -> list[tuple[str, Key, tuple[str, ...]]]:
    """Every scalar setting of fixed sections, as (dotted path, key, who uses it); stages and named entries left out."""
    found = []
    for name, spec in section.keys.items():
        if isinstance(spec, Key):
            found.append((prefix + name, spec, spec.used_by or section.used_by))
        elif isinstance(spec, Section) and name != "stages":
            found += keys(spec, f"{prefix}{name}.")
    return found


def stage_section(top: dict[str, Key | Section | Named | ListOf], stage_only: dict[str, Key], fixed: set[str]) -> Section:
    """What a [stages.<name>] table may hold: the stage-only keys plus optional overrides of ``top`` but the ``fixed`` (dotted) ones."""
    entries: dict[str, Key | Section | Named | ListOf] = dict(stage_only)
    for name, spec in top.items():
        if name in fixed:
            continue
        if isinstance(spec, Section):
            spec = replace(spec, keys={k: v for k, v in spec.keys.items() if f"{name}.{k}" not in fixed})
        entries[name] = _optional(spec)
    return Section(entries, "Per-stage overrides.")


def _optional(spec: Key | Section | Named | ListOf) -> Key | Section | Named | ListOf:
    """A stage override never has to repeat required keys: the file already has them."""
    if isinstance(spec, Key):
        return replace(spec, default=None, required=False)
    if isinstance(spec, Section):
        return replace(spec, keys={k: _optional(v) for k, v in spec.keys.items()})
    if isinstance(spec, Named):
        return replace(spec, entry=_optional(spec.entry))  # type: ignore[arg-type]
    return spec
