"""The one exception type user-facing code raises.

Everything below the CLI returns data or raises a ``WrapperError``; the CLI turns
it into one red line, a hint and an exit code. Anything else is a bug and only
shows a traceback with ``--debug``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class WrapperError(Exception):
    """A problem the user can fix: what is wrong, and how to fix it."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message} ({self.hint})"


class ConfigError(WrapperError):
    """``wrapper.toml`` or a flag is invalid; exit code 2 like a usage error."""

    exit_code = EXIT_USAGE


class UsageError(WrapperError):
    """The command line itself is wrong, or a prompt cannot be answered."""

    exit_code = EXIT_USAGE
