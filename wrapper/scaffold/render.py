"""Compute the files of a new project from the templates: pure, no writes.

Files ending in ``.j2`` are Jinja2 templates rendered with ``StrictUndefined``
(a missing variable is a bug, not an empty string) and lose the suffix; every
other file is copied byte for byte, so handler and page sources stay testable
as they are in this repository. CI templates mark variables with ``{= =}``
instead of ``{{ }}``, which GitHub and GitLab expressions use themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from wrapper.distribution import DIST_NAME, install_spec, installed_version
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
    state_bucket: str | None = None
    version: str = field(default_factory=installed_version)

    @property
    def preview_base(self) -> str:
        """The declared stage a pull request's preview stage copies its settings from."""
        return next((s for s in self.stages if s != self.production_stage), self.stages[0])

    @property
    def production_stage(self) -> str:
        return "prod" if "prod" in self.stages else self.stages[-1]

    def context(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "region": self.region,
            "template": self.template,
            "stages": list(self.stages),
            "runtime": self.runtime,
            "architecture": self.architecture,
            "ci": self.ci,
            "state_bucket": self.state_bucket,
            "version": self.version,
            "dist_name": DIST_NAME,
            "install_spec": install_spec("terraform", self.version),
            "preview_base": self.preview_base,
            "production_stage": self.production_stage,
        }


def render_project(params: ScaffoldParams) -> dict[PurePosixPath, bytes]:
    """Every file of the new project, by path relative to the project folder."""
    if params.template not in template_names():
        raise UsageError(f"unknown template {params.template!r}", f"choose one of: {', '.join(template_names())}")
    root = templates_root()
    context = params.context()
    files: dict[PurePosixPath, bytes] = {}
    for family, target in LAYOUT:
        source = root / family / params.template
        if source.is_dir():
            files.update(_render_tree(source, target, _jinja(), context))
    if params.ci is not None:
        if params.ci not in ci_providers():
            raise UsageError(f"unknown CI provider {params.ci!r}", f"choose one of: {', '.join(ci_providers())}")
        files.update(_render_tree(root / "ci" / params.ci, PurePosixPath("."), _jinja(variables=("{=", "=}")), context))
    return {PurePosixPath(p.as_posix().removeprefix("./")): c for p, c in sorted(files.items())}


def default_state_bucket(service: str, region: str) -> str:
    """A bucket name that is the same every time init runs for this service and region.

    Bucket names are global across AWS accounts: if it is taken, `wrapper bootstrap`
    says so and `init --state-bucket` picks another.
    """
    suffix = f"-tfstate-{region}"
    return service[: 63 - len(suffix)].rstrip("-") + suffix


def ci_providers() -> list[str]:
    return sorted(p.name for p in (templates_root() / "ci").iterdir() if p.is_dir())


def _jinja(variables: tuple[str, str] = ("{{", "}}")) -> jinja2.Environment:
    return jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        variable_start_string=variables[0],
        variable_end_string=variables[1],
    )


def _render_tree(source: Path, target: PurePosixPath, env: jinja2.Environment, context: dict[str, Any]) -> dict[PurePosixPath, bytes]:
    files: dict[PurePosixPath, bytes] = {}
    for path in sorted(_walk(source)):
        rel = PurePosixPath(path.relative_to(source).as_posix())
        name = _RENAMES.get(rel.name, rel.name)
        if name.endswith(".j2"):
            content = env.from_string(path.read_text(encoding="utf-8")).render(context).encode()
            name = name[: -len(".j2")]
        else:
            content = path.read_bytes()
        files[target / rel.parent / name] = content
    return files


def _walk(folder: Path) -> list[Path]:
    out = []
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in _SKIP_DIRS:
                out.extend(_walk(path))
        elif not path.name.endswith((".pyc", ".pyo")):
            out.append(path)
    return out
