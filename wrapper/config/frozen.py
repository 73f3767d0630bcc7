"""The bases of the model's classes: frozen, keyword-only dataclasses, said once for all of them.

``model_fields.py`` is generated with one class per modelled section of the schema; each extends
``Frozen`` (or a base below that carries fields several sections share) instead of repeating the
dataclass options on every class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, dataclass_transform


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Frozen:
    """Every subclass is a ``@dataclass(frozen=True, kw_only=True)``: the model cannot change once built."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)


class Named(Frozen):
    """A resource of the stage: ``name`` is the logical name (its key in wrapper.toml), ``full_name`` the AWS one."""

    name: str
    full_name: str
