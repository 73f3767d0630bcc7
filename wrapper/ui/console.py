"""Messages, tables, JSON and prompts: everything wrapper says on a terminal.

Human messages go to stderr so that stdout carries only results (tables, JSON),
which keeps ``wrapper ... --json | jq`` working in CI.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from wrapper.ci import env as ci_env
from wrapper.errors import UsageError, WrapperError

_out: Console | None = None
_err: Console | None = None


def escape(text: str) -> str:
    """``text`` with rich markup made literal; rich loads on first output, so printing --help never pays for it."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def stdout() -> Console:
    global _out
    if _out is None or _out.file is not sys.stdout:
        from rich.console import Console  # on first output: --help never needs it

        _out = Console(soft_wrap=True, highlight=False)
    return _out


def stderr() -> Console:
    global _err
    if _err is None or _err.file is not sys.stderr:
        from rich.console import Console

        _err = Console(stderr=True, soft_wrap=True, highlight=False)
    return _err


def is_ci() -> bool:
    return ci_env.is_ci()


def is_interactive() -> bool:
    """Prompts are allowed only for a person at a terminal, never in CI."""
    return sys.stdin is not None and sys.stdin.isatty() and not is_ci()


def info(message: str) -> None:
    stderr().print(escape(message))


def step(message: str) -> None:
    stderr().print(f"[bold cyan]>[/] {escape(message)}")


def success(message: str) -> None:
    stderr().print(f"[bold green]✓[/] {escape(message)}")


def warn(message: str) -> None:
    stderr().print(f"[bold yellow]warning:[/] {escape(message)}")


def error(err: WrapperError) -> None:
    stderr().print(f"[bold red]error:[/] {escape(err.message)}")
    if err.hint:
        stderr().print(f"[dim]hint:[/] {escape(err.hint)}")


def bug(exc: BaseException) -> None:
    stderr().print(f"[bold red]error:[/] unexpected {type(exc).__name__}: {escape(str(exc))}")
    stderr().print("[dim]hint:[/] run again with --debug for a traceback, and report it if it persists")


def traceback(exc: BaseException) -> None:
    """A traceback for --debug; never with local variables, which may hold credentials."""
    from rich.traceback import Traceback  # ~40 ms, only when something failed under --debug

    stderr().print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=False))


def result(text: str) -> None:
    """Plain result text on stdout (a URL, a token, an ARN) printed whole: no markup, no emoji codes
    (``:secret:`` inside a Secrets Manager ARN is not 🤫), no cropping."""
    stdout().print(text, markup=False, highlight=False, emoji=False, crop=False, soft_wrap=True)


def document(text: str) -> None:
    """A whole document (Markdown for a CI summary) on stdout, never wrapped to the terminal's width."""
    sys.stdout.write(text)
    sys.stdout.flush()


def print_json(data: Any) -> None:
    # Plain print: rich would wrap or colour it, and machines read this.
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")
    sys.stdout.flush()


def print_json_line(data: Any) -> None:
    """One compact JSON document on one line: a stream (`wrapper logs --json`) that `jq` and `grep` read line by line."""
    sys.stdout.write(json.dumps(data, separators=(",", ":"), default=str) + "\n")
    sys.stdout.flush()


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from rich.table import Table

    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(escape(str(cell)) for cell in row))
    stdout().print(grid)


def confirm(question: str, *, assume_yes: bool, flag: str = "--yes") -> bool:
    """Ask a yes/no question; without a terminal, only ``assume_yes`` answers it."""
    if assume_yes:
        return True
    if not is_interactive():
        raise UsageError(f"cannot ask {question!r}: no terminal to answer on", f"pass {flag} to answer yes without asking")
    answer = stderr().input(f"{escape(question)} [y/N] ").strip().lower()
    return answer in {"y", "yes"}


def ask(question: str, default: str, check: Callable[[str], str | None] = lambda _: None) -> str:
    """Ask for a value at a terminal, offering ``default``; ask again while ``check`` names a problem."""
    while True:
        try:
            answer = stderr().input(f"{escape(question)} {escape(f'[{default}]')}: ").strip() or default
        except EOFError:
            raise UsageError(f"no answer to {question!r}", "answer at the prompt, or pass the value as an option") from None
        problem = check(answer)
        if problem is None:
            return answer
        stderr().print(f"[bold red]  {escape(problem)}[/]")


def ask_secret(question: str) -> str:
    """Read a value at a terminal without echoing it."""
    return stderr().input(f"{escape(question)}: ", password=True)


def ask_exact(question: str, expected: str, *, flag: str) -> bool:
    """Ask the user to type ``expected`` (e.g. a stage name) to confirm something destructive."""
    if not is_interactive():
        raise UsageError(f"cannot ask {question!r}: no terminal to answer on", f"pass {flag} to confirm without asking")
    answer = stderr().input(f"{escape(question)} Type [bold]{escape(expected)}[/] to confirm: ").strip()
    return answer == expected
