"""Would Lambda find the handler? Read the handler module's source, never import it.

Lambda reports a syntax error or a missing function only when the first event arrives
(``Runtime.UserCodeSyntaxError``, ``Runtime.HandlerNotFound``), after a whole deploy. The
module is parsed here instead: a syntax error, or no top-level name matching the handler,
stops packaging. A syntax error counts only when this Python is at least as new as the
function's runtime (an older parser would take newer syntax for an error).
A module that builds its names dynamically (``from x import *``, ``globals()``, a module
``__getattr__``) is given the benefit of the doubt.
"""

from __future__ import annotations

import ast
import sys

from wrapper.config.model import Function
from wrapper.errors import ConfigError

_NESTED_BLOCKS = (ast.If, ast.Try, ast.With, ast.For, ast.While)


def check_handler(function: Function, shown: str, source: bytes, runtime: str) -> None:
    """Raise ``ConfigError`` when ``source`` (the file ``shown``) cannot give Lambda ``function.handler``."""
    try:
        tree = ast.parse(source, filename=shown)
    except SyntaxError as exc:
        if not _parser_knows(runtime):
            return  # maybe syntax newer than this Python: Lambda's runtime is the judge
        where = f"{shown}:{exc.lineno}" if exc.lineno else shown
        raise ConfigError(
            f"function {function.name}: {where}: {exc.msg}; Lambda could not import {function.module}",
            f"fix the syntax there (`python -m py_compile {shown}` shows it with a caret)",
        ) from None
    names, dynamic = top_level_names(tree.body)
    if dynamic or function.function in names:
        return
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]
    raise ConfigError(
        f"function {function.name}: {shown} defines no {function.function!r}, so Lambda would answer Runtime.HandlerNotFound",
        f"define `def {function.function}(event, context)` there, or fix functions.{function.name}.handler"
        + (f" (its functions: {', '.join(defined[:8])})" if defined else ""),
    )


def top_level_names(body: list[ast.stmt]) -> tuple[set[str], bool]:
    """The names a module binds at import time, and whether it may bind others dynamically."""
    names: set[str] = set()
    dynamic = False
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(alias.name == "*" for alias in node.names):
                dynamic = True
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, _NESTED_BLOCKS):
            blocks = [node.body, node.orelse] if not isinstance(node, ast.With) else [node.body]
            if isinstance(node, ast.Try):
                blocks += [node.finalbody, *(h.body for h in node.handlers)]
            for block in blocks:
                inner, inner_dynamic = top_level_names(block)
                names |= inner
                dynamic = dynamic or inner_dynamic
        if any(isinstance(n, ast.Name) and n.id == "globals" for n in ast.walk(node)):
            dynamic = True
    return names, dynamic or "__getattr__" in names


def _parser_knows(runtime: str) -> bool:
    """Can this Python parse everything ``runtime`` (``python3.12``) accepts?"""
    try:
        major, minor = (int(part) for part in runtime.removeprefix("python").split(".")[:2])
    except ValueError:
        return False
    return sys.version_info[:2] >= (major, minor)
