"""The ``wrapper`` executable.

A repeated ``wrapper package`` with nothing changed is answered from file stats
(``wrapper.package.fresh``) before the full command line (typer, rich, the config
loader: about half a second of imports) loads; everything else goes to ``wrapper.cli.app``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The only options the fast path understands; anything else (--help, --debug, typos) takes the full path.
_VALUED = {"--stage": "stage", "-s": "stage", "--project": "project", "-p": "project", "--region": "region"}


def main() -> None:
    if _replay_package(sys.argv[1:]):
        return
    from wrapper.cli.app import main as full_cli

    full_cli()


def package_options(argv: list[str]) -> dict[str, str | bool] | None:
    """``wrapper package``'s options from argv, or None if this is not a plain package invocation."""
    if not argv or argv[0] != "package":
        return None
    options: dict[str, str | bool] = {"json": False}
    rest = iter(argv[1:])
    for token in rest:
        name, eq, inline = token.partition("=")
        if token == "--json":
            options["json"] = True
            continue
        if token in _VALUED:
            value = next(rest, None)
        elif eq and name.startswith("--") and name in _VALUED:
            value = inline
        else:
            return None
        if value is None or value.startswith("-") or _VALUED[name] in options:
            return None
        options[_VALUED[name]] = value
    return options


def _replay_package(argv: list[str]) -> bool:
    options = package_options(argv)
    if options is None:
        return False
    from wrapper.package import fresh

    project = Path(str(options["project"])) if "project" in options else None
    stage = str(options["stage"]) if "stage" in options else None
    region = str(options["region"]) if "region" in options else None
    result = fresh.replay(project, fresh.invocation_key(Path.cwd(), project, stage, region, os.environ))
    if result is None:
        return False
    from wrapper.ui import plain

    plain.package_replay(result, as_json=bool(options["json"]))
    return True
