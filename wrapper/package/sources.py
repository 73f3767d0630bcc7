"""Which of the project's own files go into a function's zip.

A function gets its handler module, the parent packages' ``__init__.py`` files
the import needs, and every ``package.shared`` module or package, all relative
to ``package.source_dir``. Byte-code, caches, hidden files and
``package.exclude`` globs stay out.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from wrapper.config import ProjectConfig
from wrapper.config.model import Function
from wrapper.errors import ConfigError


@dataclass(frozen=True)
class SourceFile:
    name: str  # path inside the zip
    data: bytes
    executable: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def source_dir(config: ProjectConfig) -> Path:
    folder = config.root / config.package.source_dir
    if not folder.is_dir():
        raise ConfigError(
            f"package.source_dir is {config.package.source_dir}, which is not a folder in {config.root}",
            "create it or point package.source_dir at the folder holding your handlers",
        )
    return folder


def shared_files(config: ProjectConfig) -> list[SourceFile]:
    """The shared code every function carries."""
    base = source_dir(config)
    files: list[SourceFile] = []
    for entry in config.package.shared:
        found = _module_paths(base, entry)
        if not found:
            raise ConfigError(
                f"package.shared lists {entry!r}, but neither {entry}/ nor {entry}.py exists in {config.package.source_dir}/",
                "create it or remove it from package.shared",
            )
        files.extend(_collect(base, found, config.package.exclude))
    return files


def handler_files(config: ProjectConfig, function: Function) -> list[SourceFile]:
    """The function's own module and the package ``__init__.py`` files above it."""
    base = source_dir(config)
    found = _module_paths(base, function.module.replace(".", "/"))
    if not found:
        expected = function.module.replace(".", "/")
        raise ConfigError(
            f"function {function.name}: handler {function.handler} needs {config.package.source_dir}/{expected}.py, which does not exist",
            f"create it or fix functions.{function.name}.handler",
        )
    parts = function.module.split(".")[:-1]
    inits = [base.joinpath(*parts[: i + 1], "__init__.py") for i in range(len(parts))]
    return _collect(base, found + [p for p in inits if p.is_file()], config.package.exclude)


def function_files(config: ProjectConfig, function: Function, shared: list[SourceFile]) -> list[SourceFile]:
    by_name = {f.name: f for f in shared}
    by_name.update({f.name: f for f in handler_files(config, function)})
    return [by_name[name] for name in sorted(by_name)]


def _module_paths(base: Path, dotted_path: str) -> list[Path]:
    package, module = base / dotted_path, base / f"{dotted_path}.py"
    return [p for p in (package, module) if p.exists()]


def _collect(base: Path, paths: list[Path], exclude: tuple[str, ...]) -> list[SourceFile]:
    out: list[SourceFile] = []
    for path in paths:
        candidates = [path] if path.is_file() else _walk(path)
        for file in candidates:
            name = file.relative_to(base).as_posix()
            if _excluded(name, exclude):
                continue
            out.append(SourceFile(name, file.read_bytes(), bool(file.stat().st_mode & 0o111)))
    return out


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        found.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
    return found


def _excluded(name: str, patterns: tuple[str, ...]) -> bool:
    if name.endswith((".pyc", ".pyo")):
        return True
    base = name.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(base, p) for p in patterns)
