"""Which files under node_modules/ the page really loads, found by following its imports.

A page without a bundler (the template) imports three.js from node_modules through an
import map. node_modules holds whole packages (the template's: 1,278 files, 24 MB) while the
page loads a handful, so only what the module graph reaches from the page is uploaded.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable

_IMPORT_MAP = re.compile(r'<script\b[^>]*type\s*=\s*["\']importmap["\'][^>]*>(.*?)</script\s*>', re.IGNORECASE | re.DOTALL)
_HTML_REF = re.compile(r'\b(?:src|href)\s*=\s*["\']([^"\'#?]+)', re.IGNORECASE)
# `... from "x"` (import and re-export), `import "x"` and `import("x")`: one simple pattern, since
# three.js alone is 2 MB of source to scan; a false hit is harmless (it resolves to no file).
_JS_IMPORT = re.compile(r"""\b(?:from|import)\s*\(?\s*["']([^"'\n]+)["']""")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')?#]+)""")

Reader = Callable[[str], str | None]  # key -> text, or None when there is no such file


def import_map(html: str, html_key: str = "index.html") -> dict[str, str]:
    """The page's import map, its targets made absolute (they resolve against the page, not the importer)."""
    imports: dict[str, str] = {}
    for body in _IMPORT_MAP.findall(html):
        try:
            data = json.loads(body)
        except ValueError:
            continue
        for name, target in data.get("imports", {}).items():
            if isinstance(target, str) and target.startswith("."):
                keep_slash = "/" if target.endswith("/") else ""
                target = posixpath.normpath(posixpath.join("/" + posixpath.dirname(html_key), target)) + keep_slash
            if isinstance(target, str):
                imports[name] = target
    return imports


def _resolve(specifier: str, base_key: str, imports: dict[str, str]) -> str | None:
    """The key a specifier names, seen from the file at base_key (keys are paths without a leading /)."""
    if specifier in imports:
        specifier = imports[specifier]
    else:
        prefixes = [p for p in imports if p.endswith("/") and specifier.startswith(p)]
        if prefixes:
            longest = max(prefixes, key=len)
            specifier = imports[longest] + specifier[len(longest) :]
    if "://" in specifier or specifier.startswith(("data:", "blob:", "//")):
        return None
    if specifier.startswith("/"):
        path = specifier
    elif specifier.startswith("."):
        path = posixpath.join("/" + posixpath.dirname(base_key), specifier)
    else:
        return None  # a bare name the import map does not know: the browser could not load it either
    key = posixpath.normpath(path).lstrip("/")
    return None if key.startswith("..") else key


def references(key: str, text: str, imports: dict[str, str]) -> list[str]:
    """Keys a file refers to: HTML src/href, JS imports (static and dynamic), CSS url()."""
    found: list[str] = []
    if key.endswith(".html"):
        found += _HTML_REF.findall(text)
        found += [t for t in import_map(text, key).values() if not t.endswith("/")]
    elif key.endswith((".js", ".mjs")):
        found += _JS_IMPORT.findall(text)
    elif key.endswith(".css"):
        found += _CSS_URL.findall(text)
    resolved = (_resolve(spec.strip(), key, imports) for spec in found)
    return [k for k in resolved if k is not None]


def reachable(roots: Iterable[str], read: Reader, missing: set[str] | None = None) -> set[str]:
    """Every key reached from roots (import maps of the HTML roots apply to everything).

    Keys referred to but not found are added to ``missing`` when given.
    """
    pending = list(roots)
    imports: dict[str, str] = {}
    for key in pending:
        if key.endswith(".html"):
            imports.update(import_map(read(key) or "", key))
    seen: set[str] = set()
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        text = read(key)
        if text is None:
            if missing is not None:
                missing.add(key)
            continue
        seen.add(key)
        pending.extend(k for k in references(key, text, imports) if k not in seen)
    return seen
