"""The ``wrapper`` executable.

Three answers come before the full command line (typer, rich, the config loader: about half a
second of imports) loads: ``--version``; ``--help`` of wrapper or of any command, printed from the
text typer rendered at build time (``wrapper.cli.help_pages``, kept equal by a test) when the
terminal is wide enough for that text; and a repeated ``wrapper package`` with nothing changed,
answered from file stats (``wrapper.package.fresh``). Everything else goes to ``wrapper.cli.app``.
"""

from __future__ import annotations

import os
import sys

# The only options the fast path understands; anything else (--help, --debug, typos) takes the full path.
_VALUED = {"--stage": "stage", "-s": "stage", "--project": "project", "-p": "project", "--region": "region"}


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # Answered before typer and rich load; the same line `wrapper.cli.app` prints.
        from wrapper import __version__

        sys.stdout.write(f"wrapper {__version__}\n")
        return
    if _print_stored_help(sys.argv[1:]):
        return
    # Ctrl-C while the command line loads (half a second of imports) or in the fast path is not a bug:
    # no traceback. Past that point the command group reports it (see wrapper.cli.app).
    try:
        if _replay_package(sys.argv[1:]):
            return
        from wrapper.cli.app import main as full_cli
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except OSError as exc:  # the fast path reads and writes .wrapper/
        from wrapper.errors import from_os_error

        error = from_os_error(exc)
        sys.stderr.write(f"error: {error.message}\nhint: {error.hint}\n")
        sys.exit(1)
    full_cli()


def _print_stored_help(argv: list[str]) -> bool:
    if not argv or argv[-1] not in ("--help", "-h") or any(arg.startswith("-") for arg in argv[:-1]):
        return False  # options before --help (--debug, --stage ...) go through click, which knows their rules
    from wrapper.cli import help_pages

    text = help_pages.PAGES.get(" ".join(argv[:-1]))
    if text is None or _terminal_columns() < help_pages.COLUMNS:
        return False
    sys.stdout.write(text)
    return True


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, which click wraps help by, without importing shutil (10 ms)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


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
    from pathlib import Path  # not at the top: --help and --version do without it (6 ms)

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
