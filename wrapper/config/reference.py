"""The configuration reference (docs/configuration.md), generated from the schema.

Generated rather than hand-written so it cannot drift from what the loader
accepts; a test compares the file with this output.
Regenerate with ``python -m wrapper.config.generated`` (it also writes the handlers' defaults).
"""

from __future__ import annotations

from typing import Any

from wrapper.config.schema import ENVIRONMENT_OVERRIDES, HANDLER_SETTINGS, STAGE_ONLY, TOP, Key, ListOf, Named, Section

INTRO = """\
# `wrapper.toml` reference

One file describes the project; `wrapper` loads it once into a typed model per
stage. A setting is resolved, highest first, from: a command-line flag, an
environment variable, the stage's `[stages.<name>]` table, the rest of the file,
and the default below. `wrapper config show --stage <name>` prints the result and
where each value came from.

Every AWS resource is named `<service>-<stage>-<name>`; names that AWS would
refuse (a Lambda function name over 64 characters, an invalid bucket name) are
rejected before anything is rendered. Mistakes are reported as one line with the
file, line, setting and a fix, and exit code 2.

This page is generated from `wrapper/config/schema.py`.
"""


def _type_name(key: Key) -> str:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if list in kinds:
        return f"array of {_plain(key.list_of)}"
    if dict in kinds:
        return f"table of {_plain(key.values)}"
    if float in kinds:
        return "number"
    return " or ".join(_plain(k) for k in kinds)


def _plain(kind: type | None) -> str:
    return {str: "string", int: "integer", float: "number", bool: "boolean"}.get(kind, "value") if kind else "value"


def _default(key: Key) -> str:
    if key.required:
        return "**required**"
    if key.default is None or key.default == [] or key.default == {}:
        return "-"
    value = key.default
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, list):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    return f"`{value}`"


def _allowed(key: Key) -> str:
    parts = []
    if key.choices:
        parts.append(", ".join(f"`{c}`" for c in key.choices))
    if key.minimum is not None or key.maximum is not None:
        parts.append(f"{_num(key.minimum)} to {_num(key.maximum)}" if key.maximum is not None else f"at least {_num(key.minimum)}")
    return "; ".join(parts) or "-"


def _num(value: float | None) -> str:
    return "" if value is None else str(int(value)) if float(value).is_integer() else str(value)


def _used_by(key: Key, section: Section) -> str:
    used = key.used_by or section.used_by
    carried = f" (`{key.env}`)" if key.env else ""
    return ", ".join(used) + carried if used else "-"


def _rows(section: Section, prefix: str) -> list[str]:
    rows = []
    for name, spec in section.keys.items():
        if isinstance(spec, Key):
            cells = [f"`{prefix}{name}`", _type_name(spec), _default(spec), _allowed(spec), _used_by(spec, section), spec.doc]
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def _table(section: Section, prefix: str) -> list[str]:
    return ["| key | type | default | allowed | used by | meaning |", "| --- | --- | --- | --- | --- | --- |", *_rows(section, prefix)]


def _section(title: str, spec: Any) -> list[str]:
    out = [f"## `{title}`", ""]
    if isinstance(spec, Key):
        return [*out, f"{spec.doc} Type: {_type_name(spec)}.", ""]
    if spec.doc:
        out += [spec.doc, ""]
    if isinstance(spec, Section):
        out += [*_table(spec, ""), ""]
        for name, sub in spec.keys.items():
            if isinstance(sub, ListOf):
                out += [f"`[[{title}.{name}]]`: {sub.doc}", "", *_table(sub.entry, ""), ""]
    elif isinstance(spec, Named):
        out += [f"Each entry is a table `[{title}.<name>]`.", "", *_table(spec.entry, ""), ""]
        for name, sub in spec.entry.keys.items():
            if isinstance(sub, ListOf):
                out += [f"`[[{title}.<name>.{name}]]`: {sub.doc}", "", *_table(sub.entry, ""), ""]
    return out


def render_reference() -> str:
    lines = [INTRO]
    for name, spec in TOP.items():
        lines += _section(name, spec)
    lines += [
        "## `stages`",
        "",
        "Each `[stages.<name>]` declares a stage (lowercase letters, digits and hyphens). Besides the keys below it may",
        "override any setting above except `service.name` and `[state]`, with dotted keys such as",
        '`functions.pose.memory = 1024` or `service.region = "us-east-1"`. A stage that is not declared (for example a',
        "pull-request preview `pr-123`) can be used with `--from <declared stage>`, which inherits that stage's settings.",
        "",
        *_table(Section(dict(STAGE_ONLY), used_by=("cli", "terraform")), ""),
        "",
        "## Environment variables",
        "",
        "| variable | sets |",
        "| --- | --- |",
        "| `WRAPPER_STAGE` | the stage when `--stage` is not given (default `dev`) |",
        *[f"| `{var}` | `{path}` |" for var, path in ENVIRONMENT_OVERRIDES.items()],
        "| `WRAPPER_DEBUG` | show tracebacks, like `--debug` |",
        "",
        "## What a function's environment holds",
        "",
        "The same variables in AWS (set by Terraform) and under `wrapper dev`: `WRAPPER_SERVICE`, `WRAPPER_STAGE`,",
        "`SECRET_ID` (the stage's secret name), `<TABLE>_TABLE` for each table the function may use (for example",
        "`PLAYERS_TABLE`), the handlers' settings, then `[environment]` and the function's own `environment`.",
        "",
        "| variable | setting | default when unset |",
        "| --- | --- | --- |",
        *[f"| `{key.env}` | `{path}` | {_default(key)} |" for path, key in HANDLER_SETTINGS],
        "",
    ]
    return "\n".join(lines)
