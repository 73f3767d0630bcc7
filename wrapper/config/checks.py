"""Walk a parsed ``wrapper.toml`` against the schema and fill in defaults.

Pure: takes plain dicts, returns plain dicts, raises ``Invalid`` naming the dotted
path of the first bad setting. The loader turns that into a ``ConfigError`` with
the file and line.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from wrapper.config.schema import Key, ListOf, Named, Section


class Invalid(Exception):
    def __init__(self, path: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.hint = hint


_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "an array", dict: "a table"}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_ok(value: Any, expected: type | tuple[type, ...]) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _describe(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    if float in types:
        return "a number"
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def unknown_key(path: str, key: str, known: list[str]) -> Invalid:
    where = _join(path, key)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return Invalid(where, f"unknown key {where!r}; did you mean {close[0]!r}?", f"rename it to {_join(path, close[0])}")
    listing = ", ".join(sorted(known)) or "none"
    return Invalid(where, f"unknown key {where!r}", f"remove it; the keys allowed here are: {listing}")


def check_section(raw: Any, spec: Section, path: str, *, fill_defaults: bool = True) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Invalid(path, f"{path} must be a table, not {_value(raw)}", f"write it as [{path}] with key = value lines")
    for key in raw:
        if key not in spec.keys:
            raise unknown_key(path, key, list(spec.keys))
    out: dict[str, Any] = {}
    for key, sub in spec.keys.items():
        where = _join(path, key)
        if key not in raw:
            if isinstance(sub, Key):
                if sub.required:
                    raise Invalid(where, f"missing required key {where!r}", f"add `{key} = ...` under [{path}]: {sub.doc}")
                if fill_defaults and sub.default is not None:
                    out[key] = _copy(sub.default)
            elif fill_defaults and not (isinstance(sub, Section) and sub.optional):
                out[key] = [] if isinstance(sub, ListOf) else check_section({}, sub, where) if isinstance(sub, Section) else {}
            continue
        out[key] = check_value(raw[key], sub, where, fill_defaults=fill_defaults)
    return out


def check_value(value: Any, spec: Key | Section | Named | ListOf, path: str, *, fill_defaults: bool = True) -> Any:
    if isinstance(spec, Section):
        return check_section(value, spec, path, fill_defaults=fill_defaults)
    if isinstance(spec, Named):
        if not isinstance(value, dict):
            raise Invalid(path, f"{path} must be a table of named entries, not {_value(value)}", f"write entries as [{path}.<name>]")
        entries = {}
        for name, entry in value.items():
            if not re.match(spec.name_pattern, name):
                raise Invalid(
                    _join(path, name),
                    f"name {name!r} in {path} is not allowed",
                    "use lowercase letters, digits"
                    + (" and hyphens" if "-" in spec.name_pattern else " and underscores")
                    + ", starting with a letter",
                )
            entries[name] = check_section(entry, spec.entry, _join(path, name), fill_defaults=fill_defaults)
        return entries
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            raise Invalid(path, f"{path} must be an array of tables, not {_value(value)}", f"write each entry as [[{path}]]")
        return [check_section(item, spec.entry, f"{path}[{i}]", fill_defaults=fill_defaults) for i, item in enumerate(value)]
    return _check_key(value, spec, path)


def _check_key(value: Any, spec: Key, path: str) -> Any:
    if not _type_ok(value, spec.kind):
        raise Invalid(path, f"{path} must be {_describe(spec.kind)}, not {_value(value)}", f"{spec.doc}")
    if spec.list_of is not None:
        for i, item in enumerate(value):
            if not _type_ok(item, spec.list_of):
                raise Invalid(path, f"{path}[{i}] must be {_describe(spec.list_of)}, not {_value(item)}", spec.doc)
    if spec.values is not None:
        for k, item in value.items():
            if not _type_ok(item, spec.values):
                raise Invalid(_join(path, k), f"{_join(path, k)} must be {_describe(spec.values)}, not {_value(item)}", spec.doc)
    if spec.choices is not None and value not in spec.choices:
        choices = ", ".join(str(c) for c in spec.choices)
        close = difflib.get_close_matches(str(value), [str(c) for c in spec.choices], n=1)
        guess = f"; did you mean {close[0]!r}?" if close else ""
        raise Invalid(path, f"{path} = {_value(value)} is not one of {choices}{guess}", f"set {path} to one of: {choices}")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
        raise Invalid(path, f"{path} = {_value(value)} is not allowed", f"use {spec.pattern_doc or spec.pattern}: {spec.doc}")
    if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
        bounds = f"{_num(spec.minimum)} to {_num(spec.maximum)}" if spec.maximum is not None else f"at least {_num(spec.minimum)}"
        raise Invalid(path, f"{path} = {value} is out of range", f"use a value from {bounds}: {spec.doc}")
    return _copy(value)


def _num(value: float | None) -> str:
    return str(int(value)) if value is not None and float(value).is_integer() else str(value)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
