"""Find the line of a dotted setting in a TOML file, for error messages.

``tomllib`` keeps no positions, so this reads the text: it tracks table headers
and ``key =`` lines. Good enough to point a user at the right line; when a key
cannot be found (inline tables, multi-line arrays) the nearest table header is
given instead, and ``None`` when even that is missing.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\-\" ]+?)\s*=")


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", text)
    return [a or b or c for a, b, c in parts]


def _parts(path: str) -> list[str]:
    """``auth.test_users[1].password`` -> ``["auth", "test_users", "[1]", "password"]``."""
    return _split_dotted(path.replace("[", ".["))


def locate(text: str, path: str) -> int | None:
    """1-based line of ``path`` (e.g. ``functions.connect.memory``) in ``text``."""
    wanted = _parts(path)
    best: tuple[int, int] | None = None  # (matched parts, line)
    table: list[str] = []
    arrays: dict[tuple[str, ...], int] = {}  # [[name]] headers seen so far: the next entry's index
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _split_dotted(header.group(1))
            if line.strip().startswith("[["):
                index = arrays.get(tuple(table), 0)
                arrays[tuple(table)] = index + 1
                table = [*table, f"[{index}]"]
            candidate = table
        else:
            key = _KEY.match(line)
            if not key:
                continue
            candidate = table + _split_dotted(key.group(1))
        matched = _common_prefix(candidate, wanted)
        if matched == len(candidate) and (best is None or matched > best[0]):
            best = (matched, number)
            if matched == len(wanted):
                return number
    return best[1] if best else None


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)$")


def toml_error_line(message: str, text: str) -> int:
    """The 1-based line a ``tomllib`` error points at.

    Python 3.11-3.13 give the position only inside the message
    (``... (at line 3, column 10)``); ``(at end of document)`` means the last line.
    """
    found = _TOML_LINE.search(message)
    return int(found.group(1)) if found else max(1, len(text.splitlines()))
