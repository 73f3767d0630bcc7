"""Filling a model dataclass from its validated table by walking the schema's declaration of it.

``config/build.py`` (and ``http_settings.py``) pass by name only what they work out from more
than one setting; every other field is read where the schema puts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from wrapper.config import model
from wrapper.config.model import frozen_map
from wrapper.config.model_layout import fields_of, model_of
from wrapper.config.schema import TOP
from wrapper.config.schema_types import Key, ListOf, Named, Section

T = TypeVar("T")


def assemble(section: Section, table: Mapping[str, Any], cls: type[T], **computed: Any) -> T:
    """``section``'s model from its validated table: each field read where the schema puts it, ``computed`` ones as given."""
    if cls.__name__ != model_of(section).name:
        raise TypeError(f"{cls.__name__} is not the model of this section ({model_of(section).name})")
    values = {}
    for field in fields_of(section):
        if field.name in computed:
            values[field.name] = computed.pop(field.name)
        elif not field.path or field.spec is None:
            raise TypeError(f"{cls.__name__}.{field.name} is worked out by the build: pass it")
        else:
            outer = table.get(field.path[0]) if len(field.path) > 1 else table
            values[field.name] = _modelled(field.spec, (outer or {}).get(field.path[-1]))
    if computed:
        raise TypeError(f"{cls.__name__} has no field {', '.join(computed)}")
    return cls(**values)


def _modelled(spec: Key | Section | Named | ListOf, value: Any) -> Any:
    """A validated value as the model holds it: arrays as tuples, tables as read-only mappings, sections as their model."""
    if isinstance(spec, Section):
        return None if value is None else assemble(spec, value, getattr(model, model_of(spec).name))
    if not isinstance(spec, Key):
        raise TypeError("named tables and arrays of tables are built by the build: pass them")
    if isinstance(value, list):
        return tuple(value)
    return frozen_map(value) if isinstance(value, dict) else value


def top_section(name: str) -> Section:
    """The declaration of a fixed top-level section, e.g. ``[http]``."""
    spec = TOP[name]
    if not isinstance(spec, Section):
        raise TypeError(f"[{name}] is not a section")
    return spec
