"""The one exception type user-facing code raises.

Everything below the CLI returns data or raises a ``WrapperError``; the CLI turns
it into one red line, a hint and an exit code. Anything else is a bug and only
shows a traceback with ``--debug``.
"""

from __future__ import annotations

import errno

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


_OS_HINTS = {
    errno.ENOSPC: "free some disk space, then run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
    errno.EROFS: "the folder is on a read-only file system: work in a writable copy of the project",
    errno.EACCES: "check who owns that path and its permissions (ls -l), or run as its owner",
    errno.EPERM: "check who owns that path and its permissions (ls -l), or run as its owner",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run the command again",
    errno.ENFILE: "the system ran out of file handles: close some programs and run the command again",
    errno.ENOENT: "check that the path exists",
}


def from_os_error(exc: OSError) -> WrapperError:
    """A file-system failure (disk full, read-only folder, permissions) as a plain message and a fix."""
    reason = (exc.strerror or str(exc)).rstrip(".")
    where = f"{exc.filename}: " if exc.filename else ""
    hint = _OS_HINTS.get(exc.errno or 0, "check the path and the disk, then run the command again")
    return WrapperError(f"{where}{reason[0].lower() + reason[1:] if reason else 'failed'}", hint)
