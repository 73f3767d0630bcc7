"""Which of the project's own files go into a function's zip.

A function gets its handler module, the parent packages' ``__init__.py`` files
the import needs, and every ``package.shared`` module or package, all relative
to ``package.source_dir``. Byte-code, caches, hidden files and
``package.exclude`` globs stay out.

Links are followed only inside the project: a linked file is stored as a regular file
with the content it points to, a linked folder as its files; a link that leads out of the
project (``/proc/self/environ``, ``/etc/passwd``, a home folder) is refused, never zipped.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from wrapper.config import ProjectConfig
from wrapper.config.model import Function
from wrapper.errors import ConfigError
from wrapper.package.handler_check import check_handler
from wrapper.package.walk import inside, visible_files


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
        files.extend(_collect(base, found, config.package.exclude, config.root))
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
    files = _collect(base, found + [p for p in inits if p.is_file()], config.package.exclude, config.root)
    module = function.module.replace(".", "/")
    for candidate in (f"{module}.py", f"{module}/__init__.py"):
        source = next((f for f in files if f.name == candidate), None)
        if source is not None:
            check_handler(function, f"{config.package.source_dir}/{candidate}", source.data, config.runtime)
            break
    return files


def function_files(config: ProjectConfig, function: Function, shared: list[SourceFile]) -> list[SourceFile]:
    by_name = {f.name: f for f in shared}
    by_name.update({f.name: f for f in handler_files(config, function)})
    return [by_name[name] for name in sorted(by_name)]


def _module_paths(base: Path, dotted_path: str) -> list[Path]:
    package, module = base / dotted_path, base / f"{dotted_path}.py"
    return [p for p in (package, module) if p.exists() or p.is_symlink()]


def _collect(base: Path, paths: list[Path], exclude: tuple[str, ...], root: Path) -> list[SourceFile]:
    out: list[SourceFile] = []
    for path in paths:
        candidates = [path] if not path.is_dir() or not inside(path, root) else list(visible_files(path, root))
        for file in candidates:
            name = file.relative_to(base).as_posix()
            if _excluded(name, exclude):
                continue
            out.append(SourceFile(name, *_read_inside(file, root)))
    return out


def _read_inside(file: Path, root: Path) -> tuple[bytes, bool]:
    """The bytes and executable bit of a regular file in the project; anything else is refused."""
    shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
    if not inside(file, root):
        raise ConfigError(
            f"{shown} is a link to {os.path.realpath(file)}, outside the project; wrapper never zips files from outside the project",
            "copy the file into the project instead of linking it, or remove the link",
        )
    try:
        info = file.stat()
    except FileNotFoundError:
        raise ConfigError(f"{shown} is a broken link (to {os.readlink(file)})", "fix or remove the link") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(
            f"{shown} is not a regular file", "only regular files can go into a zip; remove it or exclude it in package.exclude"
        )
    return file.read_bytes(), bool(info.st_mode & 0o111)


def _excluded(name: str, patterns: tuple[str, ...]) -> bool:
    base = name.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(base, p) for p in patterns)
