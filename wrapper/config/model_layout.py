"""The model's fields as the schema declares them: one walk shared by the generator and the build.

A section with a ``Model`` becomes a frozen dataclass; each of its keys a field of the key's name
and a type read off the key (``list`` → tuple, ``dict`` → mapping, optional → ``| None``), a
nested modelled section a field of that model's type. What the ``Model`` adds (computed fields,
renames, omissions, flattened sections) is the only thing written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from wrapper.config.schema_types import Key, ListOf, Model, Named, Section


@dataclass(frozen=True)
class Field:
    name: str
    annotation: str
    path: tuple[str, ...]  # where the build reads it in the section's table; empty: worked out by the build
    spec: Key | Section | Named | ListOf | None


def model_of(section: Section) -> Model:
    if section.model is None:
        raise TypeError("this section has no model")
    return section.model


def fields_of(section: Section) -> list[Field]:
    model = model_of(section)
    carried: list[Field] = []
    for name, spec in section.keys.items():
        if name in model.omit:
            continue
        if name in model.flatten and isinstance(spec, Section):
            for inner, inner_spec in spec.keys.items():
                dotted = f"{name}.{inner}"
                if dotted not in model.omit:
                    carried.append(_field(model, model.rename.get(dotted, inner), (name, inner), inner_spec))
        else:
            carried.append(_field(model, model.rename.get(name, name), (name,), spec))
    named = {f.name for f in carried}
    added = [Field(name, annotation, (), None) for name, annotation in model.computed.items() if name not in named]
    return added + carried


def _field(model: Model, name: str, path: tuple[str, ...], spec: Key | Section | Named | ListOf) -> Field:
    if name in model.computed:
        return Field(name, model.computed[name], (), spec)
    return Field(name, annotation(spec), path, spec)


def annotation(spec: Key | Section | Named | ListOf) -> str:
    """The model's type for a key or a modelled section."""
    if isinstance(spec, Key):
        return _key_annotation(spec)
    if isinstance(spec, Section):
        return f"{model_of(spec).name} | None" if spec.optional else model_of(spec).name
    if isinstance(spec, Named):
        return f"Mapping[str, {model_of(spec.entry).name}]"
    return f"tuple[{model_of(spec.entry).name}, ...]"


def _key_annotation(key: Key) -> str:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if list in kinds:
        base = f"tuple[{_name(key.list_of)}, ...]"
    elif dict in kinds:
        base = f"Mapping[str, {_name(key.values)}]"
    else:
        base = "float" if float in kinds else kinds[0].__name__
    return base if key.required or key.default is not None else f"{base} | None"


def _name(kind: type | None) -> str:
    return kind.__name__ if kind else "object"


def modelled(root: Section) -> list[Section]:
    """Every section with a model below and including ``root``, each after the sections its fields name."""
    found: list[Section] = []
    for spec in root.keys.values():
        inner = spec.entry if isinstance(spec, Named | ListOf) else spec
        if isinstance(inner, Section):
            found += [s for s in modelled(inner) if s not in found]
    return [*found, root] if root.model else found
