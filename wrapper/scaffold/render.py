"""Compute the files of a new project from the templates: pure, no writes.

Files ending in ``.j2`` are Jinja2 templates rendered with ``StrictUndefined``
(a missing variable is a bug, not an empty string) and lose the suffix; every
other file is copied byte for byte, so handler and page sources stay testable
as they are in this repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from wrapper.errors import UsageError
from wrapper.templates import template_names, templates_root

# Where each template family lands inside the new project.
LAYOUT = (
    ("project", PurePosixPath(".")),
    ("lambdas", PurePosixPath("functions")),
    ("frontend", PurePosixPath("frontend")),
)
_SKIP_DIRS = {"node_modules", "__pycache__", ".pytest_cache", "test-results"}
_RENAMES = {"gitignore": ".gitignore"}


@dataclass(frozen=True)
class ScaffoldParams:
    service: str
    region: str
    template: str = "webxr"
    stages: tuple[str, ...] = ("dev", "prod")
    runtime: str = "python3.12"
    architecture: str = "arm64"
    ci: str | None = None

    def context(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "region": self.region,
            "template": self.template,
            "stages": list(self.stages),
            "runtime": self.runtime,
            "architecture": self.architecture,
            "ci": self.ci,
        }


def render_project(params: ScaffoldParams) -> dict[PurePosixPath, bytes]:
    """Every file of the new project, by path relative to the project folder."""
    if params.template not in template_names():
        raise UsageError(f"unknown template {params.template!r}", f"choose one of: {', '.join(template_names())}")
    root = templates_root()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    files: dict[PurePosixPath, bytes] = {}
    for family, target in LAYOUT:
        source = root / family / params.template
        if not source.is_dir():
            continue
        for path in sorted(_walk(source)):
            rel = PurePosixPath(path.relative_to(source).as_posix())
            name = _RENAMES.get(rel.name, rel.name)
            if name.endswith(".j2"):
                content = env.from_string(path.read_text(encoding="utf-8")).render(params.context()).encode()
                name = name[: -len(".j2")]
            else:
                content = path.read_bytes()
            files[target / rel.parent / name] = content
    if params.ci is not None:
        ci = root / "ci" / params.ci
        if not ci.is_dir():
            raise UsageError(
                f"unknown CI provider {params.ci!r}", f"choose one of: {', '.join(sorted(p.name for p in (root / 'ci').iterdir()))}"
            )
        for path in sorted(_walk(ci)):
            files[PurePosixPath(path.relative_to(ci).as_posix())] = path.read_bytes()
    return {PurePosixPath(p.as_posix().removeprefix("./")): c for p, c in sorted(files.items())}


def _walk(folder: Path) -> list[Path]:
    out = []
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in _SKIP_DIRS:
                out.extend(_walk(path))
        elif not path.name.endswith((".pyc", ".pyo")):
            out.append(path)
    return out
